/*
 * IAM evaluation of the Region switch execution and approval roles (@cloud-copilot/iam-simulate,
 * with the backups key's own key policy as the resource policy for KMS): every call the plans'
 * steps make is allowed on the resources the plans name; calls a wider policy would let through
 * are denied. A widened copy of the policy shows the denial checks can fail.
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { examplePlatform } from '../app/platform-fixture';

/* eslint-disable @typescript-eslint/no-explicit-any */
const ACCOUNT = '123456789012';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/verypay-prod-region-switch`;
const PLAN_ARN = `arn:aws:arc-region-switch::${ACCOUNT}:plan/verypay-prod-euw1:abc123`;

/** Resolves the intrinsics a policy document uses here (partition, account, joins). */
function resolve(v: any): any {
  if (Array.isArray(v)) return v.map(resolve);
  if (v && typeof v === 'object') {
    if ('Ref' in v) return ({ 'AWS::Partition': 'aws', 'AWS::AccountId': ACCOUNT } as Record<string, string>)[v.Ref] ?? `«${v.Ref}»`;
    if ('Fn::Join' in v) return (resolve(v['Fn::Join'][1]) as string[]).join(v['Fn::Join'][0]);
    if ('Fn::GetAtt' in v) return `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:«${v['Fn::GetAtt'][0]}»`;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x)]));
  }
  return v;
}

let global: any;
let backupsKeyPolicy: any;
beforeAll(() => {
  const stacks = examplePlatform().assembly.stacks;
  global = stacks.find((s) => s.stackName === 'PaymentPlatform-global')!.template;
  const base = stacks.find((s) => s.stackName === 'PaymentPlatform-eu-west-1-base')!.template;
  backupsKeyPolicy = Object.values<any>(base.Resources).find((r) => r.Type === 'AWS::KMS::Key' && r.Properties.Description.includes('Backups')).Properties.KeyPolicy;
});

function policyOf(roleLogicalIdPrefix: string): any {
  const role = Object.keys(global.Resources).find((id) => id.startsWith(roleLogicalIdPrefix) && global.Resources[id].Type === 'AWS::IAM::Role')!;
  const policy = Object.values<any>(global.Resources).find((r) => r.Type === 'AWS::IAM::ManagedPolicy' && r.Properties.Roles.some((x: any) => x.Ref === role));
  return resolve(policy.Properties.PolicyDocument);
}

async function decide(policy: any, action: string, resource: string, context: Record<string, string | string[]> = {}, principal = ROLE): Promise<string> {
  const result: any = await runSimulation({
    request: { principal, action, resource: { resource, accountId: ACCOUNT }, contextVariables: context },
    identityPolicies: [{ name: 'role', policy }],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: action.startsWith('kms:') ? backupsKeyPolicy : undefined,
  }, {});
  if (result.resultType !== 'single') throw new Error(`${action} on ${resource}: ${JSON.stringify(result.errors ?? result)}`);
  return result.overallResult;
}

const S3_EU = { 'kms:ViaService': 's3.eu-west-1.amazonaws.com', 'kms:ResourceAliases': ['alias/verypay-prod-backups'] };
const KEY_EU = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

/** What the steps of the eu-west-1 plan call, on what (from the plan's own configuration). */
const NEEDED: [string, string, Record<string, string | string[]>?][] = [
  ['rds:DescribeGlobalClusters', `arn:aws:rds::${ACCOUNT}:global-cluster:verypay-prod-global`],
  ['rds:SwitchoverGlobalCluster', `arn:aws:rds::${ACCOUNT}:global-cluster:verypay-prod-global`],
  ['rds:FailoverGlobalCluster', `arn:aws:rds::${ACCOUNT}:global-cluster:verypay-prod-global`],
  ['rds:SwitchoverGlobalCluster', `arn:aws:rds:eu-west-1:${ACCOUNT}:cluster:verypay-prod-euw1-postgres`],
  ['rds:FailoverGlobalCluster', `arn:aws:rds:us-east-1:${ACCOUNT}:cluster:verypay-prod-use1-postgres`],
  ['rds:DescribeDBClusters', `arn:aws:rds:eu-west-1:${ACCOUNT}:cluster:verypay-prod-euw1-postgres`],
  ['eks:DescribeCluster', `arn:aws:eks:eu-west-1:${ACCOUNT}:cluster/verypay-prod-euw1`],
  ['eks:DescribeCluster', `arn:aws:eks:us-east-1:${ACCOUNT}:cluster/verypay-prod-use1`],
  ['eks:ListAssociatedAccessPolicies', `arn:aws:eks:eu-west-1:${ACCOUNT}:access-entry/verypay-prod-euw1/role/${ACCOUNT}/verypay-prod-region-switch/0ac7c4a2`],
  ['s3:PutObject', `arn:aws:s3:::verypay-prod-euw1-backups-${ACCOUNT}/region-switch-reports/verypay-prod-euw1/2026-12-01/report.pdf`],
  ['kms:GenerateDataKey', KEY_EU, S3_EU],
  ['kms:Encrypt', KEY_EU, S3_EU],
  ['cloudwatch:DescribeAlarms', `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:«HealthAlarmsAlarmeuwest10BCD71EB»`],
  ['arc-region-switch:GetPlan', PLAN_ARN],
  ['iam:SimulatePrincipalPolicy', ROLE],
];

/** Calls a role this wide should not be able to make. */
const FORBIDDEN: [string, string, Record<string, string | string[]>?][] = [
  ['rds:DeleteDBCluster', `arn:aws:rds:eu-west-1:${ACCOUNT}:cluster:verypay-prod-euw1-postgres`],
  ['rds:ModifyDBCluster', `arn:aws:rds:eu-west-1:${ACCOUNT}:cluster:verypay-prod-euw1-postgres`],
  ['rds:FailoverGlobalCluster', `arn:aws:rds::${ACCOUNT}:global-cluster:someone-elses-global`],
  ['rds:RemoveFromGlobalCluster', `arn:aws:rds::${ACCOUNT}:global-cluster:verypay-prod-global`],
  ['eks:DescribeCluster', `arn:aws:eks:eu-west-1:${ACCOUNT}:cluster/another-team`],
  ['eks:CreateAccessEntry', `arn:aws:eks:eu-west-1:${ACCOUNT}:cluster/verypay-prod-euw1`],
  ['s3:PutObject', `arn:aws:s3:::verypay-prod-euw1-backups-${ACCOUNT}/postgres/verypay-2026-12-01.dump`],
  ['s3:GetObject', `arn:aws:s3:::verypay-prod-euw1-backups-${ACCOUNT}/postgres/verypay-2026-12-01.dump`],
  ['s3:DeleteObject', `arn:aws:s3:::verypay-prod-euw1-backups-${ACCOUNT}/region-switch-reports/verypay-prod-euw1/report.pdf`],
  ['kms:Decrypt', KEY_EU, S3_EU],
  ['kms:GenerateDataKey', KEY_EU, { ...S3_EU, 'kms:ResourceAliases': ['alias/verypay-prod-secrets'] }],
  ['kms:GenerateDataKey', KEY_EU, { ...S3_EU, 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' }],
  ['iam:PassRole', ROLE],
  ['iam:SimulatePrincipalPolicy', `arn:aws:iam::${ACCOUNT}:role/PlatformAdmin`],
  ['arc-region-switch:ApprovePlanExecutionStep', PLAN_ARN],
];

describe('Region switch roles (IAM evaluation)', () => {
  test.each(NEEDED)('the execution role may %s on %s', async (action, resource, context) => {
    expect(await decide(policyOf('RegionSwitchRolesExecutionRole'), action, resource, context)).toBe('Allowed');
  });

  test.each(FORBIDDEN)('the execution role may not %s on %s', async (action, resource, context) => {
    expect(await decide(policyOf('RegionSwitchRolesExecutionRole'), action, resource, context)).not.toBe('Allowed');
  });

  test('the denial checks fail on a widened policy (rds:* and s3:* on every resource)', async () => {
    const wide = policyOf('RegionSwitchRolesExecutionRole');
    wide.Statement.push({ Effect: 'Allow', Action: ['rds:*', 's3:*'], Resource: '*' });
    const allowed = [];
    for (const [action, resource, context] of FORBIDDEN) if (await decide(wide, action, resource, context) === 'Allowed') allowed.push(action);
    expect(allowed).toEqual(['rds:DeleteDBCluster', 'rds:ModifyDBCluster', 'rds:FailoverGlobalCluster', 'rds:RemoveFromGlobalCluster', 's3:PutObject', 's3:GetObject', 's3:DeleteObject']);
  });

  test('the approval role approves steps of the platform\'s plans only; the trust is the service principal, the account for approvers', async () => {
    const approval = policyOf('RegionSwitchRolesApprovalRole');
    expect(await decide(approval, 'arc-region-switch:ApprovePlanExecutionStep', PLAN_ARN)).toBe('Allowed');
    expect(await decide(approval, 'arc-region-switch:ApprovePlanExecutionStep', `arn:aws:arc-region-switch::${ACCOUNT}:plan/another-plan:abc123`)).not.toBe('Allowed');
    expect(await decide(approval, 'arc-region-switch:StartPlanExecution', PLAN_ARN)).not.toBe('Allowed');
    const trust = (prefix: string) => Object.entries<any>(global.Resources).find(([id, r]) => id.startsWith(prefix) && r.Type === 'AWS::IAM::Role')![1].Properties.AssumeRolePolicyDocument.Statement;
    expect(trust('RegionSwitchRolesExecutionRole')).toEqual([{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'arc-region-switch.amazonaws.com' } }]);
    expect(resolve(trust('RegionSwitchRolesApprovalRole'))).toEqual([{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } }]);
  });
});
/* eslint-enable @typescript-eslint/no-explicit-any */
