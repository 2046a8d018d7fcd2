import { withToday } from '../support/fixtures';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { examplePlatformConfig } from '../../bin/example-config';
import { PaymentPlatform } from '../../lib/stacks/payment-platform';
import type { PlatformConfig } from '../../lib/config/platform-config';
import { examplePlatform, TODAY } from '../app/platform-fixture';
import { nagFindings } from '../support/compliance';
import { decide, resolveIntrinsics } from '../support/iam-decide';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const cdkJson = require('../../cdk.json') as { context: Record<string, unknown> };

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;
const ACCOUNT = '123456789012';
const CLUSTER_UUID = '11111111-2222-3333-4444-555555555555-1';

/** Deploy-time values the template leaves to CloudFormation, as they would be after deployment. */
function deployedRefs(resources: Resources, region: string): Record<string, string> {
  const refs: Record<string, string> = {};
  for (const [id, r] of Object.entries(resources)) {
    if (r.Type === 'AWS::MSK::Cluster') refs[`${id}.Arn`] = `arn:aws:kafka:${region}:${ACCOUNT}:cluster/${r.Properties.ClusterName as string}/${CLUSTER_UUID}`;
    if (r.Type === 'AWS::KMS::Key' || r.Type === 'AWS::KMS::ReplicaKey') refs[`${id}.Arn`] = `arn:aws:kms:${region}:${ACCOUNT}:key/${id}`;
  }
  for (const [id, r] of Object.entries(resources)) {
    if (r.Type !== 'AWS::MSK::Topic') continue;
    const cluster = resolveIntrinsics(r.Properties.ClusterArn, refs) as string;
    refs[`${id}.TopicArn`] = cluster.replace(':cluster/', ':topic/') + `/${r.Properties.TopicName as string}`;
  }
  return refs;
}

/** The identity policies attached to a role (by its RoleName), resolved. */
function policiesOf(resources: Resources, roleName: string, refs: Record<string, string>): unknown[] {
  const roleId = Object.entries(resources).find(([, r]) => r.Type === 'AWS::IAM::Role' && r.Properties.RoleName === roleName)?.[0];
  if (!roleId) throw new Error(`no role ${roleName}`);
  return Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::ManagedPolicy' && JSON.stringify(r.Properties.Roles ?? []).includes(`"${roleId}"`))
    .map((r) => resolveIntrinsics(r.Properties.PolicyDocument, refs));
}

const kafkaArn = (kind: 'cluster' | 'topic' | 'group', name = '') =>
  `arn:aws:kafka:us-east-1:${ACCOUNT}:${kind}/verypay-prod-use1-kafka/${CLUSTER_UUID}${name ? `/${name}` : ''}`;

/** What a role may do on the cluster, as IAM decides it. */
async function kafkaAccess(policies: unknown[]): Promise<Record<string, string>> {
  const principal = `arn:aws:iam::${ACCOUNT}:role/r`;
  const checks: [string, string, string][] = [
    ['connect', 'kafka-cluster:Connect', kafkaArn('cluster')],
    ['write payment-events', 'kafka-cluster:WriteData', kafkaArn('topic', 'payment-events')],
    ['read payment-events', 'kafka-cluster:ReadData', kafkaArn('topic', 'payment-events')],
    ['write other topic', 'kafka-cluster:WriteData', kafkaArn('topic', 'ledger-events')],
    ['read other topic', 'kafka-cluster:ReadData', kafkaArn('topic', 'ledger-events')],
    ['join group ledger', 'kafka-cluster:AlterGroup', kafkaArn('group', 'ledger')],
    ['create topic', 'kafka-cluster:CreateTopic', kafkaArn('topic', 'payment-events')],
    ['alter cluster', 'kafka-cluster:AlterCluster', kafkaArn('cluster')],
    ['connect other cluster', 'kafka-cluster:Connect', `arn:aws:kafka:us-east-1:${ACCOUNT}:cluster/other/${CLUSTER_UUID}`],
  ];
  const out: Record<string, string> = {};
  for (const [label, action, resource] of checks) out[label] = await decide({ principal, action, resource, identityPolicies: policies });
  return out;
}

describe('streaming in the example platform', () => {
  const built = examplePlatform();
  const primary = built.template(built.platform.regionalStack('us-east-1')).toJSON().Resources as Resources;

  test('payment-service (declares: produces payment-events) may connect and write that topic, nothing else', async () => {
    const refs = deployedRefs(primary, 'us-east-1');
    const access = await kafkaAccess(policiesOf(primary, 'verypay-prod-use1-payment-service', refs));
    expect(access).toEqual({
      'connect': 'Allowed', 'write payment-events': 'Allowed', 'read payment-events': 'ImplicitlyDenied',
      'write other topic': 'ImplicitlyDenied', 'read other topic': 'ImplicitlyDenied', 'join group ledger': 'ImplicitlyDenied',
      'create topic': 'ImplicitlyDenied', 'alter cluster': 'ImplicitlyDenied', 'connect other cluster': 'ImplicitlyDenied',
    });
  });

  test('the same check catches a widened grant (every topic of the cluster)', async () => {
    const refs = deployedRefs(primary, 'us-east-1');
    const widened = JSON.parse(JSON.stringify(policiesOf(primary, 'verypay-prod-use1-payment-service', refs)).replace(
      new RegExp(kafkaArn('topic', 'payment-events').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'), 'g'), kafkaArn('topic', '*')));
    const access = await kafkaAccess(widened);
    expect(access['write other topic']).toBe('Allowed');
  });

  test('api-gateway, which declares no streaming, gets no Kafka permission', async () => {
    const kafkaPolicies = Object.values(primary).filter((r) => r.Type === 'AWS::IAM::ManagedPolicy' && JSON.stringify(r.Properties).includes('kafka-cluster:'));
    // payment-service's grant and nothing else in the primary region (the replicator lives in the failover region).
    expect(kafkaPolicies).toHaveLength(1);
    expect(JSON.stringify(kafkaPolicies[0].Properties.Description)).toContain('payment-service');
  });

  test('brokers admit the EKS cluster security group on 9098 and the exporters, and nothing else', () => {
    const kafkaSg = Object.entries(primary).find(([, r]) => r.Type === 'AWS::EC2::SecurityGroup' && String(r.Properties.GroupDescription).includes('Kafka brokers'))![0];
    const rules = Object.values(primary).filter((r) => r.Type === 'AWS::EC2::SecurityGroupIngress' && JSON.stringify(r.Properties.GroupId).includes(kafkaSg))
      .map((r) => [r.Properties.FromPort, r.Properties.ToPort, JSON.stringify(r.Properties.SourceSecurityGroupId)]);
    expect(rules.sort()).toEqual([
      [11001, 11002, expect.stringContaining('ClusterSecurityGroupId')],
      [9092, 9098, expect.stringContaining(kafkaSg)],
      [9098, 9098, expect.stringContaining('ClusterSecurityGroupId')],
    ].sort());
    expect(JSON.stringify(primary[kafkaSg].Properties)).not.toContain('0.0.0.0/0');
  });

  test('the platform Prometheus scrapes the JMX and node exporters of all six brokers', () => {
    const helm = Object.values(primary).find((r) => r.Type === 'Custom::AWSCDK-EKS-HelmChart' && r.Properties.Chart === 'kube-prometheus-stack')!;
    const values = JSON.stringify(helm.Properties.Values);
    for (let i = 0; i < 6; i++) {
      expect(values).toContain(`NodeInfoList.${i}.BrokerNodeInfo.Endpoints.0"]},":11001`);
      expect(values).toContain(`NodeInfoList.${i}.BrokerNodeInfo.Endpoints.0"]},":11002`);
    }
    expect(values).not.toContain('NodeInfoList.6.');
    expect(values).toContain('verypay-prod-use1-kafka-jmx');
  });

  test('the broker lookup may only list this cluster\'s nodes', () => {
    const policy = Object.values(primary).find((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties).includes('kafka:ListNodes'))!;
    expect((policy.Properties.PolicyDocument as { Statement: unknown[] }).Statement).toEqual([
      { Action: 'kafka:ListNodes', Effect: 'Allow', Resource: { 'Fn::GetAtt': [expect.stringMatching(/^StreamingKafka/), 'Arn'] } },
    ]);
  });

  test('MSK Replicator copies every topic and consumer offsets from us-east-1 into the failover region', () => {
    const failover = built.platform.globalStack.failover.failoverRegion!;
    const target = built.template(built.platform.regionalStack(failover)).toJSON().Resources as Resources;
    const replicators = Object.values(target).filter((r) => r.Type === 'AWS::MSK::Replicator');
    expect(replicators).toHaveLength(1);
    const info = (replicators[0].Properties.ReplicationInfoList as Record<string, unknown>[])[0];
    expect(JSON.stringify(info.SourceKafkaClusterArn)).toContain('"Fn::GetStackOutput"');
    expect(JSON.stringify(info.SourceKafkaClusterArn)).toContain('"Region":"us-east-1"');
    expect(info.TargetKafkaClusterArn).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^StreamingKafka/), 'Arn'] });
    expect(info.TopicReplication).toMatchObject({ TopicsToReplicate: ['.*'], DetectAndCopyNewTopics: true, TopicNameConfiguration: { Type: 'IDENTICAL' } });
    expect(info.ConsumerGroupReplication).toMatchObject({ ConsumerGroupsToReplicate: ['.*'], SynchroniseConsumerGroupOffsets: true });
    for (const region of built.platform.regionalStacks.map((s) => s.regionConfig.region).filter((r) => r !== failover)) {
      const other = built.template(built.platform.regionalStack(region)).toJSON().Resources as Resources;
      expect(Object.values(other).filter((r) => r.Type === 'AWS::MSK::Replicator')).toHaveLength(0);
    }
  });
});

function platform(config: PlatformConfig, services?: unknown[]): PaymentPlatform {
  const app = new App({ context: { ...cdkJson.context }, builtinCloudFormationValidation: false });
  return new PaymentPlatform(withToday(app, TODAY), config, { workloads: services ? () => ({ services: services as never }) : undefined });
}

const LEDGER = {
  name: 'ledger', image: 'ledger:1.0.0', port: 8080,
  resources: { cpu: { request: '100m', limit: '200m' }, memory: { request: '128Mi', limit: '256Mi' } },
  streaming: { consumes: ['payment-events'], produces: ['ledger-events'] },
};

describe('a catalog service that declares streaming', () => {
  const single: PlatformConfig = {
    ...examplePlatformConfig,
    regions: [examplePlatformConfig.regions[0]],
    streaming: { topics: [{ name: 'payment-events', partitions: 12 }, { name: 'ledger-events', partitions: 6 }] },
  };
  const p = platform(single, [LEDGER]);
  const stack = p.regionalStack('us-east-1');
  const resources = Template.fromStack(stack).toJSON().Resources as Resources;

  test('gets its own Pod Identity role bound to its service account, allowed exactly its topics and group', async () => {
    const assoc = Object.values(resources).find((r) => r.Type === 'AWS::EKS::PodIdentityAssociation' && r.Properties.ServiceAccount === 'ledger')!;
    expect(assoc.Properties.Namespace).toBe('verypay-api');
    const access = await kafkaAccess(policiesOf(resources, 'verypay-prod-use1-ledger', deployedRefs(resources, 'us-east-1')));
    expect(access).toEqual({
      'connect': 'Allowed', 'write payment-events': 'ImplicitlyDenied', 'read payment-events': 'Allowed',
      'write other topic': 'Allowed', 'read other topic': 'ImplicitlyDenied', 'join group ledger': 'Allowed',
      'create topic': 'ImplicitlyDenied', 'alter cluster': 'ImplicitlyDenied', 'connect other cluster': 'ImplicitlyDenied',
    });
  });

  test('gets egress to the brokers and the client settings in its chart; api-gateway does not', () => {
    const chart = stack.workloads!;
    const ledger = chart.services.specs.ledger;
    expect(ledger.egress).toEqual(expect.arrayContaining([{ peers: [{ cidr: '10.0.0.0/16' }], ports: [{ port: 9098 }] }]));
    expect(ledger.config).toMatchObject({ KAFKA_CLIENT_ID: 'ledger', KAFKA_SASL_MECHANISM: 'AWS_MSK_IAM' });
    expect(String(ledger.config!.KAFKA_BOOTSTRAP_SERVERS)).toMatch(/\$\{Token\[/);
    const gateway = chart.services.specs['api-gateway'];
    expect((gateway.egress ?? []).some((r) => (r.ports ?? []).some((port) => port.port === 9098))).toBe(false);
    expect(gateway.config).not.toHaveProperty('KAFKA_BOOTSTRAP_SERVERS');
  });

  test('a single-region platform has no replicator', () => {
    expect(p.kafkaReplicator).toBeUndefined();
    expect(Object.values(resources).filter((r) => r.Type === 'AWS::MSK::Replicator')).toHaveLength(0);
  });

  test('fails when a service names a topic the cluster does not create', () => {
    expect(() => platform({ ...single, streaming: {} }, [LEDGER]))
      .toThrow("service 'ledger': streaming names topic 'ledger-events', which streaming.topics does not create (topics: payment-events); add it to streaming.topics");
  });

  test('fails when a service declares streaming on a platform without it', () => {
    expect(() => platform({ ...single, streaming: undefined }, [LEDGER])).toThrow(/service 'ledger' declares streaming, but the platform has no Kafka cluster/);
  });

  test('fails when a service consumes with an empty consumer group list', () => {
    expect(() => platform(single, [{ ...LEDGER, streaming: { consumes: ['payment-events'], consumerGroups: [] } }])).toThrow(/empty consumerGroups/);
  });

  test('replicateToFailoverRegion: false leaves a multi-region platform without a replicator', () => {
    const q = platform({ ...examplePlatformConfig, streaming: { replicateToFailoverRegion: false } });
    expect(q.kafkaReplicator).toBeUndefined();
  });
});

describe('streaming with SASL/SCRAM on', () => {
  test('is cdk-nag clean, opens 9096 to the cluster and keeps the credentials under the secrets key', () => {
    const app = new App({ context: { ...cdkJson.context }, builtinCloudFormationValidation: false });
    const p = new PaymentPlatform(withToday(app, TODAY), { ...examplePlatformConfig, regions: [examplePlatformConfig.regions[0]], streaming: { scram: true } }, {});
    const resources = Template.fromStack(p.regionalStack('us-east-1')).toJSON().Resources as Resources;
    const secret = Object.values(resources).find((r) => r.Type === 'AWS::SecretsManager::Secret' && String(r.Properties.Name).startsWith('AmazonMSK_'))!;
    expect(secret.Properties.Name).toBe('AmazonMSK_verypay/prod/us-east-1/kafka-scram');
    expect(JSON.stringify(secret.Properties.KmsKeyId)).toContain('KeysSecrets');
    const ports = Object.values(resources).filter((r) => r.Type === 'AWS::EC2::SecurityGroupIngress' && JSON.stringify(r.Properties.SourceSecurityGroupId).includes('ClusterSecurityGroupId')
      && JSON.stringify(r.Properties.GroupId).includes('StreamingKafka')).map((r) => r.Properties.FromPort).sort();
    expect(ports).toEqual([11001, 9096, 9098]);
    expect(nagFindings(app)).toEqual([]);
  });
});
