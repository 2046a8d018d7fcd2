import type { Construct } from 'constructs';
import type { BackupAccountConfig } from '../config/security-config';
import { BackupAccountVault } from '../data/backup-account-vault';
import { PlatformStack, type PlatformStackProps } from './platform-stack';

/** The stack of the backup account's vault in one region: `PaymentPlatform-<region>-backup-account`. */
export function backupAccountStackName(region: string): string {
  return `PaymentPlatform-${region}-backup-account`;
}

/** Props of {@link BackupAccountStack}. */
export interface BackupAccountStackProps extends PlatformStackProps {
  /** The backup account and its vault name. */
  readonly backupAccount: BackupAccountConfig;
  /** The platform region whose recovery points this vault receives (Aurora copies cannot change account and region at once). */
  readonly region: string;
}

/**
 * `PaymentPlatform-<region>-backup-account` (with `securityBaseline.backupAccount` and
 * `createVaults`), deployed into the backup account: the compliance-locked vault the region's
 * Aurora recovery points are copied into. Deploy it with that account's credentials, or bootstrap
 * the backup account with `cdk bootstrap --trust <platform account>`.
 */
export class BackupAccountStack extends PlatformStack {
  public readonly vault: BackupAccountVault;

  constructor(scope: Construct, id: string, props: BackupAccountStackProps) {
    super(scope, id, {
      stackName: backupAccountStackName(props.region),
      description: `${props.config.name} ${props.config.environment} payment platform, ${props.region} vault of the backup account (compliance-mode lock)`,
      ...props,
      env: { account: props.backupAccount.accountId, region: props.region },
    });
    this.vault = new BackupAccountVault(this, 'Vault', {
      vaultName: props.backupAccount.vaultName,
      sourceAccount: props.config.account,
      keyAlias: `alias/${props.config.name}-${props.config.environment}-backup-account`,
    });
  }
}
