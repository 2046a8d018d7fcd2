'use strict';
/** Jest global teardown: removes the run's temporary directory (see jest-global-setup.js). */
const fs = require('fs');

module.exports = async function globalTeardown() {
  const dir = process.env.CDK_PAYMENT_PLATFORM_JEST_TMPDIR;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
};
