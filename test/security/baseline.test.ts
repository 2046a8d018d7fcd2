/* The account security baseline: what `account` mode creates, what `organization` mode relies on instead. */
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Annotations } from 'aws-cdk-lib/assertions';
import { examplePlatformConfig } from '../../bin/example-config';
import { DatabaseBackupPlan, PlatformBackupVault } from '../../lib/data/backup-plan';
import { LockedLogBucket } from '../../lib/security/baseline/locked-log-bucket';
import { PaymentPlatform } from '../../lib/stacks/payment-platform';
import { ORGANIZATION_CONTROLS } from '../../lib/stacks/security-stack';
import { examplePlatform, TODAY } from '../app/platform-fixture';
import { testApp, testStack, withToday } from '../support/fixtures';

const t = (stack: import('aws-cdk-lib').Stack) => examplePlatform().template(stack);

describe("securityBaseline.mode 'account' (the example)", () => {
  test('one multi-region trail: log file validation, its own key, CloudWatch Logs, data events on every region\'s backups bucket', () => {
    const { platform } = examplePlatform();
    const trail = t(platform.securityStack);
    trail.resourceCountIs('AWS::CloudTrail::Trail', 1);
    trail.hasResourceProperties('AWS::CloudTrail::Trail', {
      IsMultiRegionTrail: true, EnableLogFileValidation: true, IncludeGlobalServiceEvents: true, IsLogging: true,
      KMSKeyId: Match.anyValue(), CloudWatchLogsLogGroupArn: Match.anyValue(),
      EventSelectors: Match.arrayWith([Match.objectLike({
        IncludeManagementEvents: true, ReadWriteType: 'All',
        DataResources: [{ Type: 'AWS::S3::Object', Values: ['use1', 'euw1', 'apse1'].map((r) => Match.stringLikeRegexp(`verypay-prod-${r}-backups-123456789012/$`)) }],
      })]),
    });
    for (const r of platform.regionalStacks) t(r).resourceCountIs('AWS::CloudTrail::Trail', 0);
  });

  test('trail and Config buckets lock every object in compliance mode for 365 days', () => {
    const { platform } = examplePlatform();
    for (const name of ['verypay-prod-cloudtrail-123456789012', 'verypay-prod-config-123456789012']) {
      t(platform.securityStack).hasResource('AWS::S3::Bucket', {
        DeletionPolicy: 'Retain',
        Properties: Match.objectLike({
          BucketName: name,
          ObjectLockEnabled: true,
          ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 365 } } },
          BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }) })] },
        }),
      });
    }
  });

  test('every region: GuardDuty with EKS audit logs, runtime monitoring (add-on managed), S3, RDS and malware protection', () => {
    const { platform } = examplePlatform();
    expect(platform.regionalSecurityStacks.map((s) => s.region)).toEqual(['us-east-1', 'eu-west-1', 'ap-southeast-1']);
    for (const s of platform.regionalSecurityStacks) {
      t(s).hasResourceProperties('AWS::GuardDuty::Detector', {
        Enable: true,
        Features: [
          { Name: 'EKS_AUDIT_LOGS', Status: 'ENABLED' },
          { Name: 'RUNTIME_MONITORING', Status: 'ENABLED', AdditionalConfiguration: [{ Name: 'EKS_ADDON_MANAGEMENT', Status: 'ENABLED' }] },
          { Name: 'S3_DATA_EVENTS', Status: 'ENABLED' },
          { Name: 'RDS_LOGIN_EVENTS', Status: 'ENABLED' },
          { Name: 'EBS_MALWARE_PROTECTION', Status: 'ENABLED' },
        ],
      });
    }
  });

  test('every region: Security Hub with PCI DSS v4.0.1 and AWS FSBP, Access Analyzer, Inspector scanning of every repository', () => {
    const { platform } = examplePlatform();
    for (const s of platform.regionalSecurityStacks) {
      const standards = Object.values(t(s).findResources('AWS::SecurityHub::Standard')).map((r) => JSON.stringify((r as { Properties: unknown }).Properties));
      expect(standards.map((x) => /standards\/([^"]+)"/.exec(x)?.[1])).toEqual(['pci-dss/v/4.0.1', 'aws-foundational-security-best-practices/v/1.0.0']);
      t(s).hasResourceProperties('AWS::SecurityHub::Hub', { EnableDefaultStandards: false, ControlFindingGenerator: 'SECURITY_CONTROL' });
      t(s).hasResourceProperties('AWS::AccessAnalyzer::Analyzer', { Type: 'ACCOUNT' });
      t(s).hasResourceProperties('AWS::ECR::RegistryScanningConfiguration', { ScanType: 'ENHANCED', Rules: [{ ScanFrequency: 'CONTINUOUS_SCAN', RepositoryFilters: [{ Filter: '*', FilterType: 'WILDCARD' }] }] });
    }
  });

  test('AWS Config records everything in every region, global resources once (primary), into the one bucket', () => {
    const { platform } = examplePlatform();
    const global = platform.regionalSecurityStacks.map((s) => (Object.values(t(s).findResources('AWS::Config::ConfigurationRecorder'))[0] as
      { Properties: { RecordingGroup: { AllSupported: boolean; IncludeGlobalResourceTypes: boolean } } }).Properties.RecordingGroup);
    expect(global).toEqual([
      { AllSupported: true, IncludeGlobalResourceTypes: true }, { AllSupported: true, IncludeGlobalResourceTypes: false }, { AllSupported: true, IncludeGlobalResourceTypes: false },
    ]);
    for (const s of platform.regionalSecurityStacks) t(s).hasResourceProperties('AWS::Config::DeliveryChannel', { S3BucketName: 'verypay-prod-config-123456789012' });
  });

  test('Aurora: a daily plan, 35 days, into a compliance-locked vault, copied off-region (every region but the failover region → the failover region)', () => {
    const { platform } = examplePlatform();
    for (const base of platform.baseStacks) {
      t(base).hasResource('AWS::Backup::BackupVault', {
        DeletionPolicy: 'Retain',
        Properties: Match.objectLike({ LockConfiguration: { MinRetentionDays: 7, ChangeableForDays: 3 } }),
      });
    }
    const copyTo = (region: string) => (Object.values(t(platform.regionalStack(region)).findResources('AWS::Backup::BackupPlan'))[0] as
      { Properties: { BackupPlan: { BackupPlanRule: { ScheduleExpression: string; Lifecycle: { DeleteAfterDays: number }; CopyActions: { DestinationBackupVaultArn: string }[] }[] } } })
      .Properties.BackupPlan.BackupPlanRule[0];
    expect(copyTo('us-east-1')).toEqual(expect.objectContaining({ ScheduleExpression: 'cron(0 5 * * ? *)', Lifecycle: { DeleteAfterDays: 35 } }));
    expect(copyTo('us-east-1').CopyActions.map((c) => c.DestinationBackupVaultArn)).toEqual(['arn:aws:backup:eu-west-1:123456789012:backup-vault:verypay-prod-euw1-backups']);
    expect(copyTo('ap-southeast-1').CopyActions.map((c) => c.DestinationBackupVaultArn)).toEqual(['arn:aws:backup:eu-west-1:123456789012:backup-vault:verypay-prod-euw1-backups']);
    t(platform.regionalStack('us-east-1')).hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: Match.objectLike({ Resources: [Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith([Match.stringLikeRegexp(':cluster:')])]) })] }),
    });
  });
});

describe("securityBaseline.mode 'organization'", () => {
  let platform: PaymentPlatform;
  beforeAll(() => {
    platform = new PaymentPlatform(withToday(testApp(), TODAY), { ...examplePlatformConfig, securityBaseline: { mode: 'organization', backupAccount: undefined } });
  });

  test('emits none of the baseline services, only the break-glass role', () => {
    expect(platform.regionalSecurityStacks).toEqual([]);
    const all = [platform.securityStack, ...platform.baseStacks, ...platform.regionalStacks].map((s) => JSON.stringify(Template.fromStack(s).toJSON()));
    for (const type of ['AWS::CloudTrail::Trail', 'AWS::GuardDuty::Detector', 'AWS::SecurityHub::Hub', 'AWS::Config::ConfigurationRecorder', 'AWS::AccessAnalyzer::Analyzer', 'AWS::Backup::BackupPlan', 'AWS::Backup::BackupVault']) {
      expect(all.filter((x) => x.includes(`"${type}"`))).toEqual([]);
    }
    Template.fromStack(platform.securityStack).resourceCountIs('AWS::IAM::Role', 1);
  });

  test('records at synth which organization-level controls it relies on', () => {
    const infos = Annotations.fromStack(platform.securityStack).findInfo('*', Match.stringLikeRegexp("securityBaseline.mode is 'organization'"));
    expect(infos).toHaveLength(1);
    for (const control of ORGANIZATION_CONTROLS) expect(String(infos[0].entry.data)).toContain(control);
  });

  test('tags each cluster for the organization backup policy', () => {
    for (const s of platform.regionalStacks) {
      Template.fromStack(s).hasResourceProperties('AWS::RDS::DBCluster', { Tags: Match.arrayWith([{ Key: 'backup-plan', Value: 'verypay-prod' }]) });
    }
  });
});

describe('securityBaseline.backupAccount', () => {
  test('every region also copies to the backup account\'s vault of its own region, in a plan of its own', () => {
    const platform = new PaymentPlatform(withToday(testApp(), TODAY), {
      ...examplePlatformConfig,
      securityBaseline: { mode: 'account', backupAccount: { accountId: '210987654321', vaultName: 'payments-backups' } },
    });
    for (const r of platform.regionalStacks) {
      Template.fromStack(r).hasResourceProperties('AWS::Backup::BackupPlan', {
        BackupPlan: {
          BackupPlanName: Match.stringLikeRegexp('-aurora-account$'),
          BackupPlanRule: [Match.objectLike({ CopyActions: [Match.objectLike({ DestinationBackupVaultArn: `arn:aws:backup:${r.region}:210987654321:backup-vault:payments-backups` })] })],
        },
      });
    }
  });
});

describe('validation of the baseline constructs', () => {
  const cluster = (stack: import('aws-cdk-lib').Stack) => new rds.DatabaseCluster(stack, 'Db', {
    engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 }),
    writer: rds.ClusterInstance.provisioned('Writer'),
    vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 }),
    vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
  });
  test('fails when the vault name has spaces', () => {
    const stack = testStack();
    expect(() => new PlatformBackupVault(stack, 'V', { vaultName: 'my vault', key: new kms.Key(stack, 'K') })).toThrow("PlatformBackupVault: vaultName 'my vault' is invalid");
  });
  test('fails when recovery points would be kept less than the vault lock minimum', () => {
    const stack = testStack();
    expect(() => new DatabaseBackupPlan(stack, 'P', { planName: 'p', vaultName: 'v', database: cluster(stack), retentionDays: 3 })).toThrow('DatabaseBackupPlan: retentionDays is 3; use a whole number of days of at least 7');
  });
  test('fails when a copy target is not a vault ARN', () => {
    const stack = testStack();
    expect(() => new DatabaseBackupPlan(stack, 'P', { planName: 'p', vaultName: 'v', database: cluster(stack), copyTo: [{ vaultArn: 'eu-west-1/vault' }] }))
      .toThrow("DatabaseBackupPlan: copyTo vault 'eu-west-1/vault' is not a backup vault ARN");
  });
  test('fails when a locked log bucket keeps nothing', () => {
    const stack = testStack();
    expect(() => new LockedLogBucket(stack, 'B', { bucketName: 'b-logs', key: new kms.Key(stack, 'K'), retentionDays: 0, accessLogRetentionDays: 365, contents: 'logs' }))
      .toThrow('LockedLogBucket: retentionDays is 0');
  });
});
