import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import type { PlatformConfig } from '../../lib/config/platform-config';
import { GlobalStack, GlobalStackProps } from '../../lib/stacks/global-stack';
import { nagFindings } from '../support/compliance';
import { exampleConfig, testApp } from '../support/fixtures';
import { normalizedTemplate } from '../support/snapshot';

function build(overrides: Partial<PlatformConfig> = {}, props: Partial<GlobalStackProps> = {}) {
  const app = testApp();
  const stack = new GlobalStack(app, 'Global', { config: exampleConfig(overrides), ...props });
  return { app, stack, template: Template.fromStack(stack) };
}

const REGIONAL = (r: string) => `api-${r}.verypay.example.com`;

describe('GlobalStack', () => {
  const { stack, template } = build();

  test('is the named stack in the primary region with termination protection', () => {
    expect(stack.stackName).toBe('PaymentPlatform-global');
    expect(stack.region).toBe('us-east-1');
    expect(stack.terminationProtection).toBe(true);
  });

  test('creates the public hosted zone and retains it', () => {
    template.hasResource('AWS::Route53::HostedZone', {
      Properties: { Name: 'verypay.example.com.' },
      DeletionPolicy: 'Retain',
    });
    template.hasOutput('NameServers', {});
    template.hasOutput('HostedZoneId', { Value: { Ref: Match.stringLikeRegexp('^HostedZone') } });
  });

  test('imports the zone when domain.hostedZoneId is configured', () => {
    const t = build({ domain: { zoneName: 'verypay.example.com', hostedZoneId: 'Z0123456789ABCDEFGHIJ' } }).template;
    t.resourceCountIs('AWS::Route53::HostedZone', 0);
    t.hasResourceProperties('AWS::Route53::RecordSet', { HostedZoneId: 'Z0123456789ABCDEFGHIJ' });
    expect(Object.keys(t.findOutputs('NameServers'))).toEqual([]);
  });

  test.each(['us-east-1', 'eu-west-1', 'ap-southeast-1'])('health-checks %s over HTTPS on /health', (region) => {
    template.hasResourceProperties('AWS::Route53::HealthCheck', {
      HealthCheckConfig: {
        Type: 'HTTPS',
        FullyQualifiedDomainName: REGIONAL(region),
        Port: 443,
        ResourcePath: '/health',
        EnableSNI: true,
        RequestInterval: 30,
        FailureThreshold: 3,
        MeasureLatency: true,
        Regions: ['us-east-1', 'eu-west-1', 'ap-southeast-1'],
      },
    });
  });

  test('answers api.<zone> with a PRIMARY/SECONDARY failover pair, each with its health check, TTL 60', () => {
    const records = template.findResources('AWS::Route53::RecordSet');
    const props = Object.values(records).map((r) => (r as { Properties: Record<string, unknown> }).Properties);
    expect(props).toHaveLength(2);
    const checks = template.findResources('AWS::Route53::HealthCheck');
    const checkOf = (region: string) =>
      Object.entries(checks).find(([, c]) => (c as { Properties: { HealthCheckConfig: { FullyQualifiedDomainName: string } } })
        .Properties.HealthCheckConfig.FullyQualifiedDomainName === REGIONAL(region))![0];
    expect(props).toEqual(expect.arrayContaining([
      expect.objectContaining({
        Name: 'api.verypay.example.com.', Type: 'CNAME', TTL: '60', Failover: 'PRIMARY', SetIdentifier: 'primary-us-east-1',
        ResourceRecords: [REGIONAL('us-east-1')], HealthCheckId: { Ref: checkOf('us-east-1') },
      }),
      expect.objectContaining({
        Name: 'api.verypay.example.com.', Type: 'CNAME', TTL: '60', Failover: 'SECONDARY', SetIdentifier: 'secondary-eu-west-1',
        ResourceRecords: [REGIONAL('eu-west-1')], HealthCheckId: { Ref: checkOf('eu-west-1') },
      }),
    ]));
  });

  test('fails over to another secondary when failoverRegion says so', () => {
    build({}, { failoverRegion: 'ap-southeast-1', healthCheckIntervalSeconds: 10 }).template.hasResourceProperties('AWS::Route53::RecordSet', {
      Failover: 'SECONDARY', SetIdentifier: 'secondary-ap-southeast-1', ResourceRecords: [REGIONAL('ap-southeast-1')],
    });
  });

  test('alarms on every health check to an encrypted topic, with the configured e-mail', () => {
    template.resourceCountIs('AWS::CloudWatch::Alarm', 3);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'verypay-prod-api-health-eu-west-1',
      Namespace: 'AWS/Route53',
      MetricName: 'HealthCheckStatus',
      Statistic: 'Minimum',
      Period: 60,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      EvaluationPeriods: 1,
      TreatMissingData: 'breaching',
      ActionsEnabled: true,
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^HealthAlarmsTopic') }],
      OKActions: [{ Ref: Match.stringLikeRegexp('^HealthAlarmsTopic') }],
    });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^HealthAlarmsKey'), 'Arn'] } });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'payments-oncall@example.com' });
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] })]) },
    });
  });

  test('creates the empty Aurora global database, encrypted, protected and retained', () => {
    template.hasResource('AWS::RDS::GlobalCluster', {
      Properties: {
        GlobalClusterIdentifier: 'verypay-prod-global',
        Engine: 'aurora-postgresql',
        EngineVersion: exampleConfig().database.engineVersion,
        StorageEncrypted: true,
        DeletionProtection: true,
      },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    expect(stack.globalDatabaseMembership('us-east-1')).toEqual({ identifier: 'verypay-prod-global', role: 'primary' });
    expect(stack.globalDatabaseMembership('ap-southeast-1')).toEqual({ identifier: 'verypay-prod-global', role: 'secondary' });
    expect(() => stack.globalDatabaseMembership('sa-east-1')).toThrow(/'sa-east-1' is not in config\.regions/);
  });

  test('does not replicate images: replication deploys after the regions (RegistryReplicationStack)', () => {
    template.resourceCountIs('AWS::ECR::ReplicationConfiguration', 0);
  });

  test('meets the default objectives without warnings', () => {
    expect(stack.recoveryWarnings).toEqual([]);
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('recovery'));
  });

  test('warns when the recovery objectives cannot be met', () => {
    // Resolved config with raw values: the config validator may reject an RPO of 0 before the stack sees it.
    const base = exampleConfig();
    const s = new GlobalStack(testApp(), 'Global', { config: { ...base, recovery: { ...base.recovery, rtoMinutes: 2, rpoSeconds: 0.5 } } });
    const a = Annotations.fromStack(s);
    a.hasWarning('/Global', Match.stringLikeRegexp('recovery\\.rtoMinutes 2 is shorter than a regional failover'));
    a.hasWarning('/Global', Match.stringLikeRegexp('recovery\\.rpoSeconds 0\\.5 is below'));
  });

  test('a single-region platform warns, keeps a PRIMARY record only and replicates nothing', () => {
    const single = build({ regions: [exampleConfig().regions[0]] });
    Annotations.fromStack(single.stack).hasWarning('/Global', Match.stringLikeRegexp('^regions: only one region'));
    single.template.resourceCountIs('AWS::Route53::RecordSet', 1);
    single.template.resourceCountIs('AWS::ECR::ReplicationConfiguration', 0);
  });

  test('has no unacknowledged cdk-nag findings', () => {
    expect(nagFindings(stack)).toEqual([]);
  });
});

describe('GlobalStack snapshot', () => {
  test('matches the reviewed template', () => {
    expect(normalizedTemplate(build().stack)).toMatchSnapshot();
  });
});
