import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { PlatformAlarms } from '../../lib/observability/platform-alarms';
import { ACCOUNT, decide, identityPoliciesOf, resolveIntrinsics } from '../support/iam-template';
import { clusterFixture } from './fixture';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = any;

function fixture(alarms: Obj = { pagerDuty: true, slack: { channel: '#payments-alerts' } }, ownKey = true) {
  return clusterFixture({ alarms }, {}, (c) => c, (stack) => {
    const shared = new kms.Key(stack, 'DataKey', { enableKeyRotation: true });
    new s3.Bucket(stack, 'DataBucket', { encryptionKey: shared });
    const topicAlarms = new PlatformAlarms(stack, 'Alarms', { topicName: 'verypay-prod-use1-alarms', key: ownKey ? undefined : shared });
    return { alerting: { topic: topicAlarms.topic, topicKey: topicAlarms.key } };
  });
}

const f = fixture();
const t = Template.fromStack(f.stack).toJSON();
const id = (type: string, predicate: (r: Obj) => boolean = () => true) => {
  const ids = Object.entries(t.Resources as Record<string, Obj>).filter(([, r]) => r.Type === type && predicate(r)).map(([k]) => k);
  if (ids.length !== 1) throw new Error(`expected one ${type}, found ${ids.join(', ')}`);
  return ids[0];
};
const valuesOf = (template: Obj, g: typeof f) => JSON.parse(resolveIntrinsics(template.Resources[g.stack.getLogicalId(g.cluster.monitoring.chart.node.defaultChild as Obj)].Properties.Values, template, 'us-east-1'));
const chartValues = () => valuesOf(t, f);
const roleId = id('AWS::IAM::Role', (r) => r.Properties.RoleName === 'verypay-prod-use1-alertmanager');
const topicArn = `arn:aws:sns:us-east-1:${ACCOUNT}:verypay-prod-use1-alarms`;

describe('Alertmanager receivers', () => {
  test('routing tree, externalLabels, service account and the mounted receivers Secret in the chart values', () => {
    const v = chartValues();
    expect(v.prometheus.prometheusSpec.externalLabels).toEqual({ cluster: 'verypay-prod-use1', region: 'us-east-1' });
    expect(v.alertmanager.serviceAccount).toEqual({ create: true, name: 'alertmanager' });
    expect(v.alertmanager.alertmanagerSpec.secrets).toEqual(['alertmanager-receivers']);
    // No zonal volume: three gossiping peers hold the state (i12, lib/cluster/addons/monitoring-ha.ts).
    expect(v.alertmanager.alertmanagerSpec.storage).toBeUndefined();
    expect(v.alertmanager.alertmanagerSpec.replicas).toBe(3);
    const receivers = v.alertmanager.config.receivers.map((r: Obj) => r.name);
    expect(receivers).toEqual(['null', 'pagerduty', 'slack', 'sns']);
    expect(v.alertmanager.config.receivers[3].sns_configs[0].topic_arn).toBe(topicArn);
    expect(v.grafana.sidecar.dashboards).toMatchObject({ label: 'grafana_dashboard', labelValue: '1', searchNamespace: ['monitoring', 'kube-prometheus-stack'] });
  });

  test('Pod Identity binds exactly Alertmanager\'s service account, before the chart installs', () => {
    const assoc = Object.values(t.Resources as Record<string, Obj>).filter((r) => r.Type === 'AWS::EKS::PodIdentityAssociation' && r.Properties.ServiceAccount === 'alertmanager');
    expect(assoc).toHaveLength(1);
    expect(assoc[0].Properties).toMatchObject({ Namespace: 'kube-prometheus-stack', RoleArn: { 'Fn::GetAtt': [roleId, 'Arn'] } });
    const chart = t.Resources[f.stack.getLogicalId(f.cluster.monitoring.chart.node.defaultChild as Obj)];
    expect(chart.DependsOn.some((d: string) => d.startsWith(roleId.replace(/[0-9A-F]{8}$/, '')))).toBe(true);
  });

  test('the PagerDuty and Slack keys live in Secrets Manager and reach the namespace through External Secrets', () => {
    const names = Object.values(t.Resources as Record<string, Obj>).filter((r) => r.Type === 'AWS::SecretsManager::Secret').map((r) => r.Properties.Name);
    expect(names).toEqual(expect.arrayContaining(['verypay/prod/us-east-1/monitoring/pagerduty-routing-key', 'verypay/prod/us-east-1/monitoring/slack-webhook-url']));
    const manifest = JSON.stringify(t.Resources[f.stack.getLogicalId(f.cluster.monitoring.prerequisites.node.defaultChild as Obj)].Properties.Manifest);
    expect(manifest).toContain('alertmanager-receivers');
    expect(manifest).toContain('verypay/prod/us-east-1/monitoring/pagerduty-routing-key');
  });

  test('without PagerDuty and Slack: no receiver secrets, SNS only', () => {
    const g = fixture({});
    const tt = Template.fromStack(g.stack);
    expect(Object.values(tt.findResources('AWS::SecretsManager::Secret')).map((r: Obj) => r.Properties.Name)).not.toContain('verypay/prod/us-east-1/monitoring/pagerduty-routing-key');
    const v = valuesOf(tt.toJSON(), g);
    expect(v.alertmanager.config.receivers.map((r: Obj) => r.name)).toEqual(['null', 'sns']);
    expect(v.alertmanager.alertmanagerSpec.secrets).toBeUndefined();
  });
});

describe('who can publish to the alarm topic (IAM evaluation)', () => {
  const policies = identityPoliciesOf(t, roleId, 'us-east-1');
  const alertmanager = `arn:aws:iam::${ACCOUNT}:role/verypay-prod-use1-alertmanager`;
  const topicId = id('AWS::SNS::Topic');
  const keyId = resolveIntrinsics(t.Resources[topicId].Properties.KmsMasterKeyId, t, 'us-east-1');
  const keyLogicalId = t.Resources[topicId].Properties.KmsMasterKeyId['Fn::GetAtt']?.[0];
  const keyPolicy = resolveIntrinsics(t.Resources[keyLogicalId].Properties.KeyPolicy, t, 'us-east-1');
  const topicPolicy = resolveIntrinsics(Object.values(t.Resources as Record<string, Obj>).find((r) => r.Type === 'AWS::SNS::TopicPolicy').Properties.PolicyDocument, t, 'us-east-1');

  test('Alertmanager may publish to the alarm topic, and to nothing else', async () => {
    expect(await decide({ principal: alertmanager, action: 'sns:Publish', resource: topicArn, identityPolicies: policies })).toBe('Allowed');
    expect(await decide({ principal: alertmanager, action: 'sns:Publish', resource: `arn:aws:sns:us-east-1:${ACCOUNT}:other`, identityPolicies: policies })).toBe('ImplicitlyDenied');
    expect(await decide({ principal: alertmanager, action: 'sns:Subscribe', resource: topicArn, identityPolicies: policies })).toBe('ImplicitlyDenied');
  });

  test('Alertmanager may use the topic key only through SNS', async () => {
    const base = { principal: alertmanager, action: 'kms:GenerateDataKey', resource: keyId, identityPolicies: policies, resourcePolicy: keyPolicy };
    expect(await decide({ ...base, context: { 'kms:ViaService': 'sns.us-east-1.amazonaws.com' } })).toBe('Allowed');
    expect(await decide({ ...base, context: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } })).toBe('ImplicitlyDenied');
  });

  test('CloudWatch alarms of this account may publish and use the key', async () => {
    const context = { 'aws:SourceAccount': ACCOUNT, 'aws:SourceArn': `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:x`, 'aws:PrincipalIsAWSService': 'true' };
    expect(await decide({ principal: 'cloudwatch.amazonaws.com', action: 'sns:Publish', resource: topicArn, resourcePolicy: topicPolicy, context: { ...context, 'aws:SecureTransport': 'true' } })).toBe('Allowed');
    expect(await decide({ principal: 'cloudwatch.amazonaws.com', action: 'kms:GenerateDataKey', resource: keyId, resourcePolicy: keyPolicy, context })).toBe('Allowed');
  });

  test('the topic key is the topic\'s alone: disabling a data key cannot silence the alarms', () => {
    const users = (template: Obj, key: string) => JSON.stringify(Object.entries(template.Resources).filter(([k, r]: Obj) => k !== key && r.Type !== 'AWS::KMS::Alias' && r.Type !== 'AWS::IAM::ManagedPolicy' && r.Type !== 'AWS::IAM::Policy'))
      .split(`"${key}"`).length - 1;
    const topicKey = (template: Obj) => Object.values(template.Resources as Record<string, Obj>).find((r) => r.Type === 'AWS::SNS::Topic').Properties.KmsMasterKeyId['Fn::GetAtt'][0];
    expect(users(t, topicKey(t))).toBe(1);
    const shared = Template.fromStack(fixture({}, false).stack).toJSON();
    expect(users(shared, topicKey(shared))).toBeGreaterThan(1);
  });
});
