import { Match, Template } from 'aws-cdk-lib/assertions';
import { EKS_ADDON_VERSIONS, HELM_CHARTS } from '../../lib/cluster/addons/versions';
import { PRESERVED_ON_DELETE } from '../../lib/cluster/addons/managed-addons';
import { unconditionedWrites } from '../../lib/cluster/addons/alb-controller';
import { ALB_CONTROLLER_POLICY } from '../../lib/cluster/addons/alb-controller-policy';
import { clusterFixture, type ClusterFixture } from './fixture';

let f: ClusterFixture;
let t: Template;
beforeAll(() => {
  f = clusterFixture();
  t = Template.fromStack(f.stack);
});

const logicalId = (c: { node: { defaultChild?: unknown } }): string => f.stack.getLogicalId((c.node.defaultChild ?? c) as never);
const managed = (p: string): unknown => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::aws:policy/${p}`]] });

/** The statements of the customer-managed policy attached to a role. */
function policyOf(roleLogicalId: string): unknown[] {
  const policies = t.findResources('AWS::IAM::ManagedPolicy', { Properties: { Roles: Match.arrayWith([{ Ref: roleLogicalId }]) } });
  return Object.values(policies).flatMap((p) => p.Properties.PolicyDocument.Statement as unknown[]);
}

describe('EKS managed add-ons', () => {
  test.each(Object.entries(EKS_ADDON_VERSIONS))('%s is pinned to %s and overwrites self-managed settings', (name, version) => {
    // Only CoreDNS outlives its resource on delete (the ALB controller needs it while it deletes the load balancer).
    const preserved = name === 'coredns';
    t.hasResourceProperties('AWS::EKS::Addon', { AddonName: name, AddonVersion: version, ResolveConflicts: 'OVERWRITE', PreserveOnDelete: preserved });
  });

  test('the add-ons kept on delete are exactly CoreDNS', () => {
    expect(PRESERVED_ON_DELETE).toEqual(['coredns']);
  });

  test('the pinned versions are the 1.35 builds', () => {
    expect(EKS_ADDON_VERSIONS).toEqual({
      'vpc-cni': 'v1.21.1-eksbuild.3', coredns: 'v1.13.2-eksbuild.1', 'kube-proxy': 'v1.35.0-eksbuild.2',
      'eks-pod-identity-agent': 'v1.3.10-eksbuild.3', 'aws-ebs-csi-driver': 'v1.57.1-eksbuild.1',
      'amazon-cloudwatch-observability': 'v5.3.0-eksbuild.1',
    });
  });

  test.each([
    ['vpc-cni', 'aws-node', 'AmazonEKS_CNI_Policy'],
    ['aws-ebs-csi-driver', 'ebs-csi-controller-sa', 'service-role/AmazonEBSCSIDriverPolicy'],
    ['amazon-cloudwatch-observability', 'cloudwatch-agent', 'CloudWatchAgentServerPolicy'],
  ] as const)('%s gets its own Pod Identity role (%s) with %s', (name, sa, policy) => {
    const role = f.cluster.managedAddons.roles[name]!.role;
    t.hasResourceProperties('AWS::EKS::Addon', { AddonName: name, PodIdentityAssociations: [{ ServiceAccount: sa, RoleArn: { 'Fn::GetAtt': [logicalId(role), 'Arn'] } }] });
    t.hasResourceProperties('AWS::IAM::Role', {
      RoleName: `verypay-prod-use1-${name}`,
      ManagedPolicyArns: [managed(policy)],
      AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'], Condition: { StringEquals: { 'aws:SourceAccount': '123456789012', 'aws:RequestTag/eks-cluster-name': 'verypay-prod-use1', 'aws:RequestTag/kubernetes-namespace': name === 'aws-ebs-csi-driver' || name === 'vpc-cni' ? 'kube-system' : 'amazon-cloudwatch', 'aws:RequestTag/kubernetes-service-account': sa } } }] },
    });
  });

  test('vpc-cni runs the network-policy agent, so NetworkPolicies are enforced', () => {
    t.hasResourceProperties('AWS::EKS::Addon', { AddonName: 'vpc-cni', ConfigurationValues: '{"enableNetworkPolicy":"true"}' });
  });

  test('the EBS CSI role may use the volume key, grants only for AWS resources', () => {
    const key = { 'Fn::GetAtt': [logicalId(f.keys.cluster), 'Arn'] };
    expect(policyOf(logicalId(f.cluster.managedAddons.roles['aws-ebs-csi-driver']!.role))).toEqual([
      { Effect: 'Allow', Resource: key, Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:ReEncryptFrom', 'kms:ReEncryptTo'] },
      { Effect: 'Allow', Resource: key, Action: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'], Condition: { Bool: { 'kms:GrantIsForAWSResource': true } } },
    ]);
  });

  test('add-ons that need nodes wait for the node groups', () => {
    const groups = Object.values(f.cluster.nodeGroups.groups).map(logicalId);
    for (const addon of f.cluster.managedAddons.afterNodes) {
      expect(t.toJSON().Resources[logicalId(addon)].DependsOn).toEqual(expect.arrayContaining(groups));
    }
  });
});

describe('StorageClasses', () => {
  test('gp3 (default, Delete) and gp3-csi (Retain), encrypted with the cluster key, WaitForFirstConsumer', () => {
    const manifest = t.toJSON().Resources[logicalId(f.cluster.storageClasses)].Properties.Manifest;
    const json = JSON.stringify(f.stack.resolve(manifest));
    for (const [name, policy, isDefault] of [['gp3', 'Delete', 'true'], ['gp3-csi', 'Retain', 'false']]) {
      expect(json).toContain(`\\"name\\":\\"${name}\\"`);
      expect(json).toContain(`\\"storageclass.kubernetes.io/is-default-class\\":\\"${isDefault}\\"`);
      expect(json).toContain(`\\"reclaimPolicy\\":\\"${policy}\\"`);
    }
    expect(json).toContain('\\"provisioner\\":\\"ebs.csi.aws.com\\"');
    expect(json).toContain('\\"type\\":\\"gp3\\",\\"encrypted\\":\\"true\\",\\"kmsKeyId\\":\\"');
    expect(json).toContain(logicalId(f.keys.cluster));
    expect(json.match(/WaitForFirstConsumer/g)).toHaveLength(2);
    expect(json.match(/\\"allowVolumeExpansion\\":true/g)).toHaveLength(2);
  });
});

describe('Helm add-ons', () => {
  test.each(Object.values(HELM_CHARTS))('$chart $version from $repository into $namespace', (pin) => {
    t.hasResourceProperties('Custom::AWSCDK-EKS-HelmChart', {
      Chart: pin.chart, Version: pin.version, Repository: pin.repository, Namespace: pin.namespace, Release: pin.release, Wait: true, Atomic: true,
    });
  });

  test('chart versions are pinned exactly', () => {
    expect(Object.fromEntries(Object.values(HELM_CHARTS).map((p) => [p.chart, p.version]))).toEqual({
      'aws-load-balancer-controller': '3.4.2', 'external-dns': '1.21.1', 'external-secrets': '2.9.0',
      'cluster-autoscaler': '9.54.0', 'metrics-server': '3.13.0', 'kube-prometheus-stack': '88.2.0',
    });
  });

  test.each([
    ['aws-load-balancer-controller', 'kube-system', 'aws-load-balancer-controller'],
    ['external-dns', 'external-dns', 'external-dns'],
    ['cluster-autoscaler', 'kube-system', 'cluster-autoscaler'],
  ])('%s: Pod Identity association %s/%s with a deterministic role name', (workload, namespace, sa) => {
    t.hasResourceProperties('AWS::IAM::Role', { RoleName: `verypay-prod-use1-${workload}` });
    t.hasResourceProperties('AWS::EKS::PodIdentityAssociation', { Namespace: namespace, ServiceAccount: sa, ClusterName: { Ref: logicalId(f.cluster.cluster) } });
  });

  test('each chart is installed after its role association (Pod Identity only reaches pods created later)', () => {
    for (const addon of [f.cluster.albController, f.cluster.externalDns, f.cluster.clusterAutoscaler]) {
      const deps = t.toJSON().Resources[logicalId(addon.chart)].DependsOn;
      expect(deps).toEqual(expect.arrayContaining([logicalId(addon.identity!.association!), logicalId(addon.policy!)]));
    }
  });

  test('ExternalDNS may change records only in the platform hosted zone, upsert-only, filtered to the domain', () => {
    expect(policyOf(logicalId(f.cluster.externalDns.identity!.role))).toEqual([
      { Effect: 'Allow', Action: ['route53:ChangeResourceRecordSets', 'route53:ListResourceRecordSets'],
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':route53:::hostedzone/Z0123456789ABC']] } },
      { Effect: 'Allow', Action: ['route53:ListHostedZones', 'route53:ListTagsForResources'], Resource: '*' },
    ]);
    const values = JSON.parse(t.toJSON().Resources[logicalId(f.cluster.externalDns.chart)].Properties.Values);
    expect(values).toMatchObject({ policy: 'upsert-only', domainFilters: ['verypay.example.com'], extraArgs: ['--zone-id-filter=Z0123456789ABC'], txtOwnerId: 'verypay-prod-use1' });
  });

  test('Cluster Autoscaler scales only groups tagged as owned by this cluster', () => {
    const statements = policyOf(logicalId(f.cluster.clusterAutoscaler.identity!.role));
    expect(statements[0]).toEqual({
      Effect: 'Allow',
      Action: ['autoscaling:SetDesiredCapacity', 'autoscaling:TerminateInstanceInAutoScalingGroup'],
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':autoscaling:us-east-1:123456789012:autoScalingGroup:*:autoScalingGroupName/*']] },
      Condition: { StringEquals: { 'aws:ResourceTag/k8s.io/cluster-autoscaler/verypay-prod-use1': 'owned' } },
    });
    expect(statements[2]).toEqual({
      Effect: 'Allow', Action: 'eks:DescribeNodegroup',
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':eks:us-east-1:123456789012:nodegroup/verypay-prod-use1/*/*']] },
    });
    const values = JSON.parse(t.toJSON().Resources[logicalId(f.cluster.clusterAutoscaler.chart)].Properties.Values);
    expect(values).toMatchObject({ autoDiscovery: { clusterName: 'verypay-prod-use1' }, image: { tag: 'v1.35.0' }, awsRegion: 'us-east-1' });
  });

  test("External Secrets: the controller has no AWS identity at all (each namespace's SecretStore brings its own reader)", () => {
    expect(f.cluster.externalSecrets.identity).toBeUndefined();
    expect(f.cluster.externalSecrets.policy).toBeUndefined();
    expect(JSON.stringify(t.findResources('AWS::EKS::PodIdentityAssociation'))).not.toContain('"external-secrets"');
  });

  test('the ALB controller policy mutates only resources tagged by the controller, scoped to the region and account', () => {
    const statements = policyOf(logicalId(f.cluster.albController.identity!.role)) as { Action: string | string[]; Resource: unknown; Condition?: unknown }[];
    const actions = statements.flatMap((s) => ([] as string[]).concat(s.Action));
    expect(actions).not.toContain('cognito-idp:DescribeUserPoolClient');
    expect(actions.some((a) => a.startsWith('waf-regional:'))).toBe(false);
    expect(actions.some((a) => a.endsWith('*'))).toBe(false);
    const deletes = statements.filter((s) => ([] as string[]).concat(s.Action).includes('elasticloadbalancing:DeleteLoadBalancer'));
    expect(deletes).toEqual([expect.objectContaining({ Condition: { Null: { 'aws:ResourceTag/elbv2.k8s.aws/cluster': 'false' } } })]);
    // The only untagged security group it may open: the cluster security group (nodes and pods).
    const untaggedIngress = statements.filter((s) => ([] as string[]).concat(s.Action).includes('ec2:AuthorizeSecurityGroupIngress') && !s.Condition);
    expect(untaggedIngress.map((s) => s.Resource)).toEqual([{ 'Fn::Join': ['', [
      'arn:', { Ref: 'AWS::Partition' }, ':ec2:us-east-1:123456789012:security-group/', { 'Fn::GetAtt': [logicalId(f.cluster.cluster), 'ClusterSecurityGroupId'] },
    ]] }]);
    // The values hold the VPC id (a Join); the feature gate is literal text in it.
    expect(JSON.stringify(t.toJSON().Resources[logicalId(f.cluster.albController.chart)].Properties.Values))
      .toContain('\\"controllerConfig\\":{\\"featureGates\\":{\\"ListenerRulesTagging\\":true}}');
  });

  test('the acknowledgement lists exactly the writes no condition limits', () => {
    expect(unconditionedWrites(ALB_CONTROLLER_POLICY)).toEqual([
      'elasticloadbalancing:SetRulePriorities', 'elasticloadbalancing:SetWebAcl', 'shield:CreateProtection', 'shield:DeleteProtection',
      'wafv2:AssociateWebACL', 'wafv2:DisassociateWebACL',
    ]);
    expect(unconditionedWrites([{ actions: ['ec2:DescribeVpcs', 'ec2:CreateTags'], resources: ['*'] }, { actions: ['s3:PutObject'], resources: ['arn:x/*'], conditions: { Null: {} } }]))
      .toEqual(['ec2:CreateTags']);
  });

  test('kube-prometheus-stack: every namespace\'s monitors and rules, gp3 volumes, Grafana password from a generated secret', () => {
    const values = JSON.parse(t.toJSON().Resources[logicalId(f.cluster.monitoring.chart)].Properties.Values);
    expect(values.prometheus.prometheusSpec).toMatchObject({
      serviceMonitorSelectorNilUsesHelmValues: false, podMonitorSelectorNilUsesHelmValues: false, ruleSelectorNilUsesHelmValues: false,
      storageSpec: { volumeClaimTemplate: { spec: { storageClassName: 'gp3' } } },
    });
    expect(values.grafana.admin).toEqual({ existingSecret: 'grafana-admin', userKey: 'admin-user', passwordKey: 'admin-password' });
    expect(JSON.stringify(values)).not.toMatch(/adminPassword/);
    // Highly available across zones (monitoring-ha.ts; the zone-loss simulation covers what it means).
    expect(values.prometheus.prometheusSpec).toMatchObject({ replicas: 2, podAntiAffinity: 'hard', podAntiAffinityTopologyKey: 'topology.kubernetes.io/zone', nodeSelector: { role: 'system' } });
    expect(values.prometheus.podDisruptionBudget).toEqual({ enabled: true, minAvailable: 1, unhealthyPodEvictionPolicy: 'AlwaysAllow' });
    expect(values.alertmanager.alertmanagerSpec).toEqual({ replicas: 3, podAntiAffinity: 'soft', podAntiAffinityTopologyKey: 'topology.kubernetes.io/zone', nodeSelector: { role: 'system' } });
    expect(values.alertmanager.podDisruptionBudget).toEqual({ enabled: true, minAvailable: 2, unhealthyPodEvictionPolicy: 'AlwaysAllow' });
    expect(values.grafana).toMatchObject({ replicas: 1, persistence: { enabled: false } });
    t.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'verypay/prod/us-east-1/monitoring/grafana-admin',
      KmsKeyId: { 'Fn::GetAtt': [logicalId(f.keys.secrets), 'Arn'] },
      GenerateSecretString: { PasswordLength: 32, ExcludePunctuation: true },
    });
  });

  test('the Grafana ExternalSecret waits for External Secrets; the stack installs beside it (its own namespace, Grafana waits for the Secret)', () => {
    const r = t.toJSON().Resources;
    expect(r[logicalId(f.cluster.monitoring.prerequisites)].DependsOn).toContain(logicalId(f.cluster.externalSecrets.chart));
    const chart = r[logicalId(f.cluster.monitoring.chart)];
    expect(chart.DependsOn).toContain(logicalId(f.cluster.storageClasses));
    expect(chart.DependsOn).not.toContain(logicalId(f.cluster.monitoring.prerequisites));
    expect(chart.DependsOn).not.toContain(logicalId(f.cluster.externalSecrets.chart));
    expect(chart.Properties.CreateNamespace).toBe(true);
  });

  test('the StorageClasses need no running driver: they wait only for kubectl, not the EBS CSI add-on', () => {
    const deps = t.toJSON().Resources[logicalId(f.cluster.storageClasses)].DependsOn ?? [];
    expect(deps).not.toContain(logicalId(f.cluster.managedAddons.addons['aws-ebs-csi-driver']));
  });
});

describe('ExternalDNS without a hosted zone id', () => {
  test('falls back to every zone filtered by domain, and warns', () => {
    const g = clusterFixture({}, { hostedZoneId: undefined });
    const tt = Template.fromStack(g.stack);
    const roleId = g.stack.getLogicalId(g.cluster.externalDns.identity!.role.node.defaultChild as never);
    tt.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Roles: [{ Ref: roleId }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':route53:::hostedzone/*']] } })]) },
    });
    const warnings = g.cluster.node.metadata.filter((m) => m.type === 'aws:cdk:warning').map((m) => String(m.data));
    expect(warnings.join('\n')).toMatch(/domain\.hostedZoneId is not set.*\[ack: cdk-payment-platform:externalDnsZoneScope\]/);
  });
});
