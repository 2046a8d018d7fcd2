import { DescribeOrderableDBInstanceOptionsCommand } from '@aws-sdk/client-rds';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { exampleConfig } from '../support/fixtures';
import { AURORA_EVERYWHERE, awsError, healthyAccount, preflight, rds, rdsOffers, type AuroraOrderable } from './preflight-support';

/**
 * Aurora engine version and instance classes in `payment-platform preflight`: the configuration
 * checks their form offline; only RDS knows whether a region offers the combination (and, with
 * several regions, in a global database: the secondaries join one).
 */

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-1'];

/** AURORA_EVERYWHERE with `region`'s 17.9 classes replaced. */
function withClasses(region: string, classes: Record<string, boolean>): AuroraOrderable {
  return { ...AURORA_EVERYWHERE, [region]: { '17.9': classes } };
}

beforeEach(healthyAccount);

describe('Aurora engine version and classes orderable per region', () => {
  test('passes when each region offers the version and class in a global database', async () => {
    const r = await preflight();
    expect(r.code).toBe(0);
    for (const region of REGIONS) {
      expect(r.line('Aurora class db.r6g.2xlarge', region)).toBe(`  [PASS] Aurora class db.r6g.2xlarge: offered in ${region} for Aurora PostgreSQL 17.9, in a global database.`);
    }
    expect(rds.commandCalls(DescribeOrderableDBInstanceOptionsCommand).map((c) => c.args[0].input))
      .toEqual(REGIONS.map(() => ({ Engine: 'aurora-postgresql', EngineVersion: '17.9', DBInstanceClass: 'db.r6g.2xlarge', Marker: undefined })));
  });

  test('fails on a class the region does not offer for the version, naming classes of the same size it offers', async () => {
    rdsOffers(withClasses('ap-southeast-1', { 'db.r7g.2xlarge': true, 'db.r6i.2xlarge': true, 'db.r6g.4xlarge': true, 'db.r5.2xlarge': false }), 1);
    const r = await preflight();
    expect(r.code).toBe(1);
    expect(r.line('Aurora class db.r6g.2xlarge', 'ap-southeast-1')).toBe(
      '  [FAIL] Aurora class db.r6g.2xlarge: db.r6g.2xlarge is not offered in ap-southeast-1 for Aurora PostgreSQL 17.9: the cluster\'s instances cannot be created.\n' +
      '         fix: set database.instanceClass to a class ap-southeast-1 offers, e.g. db.r6i.2xlarge, db.r7g.2xlarge (same size)');
    expect(r.line('Aurora class db.r6g.2xlarge', 'us-east-1')).toContain('[PASS]');
  });

  test('fails on a class offered but not in a global database (the secondary cannot join)', async () => {
    rdsOffers(withClasses('eu-west-1', { 'db.r6g.2xlarge': false, 'db.r7g.2xlarge': true }));
    const r = await preflight();
    expect(r.code).toBe(1);
    const line = r.line('Aurora class db.r6g.2xlarge', 'eu-west-1');
    expect(line).toContain('[FAIL] Aurora class db.r6g.2xlarge: db.r6g.2xlarge is offered in eu-west-1 for Aurora PostgreSQL 17.9 but not in a global database: the secondary cluster cannot join.');
    expect(line).toContain('fix: set database.instanceClass to a class eu-west-1 offers, e.g. db.r7g.2xlarge (same size)');
  });

  test('fails on an engine version the region offers in no class', async () => {
    rdsOffers({ ...AURORA_EVERYWHERE, 'eu-west-1': { '17.7': { 'db.r6g.2xlarge': true } } });
    const r = await preflight();
    expect(r.code).toBe(1);
    const line = r.line('Aurora class db.r6g.2xlarge', 'eu-west-1');
    expect(line).toContain('[FAIL] Aurora class db.r6g.2xlarge: Aurora PostgreSQL 17.9 is not offered in eu-west-1 for a global database (in any class): the cluster cannot be created.');
    expect(line).toContain("fix: set database.engineVersion to a version eu-west-1 offers: aws rds describe-db-engine-versions --region eu-west-1 --engine aurora-postgresql");
  });

  test('a separate reader class is checked too, and named by its own setting', async () => {
    rdsOffers(withClasses('us-east-1', { 'db.r6g.2xlarge': true, 'db.r6g.xlarge': false, 'db.r7g.xlarge': true }));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'preflight-'));
    const file = path.join(dir, 'config.js');
    const cfg = exampleConfig();
    fs.writeFileSync(file, `module.exports = { config: ${JSON.stringify({ ...cfg, database: { ...cfg.database, readerInstanceClass: 'db.r6g.xlarge' } })} };`);
    const r = await preflight(['--config', file]);
    expect(r.line('Aurora class db.r6g.2xlarge', 'us-east-1')).toContain('[PASS]');
    expect(r.line('Aurora class db.r6g.xlarge', 'us-east-1')).toContain('fix: set database.readerInstanceClass to a class us-east-1 offers, e.g. db.r7g.xlarge (same size)');
  });

  test('access denied is "not checked" with the IAM action; other errors surface', async () => {
    rds.on(DescribeOrderableDBInstanceOptionsCommand).rejects(awsError('AccessDenied', 'User is not authorized to perform: rds:DescribeOrderableDBInstanceOptions'));
    const r = await preflight();
    expect(r.code).toBe(0);
    expect(r.line('Aurora class db.r6g.2xlarge', 'eu-west-1')).toContain('[CHECK] Aurora class db.r6g.2xlarge: not checked: AccessDenied (User is not authorized');
    expect(r.line('Aurora class db.r6g.2xlarge', 'eu-west-1')).toContain("fix: allow rds:DescribeOrderableDBInstanceOptions to the preflight's role, or check by hand: " +
      'aws rds describe-orderable-db-instance-options --region eu-west-1 --engine aurora-postgresql --engine-version 17.9 --db-instance-class db.r6g.2xlarge');
    rds.on(DescribeOrderableDBInstanceOptionsCommand).rejects(awsError('Throttling', 'Rate exceeded'));
    await expect(preflight()).rejects.toThrow('Rate exceeded');
  });

  test('the checklist without credentials has the line with the command', async () => {
    const r = await preflight(['--offline']);
    const line = r.line('Aurora engine and classes', 'us-east-1');
    expect(line).toContain('[CHECK] Aurora engine and classes: Aurora PostgreSQL 17.9 with db.r6g.2xlarge must be orderable in us-east-1 in a global database (SupportsGlobalDatabases)');
    expect(line).toContain('fix: aws rds describe-orderable-db-instance-options --region us-east-1 --engine aurora-postgresql --engine-version 17.9');
    expect(rds.calls()).toHaveLength(0);
  });
});
