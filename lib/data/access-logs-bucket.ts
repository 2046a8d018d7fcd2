import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';

/**
 * What every bucket of the platform has: public access blocked, TLS 1.2+ only, no ACLs (the bucket
 * owner owns every object), every version kept, and the bucket retained when its stack goes.
 */
export const PRIVATE_BUCKET_PROPS = {
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  enforceSSL: true,
  minimumTLSVersion: 1.2,
  objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
  versioned: true,
  removalPolicy: RemovalPolicy.RETAIN,
} as const satisfies s3.BucketProps;

/**
 * The destination bucket of S3 server access logs: SSE-S3 (the only encryption server access
 * logging delivers to), public access blocked, TLS 1.2+ only, no ACLs, versioned, retained, every
 * log object and version expiring after `retentionDays`, events to EventBridge; its findings are
 * acknowledged with what protects the logs instead.
 */
export function serverAccessLogsBucket(scope: Construct, id: string, retentionDays: number): s3.Bucket {
  const bucket = new s3.Bucket(scope, id, {
    ...PRIVATE_BUCKET_PROPS,
    encryption: s3.BucketEncryption.S3_MANAGED,
    lifecycleRules: [{ id: 'ExpireAccessLogs', expiration: Duration.days(retentionDays), noncurrentVersionExpiration: Duration.days(retentionDays) }],
  });
  enableEventBridge(bucket);
  acknowledgeAccessLogsBucket(bucket, retentionDays);
  return bucket;
}

/** S3 events (object created, deleted, restored) go to EventBridge, where backup monitoring can rule on them. */
export function enableEventBridge(bucket: s3.Bucket): void {
  (bucket.node.defaultChild as s3.CfnBucket).notificationConfiguration = { eventBridgeConfiguration: { eventBridgeEnabled: true } };
}

/**
 * The findings of an S3 server-access-log destination bucket (SSE-S3 only, no Object Lock, no
 * logging of itself), acknowledged with what protects its logs instead.
 */
export function acknowledgeAccessLogsBucket(accessLogs: s3.Bucket, days: number): void {
  const reasons: Record<string, string> = {
    'PCI.DSS.321-S3DefaultEncryptionKMS': 'PCI DSS 3.5: S3 server access logging supports only SSE-S3 on the destination bucket; the logs contain request metadata, not cardholder data, and public access is blocked.',
    'NIST.800.53.R5-S3DefaultEncryptionKMS': 'PCI DSS 3.5 / NIST SC-28: S3 server access logging supports only SSE-S3 on the destination bucket; the logs contain request metadata, not cardholder data, and public access is blocked.',
    'PCI.DSS.321-S3BucketReplicationEnabled': `PCI DSS 10.5.1: access logs are kept ${days} days, versioned, across at least three availability zones; they are operational evidence, not a recovery source.`,
    'NIST.800.53.R5-S3BucketReplicationEnabled': `PCI DSS 10.5.1 / NIST AU-9: access logs are kept ${days} days, versioned, across at least three availability zones; they are operational evidence, not a recovery source.`,
    'cdk-validator-cfnguard::s3_bucket_default_encryption_kms_check': 'PCI DSS 3.5 (Control Tower CT.S3.PR.10): S3 server access logging delivers only to SSE-S3 buckets; the logs hold request metadata, not cardholder data.',
    'cdk-validator-cfnguard::s3_bucket_logging_enabled_check': 'PCI DSS 10.2 (Control Tower CT.S3.PR.2): this bucket is the access-log destination; logging it into itself would loop. Reads of the logs are recorded by the CloudTrail data events of the security baseline (or of the organization trail).',
    'cdk-validator-cfnguard::s3_bucket_object_lock_enabled_check': `PCI DSS 10.3.3 (Control Tower CT.S3.PR.9): S3 server access logging cannot deliver to a bucket with a default Object Lock retention; versioning keeps every log object ${days} days instead.`,
  };
  for (const [id, reason] of Object.entries(reasons)) Validations.of(accessLogs).acknowledge({ id, reason });
}
