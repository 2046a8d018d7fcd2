/*
 * Copies into a separate backup account as AWS Backup would run them (test/support/backup-copy-model.ts):
 * each region's Aurora recovery point reaches the backup account's compliance-locked vault of the
 * same region, with the keys shared and the vault open to the platform account only.
 */
import { App } from 'aws-cdk-lib';
import { examplePlatformConfig } from '../../bin/example-config';
import { PaymentPlatform } from '../../lib/stacks/payment-platform';
import { DatabaseBackupPlan } from '../../lib/data/backup-plan';
import { auroraCopies, type ModelStack } from '../support/backup-copy-model';
import { testStack, withToday } from '../support/fixtures';
import { decide } from '../support/iam-decide';
import { nagFindings } from '../support/compliance';
import { TODAY } from '../app/platform-fixture';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as ec2 from 'aws-cdk-lib/aws-ec2';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const BACKUP_ACCOUNT = '210987654321';

let platformApp: App | undefined;
function stacksOf(createVaults = true): ModelStack[] {
  const app = new App();
  platformApp ??= app;
  new PaymentPlatform(withToday(app, TODAY), {
    ...examplePlatformConfig,
    securityBaseline: { mode: 'account', backupAccount: { accountId: BACKUP_ACCOUNT, vaultName: 'payments-backups', createVaults } },
  });
  return app.synth().stacks.map((s) => ({ name: s.stackName, account: s.environment.account, region: s.environment.region, template: s.template as Json }));
}

const built = stacksOf();
/** A copy of the stacks with one resource's property changed (the defect a test re-introduces). */
function mutated(change: (stack: ModelStack) => void): ModelStack[] {
  const copy = JSON.parse(JSON.stringify(built)) as ModelStack[];
  copy.forEach(change);
  return copy;
}
const withoutStatement = (doc: Json, sid: string) => ({ ...doc, Statement: doc.Statement.filter((st: Json) => st.Sid !== sid) });

describe('Aurora copies into the backup account (example with securityBaseline.backupAccount)', () => {
  test('every region copies to the failover region (same account) and to the backup account in its own region, and AWS Backup can run each copy', async () => {
    const { paths, problems } = await auroraCopies(built);
    expect(problems).toEqual([]);
    expect(paths.map((p) => `${p.from} ${p.plan} → ${p.to}`).sort()).toEqual([
      '123456789012/ap-southeast-1 verypay-prod-apse1-aurora → 123456789012/eu-west-1/verypay-prod-euw1-backups',
      `123456789012/ap-southeast-1 verypay-prod-apse1-aurora-account → ${BACKUP_ACCOUNT}/ap-southeast-1/payments-backups`,
      `123456789012/eu-west-1 verypay-prod-euw1-aurora-account → ${BACKUP_ACCOUNT}/eu-west-1/payments-backups`,
      '123456789012/us-east-1 verypay-prod-use1-aurora → 123456789012/eu-west-1/verypay-prod-euw1-backups',
      `123456789012/us-east-1 verypay-prod-use1-aurora-account → ${BACKUP_ACCOUNT}/us-east-1/payments-backups`,
    ]);
  });

  test('the backup account\'s vaults are stacks of that account, one per region, locked in compliance mode', () => {
    const vaults = built.filter((s) => s.account === BACKUP_ACCOUNT);
    expect(vaults.map((s) => `${s.name} ${s.region}`).sort()).toEqual([
      'PaymentPlatform-ap-southeast-1-backup-account ap-southeast-1', 'PaymentPlatform-eu-west-1-backup-account eu-west-1', 'PaymentPlatform-us-east-1-backup-account us-east-1',
    ]);
    for (const s of vaults) {
      const vault = Object.values<Json>(s.template.Resources).find((r) => r.Type === 'AWS::Backup::BackupVault')!;
      expect(vault.Properties.LockConfiguration).toEqual({ ChangeableForDays: 3, MinRetentionDays: 7 });
      expect(vault.DeletionPolicy).toBe('Retain');
    }
  });

  test('only the platform account may copy in: another account is denied by the vault access policy', async () => {
    const s = built.find((x) => x.name === 'PaymentPlatform-us-east-1-backup-account')!;
    const vault = Object.values<Json>(s.template.Resources).find((r) => r.Type === 'AWS::Backup::BackupVault')!;
    const ask = (account: string) => decide({
      principal: `arn:aws:iam::${account}:role/service-role/AWSBackupDefaultServiceRole`, action: 'backup:CopyIntoBackupVault',
      resource: `arn:aws:backup:us-east-1:${BACKUP_ACCOUNT}:backup-vault:payments-backups`, account: BACKUP_ACCOUNT,
      identityPolicies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'backup:*', Resource: '*' }] }], resourcePolicy: vault.Properties.AccessPolicy,
    });
    expect(await ask('123456789012')).toBe('Allowed');
    expect(await ask('999999999999')).toBe('ImplicitlyDenied');
  });

  test('the backup account\'s stacks and a regional stack with the account copy have no unacknowledged cdk-nag finding', () => {
    const stacks = platformApp!.node.children.filter((c) => /^PaymentPlatform-(.+-backup-account|us-east-1)$/.test(c.node.id));
    expect(stacks).toHaveLength(4);
    expect(stacks.flatMap((st) => nagFindings(st))).toEqual([]);
  });

  test('createVaults: false adds no stack to the backup account, and the model says which vaults the app then relies on', async () => {
    const stacks = stacksOf(false);
    expect(stacks.filter((s) => s.account === BACKUP_ACCOUNT)).toEqual([]);
    const { problems } = await auroraCopies(stacks);
    expect(problems.sort()).toEqual([['ap-southeast-1', 'apse1'], ['eu-west-1', 'euw1'], ['us-east-1', 'use1']]
      .map(([r, short]) => `PaymentPlatform-${r} plan verypay-prod-${short}-aurora-account → ${BACKUP_ACCOUNT}/${r}/payments-backups: no such vault in the app`));
  });
});

describe('the copy model catches what it exists for', () => {
  test('fails when the cluster key is not shared with the backup account', async () => {
    const stacks = mutated((s) => {
      for (const r of Object.values<Json>(s.template.Resources)) {
        if (r.Type === 'AWS::KMS::Key') r.Properties.KeyPolicy = withoutStatement(withoutStatement(r.Properties.KeyPolicy, 'AllowBackupAccountCopies'), 'AllowBackupAccountGrantsForCopies');
      }
    });
    const { problems } = await auroraCopies(stacks);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/is not shared with 210987654321 \(Decrypt ImplicitlyDenied, CreateGrant ImplicitlyDenied\)/);
  });

  test('fails when the vault does not admit the platform account, or is not locked in compliance mode', async () => {
    const stacks = mutated((s) => {
      for (const r of Object.values<Json>(s.template.Resources)) {
        if (r.Type === 'AWS::Backup::BackupVault' && s.account === BACKUP_ACCOUNT) {
          delete r.Properties.AccessPolicy;
          delete r.Properties.LockConfiguration.ChangeableForDays; // governance mode
        }
      }
    });
    const { problems } = await auroraCopies(stacks);
    expect(problems.filter((p) => p.includes('no compliance-mode lock'))).toHaveLength(3);
    expect(problems.filter((p) => p.includes('does not admit 123456789012 (ImplicitlyDenied)'))).toHaveLength(3);
  });

  test('fails on the topology AWS Backup rejects: one plan copying across regions and into another account\'s vault elsewhere', async () => {
    const stacks = mutated((s) => {
      for (const r of Object.values<Json>(s.template.Resources)) {
        if (r.Type === 'AWS::Backup::BackupPlan' && r.Properties.BackupPlan.BackupPlanName === 'verypay-prod-use1-aurora') {
          r.Properties.BackupPlan.BackupPlanRule[0].CopyActions.push({ DestinationBackupVaultArn: `arn:aws:backup:eu-west-1:${BACKUP_ACCOUNT}:backup-vault:payments-backups`, Lifecycle: { DeleteAfterDays: 35 } });
        }
      }
    });
    const { problems } = await auroraCopies(stacks);
    expect(problems).toEqual(expect.arrayContaining([
      `PaymentPlatform-us-east-1 plan verypay-prod-use1-aurora → ${BACKUP_ACCOUNT}/eu-west-1/payments-backups: Aurora copies cannot change account and region in one copy`,
      'PaymentPlatform-us-east-1 plan verypay-prod-use1-aurora: Aurora copies across accounts and across regions cannot share one plan',
    ]));
  });

  test('DatabaseBackupPlan refuses that topology at synth time, with the fix', () => {
    const plan = (props: Partial<ConstructorParameters<typeof DatabaseBackupPlan>[2]>) => {
      const stack = testStack();
      const vpc = new ec2.Vpc(stack, 'Vpc');
      const database = new rds.DatabaseCluster(stack, 'Db', { engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 }), vpc, writer: rds.ClusterInstance.provisioned('w') });
      return () => new DatabaseBackupPlan(stack, 'Plan', { planName: 'p', vaultName: 'vault', database, ...props });
    };
    expect(plan({ copyTo: [{ vaultArn: `arn:aws:backup:eu-west-1:${BACKUP_ACCOUNT}:backup-vault:vault` }] }))
      .toThrow(/is in another account; AWS Backup cannot copy Aurora across accounts in a plan that copies across regions: give it as accountCopyTo/);
    expect(plan({ accountCopyTo: { vaultArn: `arn:aws:backup:eu-west-1:${BACKUP_ACCOUNT}:backup-vault:vault` } }))
      .toThrow(/is in eu-west-1, not us-east-1; AWS Backup cannot copy Aurora across accounts and regions at once: use the backup account's vault in us-east-1/);
    expect(plan({ accountCopyTo: { vaultArn: 'arn:aws:backup:us-east-1:123456789012:backup-vault:vault' } })).toThrow(/is in this account; give a vault of the backup account/);
  });
});
