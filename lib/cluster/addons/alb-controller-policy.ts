import { PARTITION, type StatementData } from '../policy-data';

/** The tag the controller puts on everything it creates (value: the cluster name). */
export const ALB_CONTROLLER_CLUSTER_TAG = 'elbv2.k8s.aws/cluster';

const TAG = ALB_CONTROLLER_CLUSTER_TAG;
const ELB = `arn:${PARTITION}:elasticloadbalancing:{region}:{account}`;
const SG = `arn:${PARTITION}:ec2:{region}:{account}:security-group/*`;
const LOAD_BALANCERS = [`${ELB}:loadbalancer/net/*/*`, `${ELB}:loadbalancer/app/*/*`];
const TARGET_GROUPS = [`${ELB}:targetgroup/*/*`];
const TAGGED_LBS = [...TARGET_GROUPS, ...LOAD_BALANCERS];
const LISTENERS = [`${ELB}:listener/net/*/*/*`, `${ELB}:listener/app/*/*/*`];
const RULES = [`${ELB}:listener-rule/net/*/*/*`, `${ELB}:listener-rule/app/*/*/*`];
const TAGGED = { Null: { [`aws:ResourceTag/${TAG}`]: 'false' } };

/**
 * The AWS Load Balancer Controller's IAM policy, from the controller's published
 * `docs/install/iam_policy.json` at the pinned release (v3.4.2, Apache-2.0,
 * kubernetes-sigs/aws-load-balancer-controller), as data. Every tag condition upstream has is
 * kept; the statements upstream leaves on `*` without one are narrowed for this platform:
 *
 * - ARNs are scoped to the region and account instead of `*:*`;
 * - the one untagged security-group write upstream grants on every group (ingress rules, for the
 *   rule from the controller's backend group to the pods) is limited to the cluster security
 *   group, which every node and pod carries: `{clusterSecurityGroup}`. Any other group, the
 *   database's and the cache's included, can only be changed when it carries the controller's tag;
 * - new security groups only in the platform's VPC (`{vpc}`) and only with the tag;
 * - listeners and rules: created, changed and deleted only on resources carrying the tag. The
 *   controller tags listeners and rules when its `ListenerRulesTagging` feature gate is on (the
 *   default in v3.4.2; set explicitly in the chart values); tags on them may be added when they are created,
 *   or changed later on ones that already carry the tag without touching the tag itself;
 * - targets are registered only in target groups carrying the tag (no TargetGroupBinding to a
 *   target group created elsewhere);
 * - the WAFv2 calls are limited to web ACLs and ALBs of this region and account.
 * The Cognito and WAF Classic (`waf-regional`) permissions are left out: the platform uses neither.
 *
 * What stays broad (IAM offers no condition for it): `elasticloadbalancing:SetWebAcl` and
 * `wafv2:DisassociateWebACL` (any ALB of the region and account; the first also needs
 * `wafv2:AssociateWebACL`), `elasticloadbalancing:SetRulePriorities` (reorders rules of any
 * listener; no condition keys), `ec2:CreateSecurityGroup`'s VPC side, the Shield protection calls
 * (the platform sets no Shield annotation), and the read-only `Describe*`/`Get*` calls.
 */
export const ALB_CONTROLLER_POLICY: StatementData[] = [
  {
    actions: ['iam:CreateServiceLinkedRole'],
    resources: ['*'],
    conditions: { StringEquals: { 'iam:AWSServiceName': 'elasticloadbalancing.amazonaws.com' } },
  },
  {
    actions: [
      'ec2:DescribeAccountAttributes', 'ec2:DescribeAddresses', 'ec2:DescribeAvailabilityZones', 'ec2:DescribeInternetGateways',
      'ec2:DescribeVpcs', 'ec2:DescribeVpcPeeringConnections', 'ec2:DescribeSubnets', 'ec2:DescribeSecurityGroups',
      'ec2:DescribeInstances', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeTags', 'ec2:DescribeRouteTables',
      'ec2:GetCoipPoolUsage', 'ec2:DescribeCoipPools', 'ec2:GetSecurityGroupsForVpc', 'ec2:DescribeIpamPools',
      'elasticloadbalancing:DescribeLoadBalancers', 'elasticloadbalancing:DescribeLoadBalancerAttributes',
      'elasticloadbalancing:DescribeListeners', 'elasticloadbalancing:DescribeListenerCertificates',
      'elasticloadbalancing:DescribeSSLPolicies', 'elasticloadbalancing:DescribeRules', 'elasticloadbalancing:DescribeTargetGroups',
      'elasticloadbalancing:DescribeTargetGroupAttributes', 'elasticloadbalancing:DescribeTargetHealth',
      'elasticloadbalancing:DescribeTags', 'elasticloadbalancing:DescribeTrustStores', 'elasticloadbalancing:DescribeListenerAttributes',
      'elasticloadbalancing:DescribeCapacityReservation',
    ],
    resources: ['*'],
  },
  {
    actions: [
      'acm:ListCertificates', 'acm:DescribeCertificate', 'iam:ListServerCertificates', 'iam:GetServerCertificate',
      'shield:GetSubscriptionState', 'shield:DescribeProtection', 'shield:CreateProtection', 'shield:DeleteProtection',
    ],
    resources: ['*'],
  },
  {
    actions: ['wafv2:GetWebACL', 'wafv2:GetWebACLForResource', 'wafv2:AssociateWebACL', 'wafv2:DisassociateWebACL'],
    resources: [`arn:${PARTITION}:wafv2:{region}:{account}:regional/webacl/*/*`, `${ELB}:loadbalancer/app/*/*`],
  },
  // Upstream: on every security group. Here: the cluster security group only (nodes and pods).
  {
    actions: ['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress'],
    resources: [`arn:${PARTITION}:ec2:{region}:{account}:security-group/{clusterSecurityGroup}`],
  },
  // Upstream: CreateSecurityGroup on `*`. Here: tagged at creation, in the platform's VPC.
  { actions: ['ec2:CreateSecurityGroup'], resources: [SG], conditions: { Null: { [`aws:RequestTag/${TAG}`]: 'false' } } },
  { actions: ['ec2:CreateSecurityGroup'], resources: [`arn:${PARTITION}:ec2:{region}:{account}:vpc/{vpc}`] },
  {
    actions: ['ec2:CreateTags'],
    resources: [SG],
    conditions: { StringEquals: { 'ec2:CreateAction': 'CreateSecurityGroup' }, Null: { [`aws:RequestTag/${TAG}`]: 'false' } },
  },
  {
    actions: ['ec2:CreateTags', 'ec2:DeleteTags'],
    resources: [SG],
    conditions: { Null: { [`aws:RequestTag/${TAG}`]: 'true', [`aws:ResourceTag/${TAG}`]: 'false' } },
  },
  {
    actions: ['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress', 'ec2:DeleteSecurityGroup'],
    resources: [SG],
    conditions: TAGGED,
  },
  {
    actions: ['elasticloadbalancing:CreateLoadBalancer', 'elasticloadbalancing:CreateTargetGroup'],
    resources: TAGGED_LBS,
    conditions: { Null: { [`aws:RequestTag/${TAG}`]: 'false' } },
  },
  // Upstream: listener and rule writes on `*`. Here: on tagged load balancers, listeners and rules.
  { actions: ['elasticloadbalancing:CreateListener'], resources: LOAD_BALANCERS, conditions: TAGGED },
  {
    actions: ['elasticloadbalancing:CreateRule', 'elasticloadbalancing:DeleteListener', 'elasticloadbalancing:ModifyListener',
      'elasticloadbalancing:AddListenerCertificates', 'elasticloadbalancing:RemoveListenerCertificates'],
    resources: LISTENERS,
    conditions: TAGGED,
  },
  { actions: ['elasticloadbalancing:DeleteRule', 'elasticloadbalancing:ModifyRule'], resources: RULES, conditions: TAGGED },
  {
    actions: ['elasticloadbalancing:AddTags', 'elasticloadbalancing:RemoveTags'],
    resources: TAGGED_LBS,
    conditions: { Null: { [`aws:RequestTag/${TAG}`]: 'true', [`aws:ResourceTag/${TAG}`]: 'false' } },
  },
  // Upstream: any tag on any listener or rule (which would let the tag be put on another system's
  // listener). Here: like load balancers, at creation, or later without touching the tag.
  {
    actions: ['elasticloadbalancing:AddTags', 'elasticloadbalancing:RemoveTags'],
    resources: [...LISTENERS, ...RULES],
    conditions: { Null: { [`aws:RequestTag/${TAG}`]: 'true', [`aws:ResourceTag/${TAG}`]: 'false' } },
  },
  {
    actions: ['elasticloadbalancing:AddTags'],
    resources: [...LISTENERS, ...RULES],
    conditions: {
      StringEquals: { 'elasticloadbalancing:CreateAction': ['CreateListener', 'CreateRule'] },
      Null: { [`aws:RequestTag/${TAG}`]: 'false' },
    },
  },
  {
    actions: [
      'elasticloadbalancing:ModifyLoadBalancerAttributes', 'elasticloadbalancing:SetIpAddressType', 'elasticloadbalancing:SetSecurityGroups',
      'elasticloadbalancing:SetSubnets', 'elasticloadbalancing:DeleteLoadBalancer', 'elasticloadbalancing:ModifyTargetGroup',
      'elasticloadbalancing:ModifyTargetGroupAttributes', 'elasticloadbalancing:DeleteTargetGroup',
      'elasticloadbalancing:ModifyListenerAttributes', 'elasticloadbalancing:ModifyCapacityReservation', 'elasticloadbalancing:ModifyIpPools',
    ],
    resources: ['*'],
    conditions: TAGGED,
  },
  {
    actions: ['elasticloadbalancing:AddTags'],
    resources: TAGGED_LBS,
    conditions: {
      StringEquals: { 'elasticloadbalancing:CreateAction': ['CreateTargetGroup', 'CreateLoadBalancer'] },
      Null: { [`aws:RequestTag/${TAG}`]: 'false' },
    },
  },
  // Upstream: any target group. Here: tagged ones.
  { actions: ['elasticloadbalancing:RegisterTargets', 'elasticloadbalancing:DeregisterTargets'], resources: TARGET_GROUPS, conditions: TAGGED },
  { actions: ['elasticloadbalancing:SetRulePriorities'], resources: RULES },
  { actions: ['elasticloadbalancing:SetWebAcl'], resources: ['*'] },
];
