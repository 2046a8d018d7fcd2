import * as fs from 'fs';
import * as path from 'path';
import { Validations } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { addComplianceChecks } from '../../lib/compliance';
import { CFN_GUARD_PACKAGE, cfnGuardValidator } from '../../lib/compliance/cfn-guard';
import { testApp, testStack } from '../support/fixtures';

/** A bucket that breaks AWS Solutions, PCI DSS and Control Tower rules alike. */
function appWithBareBucket(options?: Parameters<typeof addComplianceChecks>[1]) {
  const app = testApp();
  const bucket = new s3.Bucket(testStack(app), 'Bare');
  addComplianceChecks(app, options);
  return { app, bucket };
}

describe('addComplianceChecks', () => {
  test('fails the synth on an unacknowledged cdk-nag finding, naming the rule and the construct', () => {
    const { app } = appWithBareBucket();
    expect(() => app.synth()).toThrow(/AwsSolutions-S10[\s\S]*Test\/Bare\/Resource/);
  });

  test('NIST 800-53 R5 is a gate: a secret acknowledged for AwsSolutions only still fails on its missing rotation', () => {
    const app = testApp();
    const secret = new secretsmanager.Secret(testStack(app), 'Unrotated', { encryptionKey: new kms.Key(testStack(app, 'Keys'), 'Key', { enableKeyRotation: true }) });
    Validations.of(secret).acknowledge({ id: 'AwsSolutions-SMG4', reason: 'test: only the NIST finding is left' });
    addComplianceChecks(app);
    expect(() => app.synth()).toThrow(/automatic rotation scheduled[^\n]*\(NIST\.800\.53\.R5\)\s+Test\/Unrotated\/Resource/);
  });

  test('with controlTower, fails on an unacknowledged Control Tower control (cfn-guard)', () => {
    const { app, bucket } = appWithBareBucket({ controlTower: true });
    for (const id of ['AwsSolutions-S1', 'AwsSolutions-S10', 'PCI.DSS.321-S3BucketLoggingEnabled', 'PCI.DSS.321-S3BucketReplicationEnabled',
      'PCI.DSS.321-S3BucketSSLRequestsOnly', 'PCI.DSS.321-S3BucketVersioningEnabled', 'PCI.DSS.321-S3DefaultEncryptionKMS',
      'PCI.DSS.321-S3BucketPublicReadProhibited', 'PCI.DSS.321-S3BucketPublicWriteProhibited']) {
      Validations.of(bucket).acknowledge({ id, reason: 'test: only the Control Tower finding is left' });
    }
    expect(() => app.synth()).toThrow(/CT\.S3\.PR\.1[\s\S]*cdk-validator-cfnguard::s3_bucket_level_public_access_prohibited_check/);
  });

  test('an acknowledged Control Tower finding no longer fails the synth', () => {
    const { app, bucket } = appWithBareBucket({ controlTower: true });
    Validations.of(app).acknowledge({ id: 'AwsSolutions-S1', reason: 'test' });
    for (const rule of ['S3BucketLoggingEnabled', 'S3BucketLevelPublicAccessProhibited', 'S3BucketPublicReadProhibited', 'S3BucketPublicWriteProhibited',
      'S3BucketReplicationEnabled', 'S3BucketSSLRequestsOnly', 'S3BucketVersioningEnabled', 'S3DefaultEncryptionKMS']) {
      Validations.of(bucket).acknowledge({ id: `NIST.800.53.R5-${rule}`, reason: 'test' });
    }
    for (const id of ['AwsSolutions-S10', 'PCI.DSS.321-S3BucketLoggingEnabled', 'PCI.DSS.321-S3BucketReplicationEnabled',
      'PCI.DSS.321-S3BucketSSLRequestsOnly', 'PCI.DSS.321-S3BucketVersioningEnabled', 'PCI.DSS.321-S3DefaultEncryptionKMS',
      'PCI.DSS.321-S3BucketPublicReadProhibited', 'PCI.DSS.321-S3BucketPublicWriteProhibited']) {
      Validations.of(bucket).acknowledge({ id, reason: 'test' });
    }
    for (const rule of ['s3_bucket_level_public_access_prohibited_check', 's3_bucket_default_encryption_kms_check', 's3_bucket_logging_enabled_check',
      's3_bucket_object_lock_enabled_check', 's3_event_notifications_enabled_check', 's3_version_lifecycle_policy_check', 's3_lifecycle_policy_check',
      's3_bucket_versioning_enabled_check', 's3_bucket_ssl_requests_only_check', 's3_bucket_public_access_prohibited_check']) {
      Validations.of(bucket).acknowledge({ id: `cdk-validator-cfnguard::${rule}`, reason: 'test' });
    }
    expect(() => app.synth()).not.toThrow();
  });
});

describe('the Control Tower checks load their optional peer dependency lazily', () => {
  test('the library does not import the cfn-guard package unless the checks are asked for', () => {
    const sources = ['lib/compliance/index.ts', 'lib/index.ts'].map((f) => fs.readFileSync(path.resolve(__dirname, '../..', f), 'utf8'));
    for (const s of sources) expect(s).not.toMatch(/from '@cdklabs\/cdk-validator-cfnguard'/);
    const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8'));
    expect(pkg.dependencies?.[CFN_GUARD_PACKAGE]).toBeUndefined();
    expect(pkg.peerDependencies[CFN_GUARD_PACKAGE]).toBe('^0.0.62');
    expect(pkg.peerDependenciesMeta[CFN_GUARD_PACKAGE]).toEqual({ optional: true });
  });

  test('fails with the package name and the install command when it is missing', () => {
    const missing = () => { throw Object.assign(new Error(`Cannot find module '${CFN_GUARD_PACKAGE}'`), { code: 'MODULE_NOT_FOUND' }); };
    expect(() => cfnGuardValidator([], missing)).toThrow(
      'addComplianceChecks: controlTower is true, but the optional peer dependency @cdklabs/cdk-validator-cfnguard is not installed. ' +
      'Install it with `npm install --save-dev @cdklabs/cdk-validator-cfnguard@^0.0.62`, or leave controlTower off.');
  });

  test('fails when the installed package has no CfnGuardValidator', () => {
    expect(() => cfnGuardValidator([], () => ({}))).toThrow(/does not export CfnGuardValidator; install a version matching \^0\.0\.62/);
  });

  test('passes on errors other than a missing module', () => {
    expect(() => cfnGuardValidator([], () => { throw new SyntaxError('broken package'); })).toThrow('broken package');
  });

  test('builds the validator with the disabled rules when the package is there', () => {
    const plugin = cfnGuardValidator(['ct-lambda-pr-3']);
    expect(plugin.name).toBe('cdk-validator-cfnguard');
  });
});
