import { backupBucketName, keyAlias } from '../config/naming';
import type { NamingConfig } from '../config/naming';

/** The destination of the backups bucket's cross-region replication (the `replicateTo` prop of `BackupBucket`). */
export interface BackupReplicationTarget {
  /** The destination region's backups bucket (created by that region's stack). */
  readonly bucketName: string;
  readonly region: string;
  /**
   * ARN of the destination region's backups key *alias* (`arn:aws:kms:<region>:<account>:alias/<name>-<env>-backups`).
   * S3 replication accepts a key ARN or an alias ARN as `ReplicaKmsKeyID`; the alias is deterministic, so
   * the source stack needs nothing from the destination stack at synth. IAM cannot grant on an alias ARN:
   * the replication role's KMS statement for the destination uses `arn:aws:kms:<region>:<account>:key/*`
   * with the condition `kms:ResourceAliases` = the alias name.
   */
  readonly kmsKeyArn: string;
  /** The alias name, for that `kms:ResourceAliases` condition. */
  readonly kmsKeyAlias: string;
}

/** Where the primary region's backups bucket replicates to for `secondaryRegion`. */
export function backupReplicationTarget(cfg: NamingConfig, secondaryRegion: string, partition = 'aws'): BackupReplicationTarget {
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(secondaryRegion)) {
    throw new Error(`backupReplicationTarget: secondaryRegion '${secondaryRegion}' is not an AWS region code like 'eu-west-1'.`);
  }
  const alias = keyAlias(cfg, 'backups');
  return {
    bucketName: backupBucketName(cfg, secondaryRegion),
    region: secondaryRegion,
    kmsKeyArn: `arn:${partition}:kms:${secondaryRegion}:${cfg.account}:${alias}`,
    kmsKeyAlias: alias,
  };
}
