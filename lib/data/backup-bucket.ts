import { Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { backupBucketName, type NamingConfig } from '../config/naming';
import type { ResolvedPlatformConfig } from '../config/platform-config';
import { acknowledgeWildcardArns } from '../security/acknowledge';
import { enableEventBridge, PRIVATE_BUCKET_PROPS, serverAccessLogsBucket } from './access-logs-bucket';

/** Key prefix of the nightly PostgreSQL dumps. */
export const DUMP_PREFIX = 'postgres/';

/** Where a backups bucket replicates to (the same bucket of another region). */
export interface BackupBucketReplication {
  /** Destination bucket name, e.g. `backupBucketName(cfg, 'eu-west-1')`. */
  readonly bucketName: string;
  /** Destination region, e.g. `eu-west-1`. */
  readonly region: string;
  /**
   * The destination region's backups key: a key ARN (`arn:aws:kms:<region>:<account>:key/<id>`) or
   * an alias ARN (`arn:aws:kms:<region>:<account>:alias/<name>`, e.g. from `keyAlias(cfg, 'backups')`).
   */
  readonly kmsKeyArn: string;
}

/** Props of {@link BackupBucket}. */
export interface BackupBucketProps {
  /**
   * Platform name, environment and account (they name the bucket) and the retention periods of
   * dumps, old versions and access logs. A `ResolvedPlatformConfig` fits.
   */
  readonly config: NamingConfig & Pick<ResolvedPlatformConfig, 'retention'>;
  /** The region of the bucket (part of its name). Changing it replaces the bucket. */
  readonly region: string;
  /** The key that encrypts the objects (the platform's `backups` key). */
  readonly key: kms.IKey;
  /**
   * Replicate every object (and delete markers) to another region's backups bucket, with S3
   * Replication Time Control (99.99 % within 15 minutes) and replication metrics.
   * @default - no replication
   */
  readonly replicateTo?: BackupBucketReplication;
  /**
   * Why the bucket does not replicate, when `replicateTo` is not given: the reason recorded with
   * the acknowledgement of the replication findings (PCI DSS 3.2.1, NIST 800-53 R5), so it must
   * name the control that protects the objects instead.
   * @default - a single-region deployment: versioned, Object-Locked objects across the region's zones
   */
  readonly noReplicationReason?: string;
}

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d+$/;
const KMS_ARN = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):(\d{12}):(key\/[A-Za-z0-9-]+|alias\/[A-Za-z0-9/_-]+)$/;

/**
 * The regional backups bucket: versioned, SSE-KMS with a bucket key, public access blocked, TLS
 * 1.2+ only, bucket-owner-enforced, server access logs to a separate bucket, lifecycle for
 * `postgres/` dumps, old versions and incomplete uploads, retained on stack deletion; optionally
 * replicated to another region.
 */
export class BackupBucket extends Construct {
  public readonly bucket: s3.IBucket;
  /** The bucket receiving the server access logs. */
  public readonly accessLogsBucket: s3.IBucket;
  /** The role S3 replicates with, when `replicateTo` is given. */
  public readonly replicationRole?: iam.IRole;
  /** ARN pattern of the dump objects (`<bucket ARN>/postgres/*`), e.g. to acknowledge the grantee's wildcard finding. */
  public readonly dumpObjectsArn: string;
  private readonly encryptionKey: kms.IKey;

  constructor(scope: Construct, id: string, props: BackupBucketProps) {
    super(scope, id);
    // S3 must deliver access logs through a bucket policy (the bucket owner enforces object
    // ownership, so ACL-based delivery is impossible): set here so apps without cdk.json's flag work.
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
    const retention = props.config.retention;
    for (const field of ['logRetentionDays', 'dumpExpirationDays', 'noncurrentVersionExpirationDays'] as const) {
      const days = retention[field];
      if (!Number.isInteger(days) || days < 1) {
        throw new Error(`BackupBucket: retention.${field} is ${days}; use a whole number of days of at least 1.`);
      }
    }
    const bucketName = backupBucketName(props.config, props.region);
    if (props.replicateTo) checkReplicationTarget(props.replicateTo, bucketName);
    this.encryptionKey = props.key;

    const accessLogs = serverAccessLogsBucket(this, 'AccessLogs', retention.logRetentionDays);
    this.accessLogsBucket = accessLogs;

    let replicationRole: iam.Role | undefined;
    let replicationRules: s3.ReplicationRule[] | undefined;
    if (props.replicateTo) {
      replicationRole = new iam.Role(this, 'ReplicationRole', {
        assumedBy: new iam.ServicePrincipal('s3.amazonaws.com', {
          conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
        }),
        description: `Replicates ${bucketName} to ${props.replicateTo.bucketName}`,
      });
      replicationRules = [{
        id: `ReplicateTo-${props.replicateTo.region}`,
        priority: 0,
        destination: s3.Bucket.fromBucketAttributes(this, 'ReplicaBucket', {
          bucketName: props.replicateTo.bucketName,
          region: props.replicateTo.region,
          account: Stack.of(this).account,
        }),
        kmsKey: kms.Key.fromKeyArn(this, 'ReplicaKey', props.replicateTo.kmsKeyArn),
        sseKmsEncryptedObjects: true,
        deleteMarkerReplication: true,
        replicationTimeControl: s3.ReplicationTimeValue.FIFTEEN_MINUTES,
        metrics: s3.ReplicationTimeValue.FIFTEEN_MINUTES,
      }];
    }

    const bucket = new s3.Bucket(this, 'Resource', {
      ...PRIVATE_BUCKET_PROPS,
      bucketName,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: props.key,
      bucketKeyEnabled: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: `${bucketName}/`,
      // Every object version is locked (governance mode) for as long as a dump is kept: a leaked
      // credential or a mistaken script cannot delete backups early (PCI DSS 9.4.1 / 12.10.1).
      objectLockEnabled: true,
      objectLockDefaultRetention: s3.ObjectLockRetention.governance(Duration.days(retention.dumpExpirationDays)),
      lifecycleRules: [
        { id: 'ExpirePostgresDumps', prefix: DUMP_PREFIX, expiration: Duration.days(retention.dumpExpirationDays) },
        { id: 'ExpireNoncurrentVersions', noncurrentVersionExpiration: Duration.days(retention.noncurrentVersionExpirationDays) },
        { id: 'AbortIncompleteUploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
      ],
      replicationRole,
      replicationRules,
    });
    enableEventBridge(bucket);
    this.bucket = bucket;
    this.dumpObjectsArn = bucket.arnForObjects(`${DUMP_PREFIX}*`);
    // A request that names an encryption (`--sse aws:kms` alone means the AWS-managed aws/s3 key,
    // which anyone in the account with s3:GetObject can use) must name the backups key. Requests
    // without encryption headers get the default, the backups key; UploadPart carries none.
    bucket.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'DenyDumpsUnderAnotherKey',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['s3:PutObject'],
      resources: [this.dumpObjectsArn],
      conditions: {
        StringNotEquals: { 's3:x-amz-server-side-encryption-aws-kms-key-id': props.key.keyArn },
        Null: { 's3:x-amz-server-side-encryption': 'false' },
      },
    }));

    if (props.replicateTo && replicationRole) {
      this.grantReplication(replicationRole, bucket, props.replicateTo);
      this.replicationRole = replicationRole;
    } else {
      const reason = props.noReplicationReason ?? 'PCI DSS 12.10.1 / 9.5.1: a single-region deployment: objects are versioned and ' +
        'Object-Locked (governance) across at least three availability zones of the region.';
      for (const id of ['PCI.DSS.321-S3BucketReplicationEnabled', 'NIST.800.53.R5-S3BucketReplicationEnabled']) {
        Validations.of(bucket).acknowledge({ id, reason });
      }
    }
  }

  /**
   * Lets the grantee upload dumps under `postgres/` only: `s3:PutObject` (including multipart
   * uploads) and `s3:AbortMultipartUpload`, plus the key operations SSE-KMS needs through S3
   * (`kms:GenerateDataKey`, `kms:Encrypt`; `kms:Decrypt` to complete multipart uploads).
   */
  public grantWriteDumps(grantee: iam.IGrantable): iam.Grant {
    const objects = iam.Grant.addToPrincipal({
      grantee,
      actions: ['s3:PutObject', 's3:AbortMultipartUpload'],
      resourceArns: [this.dumpObjectsArn],
    });
    return objects.combine(this.grantKeyViaS3(grantee, ['kms:GenerateDataKey', 'kms:Encrypt', 'kms:Decrypt']));
  }

  /** Lets the grantee list and download dumps under `postgres/` (restores): `s3:GetObject`, `s3:ListBucket`, `kms:Decrypt` through S3. */
  public grantReadDumps(grantee: iam.IGrantable): iam.Grant {
    const objects = iam.Grant.addToPrincipal({
      grantee,
      actions: ['s3:GetObject'],
      resourceArns: [this.dumpObjectsArn],
    });
    const list = iam.Grant.addToPrincipal({
      grantee,
      actions: ['s3:ListBucket'],
      resourceArns: [this.bucket.bucketArn],
      conditions: { StringLike: { 's3:prefix': [`${DUMP_PREFIX}*`] } },
    });
    return objects.combine(list).combine(this.grantKeyViaS3(grantee, ['kms:Decrypt']));
  }

  private grantKeyViaS3(grantee: iam.IGrantable, actions: string[]): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions,
      resourceArns: [this.encryptionKey.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `s3.${Stack.of(this).region}.amazonaws.com` } },
    });
  }

  /** Least privilege for S3 replication with SSE-KMS on both sides (S3 bucket keys: the context is the bucket ARN). */
  private grantReplication(role: iam.Role, bucket: s3.Bucket, target: BackupBucketReplication): void {
    const stack = Stack.of(this);
    const replicaArn = `arn:${stack.partition}:s3:::${target.bucketName}`;
    const keyArn = KMS_ARN.exec(target.kmsKeyArn);
    const keyResource = (keyArn && keyArn[3].startsWith('alias/'))
      ? { resources: [`arn:${stack.partition}:kms:${keyArn[1]}:${keyArn[2]}:key/*`], aliasCondition: { 'kms:ResourceAliases': keyArn[3] } }
      : { resources: [target.kmsKeyArn], aliasCondition: undefined };
    const statements = [
      new iam.PolicyStatement({ actions: ['s3:GetReplicationConfiguration', 's3:ListBucket'], resources: [bucket.bucketArn] }),
      new iam.PolicyStatement({
        // Object Lock settings replicate with the objects.
        actions: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging', 's3:GetObjectRetention', 's3:GetObjectLegalHold'],
        resources: [bucket.arnForObjects('*')],
      }),
      new iam.PolicyStatement({ actions: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'], resources: [`${replicaArn}/*`] }),
      new iam.PolicyStatement({
        actions: ['kms:Decrypt'],
        resources: [this.encryptionKey.keyArn],
        conditions: {
          StringEquals: { 'kms:ViaService': `s3.${stack.region}.amazonaws.com` },
          StringLike: { 'kms:EncryptionContext:aws:s3:arn': [bucket.bucketArn, bucket.arnForObjects('*')] },
        },
      }),
      new iam.PolicyStatement({
        actions: ['kms:Encrypt', 'kms:GenerateDataKey'],
        resources: keyResource.resources,
        conditions: {
          StringEquals: { 'kms:ViaService': `s3.${target.region}.amazonaws.com` },
          StringLike: { 'kms:EncryptionContext:aws:s3:arn': [replicaArn, `${replicaArn}/*`] },
          ...(keyResource.aliasCondition ? { 'ForAnyValue:StringEquals': keyResource.aliasCondition } : {}),
        },
      }),
    ];
    const policy = new iam.ManagedPolicy(this, 'ReplicationPolicy', { roles: [role], statements });
    acknowledgeWildcardArns(
      policy,
      [bucket.arnForObjects('*'), `${replicaArn}/*`, ...keyResource.resources],
      'PCI DSS 7.2.2: S3 replication must read every object version of the source bucket and write every object of the replica bucket (object ARNs end in /*); a destination key named by alias is matched by key/* only together with kms:ResourceAliases, and every KMS use is limited by kms:ViaService and the buckets\' encryption context.',
    );
  }
}

function checkReplicationTarget(t: BackupBucketReplication, ownName: string): void {
  if (!Token.isUnresolved(t.bucketName)) {
    if (!BUCKET_NAME.test(t.bucketName) || t.bucketName.includes('..')) {
      throw new Error(`BackupBucket: replicateTo.bucketName is '${t.bucketName}'; use an S3 bucket name of 3–63 lowercase letters, digits, dots and hyphens, e.g. backupBucketName(cfg, '${t.region}').`);
    }
    if (t.bucketName === ownName) {
      throw new Error(`BackupBucket: replicateTo.bucketName is '${t.bucketName}', the bucket itself; name the backups bucket of another region.`);
    }
  }
  if (!Token.isUnresolved(t.region) && !REGION.test(t.region)) {
    throw new Error(`BackupBucket: replicateTo.region is '${t.region}'; use an AWS region code such as 'eu-west-1'.`);
  }
  if (!Token.isUnresolved(t.kmsKeyArn)) {
    const m = KMS_ARN.exec(t.kmsKeyArn);
    if (!m) {
      throw new Error(`BackupBucket: replicateTo.kmsKeyArn is '${t.kmsKeyArn}'; use a key or alias ARN such as 'arn:aws:kms:${t.region}:123456789012:alias/<name>-<env>-backups'.`);
    }
    if (!Token.isUnresolved(t.region) && m[1] !== t.region) {
      throw new Error(`BackupBucket: replicateTo.kmsKeyArn is in ${m[1]} but replicateTo.region is ${t.region}; S3 encrypts replicas with a key of the destination region.`);
    }
  }
}
