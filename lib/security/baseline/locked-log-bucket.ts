import { Duration, Validations } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { enableEventBridge, PRIVATE_BUCKET_PROPS, serverAccessLogsBucket } from '../../data/access-logs-bucket';

/** Props of {@link LockedLogBucket}. */
export interface LockedLogBucketProps {
  /** The bucket name. Changing it replaces the bucket. */
  readonly bucketName: string;
  /** The key that encrypts the log files. */
  readonly key: kms.IKey;
  /** Days every log file is locked (Object Lock, compliance mode) and then kept before expiry. */
  readonly retentionDays: number;
  /** Days the bucket's own server access logs are kept. */
  readonly accessLogRetentionDays: number;
  /** What the bucket holds, for the replication acknowledgement (e.g. 'CloudTrail log files'). */
  readonly contents: string;
}

/**
 * A bucket for audit evidence: SSE-KMS, versioned, S3 Object Lock in *compliance* mode for
 * `retentionDays` (nobody, the account root included, can delete or overwrite a log file
 * earlier), expiry after that, TLS only, public access blocked, server access logs to a second
 * bucket, retained on stack deletion.
 */
export class LockedLogBucket extends Construct {
  public readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: LockedLogBucketProps) {
    super(scope, id);
    // Access logs are delivered through a bucket policy (object ownership is enforced, no ACLs),
    // also in apps without cdk.json's flag.
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
    if (!Number.isInteger(props.retentionDays) || props.retentionDays < 1) {
      throw new Error(`LockedLogBucket: retentionDays is ${props.retentionDays}; use a whole number of days of at least 1.`);
    }
    const accessLogs = serverAccessLogsBucket(this, 'AccessLogs', props.accessLogRetentionDays);
    this.bucket = new s3.Bucket(this, 'Resource', {
      ...PRIVATE_BUCKET_PROPS,
      bucketName: props.bucketName,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: props.key,
      bucketKeyEnabled: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: `${props.bucketName}/`,
      objectLockEnabled: true,
      objectLockDefaultRetention: s3.ObjectLockRetention.compliance(Duration.days(props.retentionDays)),
      lifecycleRules: [
        { id: 'ExpireAfterRetention', expiration: Duration.days(props.retentionDays + 1), noncurrentVersionExpiration: Duration.days(1) },
      ],
    });
    enableEventBridge(this.bucket);
    acknowledgeSingleRegionEvidence(this.bucket, props.contents, props.retentionDays);
  }
}

function acknowledgeSingleRegionEvidence(bucket: s3.Bucket, contents: string, days: number): void {
  const reason = `PCI DSS 10.5.1 / NIST AU-9: ${contents} are locked in compliance mode for ${days} days (S3 Object Lock: no ` +
    'principal can delete or overwrite them) and stored across at least three availability zones; every region delivers to ' +
    'this one bucket, and a second copy in another account is the organization trail\'s job (securityBaseline.mode organization).';
  for (const id of ['PCI.DSS.321-S3BucketReplicationEnabled', 'NIST.800.53.R5-S3BucketReplicationEnabled']) {
    Validations.of(bucket).acknowledge({ id, reason });
  }
}
