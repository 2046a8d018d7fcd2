import { Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { Construct } from 'constructs';
import { auditLogDaysRule, PropChecks } from '../core/rules';
import { enableEventBridge, PRIVATE_BUCKET_PROPS, serverAccessLogsBucket } from '../data/access-logs-bucket';

/** The service principal Elastic Load Balancing writes logs as in Regions opened in or after August 2022. */
export const ELB_LOG_DELIVERY_SERVICE = 'logdelivery.elasticloadbalancing.amazonaws.com';

/**
 * Who writes a region's ALB access logs into S3. Regions available before August 2022 deliver as
 * the region's Elastic Load Balancing account (`arn:aws:iam::<elb account>:root`, e.g.
 * 127311923021 in us-east-1); newer ones as the `logdelivery.elasticloadbalancing.amazonaws.com`
 * service principal (ELB user guide, "Enable access logs for your Application Load Balancer", step 2).
 * The account list is aws-cdk-lib's region-info (`elbv2Account`), the one its own
 * `ApplicationLoadBalancer.logAccessLogs` uses.
 */
export function elbLogDeliveryPrincipal(region: string): iam.IPrincipal {
  const account = RegionInfo.get(region).elbv2Account;
  return account ? new iam.AccountPrincipal(account) : new iam.ServicePrincipal(ELB_LOG_DELIVERY_SERVICE);
}

/** Props of {@link LoadBalancerLogBucket}. */
export interface LoadBalancerLogBucketProps {
  /** The bucket name. Changing it replaces the bucket. */
  readonly bucketName: string;
  /** Days every access-log file (and every earlier version of one) is kept; PCI DSS 10.5.1 asks for at least 365. */
  readonly retentionDays: number;
  /**
   * Key prefix the load balancer writes under (`<prefix>/AWSLogs/<account>/...`).
   * @default 'alb'
   */
  readonly prefix?: string;
}

/**
 * The bucket a region's public ALB writes its access logs to (the controller sets
 * `access_logs.s3.*` from the Ingress annotations): **SSE-S3**, because ALB access logs support no
 * other server-side encryption (no SSE-KMS); versioned; no principal may delete a log file or an
 * earlier version of one (S3 lifecycle expires them after `retentionDays`); TLS 1.2+ only; public
 * access blocked; server access logs to a second bucket; retained on stack deletion. The policy lets
 * only the region's Elastic Load Balancing log delivery put objects, and only under
 * `<prefix>/AWSLogs/<this account>/`.
 *
 * No Object Lock: unlike the CloudTrail and AWS Config buckets, ELB's log delivery is not
 * documented to send the checksum header that uploads into a bucket with a default Object Lock
 * retention require, and a refused delivery loses the logs silently; the deny on deletion protects
 * them instead (only someone who may change the bucket policy can lift it, which CloudTrail records).
 */
export class LoadBalancerLogBucket extends Construct {
  public readonly bucket: s3.Bucket;
  /** The key prefix the ALB writes under. */
  public readonly prefix: string;

  constructor(scope: Construct, id: string, props: LoadBalancerLogBucketProps) {
    super(scope, id);
    const stack = Stack.of(this);
    if (Token.isUnresolved(stack.region)) {
      throw new Error('LoadBalancerLogBucket: the enclosing stack has no concrete region; give it `env: { account, region }` (the log-delivery principal differs per region).');
    }
    const checks = new PropChecks('LoadBalancerLogBucket', (v) => Token.isUnresolved(v));
    checks.prop('retentionDays', props.retentionDays, auditLogDaysRule);
    checks.done();
    this.prefix = props.prefix ?? 'alb';
    if (!/^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*$/.test(this.prefix) || this.prefix.includes('AWSLogs')) {
      throw new Error(`LoadBalancerLogBucket: prefix '${this.prefix}' must be a key prefix without leading or trailing '/' and must not contain 'AWSLogs'; e.g. 'alb'.`);
    }
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
    const days = props.retentionDays;
    const accessLogs = serverAccessLogsBucket(this, 'AccessLogs', days);
    this.bucket = new s3.Bucket(this, 'Resource', {
      ...PRIVATE_BUCKET_PROPS,
      bucketName: props.bucketName,
      encryption: s3.BucketEncryption.S3_MANAGED,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: `${props.bucketName}/`,
      lifecycleRules: [{ id: 'ExpireAfterRetention', expiration: Duration.days(days), noncurrentVersionExpiration: Duration.days(days) }],
    });
    enableEventBridge(this.bucket);
    this.bucket.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'ElasticLoadBalancingLogDelivery',
      principals: [elbLogDeliveryPrincipal(stack.region)],
      actions: ['s3:PutObject'],
      resources: [this.bucket.arnForObjects(`${this.prefix}/AWSLogs/${stack.account}/*`)],
    }));
    this.bucket.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'DenyLogDeletion',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['s3:DeleteObject', 's3:DeleteObjectVersion'],
      resources: [this.bucket.arnForObjects('*')],
    }));
    this.acknowledge(days);
  }

  private acknowledge(days: number): void {
    const sse = 'PCI DSS 3.5 / 10.3.2: ALB access logs support only SSE-S3 on the destination bucket (ELB user guide: "The only server-side encryption option that\'s supported is Amazon S3-managed keys"); the logs hold request metadata, never cardholder data (TLS ends at the ALB, bodies are not logged), and public access is blocked.';
    const kept = `PCI DSS 10.5.1 / NIST AU-9: ALB access logs are kept ${days} days, versioned, and no principal may delete a log file or version (bucket policy DenyLogDeletion); S3 stores them across at least three availability zones, and each region's logs describe that region's load balancer only.`;
    const reasons: Record<string, string> = {
      'PCI.DSS.321-S3DefaultEncryptionKMS': sse,
      'NIST.800.53.R5-S3DefaultEncryptionKMS': sse,
      'PCI.DSS.321-S3BucketReplicationEnabled': kept,
      'NIST.800.53.R5-S3BucketReplicationEnabled': kept,
      'cdk-validator-cfnguard::s3_bucket_default_encryption_kms_check': `${sse} (Control Tower CT.S3.PR.10)`,
      'cdk-validator-cfnguard::s3_bucket_object_lock_enabled_check': `PCI DSS 10.3.3 (Control Tower CT.S3.PR.9): ELB log delivery is not documented to send the checksum header Object Lock uploads need; versioning and the DenyLogDeletion bucket statement keep every log file ${days} days instead.`,
    };
    for (const [id, reason] of Object.entries(reasons)) Validations.of(this.bucket).acknowledge({ id, reason });
  }
}
