import { CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { nagFindings } from '../support/compliance';
import { expectRejected } from '../support/invalid-case';
import { cache, dataTierEnv, type DataTierEnv } from '../observability/data-tier-fixtures';

function logicalId(env: DataTierEnv, path: string): string {
  const node = env.stack.node.findAll().find((c) => c.node.path === `Test/${path}`);
  if (!node) throw new Error(`no construct at ${path}`);
  return env.stack.getLogicalId(node as CfnElement);
}

function build(overrides: Parameters<typeof cache>[1] = {}) {
  const env = dataTierEnv();
  const c = cache(env, overrides);
  return { env, cache: c, template: Template.fromStack(env.stack) };
}

describe('PaymentCache', () => {
  test('a Multi-AZ Valkey replication group with failover, TLS required, CMK at rest and the AUTH token by reference', () => {
    const { env, template } = build();
    template.hasResource('AWS::ElastiCache::ReplicationGroup', {
      DeletionPolicy: 'Snapshot',
      UpdateReplacePolicy: 'Snapshot',
      DependsOn: [logicalId(env, 'Cache/EngineLog/Resource'), logicalId(env, 'Cache/SlowLog/Resource')].sort(),
      Properties: {
        Engine: 'valkey',
        EngineVersion: '8.0',
        CacheNodeType: 'cache.r6g.xlarge',
        NumCacheClusters: 3,
        Port: 6379,
        PreferredCacheClusterAZs: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
        AutomaticFailoverEnabled: true,
        MultiAZEnabled: true,
        AtRestEncryptionEnabled: true,
        KmsKeyId: { 'Fn::GetAtt': [logicalId(env, 'DataKey/Resource'), 'Arn'] },
        TransitEncryptionEnabled: true,
        TransitEncryptionMode: 'required',
        AuthToken: { 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: logicalId(env, 'Cache/AuthToken/Resource') }, ':SecretString:::}}']] },
        SnapshotRetentionLimit: 35,
        SnapshotWindow: '03:00-05:00',
        PreferredMaintenanceWindow: 'sun:05:00-sun:07:00',
        AutoMinorVersionUpgrade: true,
        CacheParameterGroupName: { Ref: logicalId(env, 'Cache/Parameters') },
        CacheSubnetGroupName: { Ref: logicalId(env, 'Cache/Subnets') },
        SecurityGroupIds: [{ 'Fn::GetAtt': [logicalId(env, 'Cache/SecurityGroup/Resource'), 'GroupId'] }],
      },
    });
  });

  test('the template never holds the AUTH token in plaintext', () => {
    const { template } = build();
    const token = Object.values(template.findResources('AWS::ElastiCache::ReplicationGroup'))[0].Properties.AuthToken;
    expect(JSON.stringify(token)).toMatch(/^\{"Fn::Join":\["",\["\{\{resolve:secretsmanager:"/);
  });

  test('parameter group with the seeds\' allkeys-lru and timeout 300, per engine family', () => {
    build().template.hasResourceProperties('AWS::ElastiCache::ParameterGroup', {
      CacheParameterGroupFamily: 'valkey8',
      Properties: { 'maxmemory-policy': 'allkeys-lru', timeout: '300' },
    });
    const redis = build({ engine: 'redis' }).template;
    redis.hasResourceProperties('AWS::ElastiCache::ParameterGroup', { CacheParameterGroupFamily: 'redis7' });
    redis.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', { Engine: 'redis', EngineVersion: '7.1' });
  });

  test('sizes and windows follow the props', () => {
    build({ nodes: 2, nodeType: 'cache.r7g.large', engineVersion: '7.2', snapshotRetentionDays: 14, snapshotWindow: '01:00-02:00', maintenanceWindow: 'mon:03:00-mon:04:00', port: 6380 })
      .template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
        NumCacheClusters: 2, PreferredCacheClusterAZs: ['us-east-1a', 'us-east-1b'], CacheNodeType: 'cache.r7g.large', EngineVersion: '7.2',
        SnapshotRetentionLimit: 14, SnapshotWindow: '01:00-02:00', PreferredMaintenanceWindow: 'mon:03:00-mon:04:00', Port: 6380,
      });
  });

  test('subnet group in the given subnets', () => {
    const { env, template } = build();
    template.hasResourceProperties('AWS::ElastiCache::SubnetGroup', {
      SubnetIds: env.vpc.isolatedSubnets.map((s) => ({ Ref: logicalId(env, `${s.node.path.replace('Test/', '')}/Subnet`) })),
    });
  });

  test('AUTH token: 64 alphanumerics, secrets key, retained, named', () => {
    const { env, template } = build();
    template.hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'Retain',
      Properties: {
        Name: 'verypay/prod/us-east-1/cache/auth-token',
        KmsKeyId: { 'Fn::GetAtt': [logicalId(env, 'SecretsKey/Resource'), 'Arn'] },
        GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true, IncludeSpace: false },
      },
    });
  });

  test('slow log and engine log go to CMK-encrypted, retained log groups kept a year', () => {
    const { env, template } = build();
    const delivery = (type: string, group: string) => ({
      DestinationType: 'cloudwatch-logs', LogFormat: 'json', LogType: type,
      DestinationDetails: { CloudWatchLogsDetails: { LogGroup: { Ref: logicalId(env, `Cache/${group}/Resource`) } } },
    });
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      LogDeliveryConfigurations: [delivery('slow-log', 'SlowLog'), delivery('engine-log', 'EngineLog')],
    });
    const groups = template.findResources('AWS::Logs::LogGroup', {
      DeletionPolicy: 'Retain',
      Properties: { RetentionInDays: 365, KmsKeyId: { 'Fn::GetAtt': [logicalId(env, 'LogsKey/Resource'), 'Arn'] } },
    });
    expect(Object.keys(groups).sort()).toEqual([logicalId(env, 'Cache/EngineLog/Resource'), logicalId(env, 'Cache/SlowLog/Resource')].sort());
  });

  test('no ingress and no egress until allowConnectionsFrom, then exactly the cache port from the peer', () => {
    const closed = build();
    closed.template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'valkey replication group: no ingress until allowConnectionsFrom',
      SecurityGroupIngress: Match.absent(),
      SecurityGroupEgress: [Match.objectLike({ CidrIp: '255.255.255.255/32' })],
    });
    closed.template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);

    const env = dataTierEnv();
    const c = cache(env);
    const sg = logicalId(env, 'Cache/SecurityGroup/Resource');
    const peer = new ec2.SecurityGroup(env.stack, 'Pods', { vpc: env.vpc });
    c.allowConnectionsFrom(peer);
    const ingress = Object.values(Template.fromStack(env.stack).findResources('AWS::EC2::SecurityGroupIngress'));
    expect(ingress.map((r) => r.Properties)).toEqual([{
      IpProtocol: 'tcp', FromPort: 6379, ToPort: 6379, Description: 'Cache from an authorized client',
      GroupId: { 'Fn::GetAtt': [sg, 'GroupId'] },
      SourceSecurityGroupId: { 'Fn::GetAtt': [logicalId(env, 'Pods/Resource'), 'GroupId'] },
    }]);
  });

  test('grantReadAuthToken reads the secret and decrypts through Secrets Manager only', () => {
    const env = dataTierEnv();
    const c = cache(env);
    const role = new iam.Role(env.stack, 'App', { assumedBy: new iam.ServicePrincipal('pods.eks.amazonaws.com') });
    c.grantReadAuthToken(role);
    const template = Template.fromStack(env.stack);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [{
        Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'], Effect: 'Allow',
        Resource: { Ref: logicalId(env, 'Cache/AuthToken/Resource') },
      }] },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({
        Action: 'kms:Decrypt',
        Principal: { AWS: { 'Fn::GetAtt': [logicalId(env, 'App/Resource'), 'Arn'] } },
        Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } },
      })]) },
    });
  });

  test('exposes endpoints, ids and member clusters', () => {
    const { env, cache: c } = build();
    const rg = logicalId(env, 'Cache/Resource');
    expect(env.stack.resolve(c.primaryEndpoint.address)).toEqual({ 'Fn::GetAtt': [rg, 'PrimaryEndPoint.Address'] });
    expect(env.stack.resolve(c.primaryEndpoint.port)).toEqual({ 'Fn::GetAtt': [rg, 'PrimaryEndPoint.Port'] });
    expect(env.stack.resolve(c.readerEndpoint.address)).toEqual({ 'Fn::GetAtt': [rg, 'ReaderEndPoint.Address'] });
    expect(env.stack.resolve(c.replicationGroupId)).toEqual({ Ref: rg });
    expect(c.memberClusterIds.map((id) => env.stack.resolve(id))).toEqual(
      ['001', '002', '003'].map((n) => ({ 'Fn::Join': ['-', [{ Ref: rg }, n]] })));
    expect(c.engine).toBe('valkey');
  });

  test('passes cdk-nag AwsSolutions and PCI DSS 3.2.1 (acknowledged: default port, AUTH token rotation)', () => {
    const { cache: c } = build();
    expect(nagFindings(c)).toEqual([]);
  });

  test('on a non-default port nothing is left to acknowledge about the port', () => {
    const { cache: c } = build({ port: 6380, replicationGroupId: 'verypay-prod-use1' });
    expect(nagFindings(c)).toEqual([]);
    expect(JSON.stringify(c.replicationGroup.node.metadata)).not.toContain('AwsSolutions-AEC5');
  });

  describe('fails when (the rules of lib/core/rules, one PlatformConfigError per props)', () => {
    test.each([
      ['engine', { engine: 'memcached' as 'redis' }, "must be 'valkey' or 'redis'"],
      ['engineVersion', { engineVersion: '8' }, "must be an engine version 'major.minor'"],
      ['engineVersion', { engineVersion: '6.2', engine: 'redis' as const }, 'is not a redis version ElastiCache offers; use one of 7.0, 7.1 (requiring TLS'],
      ['engineVersion', { engineVersion: '7.0' }, 'is not a valkey version ElastiCache offers; use one of 7.2, 8.0, 8.1'],
      ['nodeType', { nodeType: 'r6g.xlarge' }, "must be an ElastiCache node type (starting with 'cache.')"],
      ['nodeType', { nodeType: 'cache.r6g.huge' }, "the cache.r6g family has no size 'huge'"],
      ['nodes', { nodes: 1 }, 'must be an integer from 2 to 6; Multi-AZ automatic failover needs at least one replica'],
      ['nodes', { nodes: 7 }, 'must be an integer from 2 to 6'],
      ['port', { port: 80 }, 'must be an integer from 1024 to 65535'],
      ['snapshotRetentionDays', { snapshotRetentionDays: 0 }, 'must be an integer from 1 to 35'],
      ['snapshotWindow', { snapshotWindow: '25:00-26:00' }, "must be a window in the form 'hh:mm-hh:mm' (UTC)"],
      ['snapshotWindow', { snapshotWindow: '03:00-03:30' }, 'must last at least 60 minutes'],
      ['maintenanceWindow', { maintenanceWindow: 'sun:05:00' }, "must be a window in the form 'ddd:hh:mm-ddd:hh:mm'"],
      ['logRetentionDays', { logRetentionDays: 180 }, 'must be at least 365 days (PCI DSS 10.5.1'],
      ['replicationGroupId', { replicationGroupId: 'Redis_Cluster' }, 'must be 1–40 lowercase letters, digits and single hyphens'],
      ['replicationGroupId', { replicationGroupId: 'a'.repeat(41) }, 'must be 1–40 lowercase letters'],
      ['subnets', { subnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED, availabilityZones: ['us-east-1a'] } }, 'must span at least two availability zones'],
    ])('%s is invalid (%j)', (field, overrides, fix) => {
      expectRejected(() => cache(dataTierEnv(), overrides), { what: field, input: overrides, field, fix });
      expect(() => cache(dataTierEnv(), overrides)).toThrow(/^Invalid PaymentCache props \(1 problem\):/);
    });
  });
});
