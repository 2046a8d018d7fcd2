import { backupBucketName, keyAlias } from '../config/naming';
import type { NamingConfig } from '../config/naming';
import type { BackupBucketReplication } from '../data/backup-bucket';

/**
 * The destination of the backups bucket's cross-region replication (the `replicateTo` prop of
 * `BackupBucket`), named deterministically: `kmsKeyArn` is the destination's backups key *alias*
 * ARN, which S3 replication accepts, so the source stack needs nothing from the destination stack
 * at synth.
 */
export interface BackupReplicationTarget extends BackupBucketReplication {
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
