import type { Construct } from 'constructs';
import { backupVaultName, regionalBaseStackName } from '../config/naming';
import type { ResolvedRegionConfig } from '../config/platform-config';
import { BackupBucket, type BackupBucketReplication } from '../data/backup-bucket';
import { PlatformBackupVault } from '../data/backup-plan';
import { ImageCache } from '../data/image-cache';
import { PlatformKeys } from '../security/platform-keys';
import { PlatformStack, PlatformStackProps } from './platform-stack';

/** Props of a region's base stack. */
export interface RegionalBaseStackProps extends PlatformStackProps {
  /** The region this stack deploys. */
  readonly region: ResolvedRegionConfig;
  /**
   * Where the backups bucket replicates to (the primary region replicates to the failover region).
   * @default - no replication
   */
  readonly backupReplication?: BackupBucketReplication;
  /**
   * Why the backups bucket does not replicate, when `backupReplication` is not given.
   * @default - a single-region deployment (see `BackupBucketProps.noReplicationReason`)
   */
  readonly noBackupReplicationReason?: string;
}

/**
 * What other regions write into, so it must exist before any region's main stack deploys:
 * the secrets key (the primary's database master secret is replicated into every region,
 * encrypted there with that region's secrets key), the backups key and the backups bucket (the
 * primary's bucket replicates into the failover region's). Long-lived and retained:
 * `PaymentPlatform-<region>-base`.
 */
export class RegionalBaseStack extends PlatformStack {
  public readonly regionConfig: ResolvedRegionConfig;
  /** The `secrets` and `backups` keys of the region. */
  public readonly keys: PlatformKeys;
  public readonly backups: BackupBucket;
  /** ECR pull-through cache rules for the third-party registries (Docker Hub with its credential). */
  public readonly imageCache: ImageCache;
  /** The region's AWS Backup vault (compliance-mode lock), with `securityBaseline.mode: 'account'`. */
  public readonly backupVault?: PlatformBackupVault;

  constructor(scope: Construct, id: string, props: RegionalBaseStackProps) {
    super(scope, id, {
      stackName: regionalBaseStackName(props.region.region),
      description: `${props.config.name} ${props.config.environment} payment platform, ${props.region.region} base (keys and backups other regions replicate into)`,
      ...props,
      env: { account: props.config.account, region: props.region.region },
    });
    this.regionConfig = props.region;
    const { config } = props;
    this.keys = new PlatformKeys(this, 'Keys', { config, purposes: ['secrets', 'backups'], breakGlassRoleName: config.securityBaseline.breakGlassRoleName });
    this.backups = new BackupBucket(this, 'Backups', {
      config,
      region: props.region.region,
      key: this.keys.backups,
      replicateTo: props.backupReplication,
      noReplicationReason: props.noBackupReplicationReason,
    });
    this.imageCache = new ImageCache(this, 'ImageCache', { credentialName: `${config.name}-${config.environment}/docker-hub`, key: this.keys.secrets });
    if (config.securityBaseline.mode === 'account') {
      this.backupVault = new PlatformBackupVault(this, 'BackupVault', { vaultName: backupVaultName(config, props.region.region), key: this.keys.backups });
    }
  }
}
