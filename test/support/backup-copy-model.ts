import { decide } from './iam-decide';

/**
 * A model of AWS Backup copying Aurora recovery points, over synthesized templates: every copy
 * action of a plan that selects an Aurora cluster, checked against what AWS Backup needs at run
 * time — Aurora copies change account or region but not both (one action, one plan); the
 * destination vault exists in the app with a compliance-mode lock that admits the retention; a
 * cross-account copy needs the destination vault's access policy to admit the source account, the
 * source's customer managed key shared with the destination account, and the destination key
 * usable by the source account through AWS Backup. IAM questions go to iam-simulate.
 */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface ModelStack {
  readonly name: string;
  readonly account: string;
  readonly region: string;
  readonly template: Json;
}

export interface CopyPath {
  readonly from: string;
  readonly plan: string;
  readonly to: string;
  readonly crossAccount: boolean;
  readonly crossRegion: boolean;
}

const backupRole = (account: string) => `arn:aws:iam::${account}:role/service-role/AWSBackupDefaultServiceRole`;
const ADMIN = (actions: string[]) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] });

function refsIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => refsIn(v, out));
  else if (value && typeof value === 'object') {
    const o = value as Json;
    if (typeof o.Ref === 'string') out.push(o.Ref);
    else if (Array.isArray(o['Fn::GetAtt'])) out.push(o['Fn::GetAtt'][0]);
    else Object.values(o).forEach((v) => refsIn(v, out));
  }
  return out;
}

/** Replaces every Ref/GetAtt of a key or vault with its ARN in that stack; anything else by a placeholder. */
function resolve(value: unknown, s: ModelStack): unknown {
  if (Array.isArray(value)) return value.map((v) => resolve(v, s));
  if (!value || typeof value !== 'object') return value;
  const o = value as Json;
  const id = typeof o.Ref === 'string' ? o.Ref : Array.isArray(o['Fn::GetAtt']) ? o['Fn::GetAtt'][0] : undefined;
  if (id !== undefined) {
    if (id === 'AWS::Partition') return 'aws';
    if (id === 'AWS::AccountId') return s.account;
    if (id === 'AWS::Region') return s.region;
    const r = s.template.Resources[id];
    if (r?.Type === 'AWS::KMS::Key') return `arn:aws:kms:${s.region}:${s.account}:key/${id}`;
    return `arn:aws:placeholder:::${id}`;
  }
  if (Array.isArray(o['Fn::Join'])) return (resolve(o['Fn::Join'][1], s) as string[]).join(o['Fn::Join'][0]);
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, resolve(v, s)]));
}

/** Every Aurora copy path of the app, and the problems AWS Backup would hit on each. */
export async function auroraCopies(stacks: readonly ModelStack[]): Promise<{ paths: CopyPath[]; problems: string[] }> {
  const paths: CopyPath[] = [];
  const problems: string[] = [];
  for (const s of stacks) {
    const resources = s.template.Resources as Record<string, Json>;
    for (const [planId, plan] of Object.entries(resources).filter(([, r]) => r.Type === 'AWS::Backup::BackupPlan')) {
      const clusters = Object.values(resources)
        .filter((r) => r.Type === 'AWS::Backup::BackupSelection' && refsIn(r.Properties.BackupPlanId).includes(planId))
        .flatMap((r) => refsIn(r.Properties.BackupSelection.Resources))
        .filter((id) => resources[id]?.Type === 'AWS::RDS::DBCluster');
      if (clusters.length === 0) continue;
      const planName = plan.Properties.BackupPlan.BackupPlanName as string;
      const kinds = new Set<string>();
      for (const rule of plan.Properties.BackupPlan.BackupPlanRule) {
        for (const action of rule.CopyActions ?? []) {
          const arn = String(action.DestinationBackupVaultArn);
          const [, , , region, account, , vaultName] = arn.split(':');
          const path: CopyPath = { from: `${s.account}/${s.region}`, plan: planName, to: `${account}/${region}/${vaultName}`, crossAccount: account !== s.account, crossRegion: region !== s.region };
          paths.push(path);
          const where = `${s.name} plan ${planName} → ${path.to}`;
          if (path.crossAccount && path.crossRegion) problems.push(`${where}: Aurora copies cannot change account and region in one copy`);
          if (path.crossAccount) kinds.add('account');
          if (path.crossRegion) kinds.add('region');
          const days = action.Lifecycle?.DeleteAfterDays as number | undefined;
          const dest = stacks.find((d) => d.account === account && d.region === region);
          const vaultEntry = dest && Object.entries(dest.template.Resources as Record<string, Json>)
            .find(([, r]) => r.Type === 'AWS::Backup::BackupVault' && r.Properties.BackupVaultName === vaultName);
          if (!dest || !vaultEntry) {
            problems.push(`${where}: no such vault in the app`);
            continue;
          }
          const vault = vaultEntry[1].Properties;
          const lock = vault.LockConfiguration;
          if (!lock || lock.ChangeableForDays === undefined) problems.push(`${where}: the vault has no compliance-mode lock`);
          else if (days !== undefined && (days < lock.MinRetentionDays || (lock.MaxRetentionDays !== undefined && days > lock.MaxRetentionDays))) {
            problems.push(`${where}: the lock rejects ${days} days`);
          }
          if (!path.crossAccount) continue;
          const vaultArn = `arn:aws:backup:${region}:${account}:backup-vault:${vaultName}`;
          const copyIn = vault.AccessPolicy
            ? await decide({ principal: backupRole(s.account), action: 'backup:CopyIntoBackupVault', resource: vaultArn, account, identityPolicies: [ADMIN(['backup:*'])], resourcePolicy: resolve(vault.AccessPolicy, dest) })
            : 'ImplicitlyDenied';
          if (copyIn !== 'Allowed') problems.push(`${where}: the vault access policy does not admit ${s.account} (${copyIn})`);
          for (const clusterId of clusters) {
            const keyId = refsIn(resources[clusterId].Properties.KmsKeyId)[0];
            const key = keyId && resources[keyId];
            if (!key || key.Type !== 'AWS::KMS::Key') continue;
            const keyArn = `arn:aws:kms:${s.region}:${s.account}:key/${keyId}`;
            const policy = resolve(key.Properties.KeyPolicy, s);
            const use = await decide({ principal: backupRole(account), action: 'kms:Decrypt', resource: keyArn, account: s.account, identityPolicies: [ADMIN(['kms:*'])], resourcePolicy: policy, context: { 'kms:ViaService': `backup.${s.region}.amazonaws.com` } });
            const grant = await decide({ principal: backupRole(account), action: 'kms:CreateGrant', resource: keyArn, account: s.account, identityPolicies: [ADMIN(['kms:*'])], resourcePolicy: policy, context: { 'kms:GrantIsForAWSResource': 'true' } });
            if (use !== 'Allowed' || grant !== 'Allowed') problems.push(`${where}: the cluster key ${keyId} is not shared with ${account} (Decrypt ${use}, CreateGrant ${grant})`);
          }
          const destKeyId = refsIn(vault.EncryptionKeyArn)[0];
          const destKey = destKeyId && dest.template.Resources[destKeyId];
          if (destKey?.Type === 'AWS::KMS::Key') {
            const destKeyArn = `arn:aws:kms:${region}:${account}:key/${destKeyId}`;
            const encrypt = await decide({ principal: backupRole(s.account), action: 'kms:GenerateDataKey', resource: destKeyArn, account, identityPolicies: [ADMIN(['kms:*'])], resourcePolicy: resolve(destKey.Properties.KeyPolicy, dest), context: { 'kms:ViaService': `backup.${region}.amazonaws.com` } });
            if (encrypt !== 'Allowed') problems.push(`${where}: the vault key does not let ${s.account} encrypt the copy (${encrypt})`);
          }
        }
      }
      if (kinds.size > 1) problems.push(`${s.name} plan ${planName}: Aurora copies across accounts and across regions cannot share one plan`);
    }
  }
  return { paths, problems };
}
