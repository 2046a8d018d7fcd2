import { expectRejected } from '../support/invalid-case';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { ResolvedPlatformConfig } from '../../lib/config/platform-config';
import { nagFindings } from '../support/compliance';
import { clusterFixture, type ClusterFixture } from './fixture';

let f: ClusterFixture;
let t: Template;
beforeAll(() => {
  f = clusterFixture();
  t = Template.fromStack(f.stack);
});

describe('PaymentCluster control plane', () => {
  test('named from the configuration, version 1.35, private endpoint, all five log types, secrets encrypted with the cluster key', () => {
    t.hasResourceProperties('AWS::EKS::Cluster', {
      Name: 'verypay-prod-use1',
      Version: '1.35',
      AccessConfig: { AuthenticationMode: 'API' },
      BootstrapSelfManagedAddons: false,
      ComputeConfig: { Enabled: false },
      ResourcesVpcConfig: Match.objectLike({ EndpointPrivateAccess: true, EndpointPublicAccess: false }),
      Logging: { ClusterLogging: { EnabledTypes: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'].map((Type) => ({ Type })) } },
      EncryptionConfig: [{ Provider: { KeyArn: { 'Fn::GetAtt': [f.stack.getLogicalId(f.keys.cluster.node.defaultChild as never), 'Arn'] } }, Resources: ['secrets'] }],
    });
  });

  test('the additional control-plane security group has egress inside the VPC only; peers see only the node security group', () => {
    t.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'EKS control plane of verypay-prod-use1: egress inside the VPC only',
      SecurityGroupEgress: [Match.objectLike({ IpProtocol: 'tcp', FromPort: 0, ToPort: 65535, CidrIp: { 'Fn::GetAtt': [Match.anyValue(), 'CidrBlock'] } })],
    });
    expect(f.cluster.connections.securityGroups).toEqual([f.cluster.nodeSecurityGroup]);
  });

  test('the control plane starts without waiting for NAT gateways or endpoints; kubectl and node groups wait for them', () => {
    const logGroupId = f.stack.getLogicalId(f.cluster.controlPlaneLogGroup.node.defaultChild as never);
    t.hasResource('AWS::EKS::Cluster', { DependsOn: [logGroupId] });
    const resources = t.toJSON().Resources as Record<string, { Type: string; DependsOn?: string[] }>;
    const nat = Object.keys(resources).filter((id) => resources[id].Type === 'AWS::EC2::NatGateway');
    expect(nat.length).toBeGreaterThan(0);
    const barrier = Object.keys(resources).find((id) => id.includes('KubectlReadyBarrier'))!;
    expect(resources[barrier].DependsOn).toEqual(expect.arrayContaining(nat));
    for (const [id, r] of Object.entries(resources)) {
      if (r.Type === 'AWS::EKS::Nodegroup') expect({ id, deps: r.DependsOn }).toEqual({ id, deps: expect.arrayContaining(nat) });
    }
  });

  test('the control-plane log group exists before the cluster: retention, logs key, retained', () => {
    const logGroupId = f.stack.getLogicalId(f.cluster.controlPlaneLogGroup.node.defaultChild as never);
    t.hasResource('AWS::Logs::LogGroup', {
      Properties: {
        LogGroupName: '/aws/eks/verypay-prod-use1/cluster',
        RetentionInDays: 365,
        KmsKeyId: { 'Fn::GetAtt': [f.stack.getLogicalId(f.keys.logs.node.defaultChild as never), 'Arn'] },
      },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    t.hasResource('AWS::EKS::Cluster', { DependsOn: Match.arrayWith([logGroupId]) });
  });

  test('the kubectl provider runs in the private subnets and its log groups use the logs key', () => {
    const handler = t.findResources('AWS::Lambda::Function', { Properties: { Layers: Match.anyValue(), VpcConfig: Match.anyValue() } });
    expect(Object.keys(handler).length).toBeGreaterThanOrEqual(1);
    const subnets = f.vpc.privateSubnets.map((s) => ({ Ref: f.stack.getLogicalId(s.node.defaultChild as never) }));
    for (const fn of Object.values(handler)) expect(fn.Properties.VpcConfig.SubnetIds).toEqual(subnets);
    const lambdaLogs = t.findResources('AWS::Logs::LogGroup', { Properties: { LogGroupName: { 'Fn::Join': ['', Match.arrayWith(['/aws/lambda/'])] } } });
    expect(Object.keys(lambdaLogs)).toHaveLength(2);
    for (const lg of Object.values(lambdaLogs)) expect(lg.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [f.stack.getLogicalId(f.keys.logs.node.defaultChild as never), 'Arn'] });
  });

  test('the admin role from the configuration gets an access entry with AmazonEKSClusterAdminPolicy', () => {
    t.hasResourceProperties('AWS::EKS::AccessEntry', {
      PrincipalArn: 'arn:aws:iam::123456789012:role/PlatformAdmin',
      AccessPolicies: [{
        AccessScope: { Type: 'cluster' },
        PolicyArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy']] },
      }],
    });
  });

  test('exposes the cluster security group so data stores can allow it', () => {
    const db = new ec2.SecurityGroup(f.stack, 'DatabaseSg', { vpc: f.vpc });
    db.connections.allowFrom(f.cluster, ec2.Port.tcp(5432));
    expect(f.cluster.nodeSecurityGroup.securityGroupId).toBe(f.cluster.cluster.clusterSecurityGroupId);
    expect(f.cluster.connections.securityGroups.map((sg) => sg.securityGroupId)).toContain(f.cluster.cluster.clusterSecurityGroupId);
  });

  test('no unacknowledged AwsSolutions or PCI DSS findings in the cluster', () => {
    expect(nagFindings(f.cluster)).toEqual([]);
  });
});

describe('PaymentCluster node groups', () => {
  const groups = [
    { name: 'system', type: 't3.medium', min: 2, max: 5, desired: 3, disk: 50, labels: { role: 'system' }, taints: undefined },
    { name: 'api', type: 'm5.xlarge', min: 2, max: 10, desired: 3, disk: 100, labels: { role: 'api' }, taints: [{ Key: 'role', Value: 'api', Effect: 'NO_SCHEDULE' }] },
    { name: 'worker', type: 'c5.2xlarge', min: 3, max: 20, desired: 5, disk: 200, labels: { role: 'worker' }, taints: undefined },
    { name: 'blockchain', type: 'm5.4xlarge', min: 2, max: 5, desired: 2, disk: 500, labels: { role: 'blockchain' }, taints: [{ Key: 'role', Value: 'blockchain', Effect: 'NO_SCHEDULE' }] },
  ];

  test('four groups with the blockchain on (the default)', () => {
    t.resourceCountIs('AWS::EKS::Nodegroup', 4);
    expect(Object.keys(f.cluster.nodeGroups.groups)).toEqual(['system', 'api', 'worker', 'blockchain']);
  });

  test.each(groups)('$name: sizes, labels, taints, AL2023, launch template', (g) => {
    t.hasResourceProperties('AWS::EKS::Nodegroup', {
      // No fixed name: CloudFormation names the group, so a replacement (new instance type) can deploy (aws-cdk#26931).
      NodegroupName: Match.absent(),
      Version: '1.35',
      InstanceTypes: [g.type],
      AmiType: 'AL2023_x86_64_STANDARD',
      CapacityType: 'ON_DEMAND',
      ScalingConfig: { MinSize: g.min, MaxSize: g.max, DesiredSize: g.desired },
      Labels: g.labels,
      Taints: g.taints ?? Match.absent(),
      LaunchTemplate: { Id: Match.anyValue(), Version: Match.anyValue() },
      DiskSize: Match.absent(),
      // Updates drain through the PodDisruptionBudgets and fail rather than force past them.
      ForceUpdateEnabled: false,
      UpdateConfig: { MaxUnavailablePercentage: 33 },
    });
    t.hasResourceProperties('AWS::EC2::LaunchTemplate', {
      LaunchTemplateData: Match.objectLike({
        MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 1 },
        Monitoring: { Enabled: true },
        BlockDeviceMappings: [{
          DeviceName: '/dev/xvda',
          Ebs: {
            VolumeSize: g.disk, VolumeType: 'gp3', Encrypted: true, DeleteOnTermination: true,
            KmsKeyId: { 'Fn::GetAtt': [f.stack.getLogicalId(f.keys.cluster.node.defaultChild as never), 'Arn'] },
          },
        }],
      }),
    });
  });

  test('the node role carries only the worker and image-pull policies (CNI is on the vpc-cni Pod Identity role)', () => {
    const roleId = f.stack.getLogicalId(f.cluster.nodeGroups.role.node.defaultChild as never);
    const role = t.toJSON().Resources[roleId];
    expect(role.Properties.ManagedPolicyArns).toEqual(['AmazonEKSWorkerNodePolicy', 'AmazonEC2ContainerRegistryPullOnly']
      .map((p) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::aws:policy/${p}`]] })));
    expect(role.Properties.Policies).toBeUndefined();
  });

  test('the Auto Scaling service-linked role may use the volume key, admitted by condition (it may not exist yet)', () => {
    const slr = 'arn:aws:iam::123456789012:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling';
    const onlyAutoScaling = { ArnEquals: { 'aws:PrincipalArn': slr }, StringEquals: { 'kms:CallerAccount': '123456789012' } };
    t.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([
        Match.objectLike({ Sid: 'NodeRootVolumesAutoScaling', Principal: { AWS: '*' }, Condition: onlyAutoScaling }),
        Match.objectLike({
          Sid: 'NodeRootVolumesAutoScalingGrants',
          Action: 'kms:CreateGrant',
          Condition: { ...onlyAutoScaling, Bool: { 'kms:GrantIsForAWSResource': true } },
          Principal: { AWS: '*' },
        }),
      ]) },
    });
  });

  test('node groups start with the networking add-ons; what schedules pods waits for both', () => {
    const resources = t.toJSON().Resources as Record<string, { Type: string; DependsOn?: string[] }>;
    const addonIds = ['eks-pod-identity-agent', 'vpc-cni', 'kube-proxy']
      .map((n) => f.stack.getLogicalId(f.cluster.managedAddons.addons[n as 'vpc-cni'].node.defaultChild as never));
    const groupIds = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::EKS::Nodegroup').map(([id]) => id);
    for (const id of groupIds) expect({ id, deps: resources[id].DependsOn ?? [] }).toEqual({ id, deps: expect.not.arrayContaining([addonIds[1]]) });
    const scheduling = [
      ...f.cluster.managedAddons.afterNodes.map((a) => a.node.defaultChild),
      ...[f.cluster.albController, f.cluster.externalDns, f.cluster.externalSecrets, f.cluster.clusterAutoscaler, f.cluster.metricsServer]
        .map((a) => a.chart.node.defaultChild),
      f.cluster.monitoring.chart.node.defaultChild,
    ].map((c) => f.stack.getLogicalId(c as never));
    for (const id of scheduling) expect({ id, deps: resources[id].DependsOn }).toEqual({ id, deps: expect.arrayContaining([...addonIds, ...groupIds]) });
  });
});

describe('PaymentCluster without the blockchain', () => {
  const off = clusterFixture({ blockchain: false });
  const template = Template.fromStack(off.stack);

  test('three node groups: system, api and worker; no blockchain launch template', () => {
    template.resourceCountIs('AWS::EKS::Nodegroup', 3);
    const names = Object.values(template.findResources('AWS::EKS::Nodegroup')).map((r) => (r.Properties as { Labels: { role: string } }).Labels.role).sort();
    expect(names).toEqual(['api', 'system', 'worker']);
    expect(Object.keys(off.cluster.nodeGroups.groups).sort()).toEqual(['api', 'system', 'worker']);
    template.resourceCountIs('AWS::EC2::LaunchTemplate', 3);
  });

  test('nothing refers to a blockchain node label or taint', () => {
    const nodegroups = JSON.stringify(template.findResources('AWS::EKS::Nodegroup'));
    expect(nodegroups).not.toMatch(/blockchain/);
  });

  test('no unacknowledged AwsSolutions or PCI DSS findings', () => {
    expect(nagFindings(off.cluster)).toEqual([]);
  });
});

describe('PaymentCluster configuration errors', () => {
  test('a public endpoint is restricted to the configured CIDRs', () => {
    const pub = clusterFixture({ cluster: { endpointPublicAccessCidrs: ['203.0.113.0/24'] } });
    Template.fromStack(pub.stack).hasResourceProperties('AWS::EKS::Cluster', {
      ResourcesVpcConfig: Match.objectLike({ EndpointPrivateAccess: true, EndpointPublicAccess: true, PublicAccessCidrs: ['203.0.113.0/24'] }),
    });
  });

  // The configuration resolver rejects these too; the construct re-checks for callers that build a
  // ResolvedPlatformConfig themselves, so the tests hand it an already-resolved bad value.
  const withCluster = (patch: Partial<ResolvedPlatformConfig['cluster']>) => (c: ResolvedPlatformConfig): ResolvedPlatformConfig =>
    ({ ...c, cluster: { ...c.cluster, ...patch } });

  test('fails when the public endpoint is opened to the internet', () => {
    expectRejected(() => clusterFixture({}, {}, withCluster({ endpointPublicAccessCidrs: ['203.0.113.0/24', '0.0.0.0/0'] })),
      { what: 'open', input: '0.0.0.0/0', field: 'cluster.endpointPublicAccessCidrs[1]', fix: 'opens the Kubernetes API to the whole internet' });
  });

  test('fails when the log retention is not a CloudWatch Logs value', () => {
    expectRejected(() => clusterFixture({}, {}, (c) => ({ ...c, retention: { ...c.retention, logRetentionDays: 500 } })),
      { what: 'retention', input: 500, field: 'retention.logRetentionDays', fix: 'must be a value CloudWatch Logs accepts: one of 365, 400, 545' });
  });

  test('fails when a node group has inconsistent sizes, naming the group', () => {
    expect(() => clusterFixture({}, {}, (c) => withCluster({ nodeGroups: { ...c.cluster.nodeGroups, api: { ...c.cluster.nodeGroups.api, minSize: 5, maxSize: 2 } } })(c)))
      .toThrow(/cluster\.nodeGroups\.api: sizes must satisfy.*min 5, desired 3, max 2/);
  });

  test('fails when a node group disk is too small, naming the field', () => {
    expect(() => clusterFixture({}, {}, (c) => withCluster({ nodeGroups: { ...c.cluster.nodeGroups, worker: { ...c.cluster.nodeGroups.worker, diskSizeGiB: 8 } } })(c)))
      .toThrow(/cluster\.nodeGroups\.worker\.diskSizeGiB: must be 20–16384 GiB.*got 8/);
  });
});
