import { Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import type * as iam from 'aws-cdk-lib/aws-iam';
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
   * Vaults of this account every recovery point is copied to (other regions).
   * @default - no copies
   */
  readonly copyTo?: readonly BackupCopyTarget[];
  /**
   * A vault of another account, in this region, every recovery point is copied to as well. AWS
   * Backup copies Aurora snapshots across accounts or across regions, not both in one plan, so this
   * copy runs in a plan of its own (`<planName>-account`), with its own daily recovery point.
   * @default - no copy to another account
   */
  readonly accountCopyTo?: BackupCopyTarget;
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
  /** The plan that copies into the backup account (with `accountCopyTo`). */
  public readonly accountPlan?: backup.BackupPlan;

  constructor(scope: Construct, id: string, props: DatabaseBackupPlanProps) {
    super(scope, id);
    const retentionDays = props.retentionDays ?? 35;
    if (!Number.isInteger(retentionDays) || retentionDays < 7) {
      throw new Error(`DatabaseBackupPlan: retentionDays is ${retentionDays}; use a whole number of days of at least 7 (the vault lock minimum).`);
    }
    const { account, region } = Stack.of(this);
    const parts = (arn: string) => arn.split(':');
    for (const target of [...(props.copyTo ?? []), ...(props.accountCopyTo ? [props.accountCopyTo] : [])]) {
      if (!VAULT_ARN.test(target.vaultArn)) {
        throw new Error(`DatabaseBackupPlan: copyTo vault '${target.vaultArn}' is not a backup vault ARN (arn:aws:backup:<region>:<account>:backup-vault:<name>).`);
      }
    }
    for (const target of props.copyTo ?? []) {
      if (!Token.isUnresolved(account) && parts(target.vaultArn)[4] !== account) {
        throw new Error(`DatabaseBackupPlan: copyTo vault '${target.vaultArn}' is in another account; AWS Backup cannot copy Aurora across accounts in a plan that copies across regions: give it as accountCopyTo.`);
      }
    }
    const accountTarget = props.accountCopyTo?.vaultArn;
    if (accountTarget && !Token.isUnresolved(region) && parts(accountTarget)[3] !== region) {
      throw new Error(`DatabaseBackupPlan: accountCopyTo vault '${accountTarget}' is in ${parts(accountTarget)[3]}, not ${region}; AWS Backup cannot copy Aurora across accounts and regions at once: use the backup account's vault in ${region}.`);
    }
    if (accountTarget && !Token.isUnresolved(account) && parts(accountTarget)[4] === account) {
      throw new Error(`DatabaseBackupPlan: accountCopyTo vault '${accountTarget}' is in this account; give a vault of the backup account.`);
    }
    const deleteAfter = Duration.days(retentionDays);
    const vault = backup.BackupVault.fromBackupVaultName(this, 'Vault', props.vaultName);
    const dailyPlan = (id: string, planName: string, targets: readonly BackupCopyTarget[], targetId: (i: number) => string) => new backup.BackupPlan(this, id, {
      backupPlanName: planName,
      backupVault: vault,
      backupPlanRules: [new backup.BackupPlanRule({
        ruleName: 'Daily',
        scheduleExpression: events.Schedule.cron({ hour: '5', minute: '0' }),
        startWindow: Duration.hours(1),
        completionWindow: Duration.hours(8),
        deleteAfter,
        copyActions: targets.map((t, i) => ({
          destinationBackupVault: backup.BackupVault.fromBackupVaultArn(this, targetId(i), t.vaultArn),
          deleteAfter,
        })),
      })],
    });
    this.plan = dailyPlan('Resource', props.planName, props.copyTo ?? [], (i) => `CopyTarget${i}`);
    const selection = this.plan.addSelection('Aurora', {
      resources: [backup.BackupResource.fromRdsDatabaseCluster(props.database)],
      allowRestores: true,
    });
    acknowledgeSelectionRole(selection);
    if (props.accountCopyTo) {
      this.accountPlan = dailyPlan('AccountCopy', `${props.planName}-account`, [props.accountCopyTo], () => 'AccountCopyTarget');
      // The same selection role: it backs up the same cluster.
      this.accountPlan.addSelection('Aurora', {
        resources: [backup.BackupResource.fromRdsDatabaseCluster(props.database)],
        role: selection.node.tryFindChild('Role') as iam.IRole,
      });
    }
    acknowledgeClusterBackup(props.database, `NIST CP-9 / PCI DSS 12.10.1: AWS Backup protects Aurora per cluster; the selection ` +
      `${selection.node.path} of plan ${props.planName} names this instance's cluster (daily, ${retentionDays} days, locked vault).`);
  }
}

/** The AWS-managed policies of a selection's role, acknowledged with the reason. */
function acknowledgeSelectionRole(selection: backup.BackupSelection): void {
  const role = selection.node.tryFindChild('Role');
  if (!role) return;
  for (const policy of ['AWSBackupServiceRolePolicyForBackup', 'AWSBackupServiceRolePolicyForRestores']) {
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/${policy}]`,
      reason: `PCI DSS 7.2.1: ${policy} is the AWS-maintained policy AWS Backup documents for its selection role; only backup.amazonaws.com assumes it, and AWS adds the permissions new resource types need.`,
    });
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
