'use strict';
/**
 * Jest global setup: every synthesized App without an explicit outdir writes its cloud assembly
 * into a fresh directory under os.tmpdir() (about 7 MB for the example platform). A full run makes
 * over a thousand of them, so the run gets a temporary directory of its own: TMPDIR points there for
 * the workers (spawned after this) and the global teardown removes it.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');

module.exports = async function globalSetup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-payment-platform-jest-'));
  // Like /tmp itself, traversable by the other users the tests run tools as (the PostgreSQL server).
  fs.chmodSync(dir, 0o755);
  process.env.CDK_PAYMENT_PLATFORM_JEST_TMPDIR = dir;
  process.env.TMPDIR = dir;
};
