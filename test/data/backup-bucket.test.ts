import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { BackupBucket, type BackupBucketProps, type BackupBucketReplication } from '../../lib/data/backup-bucket';
import { exampleConfig, testStack } from '../support/fixtures';

const cfg = exampleConfig();
const replicaTarget: BackupBucketReplication = {
  bucketName: 'verypay-prod-euw1-backups-123456789012',
  region: 'eu-west-1',
  kmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:alias/verypay-prod-backups',
};

function setup(overrides: Partial<BackupBucketProps> = {}) {
  const stack = testStack();
  const key = new kms.Key(stack, 'BackupsKey');
  const backups = new BackupBucket(stack, 'Backups', { config: cfg, region: 'us-east-1', key, ...overrides });
  const keyArn = stack.resolve(key.keyArn);
  const bucketArn = stack.resolve(backups.bucket.bucketArn);
  return { stack, backups, key, keyArn, bucketArn, template: () => Template.fromStack(stack) };
}

const objectsUnder = (bucketArn: unknown, suffix: string) => ({ 'Fn::Join': ['', [bucketArn, suffix]] });

describe('BackupBucket', () => {
  test('named per region, versioned, SSE-KMS with the backups key and a bucket key, public access blocked, retained', () => {
    const { template, keyArn } = setup();
    template().hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        BucketName: 'verypay-prod-use1-backups-123456789012',
        VersioningConfiguration: { Status: 'Enabled' },
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      }),
    });
  });

  test('every object version is locked in governance mode for the dump retention; S3 events go to EventBridge', () => {
    const { template } = setup();
    template().hasResourceProperties('AWS::S3::Bucket', {
      BucketName: 'verypay-prod-use1-backups-123456789012',
      ObjectLockEnabled: true,
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 30 } } },
      NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
    });
    const logs = Object.values(template().findResources('AWS::S3::Bucket')).filter((b) => b.Properties.BucketName === undefined);
    expect(logs.map((b) => [b.Properties.ObjectLockEnabled, b.Properties.NotificationConfiguration])).toEqual([
      [undefined, { EventBridgeConfiguration: { EventBridgeEnabled: true } }],
    ]);
  });

  test('lifecycle: postgres/ dumps after 30 days, old versions after 90 days, incomplete uploads after 7 days', () => {
    const { template } = setup();
    template().hasResourceProperties('AWS::S3::Bucket', {
      BucketName: 'verypay-prod-use1-backups-123456789012',
      LifecycleConfiguration: {
        Rules: [
          { Id: 'ExpirePostgresDumps', Prefix: 'postgres/', ExpirationInDays: 30, Status: 'Enabled' },
          { Id: 'ExpireNoncurrentVersions', NoncurrentVersionExpiration: { NoncurrentDays: 90 }, Status: 'Enabled' },
          { Id: 'AbortIncompleteUploads', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 }, Status: 'Enabled' },
        ],
      },
    });
  });

  test('retention periods come from config.retention', () => {
    const config = exampleConfig({ retention: { dumpExpirationDays: 14, noncurrentVersionExpirationDays: 60, logRetentionDays: 731 } });
    const { template } = setup({ config });
    template().hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ Prefix: 'postgres/', ExpirationInDays: 14 }), Match.objectLike({ NoncurrentVersionExpiration: { NoncurrentDays: 60 } })]) },
    });
    template().hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: { Rules: [Match.objectLike({ Id: 'ExpireAccessLogs', ExpirationInDays: 731 })] },
    });
  });

  test('TLS 1.2+ only on both buckets', () => {
    const { template } = setup();
    const policies = Object.values(template().findResources('AWS::S3::BucketPolicy'));
    expect(policies).toHaveLength(2);
    for (const p of policies) {
      expect(p.Properties.PolicyDocument.Statement).toEqual(expect.arrayContaining([
        expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
      ]));
    }
  });

  test('server access logs go to a separate SSE-S3, versioned, retained bucket that expires them after the log retention', () => {
    const { template, stack, backups } = setup();
    const logsRef = stack.resolve(backups.accessLogsBucket.bucketName);
    template().hasResourceProperties('AWS::S3::Bucket', {
      BucketName: 'verypay-prod-use1-backups-123456789012',
      LoggingConfiguration: { DestinationBucketName: logsRef, LogFilePrefix: 'verypay-prod-use1-backups-123456789012/' },
    });
    const logsId = logsRef.Ref as string;
    expect(template().toJSON().Resources[logsId]).toMatchObject({
      DeletionPolicy: 'Retain',
      Properties: {
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        LifecycleConfiguration: { Rules: [{ Id: 'ExpireAccessLogs', ExpirationInDays: 365, NoncurrentVersionExpiration: { NoncurrentDays: 365 }, Status: 'Enabled' }] },
      },
    });
  });

  test('the log bucket admits S3 log delivery from the backups bucket of this account only', () => {
    const { template, stack, backups, bucketArn } = setup();
    const logsArn = stack.resolve(backups.accessLogsBucket.bucketArn);
    template().hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([{
          Effect: 'Allow',
          Principal: { Service: 'logging.s3.amazonaws.com' },
          Action: 's3:PutObject',
          Resource: objectsUnder(logsArn, '/verypay-prod-use1-backups-123456789012/*'),
          Condition: { ArnLike: { 'aws:SourceArn': bucketArn }, StringEquals: { 'aws:SourceAccount': '123456789012' } },
        }]),
      },
    });
  });

  test('no replication unless replicateTo is given', () => {
    const { template, backups } = setup();
    template().hasResourceProperties('AWS::S3::Bucket', { BucketName: 'verypay-prod-use1-backups-123456789012', ReplicationConfiguration: Match.absent() });
    template().resourceCountIs('AWS::IAM::Role', 0);
    expect(backups.replicationRole).toBeUndefined();
  });

  describe('grants', () => {
    test('grantWriteDumps: PutObject and AbortMultipartUpload on postgres/* only, key use through S3 only', () => {
      const { stack, backups, keyArn, bucketArn, template } = setup();
      const role = new iam.Role(stack, 'Job', { assumedBy: new iam.ServicePrincipal('pods.eks.amazonaws.com') });
      backups.grantWriteDumps(role);
      template().hasResourceProperties('AWS::IAM::Policy', {
        Roles: [{ Ref: Match.stringLikeRegexp('^Job') }],
        PolicyDocument: {
          Statement: [
            { Effect: 'Allow', Action: ['s3:AbortMultipartUpload', 's3:PutObject'], Resource: objectsUnder(bucketArn, '/postgres/*') },
            {
              Effect: 'Allow', Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'], Resource: keyArn,
              Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } },
            },
          ],
        },
      });
    });

    test('grantReadDumps: GetObject on postgres/*, ListBucket limited to the postgres/ prefix, Decrypt through S3', () => {
      const { stack, backups, keyArn, bucketArn, template } = setup();
      const role = new iam.Role(stack, 'Restore', { assumedBy: new iam.ServicePrincipal('pods.eks.amazonaws.com') });
      backups.grantReadDumps(role);
      template().hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: [
            { Effect: 'Allow', Action: 's3:GetObject', Resource: objectsUnder(bucketArn, '/postgres/*') },
            { Effect: 'Allow', Action: 's3:ListBucket', Resource: bucketArn, Condition: { StringLike: { 's3:prefix': ['postgres/*'] } } },
            { Effect: 'Allow', Action: 'kms:Decrypt', Resource: keyArn, Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } } },
          ],
        },
      });
      expect(stack.resolve(backups.dumpObjectsArn)).toEqual(objectsUnder(bucketArn, '/postgres/*'));
    });
  });

  describe('replicateTo', () => {
    test('replicates everything with delete markers, SSE-KMS selection, the replica key and RTC 15 min with metrics', () => {
      const { template, stack, backups } = setup({ replicateTo: replicaTarget });
      template().hasResourceProperties('AWS::S3::Bucket', {
        BucketName: 'verypay-prod-use1-backups-123456789012',
        ReplicationConfiguration: {
          Role: stack.resolve(backups.replicationRole!.roleArn),
          Rules: [{
            Id: 'ReplicateTo-eu-west-1',
            Priority: 0,
            Status: 'Enabled',
            Filter: { Prefix: '' },
            DeleteMarkerReplication: { Status: 'Enabled' },
            SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } },
            Destination: {
              Bucket: 'arn:aws:s3:::verypay-prod-euw1-backups-123456789012',
              EncryptionConfiguration: { ReplicaKmsKeyID: 'arn:aws:kms:eu-west-1:123456789012:alias/verypay-prod-backups' },
              ReplicationTime: { Status: 'Enabled', Time: { Minutes: 15 } },
              Metrics: { Status: 'Enabled', EventThreshold: { Minutes: 15 } },
            },
          }],
        },
      });
    });

    test('the replication role is assumed by S3 for this account and has a least-privilege managed policy', () => {
      const { template, keyArn, bucketArn } = setup({ replicateTo: replicaTarget });
      template().hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: {
          Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } } }],
        },
      });
      const replica = 'arn:aws:s3:::verypay-prod-euw1-backups-123456789012';
      template().hasResourceProperties('AWS::IAM::ManagedPolicy', {
        Roles: [{ Ref: Match.stringLikeRegexp('^BackupsReplicationRole') }],
        PolicyDocument: {
          Statement: [
            { Effect: 'Allow', Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'], Resource: bucketArn },
            {
              Effect: 'Allow',
              Action: ['s3:GetObjectLegalHold', 's3:GetObjectRetention', 's3:GetObjectVersionAcl', 's3:GetObjectVersionForReplication', 's3:GetObjectVersionTagging'],
              Resource: objectsUnder(bucketArn, '/*'),
            },
            { Effect: 'Allow', Action: ['s3:ReplicateDelete', 's3:ReplicateObject', 's3:ReplicateTags'], Resource: `${replica}/*` },
            {
              Effect: 'Allow', Action: 'kms:Decrypt', Resource: keyArn,
              Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' }, StringLike: { 'kms:EncryptionContext:aws:s3:arn': [bucketArn, objectsUnder(bucketArn, '/*')] } },
            },
            {
              Effect: 'Allow', Action: ['kms:Encrypt', 'kms:GenerateDataKey'], Resource: 'arn:aws:kms:eu-west-1:123456789012:key/*',
              Condition: {
                StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' },
                StringLike: { 'kms:EncryptionContext:aws:s3:arn': [replica, `${replica}/*`] },
                'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/verypay-prod-backups' },
              },
            },
          ],
        },
      });
      template().resourceCountIs('AWS::IAM::Policy', 0);
    });

    test('a destination key ARN is granted directly, without the alias condition', () => {
      const kmsKeyArn = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
      const { template } = setup({ replicateTo: { ...replicaTarget, kmsKeyArn } });
      template().hasResourceProperties('AWS::IAM::ManagedPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([{
            Effect: 'Allow', Action: ['kms:Encrypt', 'kms:GenerateDataKey'], Resource: kmsKeyArn,
            Condition: {
              StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' },
              StringLike: { 'kms:EncryptionContext:aws:s3:arn': Match.anyValue() },
            },
          }]),
        },
      });
    });
  });

  describe('fails when', () => {
    test.each([['Bad_Bucket'], ['ab'], ['-leading-hyphen'], ['a..b']])('replicateTo.bucketName is %s', (bucketName) => {
      expect(() => setup({ replicateTo: { ...replicaTarget, bucketName } })).toThrow(`replicateTo.bucketName is '${bucketName}'; use an S3 bucket name`);
    });

    test('replicateTo names the bucket itself', () => {
      expect(() => setup({ replicateTo: { ...replicaTarget, bucketName: 'verypay-prod-use1-backups-123456789012' } }))
        .toThrow("replicateTo.bucketName is 'verypay-prod-use1-backups-123456789012', the bucket itself");
    });

    test('replicateTo.region is not a region code', () => {
      expect(() => setup({ replicateTo: { ...replicaTarget, region: 'Ireland' } })).toThrow("replicateTo.region is 'Ireland'; use an AWS region code");
    });

    test('replicateTo.kmsKeyArn is not a KMS key or alias ARN', () => {
      expect(() => setup({ replicateTo: { ...replicaTarget, kmsKeyArn: 'alias/verypay-prod-backups' } }))
        .toThrow("replicateTo.kmsKeyArn is 'alias/verypay-prod-backups'; use a key or alias ARN");
    });

    test('replicateTo.kmsKeyArn is in another region than the destination', () => {
      expect(() => setup({ replicateTo: { ...replicaTarget, kmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:alias/verypay-prod-backups' } }))
        .toThrow('replicateTo.kmsKeyArn is in us-east-1 but replicateTo.region is eu-west-1');
    });

    test.each([['dumpExpirationDays', 0], ['noncurrentVersionExpirationDays', 1.5], ['logRetentionDays', -1]] as const)('retention.%s is %s', (field, days) => {
      const config = { ...cfg, retention: { ...cfg.retention, [field]: days } };
      expect(() => setup({ config })).toThrow(`retention.${field} is ${days}; use a whole number of days`);
    });
  });
});
