import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { PlatformBackupVault } from './backup-plan';

/** Props of {@link BackupAccountVault}. */
export interface BackupAccountVaultProps {
  /** The vault's name (the same in every region of the backup account). Changing it replaces the vault. */
  readonly vaultName: string;
  /** The platform account whose AWS Backup copies recovery points into this vault. */
  readonly sourceAccount: string;
  /** Alias of the vault's key, e.g. `alias/verypay-prod-backup-account`. */
  readonly keyAlias: string;
  /**
   * The vault lock's minimum retention: no copy can be deleted earlier, by anyone.
   * @default Duration.days(7)
   */
  readonly minRetention?: Duration;
}

/**
 * The vault of a separate backup account that the platform's recovery points are copied into
 * (PCI DSS 9.4.1, 12.10.1): a compliance-mode vault lock (after three days no principal, the
 * backup account's root included, can shorten it or delete a copy early), its own customer
 * managed key, and an access policy that lets only the platform account copy in. A compromise of
 * the platform account can then neither read nor delete the copies.
 */
export class BackupAccountVault extends Construct {
  public readonly vault: PlatformBackupVault;
  public readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: BackupAccountVaultProps) {
    super(scope, id);
    if (!/^\d{12}$/.test(props.sourceAccount)) {
      throw new Error(`BackupAccountVault: sourceAccount '${props.sourceAccount}' is not a 12-digit AWS account id.`);
    }
    this.key = new kms.Key(this, 'Key', {
      description: `AWS Backup copies from account ${props.sourceAccount} (vault ${props.vaultName})`,
      alias: props.keyAlias,
      enableKeyRotation: true,
      pendingWindow: Duration.days(30),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // AWS Backup re-encrypts a copy with the destination vault's key, acting for the copying
    // (platform) account: that account may use the key only through AWS Backup and RDS (which copies
    // Aurora snapshots for AWS Backup).
    const source = new iam.AccountPrincipal(props.sourceAccount);
    this.key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowPlatformAccountCopiesThroughBackup',
      principals: [source],
      actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
      resources: ['*'],
      conditions: { StringLike: { 'kms:ViaService': ['backup.*.amazonaws.com', 'rds.*.amazonaws.com'] } },
    }));
    this.key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowPlatformAccountGrantsForBackup',
      principals: [source],
      actions: ['kms:CreateGrant'],
      resources: ['*'],
      conditions: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
    }));
    this.vault = new PlatformBackupVault(this, 'Vault', { vaultName: props.vaultName, key: this.key, minRetention: props.minRetention });
    this.vault.vault.addToAccessPolicy(new iam.PolicyStatement({
      sid: 'AllowCopiesFromThePlatformAccount',
      principals: [source],
      actions: ['backup:CopyIntoBackupVault'],
      resources: ['*'],
    }));
  }
}

/**
 * Lets the backup account copy recovery points encrypted with `key` (AWS Backup requires the
 * source's customer managed key to be shared with the destination account): it may decrypt and
 * re-encrypt through AWS Backup and RDS, and create grants for AWS resources only.
 */
export function shareKeyWithBackupAccount(key: kms.IKey, backupAccount: string): void {
  const principal = new iam.AccountPrincipal(backupAccount);
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowBackupAccountCopies',
    principals: [principal],
    actions: ['kms:Decrypt', 'kms:ReEncryptFrom', 'kms:DescribeKey'],
    resources: ['*'],
    conditions: { StringLike: { 'kms:ViaService': ['backup.*.amazonaws.com', 'rds.*.amazonaws.com'] } },
  }));
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowBackupAccountGrantsForCopies',
    principals: [principal],
    actions: ['kms:CreateGrant'],
    resources: ['*'],
    conditions: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
  }));
}
