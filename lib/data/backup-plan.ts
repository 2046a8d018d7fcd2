import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';

/** A vault recovery points are copied to (another region, or a vault of a backup account). */
export interface BackupCopyTarget {
  /** `arn:aws:backup:<region>:<account>:backup-vault:<name>` */
  readonly vaultArn: string;
}

/** Props of {@link PlatformBackupVault}. */
export interface PlatformBackupVaultProps {
  /** The vault's name (2–50 letters, digits, hyphens, underscores). Changing it replaces the vault. */
  readonly vaultName: string;
  /** The key that encrypts the recovery points AWS Backup manages (the platform's `backups` key). */
  readonly key: kms.IKey;
  /**
   * The vault lock's minimum retention: no recovery point can be deleted earlier, by anyone.
   * @default Duration.days(7)
   */
  readonly minRetention?: Duration;
}

/**
 * A backup vault with a compliance-mode vault lock: three days after creation the lock itself
 * becomes immutable, and from then on no principal (the account root included) can delete a
 * recovery point before its retention ends or delete the vault (PCI DSS 9.4.1, 12.10.1).
 */
export class PlatformBackupVault extends Construct {
  public readonly vault: backup.BackupVault;

  constructor(scope: Construct, id: string, props: PlatformBackupVaultProps) {
    super(scope, id);
    if (!/^[A-Za-z0-9_-]{2,50}$/.test(props.vaultName)) {
      throw new Error(`PlatformBackupVault: vaultName '${props.vaultName}' is invalid; use 2–50 letters, digits, hyphens and underscores.`);
    }
    this.vault = new backup.BackupVault(this, 'Resource', {
      backupVaultName: props.vaultName,
      encryptionKey: props.key,
      removalPolicy: RemovalPolicy.RETAIN,
      // changeableFor makes it a compliance-mode lock (governance mode has none and can be removed).
      lockConfiguration: { minRetention: props.minRetention ?? Duration.days(7), changeableFor: Duration.days(3) },
    });
  }
}

/** Props of {@link DatabaseBackupPlan}. */
export interface DatabaseBackupPlanProps {
  /** The plan's name. */
  readonly planName: string;
  /** The region's vault (by name: it lives in the region's base stack). */
  readonly vaultName: string;
  /** The Aurora cluster to back up (AWS Backup backs Aurora up per cluster, not per instance). */
  readonly database: rds.IDatabaseCluster;
  /**
   * Days each recovery point (and each copy) is kept.
   * @default 35
   */
  readonly retentionDays?: number;
  /**
   * Vaults every recovery point is copied to (another region, a backup account).
   * @default - no copies
   */
  readonly copyTo?: readonly BackupCopyTarget[];
}

const VAULT_ARN = /^arn:aws[a-z-]*:backup:[a-z0-9-]+:\d{12}:backup-vault:[A-Za-z0-9_-]{2,50}$/;

/**
 * A daily AWS Backup plan for the region's Aurora cluster (05:00 UTC, after the cluster's own
 * backup window), kept `retentionDays` in the region's locked vault and copied to every
 * `copyTo` vault with the same retention. Continuous backups stay Aurora's own (point-in-time
 * restore within `database.backupRetentionDays`); these recovery points are the locked,
 * off-region copies.
 */
export class DatabaseBackupPlan extends Construct {
  public readonly plan: backup.BackupPlan;

  constructor(scope: Construct, id: string, props: DatabaseBackupPlanProps) {
    super(scope, id);
    const retentionDays = props.retentionDays ?? 35;
    if (!Number.isInteger(retentionDays) || retentionDays < 7) {
      throw new Error(`DatabaseBackupPlan: retentionDays is ${retentionDays}; use a whole number of days of at least 7 (the vault lock minimum).`);
    }
    for (const target of props.copyTo ?? []) {
      if (!VAULT_ARN.test(target.vaultArn)) {
        throw new Error(`DatabaseBackupPlan: copyTo vault '${target.vaultArn}' is not a backup vault ARN (arn:aws:backup:<region>:<account>:backup-vault:<name>).`);
      }
    }
    const deleteAfter = Duration.days(retentionDays);
    const vault = backup.BackupVault.fromBackupVaultName(this, 'Vault', props.vaultName);
    this.plan = new backup.BackupPlan(this, 'Resource', {
      backupPlanName: props.planName,
      backupVault: vault,
      backupPlanRules: [new backup.BackupPlanRule({
        ruleName: 'Daily',
        scheduleExpression: events.Schedule.cron({ hour: '5', minute: '0' }),
        startWindow: Duration.hours(1),
        completionWindow: Duration.hours(8),
        deleteAfter,
        copyActions: (props.copyTo ?? []).map((t, i) => ({
          destinationBackupVault: backup.BackupVault.fromBackupVaultArn(this, `CopyTarget${i}`, t.vaultArn),
          deleteAfter,
        })),
      })],
    });
    const selection = this.plan.addSelection('Aurora', {
      resources: [backup.BackupResource.fromRdsDatabaseCluster(props.database)],
      allowRestores: true,
    });
    const role = selection.node.tryFindChild('Role');
    for (const policy of ['AWSBackupServiceRolePolicyForBackup', 'AWSBackupServiceRolePolicyForRestores']) {
      if (role) {
        Validations.of(role).acknowledge({
          id: `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/${policy}]`,
          reason: `PCI DSS 7.2.1: ${policy} is the AWS-maintained policy AWS Backup documents for its selection role; only backup.amazonaws.com assumes it, and AWS adds the permissions new resource types need.`,
        });
      }
    }
    acknowledgeClusterBackup(props.database, `NIST CP-9 / PCI DSS 12.10.1: AWS Backup protects Aurora per cluster; the selection ` +
      `${selection.node.path} of plan ${props.planName} names this instance's cluster (daily, ${retentionDays} days, locked vault).`);
  }
}

/**
 * cdk-nag's RDSInBackupPlan looks for the *instances* of an Aurora cluster in a backup selection;
 * AWS Backup protects Aurora per cluster (it takes no Aurora instance ARNs). Records, on each
 * instance, where the cluster's backup is.
 */
export function acknowledgeClusterBackup(database: rds.IDatabaseCluster, reason: string): void {
  for (const child of database.node.children) {
    if (child.node.defaultChild instanceof rds.CfnDBInstance) {
      Validations.of(child).acknowledge({ id: 'NIST.800.53.R5-RDSInBackupPlan', reason });
    }
  }
}
