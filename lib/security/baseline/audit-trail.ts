import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { allowCloudWatchLogs, limitGrantsToAwsServices } from '../platform-keys';
import { LockedLogBucket } from './locked-log-bucket';

/** Props of {@link AuditTrail}. */
export interface AuditTrailProps {
  /** The trail's name. */
  readonly trailName: string;
  /** The bucket the log files go to (created here, Object-Locked). */
  readonly bucketName: string;
  /** The key alias of the trail's key (log files and the CloudWatch log group). */
  readonly keyAlias: string;
  /** Days log files stay locked and kept. */
  readonly retentionDays: number;
  /** Days the trail's CloudWatch log group (what alarms and queries read) keeps events; a CloudWatch Logs value. */
  readonly logGroupRetentionDays: number;
  /** Buckets whose object reads and writes are recorded as data events (the backups buckets of every region). */
  readonly dataEventBuckets: readonly string[];
}

/**
 * The account's CloudTrail trail: every region, management events (reads and writes, which
 * include every Secrets Manager `GetSecretValue` and KMS call), S3 data events for the backups
 * buckets, log file validation (signed digests), encrypted with its own key, delivered to an
 * Object-Locked bucket and to a CloudWatch log group for queries and alarms (PCI DSS 10.2, 10.3,
 * 10.5).
 */
export class AuditTrail extends Construct {
  public readonly trail: cloudtrail.Trail;
  public readonly key: kms.Key;
  public readonly bucket: s3.IBucket;
  public readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.key = new kms.Key(this, 'Key', {
      alias: props.keyAlias,
      description: 'CloudTrail log files and the trail log group',
      enableKeyRotation: true,
      pendingWindow: Duration.days(30),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    limitGrantsToAwsServices(this.key);
    allowCloudWatchLogs(this.key);
    this.key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowCloudTrailOfThisAccount',
      principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
      actions: ['kms:GenerateDataKey*', 'kms:DescribeKey'],
      resources: ['*'],
      conditions: {
        StringEquals: { 'aws:SourceAccount': stack.account },
        StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:${stack.partition}:cloudtrail:*:${stack.account}:trail/*` },
      },
    }));
    this.bucket = new LockedLogBucket(this, 'Bucket', {
      bucketName: props.bucketName,
      key: this.key,
      retentionDays: props.retentionDays,
      accessLogRetentionDays: props.retentionDays,
      contents: 'CloudTrail log files',
    }).bucket;
    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: props.logGroupRetentionDays as logs.RetentionDays,
      encryptionKey: this.key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.trail = new cloudtrail.Trail(this, 'Resource', {
      trailName: props.trailName,
      bucket: this.bucket,
      encryptionKey: this.key,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableFileValidation: true,
      managementEvents: cloudtrail.ReadWriteType.ALL,
      sendToCloudWatchLogs: true,
      cloudWatchLogGroup: this.logGroup,
    });
    const logsPolicy = this.trail.node.tryFindChild('LogsRole')?.node.tryFindChild('DefaultPolicy');
    if (logsPolicy) {
      const reason = 'aws-cdk-lib\'s CloudTrail role for CloudWatch Logs: its one statement lets cloudtrail.amazonaws.com put events into ' +
        'this trail\'s log group only (PCI DSS 7.2.1); the role is the trail\'s own and nothing else can use the policy.';
      for (const rule of ['PCI.DSS.321-IAMNoInlinePolicy', 'NIST.800.53.R5-IAMNoInlinePolicy']) Validations.of(logsPolicy).acknowledge({ id: rule, reason });
    }
    this.trail.addS3EventSelector(
      props.dataEventBuckets.map((name) => ({ bucket: s3.Bucket.fromBucketName(this, `DataEvents-${name}`, name) })),
      { readWriteType: cloudtrail.ReadWriteType.ALL, includeManagementEvents: true },
    );
  }
}
