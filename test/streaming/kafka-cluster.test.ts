import { expectRejected } from '../support/invalid-case';
import { Template, Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { Stack } from 'aws-cdk-lib';
import { createKafkaAlarms, MAX_ALARM_METRICS } from '../../lib/observability/kafka-alarms';
import { KafkaCluster, KAFKA_SERVER_PROPERTIES, type KafkaClusterProps } from '../../lib/streaming/kafka-cluster';
import { KafkaScramSecret } from '../../lib/streaming/kafka-scram';
import { testStack } from '../support/fixtures';

const TODAY = new Date('2026-12-01T00:00:00Z');

function vpcStack(zones = 3): { stack: Stack; vpc: ec2.Vpc } {
  const stack = testStack();
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    maxAzs: zones, natGateways: 0,
    subnetConfiguration: [{ name: 'Database', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }],
  });
  return { stack, vpc };
}

function cluster(overrides: Partial<KafkaClusterProps> = {}, zones = 3): { stack: Stack; kafka: KafkaCluster; template: () => Template } {
  const { stack, vpc } = vpcStack(zones);
  const kafka = new KafkaCluster(stack, 'Kafka', {
    clusterName: 'verypay-prod-use1-kafka', vpc, subnets: { subnetGroupName: 'Database' }, kafkaVersion: '3.9.x.kraft',
    brokerInstanceType: 'kafka.m7g.2xlarge', brokersPerZone: 2, volumeSizeGiB: 1000, provisionedThroughputMiBps: 250,
    dataKey: new kms.Key(stack, 'Data'), logsKey: new kms.Key(stack, 'Logs'), logRetentionDays: 365,
    topics: [{ name: 'payment-events', partitions: 12 }], today: TODAY, ...overrides,
  });
  return { stack, kafka, template: () => Template.fromStack(stack) };
}

describe('KafkaCluster', () => {
  test('TLS only, CMK at rest, IAM only, private, six brokers over three zones, monitored, logged', () => {
    const t = cluster().template();
    t.resourceCountIs('AWS::MSK::Cluster', 1);
    t.hasResource('AWS::MSK::Cluster', {
      DeletionPolicy: 'Retain',
      Properties: {
        ClusterName: 'verypay-prod-use1-kafka',
        KafkaVersion: '3.9.x.kraft',
        NumberOfBrokerNodes: 6,
        BrokerNodeGroupInfo: {
          InstanceType: 'kafka.m7g.2xlarge',
          ConnectivityInfo: { PublicAccess: { Type: 'DISABLED' } },
          StorageInfo: { EBSStorageInfo: { VolumeSize: 1000, ProvisionedThroughput: { Enabled: true, VolumeThroughput: 250 } } },
        },
        ClientAuthentication: { Sasl: { Iam: { Enabled: true }, Scram: { Enabled: false } }, Unauthenticated: { Enabled: false } },
        EncryptionInfo: {
          EncryptionAtRest: { DataVolumeKMSKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Data'), 'Arn'] } },
          EncryptionInTransit: { ClientBroker: 'TLS', InCluster: true },
        },
        EnhancedMonitoring: 'PER_TOPIC_PER_PARTITION',
        OpenMonitoring: { Prometheus: { JmxExporter: { EnabledInBroker: true }, NodeExporter: { EnabledInBroker: true } } },
        LoggingInfo: { BrokerLogs: { CloudWatchLogs: { Enabled: true, LogGroup: { Ref: Match.stringLikeRegexp('^KafkaBrokerLogs') } } } },
      },
    });
    const subnets = Object.values(t.findResources('AWS::MSK::Cluster'))[0].Properties.BrokerNodeGroupInfo.ClientSubnets;
    expect(subnets).toHaveLength(3);
    t.hasResource('AWS::Logs::LogGroup', {
      DeletionPolicy: 'Retain',
      Properties: { LogGroupName: '/aws/msk/verypay-prod-use1-kafka/broker', RetentionInDays: 365, KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Logs'), 'Arn'] } },
    });
    t.hasResourceProperties('AWS::MSK::Configuration', { ServerProperties: KAFKA_SERVER_PROPERTIES });
    expect(KAFKA_SERVER_PROPERTIES).toContain('auto.create.topics.enable=false');
    expect(KAFKA_SERVER_PROPERTIES).toContain('min.insync.replicas=2');
    expect(KAFKA_SERVER_PROPERTIES).toContain('unclean.leader.election.enable=false');
  });

  test('topics are created and retained, with their retention and min.insync.replicas', () => {
    const t = cluster().template();
    t.hasResource('AWS::MSK::Topic', {
      DeletionPolicy: 'Retain',
      Properties: {
        TopicName: 'payment-events', PartitionCount: 12, ReplicationFactor: 3,
        Configs: Buffer.from('retention.ms=604800000\nmin.insync.replicas=2').toString('base64'),
      },
    });
  });

  test('the security group admits nothing but the brokers themselves until a client is allowed', () => {
    const ingress = Object.values(cluster().template().findResources('AWS::EC2::SecurityGroupIngress'));
    expect(ingress.map((r) => [r.Properties.FromPort, r.Properties.ToPort])).toEqual([[9092, 9098]]);
    expect(JSON.stringify(ingress[0].Properties.SourceSecurityGroupId)).toContain('KafkaSecurityGroup');

    const { stack, kafka } = cluster();
    const client = new ec2.SecurityGroup(stack, 'Client', { vpc: stack.node.findChild('Vpc') as ec2.Vpc, allowAllOutbound: false });
    kafka.connections.allowDefaultPortFrom(client, 'client');
    const t = Template.fromStack(stack);
    const rules = Object.values(t.findResources('AWS::EC2::SecurityGroupIngress')).map((r) => [r.Properties.FromPort, JSON.stringify(r.Properties.SourceSecurityGroupId)]);
    expect(rules).toEqual(expect.arrayContaining([[9098, expect.stringContaining('Client')]]));
    expect(rules).toHaveLength(2);
    expect(JSON.stringify(t.toJSON())).not.toContain('0.0.0.0/0');
  });

  test.each([
    ['3.6.0', '2026-06-01'], ['3.7.x', '2026-09-01'], ['3.7.x.kraft', '2026-09-01'], ['3.5.1', '2025-10-23'],
  ])('fails when the Kafka version %s is past MSK end of support (%s)', (kafkaVersion, date) => {
    expect(() => cluster({ kafkaVersion })).toThrow(new RegExp(`Kafka ${kafkaVersion.replace(/\./g, '\\.')} reached MSK end of support on ${date}.*Use one of .*3\\.9\\.x\\.kraft`));
  });
  test('accepts a version before its end of support date', () => {
    expect(() => cluster({ kafkaVersion: '3.7.x.kraft', today: new Date('2026-08-31T00:00:00Z') })).not.toThrow();
  });
  test('fails when the version is unknown', () => {
    expect(() => cluster({ kafkaVersion: '9.9.9' })).toThrow(/kafkaVersion '9\.9\.9' is not one MSK accepts/);
  });
  test('fails when the subnets span one zone', () => {
    expect(() => cluster({}, 1)).toThrow(/MSK needs two or three client subnets/);
  });
  test('fails when provisioned throughput is asked of a broker that cannot have it', () => {
    expect(() => cluster({ brokerInstanceType: 'kafka.m5.2xlarge' })).toThrow(/not available on kafka\.m5\.2xlarge/);
    expect(() => cluster({ brokerInstanceType: 'kafka.m5.2xlarge', provisionedThroughputMiBps: undefined })).not.toThrow();
  });
  test('fails when broker logs would be kept under a year', () => {
    expect(() => cluster({ logRetentionDays: 90 })).toThrow(/PCI DSS 10\.5\.1/);
  });
  test('fails when a topic needs more replicas than there are brokers', () => {
    expect(() => cluster({ brokersPerZone: 1, topics: [{ name: 'x', partitions: 1, replicationFactor: 3 }] }, 2)).toThrow(/asks for 3 replicas but the cluster has 2 brokers/);
  });
  test('fails when the mutual-TLS CA is not a Private CA', () => {
    expect(() => cluster({ tlsClientAuthentication: { certificateAuthorityArn: 'arn:aws:acm:us-east-1:123456789012:certificate/x' } }))
      .toThrow("KafkaCluster: tlsClientAuthentication.certificateAuthorityArn 'arn:aws:acm:us-east-1:123456789012:certificate/x' is not an AWS Private CA ARN");
  });
  test('with a Private CA: TLS client authentication and the 9094 port; without: neither', () => {
    const ca = 'arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/11111111-2222-3333-4444-555555555555';
    const on = cluster({ tlsClientAuthentication: { certificateAuthorityArn: ca } });
    expect(on.kafka.tlsPort).toBe(9094);
    on.template().hasResourceProperties('AWS::MSK::Cluster', { ClientAuthentication: { Tls: { Enabled: true, CertificateAuthorityArnList: [ca] } } });
    const off = cluster();
    expect(off.kafka.tlsPort).toBeUndefined();
    expect(off.template().findResources('AWS::MSK::Cluster')[Object.keys(off.template().findResources('AWS::MSK::Cluster'))[0]].Properties.ClientAuthentication.Tls).toBeUndefined();
  });
});

describe('KafkaCluster props', () => {
  test.each([[180, 'must be at least 365 days (PCI DSS 10.5.1'], [366, 'must be a value CloudWatch Logs accepts']])('fails when logRetentionDays is %s', (logRetentionDays, fix) => {
    // 366 passed the construct's own "at least a year" check before it used the shared retention rule.
    expectRejected(() => cluster({ logRetentionDays }), { what: String(logRetentionDays), input: logRetentionDays, field: 'logRetentionDays', fix });
  });
});

describe('SASL/SCRAM', () => {
  test('credentials in an AmazonMSK_ secret under the secrets key, associated with the cluster; the cluster accepts SCRAM', () => {
    const { stack, vpc } = vpcStack();
    const secretsKey = new kms.Key(stack, 'Secrets');
    new KafkaCluster(stack, 'Kafka', {
      clusterName: 'c', vpc, subnets: { subnetGroupName: 'Database' }, kafkaVersion: '3.9.x.kraft', brokerInstanceType: 'kafka.m7g.large',
      brokersPerZone: 1, volumeSizeGiB: 100, dataKey: new kms.Key(stack, 'Data'), logsKey: new kms.Key(stack, 'Logs'), logRetentionDays: 365,
      scram: { secretName: 'AmazonMSK_verypay/prod/us-east-1/kafka-scram', secretsKey }, today: TODAY,
    });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::MSK::Cluster', { ClientAuthentication: { Sasl: { Iam: { Enabled: true }, Scram: { Enabled: true } } } });
    t.hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'Retain',
      Properties: { Name: 'AmazonMSK_verypay/prod/us-east-1/kafka-scram', KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Secrets'), 'Arn'] } },
    });
    t.hasResourceProperties('AWS::MSK::BatchScramSecret', { ClusterArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Kafka'), 'Arn'] }, SecretArnList: [{ Ref: Match.stringLikeRegexp('^KafkaScram') }] });
  });
  test('fails when the secret name lacks the AmazonMSK_ prefix', () => {
    const { stack } = vpcStack();
    expect(() => new KafkaScramSecret(stack, 'S', { secretName: 'kafka-scram', secretsKey: new kms.Key(stack, 'K'), clusterArn: 'arn' }))
      .toThrow(/must start with 'AmazonMSK_'/);
  });
});

describe('Kafka alarms', () => {
  function alarmsFor(brokers: number) {
    const { stack } = vpcStack();
    const kafka = { clusterName: 'k', brokerIds: Array.from({ length: brokers }, (_, i) => i + 1), node: stack.node } as never;
    createKafkaAlarms(stack, kafka, {});
    return Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm')).map((r) => r.Properties);
  }
  test('six brokers: disk, CPU (two alarms), under-replicated and offline partitions, each within the metric limit', () => {
    const alarms = alarmsFor(6);
    const byId = alarms.map((a) => a.AlarmDescription.split(':')[0]);
    expect(alarms).toHaveLength(5);
    expect(byId.filter((d) => d.includes('data volume'))).toHaveLength(1);
    for (const a of alarms) {
      const metrics = (a.Metrics ?? []).filter((m: { MetricStat?: unknown }) => m.MetricStat !== undefined);
      expect(metrics.length).toBeLessThanOrEqual(MAX_ALARM_METRICS);
    }
    const cpu = alarms.filter((a) => a.AlarmDescription.includes('CPU'));
    expect(cpu.map((a) => a.Threshold)).toEqual([60, 60]);
    // Every broker is watched for CPU exactly once (user + system).
    const brokers = cpu.flatMap((a) => a.Metrics.filter((m: { MetricStat?: { Metric: { MetricName: string; Dimensions: { Name: string; Value: string }[] } } }) => m.MetricStat?.Metric.MetricName === 'CpuUser')
      .map((m: { MetricStat: { Metric: { Dimensions: { Name: string; Value: string }[] } } }) => m.MetricStat.Metric.Dimensions.find((d) => d.Name === 'Broker ID')!.Value));
    expect(brokers.sort()).toEqual(['1', '2', '3', '4', '5', '6']);
    const disk = alarms.find((a) => a.AlarmDescription.includes('data volume'))!;
    expect(disk.Threshold).toBe(80);
    expect(disk.TreatMissingData).toBe('breaching');
    const urp = alarms.find((a) => a.AlarmDescription.includes('under-replicated'))!;
    expect([urp.Threshold, urp.EvaluationPeriods]).toEqual([0, 3]);
  });
  test('twelve brokers: worst-broker alarms split so no alarm exceeds the CloudWatch metric limit', () => {
    const alarms = alarmsFor(12);
    for (const a of alarms) {
      expect((a.Metrics ?? []).filter((m: { MetricStat?: unknown }) => m.MetricStat !== undefined).length).toBeLessThanOrEqual(MAX_ALARM_METRICS);
    }
    expect(alarms.filter((a) => a.AlarmDescription.includes('data volume'))).toHaveLength(2);
    expect(alarms.filter((a) => a.AlarmDescription.includes('CPU'))).toHaveLength(3);
  });
  test.each([['diskUsedPercent', 0], ['cpuPercent', 101]])('fails when %s is %d', (prop, value) => {
    const { stack } = vpcStack();
    expect(() => createKafkaAlarms(stack, { clusterName: 'k', brokerIds: [1], node: stack.node } as never, { [prop]: value }))
      .toThrow(new RegExp(`${prop} ${value} is invalid`));
  });
});
