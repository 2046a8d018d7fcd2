/*
 * npm run compliance-report [-- --check]: audits the example platform (every cdk-nag pack, the
 * CloudFormation validator, every acknowledgement) and writes docs/compliance-report.md; with
 * --check it fails instead when the committed report differs, or when an acknowledgement covers
 * no finding, or a gated pack has an unacknowledged finding.
 */
import * as fs from 'fs';
import * as path from 'path';
import { examplePlatformConfig } from '../bin/example-config';
import { NAG_PACKS } from '../lib/compliance/audit';
import { auditPlatform } from '../lib/compliance/example-audit';
import { renderComplianceReport } from '../lib/compliance/report';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const cdkJson = require('../cdk.json') as { context: Record<string, unknown> };
const REPORT = path.join(__dirname, '..', 'docs', 'compliance-report.md');

const audit = auditPlatform(examplePlatformConfig, cdkJson.context);
const report = renderComplianceReport(audit);
const gated = new Set([...NAG_PACKS.filter((p) => p.gate).map((p) => p.name), 'CloudFormation-Validate']);
const open = audit.findings.filter((f) => gated.has(f.pack) && !f.acknowledgement);
const problems = [
  ...audit.dead.map((a) => `acknowledgement ${a.id} at ${a.path} covers no finding`),
  ...open.map((f) => `unacknowledged ${f.rule} at ${f.path}`),
];
if (process.argv.includes('--check')) {
  const committed = fs.existsSync(REPORT) ? fs.readFileSync(REPORT, 'utf8') : '';
  if (committed !== report) problems.push('docs/compliance-report.md is stale: run npm run compliance-report and commit it');
} else {
  fs.writeFileSync(REPORT, report);
  console.log(`wrote docs/compliance-report.md (${audit.findings.length} findings, ${audit.acknowledgements.length} acknowledgements)`);
}
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
