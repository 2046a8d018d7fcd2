import { expectRejected } from '../support/invalid-case';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { App, Stack } from 'aws-cdk-lib';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PlatformNetwork, type PlatformNetworkProps } from '../../lib/network/platform-network';
import type { ResolvedRegionConfig } from '../../lib/config/platform-config';
import { exampleConfig, testStack } from '../support/fixtures';

const cfg = exampleConfig();
const primary = cfg.regions[0];

function setup(overrides: Partial<PlatformNetworkProps> = {}, region: Partial<ResolvedRegionConfig> = {}) {
  const stack = testStack();
  const logsKey = new kms.Key(stack, 'LogsKey');
  const network = new PlatformNetwork(stack, 'Network', { config: cfg, region: { ...primary, ...region }, logsKey, ...overrides });
  return { stack, network, logsKey, template: Template.fromStack(stack) };
}

function subnetsNamed(template: Template, name: string) {
  return Object.values(template.findResources('AWS::EC2::Subnet', {
    Properties: { Tags: Match.arrayWith([{ Key: 'aws-cdk:subnet-name', Value: name }]) },
  }));
}

describe('PlatformNetwork', () => {
  test('a VPC over the region CIDR and its three configured zones', () => {
    const { template } = setup();
    template.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.0.0.0/16', EnableDnsHostnames: true, EnableDnsSupport: true });
    template.resourceCountIs('AWS::EC2::Subnet', 9);
    for (const name of ['Private', 'Public', 'Database']) {
      expect(subnetsNamed(template, name).map((s) => s.Properties.AvailabilityZone)).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1c']);
    }
  });

  test('subnet CIDRs: private /18 first, then public /21, then database /21', () => {
    const { template, network } = setup();
    const cidrs = (name: string) => subnetsNamed(template, name).map((s) => s.Properties.CidrBlock);
    expect(cidrs('Private')).toEqual(['10.0.0.0/18', '10.0.64.0/18', '10.0.128.0/18']);
    expect(cidrs('Public')).toEqual(['10.0.192.0/21', '10.0.200.0/21', '10.0.208.0/21']);
    expect(cidrs('Database')).toEqual(['10.0.216.0/21', '10.0.224.0/21', '10.0.232.0/21']);
    expect(network.subnetMasks).toEqual({ private: 18, public: 21, database: 21 });
  });

  test('a /20 VPC gets /22 private and /25 public and database subnets', () => {
    const { template } = setup({}, { cidr: '10.3.0.0/20' });
    expect(subnetsNamed(template, 'Private').map((s) => s.Properties.CidrBlock)).toEqual(['10.3.0.0/22', '10.3.4.0/22', '10.3.8.0/22']);
    expect(subnetsNamed(template, 'Database').map((s) => s.Properties.CidrBlock)).toEqual(['10.3.13.128/25', '10.3.14.0/25', '10.3.14.128/25']);
  });

  test('subnetMasks override the defaults', () => {
    const { template } = setup({ subnetMasks: { database: 24 } });
    expect(subnetsNamed(template, 'Database').map((s) => s.Properties.CidrBlock)).toEqual(['10.0.216.0/24', '10.0.217.0/24', '10.0.218.0/24']);
  });

  test('public subnets do not assign public IPs; only the database subnets have no default route', () => {
    const { template } = setup();
    for (const s of subnetsNamed(template, 'Public')) expect(s.Properties.MapPublicIpOnLaunch).toBe(false);
    const routes = Object.values(template.findResources('AWS::EC2::Route'));
    expect(routes.filter((r) => r.Properties.GatewayId)).toHaveLength(3);
    expect(routes.filter((r) => r.Properties.NatGatewayId)).toHaveLength(3);
    template.resourceCountIs('AWS::EC2::Route', 6);
  });

  test('one NAT gateway per zone by default', () => {
    setup().template.resourceCountIs('AWS::EC2::NatGateway', 3);
  });

  test('region.natGateways sets the NAT gateway count', () => {
    setup({}, { natGateways: 1 }).template.resourceCountIs('AWS::EC2::NatGateway', 1);
  });

  test('subnets carry the load balancer discovery tags', () => {
    const { template } = setup();
    for (const s of subnetsNamed(template, 'Public')) expect(s.Properties.Tags).toContainEqual({ Key: 'kubernetes.io/role/elb', Value: '1' });
    for (const s of subnetsNamed(template, 'Private')) expect(s.Properties.Tags).toContainEqual({ Key: 'kubernetes.io/role/internal-elb', Value: '1' });
    for (const s of subnetsNamed(template, 'Database')) {
      expect(s.Properties.Tags.map((t: { Key: string }) => t.Key)).not.toEqual(expect.arrayContaining(['kubernetes.io/role/elb']));
      expect(s.Properties.Tags.map((t: { Key: string }) => t.Key)).not.toEqual(expect.arrayContaining(['kubernetes.io/role/internal-elb']));
    }
  });

  test('the default security group is stripped of its rules', () => {
    setup().template.resourceCountIs('Custom::VpcRestrictDefaultSG', 1);
  });

  test('flow logs of ALL traffic go to a retained, CMK-encrypted log group kept 365 days', () => {
    const { stack, template, logsKey } = setup();
    const groups = template.findResources('AWS::Logs::LogGroup');
    const [groupId, group] = Object.entries(groups)[0];
    expect(Object.keys(groups)).toHaveLength(1);
    expect(group).toMatchObject({
      DeletionPolicy: 'Retain',
      Properties: { RetentionInDays: 365, KmsKeyId: stack.resolve(logsKey.keyArn) },
    });
    template.hasResourceProperties('AWS::EC2::FlowLog', {
      ResourceType: 'VPC',
      TrafficType: 'ALL',
      LogDestinationType: 'cloud-watch-logs',
      LogGroupName: { Ref: groupId },
      DeliverLogsPermissionArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^NetworkFlowLogRole'), 'Arn'] },
    });
  });

  test('config.retention.logRetentionDays sets the flow-log retention', () => {
    const config = exampleConfig({ retention: { logRetentionDays: 731 } });
    setup({ config }).template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 731 });
  });

  test('the flow-log role is assumed by VPC Flow Logs of this account and may only write to its log group', () => {
    const { template } = setup();
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [{
          Action: 'sts:AssumeRole', Effect: 'Allow',
          Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
          Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
        }],
      },
    });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: [{
          Action: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
          Effect: 'Allow',
          Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^NetworkFlowLogGroup'), 'Arn'] },
        }],
      },
      Roles: [{ Ref: Match.stringLikeRegexp('^NetworkFlowLogRole') }],
    });
    template.resourceCountIs('AWS::IAM::Policy', 0);
  });

  test('an S3 gateway endpoint on all nine route tables', () => {
    const { template } = setup();
    const [endpoint] = Object.values(template.findResources('AWS::EC2::VPCEndpoint', { Properties: { VpcEndpointType: 'Gateway' } }));
    expect(JSON.stringify(endpoint.Properties.ServiceName)).toContain('.s3');
    expect(endpoint.Properties.RouteTableIds).toHaveLength(9);
  });

  const interfaceServices = (template: Template) => Object.values(template.findResources('AWS::EC2::VPCEndpoint', { Properties: { VpcEndpointType: 'Interface' } }))
    .map((e) => e.Properties.ServiceName as string).sort();

  test('interface endpoints with private DNS for S3, ECR, STS, Secrets Manager, KMS, Logs, CloudWatch, SNS, X-Ray, EC2, ELB and Auto Scaling', () => {
    const { template } = setup();
    expect(interfaceServices(template)).toEqual([
      'com.amazonaws.us-east-1.autoscaling', 'com.amazonaws.us-east-1.ec2', 'com.amazonaws.us-east-1.ecr.api', 'com.amazonaws.us-east-1.ecr.dkr',
      'com.amazonaws.us-east-1.elasticloadbalancing', 'com.amazonaws.us-east-1.kms', 'com.amazonaws.us-east-1.logs',
      'com.amazonaws.us-east-1.monitoring', 'com.amazonaws.us-east-1.s3', 'com.amazonaws.us-east-1.secretsmanager', 'com.amazonaws.us-east-1.sns',
      'com.amazonaws.us-east-1.sts', 'com.amazonaws.us-east-1.xray',
    ]);
    for (const e of Object.values(template.findResources('AWS::EC2::VPCEndpoint', { Properties: { VpcEndpointType: 'Interface' } }))) {
      expect(e.Properties.PrivateDnsEnabled).toBe(true);
      expect(e.Properties.SubnetIds).toHaveLength(3);
      for (const id of e.Properties.SubnetIds) expect(id.Ref).toMatch(/^NetworkPrivateSubnet\d/);
      expect(e.Properties.SecurityGroupIds).toEqual([{ 'Fn::GetAtt': [expect.stringMatching(/^NetworkEndpointSecurityGroup/), 'GroupId'] }]);
    }
  });

  test('eksServiceEndpoints: false leaves out EC2, ELB and Auto Scaling', () => {
    const { template } = setup({ eksServiceEndpoints: false });
    expect(interfaceServices(template)).toEqual([
      'com.amazonaws.us-east-1.ecr.api', 'com.amazonaws.us-east-1.ecr.dkr', 'com.amazonaws.us-east-1.kms', 'com.amazonaws.us-east-1.logs',
      'com.amazonaws.us-east-1.monitoring', 'com.amazonaws.us-east-1.s3', 'com.amazonaws.us-east-1.secretsmanager', 'com.amazonaws.us-east-1.sns',
      'com.amazonaws.us-east-1.sts', 'com.amazonaws.us-east-1.xray',
    ]);
  });

  test('the endpoint security group admits HTTPS from the VPC CIDR only and opens no egress', () => {
    const { template } = setup();
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'Interface VPC endpoints: HTTPS from inside the VPC only',
      SecurityGroupIngress: [{ CidrIp: '10.0.0.0/16', FromPort: 443, ToPort: 443, IpProtocol: 'tcp', Description: 'HTTPS from the VPC' }],
      SecurityGroupEgress: [Match.objectLike({ CidrIp: '255.255.255.255/32' })],
    });
  });

  test('subnet selections pick the right tiers', () => {
    const { network } = setup();
    const ids = (sel: typeof network.appSubnets) => network.vpc.selectSubnets(sel).subnets.map((s) => Stack.of(s).resolve(s.subnetId).Ref as string);
    expect(ids(network.appSubnets).every((id) => id.startsWith('NetworkPrivateSubnet'))).toBe(true);
    expect(ids(network.dataSubnets).every((id) => id.startsWith('NetworkDatabaseSubnet'))).toBe(true);
    expect(ids(network.publicSubnets).every((id) => id.startsWith('NetworkPublicSubnet'))).toBe(true);
    expect([ids(network.appSubnets).length, ids(network.dataSubnets).length, ids(network.publicSubnets).length]).toEqual([3, 3, 3]);
  });

  describe('fails when', () => {
    test.each([[0], [4], [1.5]])('natGateways is %s', (natGateways) => {
      expectRejected(() => setup({}, { natGateways }), { what: 'nat', input: natGateways, field: 'region.natGateways', fix: 'must be an integer from 1 to 3 (the number of availability zones)' });
    });

    test('there is a single availability zone', () => {
      expectRejected(() => setup({}, { availabilityZones: ['us-east-1a'], natGateways: 1 }),
        { what: 'one zone', input: 1, field: 'region.availabilityZones', fix: 'must list 2 to 6 availability zones of the region' });
    });

    test('there are seven availability zones', () => {
      const azs = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((z) => `us-east-1${z}`);
      expectRejected(() => setup({}, { availabilityZones: azs, natGateways: 1 }),
        { what: 'seven zones', input: 7, field: 'region.availabilityZones', fix: 'must list 2 to 6 availability zones of the region' });
    });

    test.each([[90], [366]])('the flow-log retention is %s days', (logRetentionDays) => {
      expectRejected(() => setup({ config: { retention: { logRetentionDays } } }),
        { what: 'retention', input: logRetentionDays, field: 'config.retention.logRetentionDays', fix: logRetentionDays < 365 ? 'must be at least 365 days' : 'must be a value CloudWatch Logs accepts' });
    });

    test('the region CIDR is not a CIDR', () => {
      expectRejected(() => setup({}, { cidr: '10.0.0.0' }), { what: 'cidr', input: '10.0.0.0', field: 'region.cidr', fix: "must be an IPv4 CIDR block like '10.0.0.0/16'" });
      expectRejected(() => setup({}, { cidr: '8.8.0.0/16' }), { what: 'public cidr', input: '8.8.0.0/16', field: 'region.cidr', fix: 'must be a private (RFC 1918) block' });
    });

    test('the subnet masks do not fit the VPC', () => {
      expect(() => setup({ subnetMasks: { private: 17 } })).toThrow(/Invalid PlatformNetwork props \(1 problem\):\n {2}- subnetMasks: need \d+ addresses for 3 availability zones, but the VPC 10\.0\.0\.0\/16 has 65536/);
    });
  });
});

describe('PlatformNetwork with the built-in CloudFormation validator', () => {
  test('explicit zones are acknowledged on each subnet (W3010) and nothing else is reported', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'network-')) });
    const stack = testStack(app);
    new PlatformNetwork(stack, 'Network', { config: cfg, region: primary, logsKey: new kms.Key(stack, 'LogsKey') });
    const report = JSON.parse(fs.readFileSync(path.join(app.synth().directory, 'validation-report.json'), 'utf8')) as { pluginReports: { violations: unknown[] }[] };
    expect(report.pluginReports.length).toBeGreaterThan(0);
    expect(report.pluginReports.flatMap((r) => r.violations)).toEqual([]);
  });
});
