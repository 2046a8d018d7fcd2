/*
 * IAM evaluation of the Region switch execution and approval roles (@cloud-copilot/iam-simulate,
 * with the backups key's own key policy as the resource policy for KMS): every call the plans'
 * steps make is allowed on the resources the plans name; calls a wider policy would let through
 * are denied. A widened copy of the policy shows the denial checks can fail.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';
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
  backupsKeyPolicy = resolve(Object.values<any>(base.Resources).find((r) => r.Type === 'AWS::KMS::Key' && r.Properties.Description.includes('Backups')).Properties.KeyPolicy);
});

function policyOf(roleLogicalIdPrefix: string): any {
  const role = Object.keys(global.Resources).find((id) => id.startsWith(roleLogicalIdPrefix) && global.Resources[id].Type === 'AWS::IAM::Role')!;
  const policy = Object.values<any>(global.Resources).find((r) => r.Type === 'AWS::IAM::ManagedPolicy' && r.Properties.Roles.some((x: any) => x.Ref === role));
  return resolve(policy.Properties.PolicyDocument);
}

interface Request { action: string; resource: string; context?: Record<string, string | string[]>; policy: any }

/** Decisions for a batch of requests, evaluated in a child process (test/support/iam-simulate-runner.js). */
function decideAll(requests: Request[]): string[] {
  const simulations = requests.map((q) => ({
    request: { principal: ROLE, action: q.action, resource: { resource: q.resource, accountId: ACCOUNT }, contextVariables: q.context ?? {} },
    identityPolicies: [{ name: 'role', policy: q.policy }],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: q.action.startsWith('kms:') ? backupsKeyPolicy : undefined,
  }));
  const r = spawnSync(process.execPath, [path.join(__dirname, '..', 'support', 'iam-simulate-runner.js')], { input: JSON.stringify(simulations), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`iam-simulate runner failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as string[];
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
  ['cloudwatch:DescribeAlarms', `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:verypay-prod-api-health-eu-west-1`],
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
  test('the execution role may make every call the plans\' steps make, on the resources the plans name', () => {
    const policy = policyOf('RegionSwitchRolesExecutionRole');
    const decisions = decideAll(NEEDED.map(([action, resource, context]) => ({ action, resource, context, policy })));
    expect(NEEDED.map(([a, r], i) => `${a} ${r} ${decisions[i]}`)).toEqual(NEEDED.map(([a, r]) => `${a} ${r} Allowed`));
  });

  test('the execution role may not make calls a wider role could', () => {
    const policy = policyOf('RegionSwitchRolesExecutionRole');
    const decisions = decideAll(FORBIDDEN.map(([action, resource, context]) => ({ action, resource, context, policy })));
    expect(FORBIDDEN.filter((_, i) => decisions[i] === 'Allowed')).toEqual([]);
    expect(decisions.every((d) => d === 'ImplicitlyDenied' || d === 'ExplicitlyDenied')).toBe(true);
  });

  test('the denial check fails on a widened policy (rds:*, s3:* and kms:* on every resource)', () => {
    const wide = policyOf('RegionSwitchRolesExecutionRole');
    wide.Statement.push({ Effect: 'Allow', Action: ['rds:*', 's3:*', 'kms:*'], Resource: '*' });
    const decisions = decideAll(FORBIDDEN.map(([action, resource, context]) => ({ action, resource, context, policy: wide })));
    expect(FORBIDDEN.filter((_, i) => decisions[i] === 'Allowed').map(([a]) => a)).toEqual([
      'rds:DeleteDBCluster', 'rds:ModifyDBCluster', 'rds:FailoverGlobalCluster', 'rds:RemoveFromGlobalCluster',
      's3:PutObject', 's3:GetObject', 's3:DeleteObject', 'kms:Decrypt', 'kms:GenerateDataKey', 'kms:GenerateDataKey',
    ]);
  });

  test('the approval role approves steps of the platform\'s plans only; the trust is the service principal, the account for approvers', () => {
    const policy = policyOf('RegionSwitchRolesApprovalRole');
    expect(decideAll([
      { action: 'arc-region-switch:ApprovePlanExecutionStep', resource: PLAN_ARN, policy },
      { action: 'arc-region-switch:ApprovePlanExecutionStep', resource: `arn:aws:arc-region-switch::${ACCOUNT}:plan/another-plan:abc123`, policy },
      { action: 'arc-region-switch:StartPlanExecution', resource: PLAN_ARN, policy },
    ])).toEqual(['Allowed', 'ImplicitlyDenied', 'ImplicitlyDenied']);
    const trust = (prefix: string) => Object.entries<any>(global.Resources).find(([id, r]) => id.startsWith(prefix) && r.Type === 'AWS::IAM::Role')![1].Properties.AssumeRolePolicyDocument.Statement;
    expect(trust('RegionSwitchRolesExecutionRole')).toEqual([{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'arc-region-switch.amazonaws.com' } }]);
    expect(resolve(trust('RegionSwitchRolesApprovalRole'))).toEqual([{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } }]);
  });
});
/* eslint-enable @typescript-eslint/no-explicit-any */
