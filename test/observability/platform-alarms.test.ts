import { expectRejected } from '../support/invalid-case';
import { CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as kms from 'aws-cdk-lib/aws-kms';
import { PlatformAlarms, type PlatformAlarmsProps } from '../../lib/observability/platform-alarms';
import { nagFindings } from '../support/compliance';
import { testStack } from '../support/fixtures';
import { cache, database, dataTierEnv, type DataTierEnv } from './data-tier-fixtures';

const GIB = 1024 ** 3;

function logicalId(env: DataTierEnv, path: string): string {
  const node = env.stack.node.findAll().find((c) => c.node.path === `Test/${path}`);
  if (!node) throw new Error(`no construct at ${path}`);
  return env.stack.getLogicalId(node as CfnElement);
}

function setup(props: Partial<PlatformAlarmsProps> = {}) {
  const env = dataTierEnv();
  const alarms = new PlatformAlarms(env.stack, 'Alarms', { key: env.secretsKey, ...props });
  return { env, alarms };
}

/** Properties of the alarm whose construct path ends with `path`. */
function alarmProps(env: DataTierEnv, template: Template, path: string): Record<string, unknown> {
  return template.findResources('AWS::CloudWatch::Alarm')[logicalId(env, `Alarms/${path}/Resource`)].Properties;
}

describe('PlatformAlarms topic', () => {
  test('is encrypted with the given key and accepts only TLS publishing', () => {
    const { env } = setup();
    const template = Template.fromStack(env.stack);
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [logicalId(env, 'SecretsKey/Resource'), 'Arn'] } });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Sid: 'AllowCloudWatchAlarmsOfThisAccount', Effect: 'Allow', Action: 'sns:Publish',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Condition: {
              StringEquals: { 'aws:SourceAccount': '123456789012' },
              ArnLike: { 'aws:SourceArn': 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:*' },
            },
          }),
        ]),
      },
    });
  });

  test('lets CloudWatch use the topic key', () => {
    const { env } = setup();
    Template.fromStack(env.stack).hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([{
        Sid: 'AllowCloudWatchAlarmsToUseTheKey', Effect: 'Allow', Resource: '*',
        Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      }]) },
    });
  });

  test('subscribes the e-mail when given, nothing otherwise', () => {
    const withEmail = setup({ email: 'oncall@verypay.example.com', topicName: 'verypay-prod-alarms' });
    const template = Template.fromStack(withEmail.env.stack);
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@verypay.example.com' });
    template.hasResourceProperties('AWS::SNS::Topic', { TopicName: 'verypay-prod-alarms' });
    Template.fromStack(setup().env.stack).resourceCountIs('AWS::SNS::Subscription', 0);
  });

  test('fails when the e-mail is malformed', () => {
    const stack = testStack();
    // 'oncall@-example.com' passed the construct's own regex before it used the shared e-mail rule.
    for (const email of ['oncall', 'oncall@-example.com']) {
      expectRejected(() => new PlatformAlarms(stack, `Alarms${email.length}`, { key: new kms.Key(stack, `K${email.length}`, { enableKeyRotation: true }), email }),
        { what: email, input: email, field: 'email', fix: "must be an e-mail address like 'payments-oncall@example.com'" });
    }
  });

  test('addAlarm wires alarm and OK actions of any alarm to the topic', () => {
    const { env, alarms } = setup();
    const alarm = new cloudwatch.Alarm(env.stack, 'Custom', {
      metric: new cloudwatch.Metric({ namespace: 'X', metricName: 'Y' }), threshold: 1, evaluationPeriods: 1,
    });
    alarms.addAlarm(alarm);
    const topic = { Ref: logicalId(env, 'Alarms/Topic/Resource') };
    Template.fromStack(env.stack).hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmActions: [topic], OKActions: [topic], ActionsEnabled: true });
    expect(alarms.alarms).toEqual([alarm]);
  });
});

describe('monitorDatabase', () => {
  test('per-instance CPU, connections, memory and local storage alarms with the seeds\' thresholds', () => {
    const { env, alarms } = setup();
    const db = database(env, { maxConnections: 1000 });
    const created = alarms.monitorDatabase(db);
    const template = Template.fromStack(env.stack);
    const topic = { Ref: logicalId(env, 'Alarms/Topic/Resource') };
    const writer = env.stack.resolve(db.instanceIdentifiers[0]);
    expect(alarmProps(env, template, 'DatabaseDatabase/WriterCpu')).toEqual(expect.objectContaining({
      Namespace: 'AWS/RDS', MetricName: 'CPUUtilization', Statistic: 'Average', Period: 300, EvaluationPeriods: 2,
      Threshold: 80, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'notBreaching',
      Dimensions: [{ Name: 'DBInstanceIdentifier', Value: writer }],
      AlarmActions: [topic], OKActions: [topic], ActionsEnabled: true,
      AlarmDescription: expect.stringMatching(/Performance Insights/),
    }));
    expect(alarmProps(env, template, 'DatabaseDatabase/WriterConnections')).toEqual(expect.objectContaining({
      MetricName: 'DatabaseConnections', Statistic: 'Maximum', Period: 60, EvaluationPeriods: 3, Threshold: 800,
      ComparisonOperator: 'GreaterThanThreshold', AlarmDescription: expect.stringMatching(/80% of max_connections 1000/),
    }));
    expect(alarmProps(env, template, 'DatabaseDatabase/WriterFreeableMemory')).toEqual(expect.objectContaining({
      MetricName: 'FreeableMemory', Statistic: 'Minimum', Threshold: 2 * GIB, ComparisonOperator: 'LessThanThreshold',
    }));
    expect(alarmProps(env, template, 'DatabaseDatabase/WriterFreeLocalStorage')).toEqual(expect.objectContaining({
      MetricName: 'FreeLocalStorage', Statistic: 'Minimum', Threshold: 10 * GIB, ComparisonOperator: 'LessThanThreshold',
    }));
    expect(alarmProps(env, template, 'DatabaseDatabase/Reader1Cpu')).toEqual(expect.objectContaining({
      Dimensions: [{ Name: 'DBInstanceIdentifier', Value: env.stack.resolve(db.instanceIdentifiers[1]) }],
    }));
    expect(alarmProps(env, template, 'DatabaseDatabase/ReplicaLag')).toEqual(expect.objectContaining({
      MetricName: 'AuroraReplicaLagMaximum', Statistic: 'Maximum', Period: 60, EvaluationPeriods: 5, Threshold: 1000,
      TreatMissingData: 'missing', Dimensions: [{ Name: 'DBClusterIdentifier', Value: env.stack.resolve(db.clusterIdentifier) }],
    }));
    // 4 per instance × 2 instances + replica lag; every one with both actions and a description.
    expect(created).toHaveLength(9);
    for (const props of Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((r) => r.Properties)) {
      expect(props).toEqual(expect.objectContaining({ AlarmActions: [topic], OKActions: [topic], AlarmDescription: expect.any(String) }));
    }
  });

  test('thresholds are configurable; VolumeBytesUsed only on request', () => {
    const { env, alarms } = setup();
    const db = database(env, { readers: 0, maxConnections: 500 });
    alarms.monitorDatabase(db, { cpuPercent: 70, connectionsPercent: 90, freeableMemoryBytes: GIB, freeLocalStorageBytes: 5 * GIB, volumeBytesUsed: 10 * 1024 * GIB });
    const template = Template.fromStack(env.stack);
    expect(alarmProps(env, template, 'DatabaseDatabase/WriterCpu').Threshold).toBe(70);
    expect(alarmProps(env, template, 'DatabaseDatabase/WriterConnections').Threshold).toBe(450);
    expect(alarmProps(env, template, 'DatabaseDatabase/WriterFreeableMemory').Threshold).toBe(GIB);
    expect(alarmProps(env, template, 'DatabaseDatabase/WriterFreeLocalStorage').Threshold).toBe(5 * GIB);
    expect(alarmProps(env, template, 'DatabaseDatabase/VolumeBytesUsed')).toEqual(expect.objectContaining({
      MetricName: 'VolumeBytesUsed', Threshold: 10 * 1024 * GIB, Period: 3600,
    }));
    // No readers: no replica-lag alarm.
    template.resourcePropertiesCountIs('AWS::CloudWatch::Alarm', { MetricName: 'AuroraReplicaLagMaximum' }, 0);
  });

  test('a global secondary alarms on the global replication lag (missing data breaches) instead of in-region replica lag', () => {
    const { env, alarms } = setup();
    const db = database(env, { globalDatabase: { identifier: 'verypay-prod-global', role: 'secondary' } });
    alarms.monitorDatabase(db);
    const template = Template.fromStack(env.stack);
    expect(alarmProps(env, template, 'DatabaseDatabase/GlobalReplicationLag')).toEqual(expect.objectContaining({
      Namespace: 'AWS/RDS', MetricName: 'AuroraGlobalDBReplicationLag', Statistic: 'Maximum', Period: 60, EvaluationPeriods: 3,
      Threshold: 1000, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'breaching',
      Dimensions: [{ Name: 'DBClusterIdentifier', Value: env.stack.resolve(db.clusterIdentifier) }],
    }));
    template.resourcePropertiesCountIs('AWS::CloudWatch::Alarm', { MetricName: 'AuroraReplicaLagMaximum' }, 0);
  });

  test('a global primary keeps the in-region replica lag alarm (global lag is reported in the secondary regions)', () => {
    const { env, alarms } = setup();
    alarms.monitorDatabase(database(env, { globalDatabase: { identifier: 'verypay-prod-global', role: 'primary' } }));
    const template = Template.fromStack(env.stack);
    template.resourcePropertiesCountIs('AWS::CloudWatch::Alarm', { MetricName: 'AuroraReplicaLagMaximum' }, 1);
    template.resourcePropertiesCountIs('AWS::CloudWatch::Alarm', { MetricName: 'AuroraGlobalDBReplicationLag' }, 0);
  });

  describe('fails when', () => {
    test.each([
      ['cpuPercent', { cpuPercent: 0 }, /monitorDatabase: cpuPercent 0 is invalid/],
      ['connectionsPercent', { connectionsPercent: 120 }, /monitorDatabase: connectionsPercent 120 is invalid/],
      ['freeableMemoryBytes', { freeableMemoryBytes: -1 }, /monitorDatabase: freeableMemoryBytes -1 is invalid/],
      ['freeLocalStorageBytes', { freeLocalStorageBytes: 0 }, /monitorDatabase: freeLocalStorageBytes 0 is invalid/],
      ['replicaLagMillis', { replicaLagMillis: 0 }, /monitorDatabase: replicaLagMillis 0 is invalid/],
      ['volumeBytesUsed', { volumeBytesUsed: 0 }, /monitorDatabase: volumeBytesUsed 0 is invalid/],
    ])('%s is invalid', (_prop, options, message) => {
      const { env, alarms } = setup();
      expect(() => alarms.monitorDatabase(database(env), options)).toThrow(message);
    });

    test('the same database is monitored twice', () => {
      const { env, alarms } = setup();
      const db = database(env);
      alarms.monitorDatabase(db);
      expect(() => alarms.monitorDatabase(db)).toThrow(/Test\/Database is already monitored/);
    });
  });
});

describe('monitorCache', () => {
  test('memory, engine CPU and sustained evictions on the worst node, with actions', () => {
    const { env, alarms } = setup();
    const c = cache(env);
    expect(alarms.monitorCache(c)).toHaveLength(3);
    const template = Template.fromStack(env.stack);
    const topic = { Ref: logicalId(env, 'Alarms/Topic/Resource') };
    const nodes = c.memberClusterIds.map((id) => env.stack.resolve(id));
    const expectWorstNode = (path: string, metricName: string, stat: string, threshold: number, periods: number) => {
      const props = alarmProps(env, template, path);
      expect(props).toEqual(expect.objectContaining({
        Threshold: threshold, EvaluationPeriods: periods, ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'notBreaching', AlarmActions: [topic], OKActions: [topic], AlarmDescription: expect.any(String),
      }));
      const metrics = props.Metrics as { Id: string; Expression?: string; MetricStat?: { Metric: { MetricName: string; Dimensions: unknown[] }; Stat: string; Period: number } }[];
      expect(metrics[0]).toEqual(expect.objectContaining({ Expression: 'MAX([n1,n2,n3])' }));
      expect(metrics.slice(1).map((m) => [m.Id, m.MetricStat?.Metric.MetricName, m.MetricStat?.Stat, m.MetricStat?.Period, m.MetricStat?.Metric.Dimensions]))
        .toEqual(nodes.map((n, i) => [`n${i + 1}`, metricName, stat, 300, [{ Name: 'CacheClusterId', Value: n }]]));
    };
    expectWorstNode('CacheCache/Memory', 'DatabaseMemoryUsagePercentage', 'Maximum', 90, 1);
    expectWorstNode('CacheCache/EngineCpu', 'EngineCPUUtilization', 'Average', 80, 2);
    expectWorstNode('CacheCache/Evictions', 'Evictions', 'Sum', 0, 3);
  });

  test('thresholds are configurable', () => {
    const { env, alarms } = setup();
    alarms.monitorCache(cache(env, { nodes: 2 }), { memoryPercent: 75, engineCpuPercent: 60, evictionsPer5Minutes: 100 });
    const template = Template.fromStack(env.stack);
    expect(alarmProps(env, template, 'CacheCache/Memory').Threshold).toBe(75);
    expect(alarmProps(env, template, 'CacheCache/EngineCpu').Threshold).toBe(60);
    expect(alarmProps(env, template, 'CacheCache/Evictions').Threshold).toBe(100);
    expect((alarmProps(env, template, 'CacheCache/Memory').Metrics as { Expression?: string }[])[0].Expression).toBe('MAX([n1,n2])');
  });

  test.each([
    ['memoryPercent', { memoryPercent: 101 }],
    ['engineCpuPercent', { engineCpuPercent: 0 }],
    ['evictionsPer5Minutes', { evictionsPer5Minutes: -1 }],
  ])('fails when %s is invalid', (prop, options) => {
    const { env, alarms } = setup();
    expect(() => alarms.monitorCache(cache(env), options)).toThrow(new RegExp(`monitorCache: ${prop} -?\\d+ is invalid`));
  });
});

test('the topic and every alarm pass cdk-nag AwsSolutions and PCI DSS 3.2.1', () => {
  const { env, alarms } = setup({ email: 'oncall@verypay.example.com' });
  alarms.monitorDatabase(database(env));
  alarms.monitorCache(cache(env));
  expect(nagFindings(alarms)).toEqual([]);
});
