import { alertmanagerConfig, OUTAGE_INHIBITIONS, type AlertRoutingSpec } from '../../lib/observability/alert-routing';
import { groups, notAfterInhibition, type Alert } from '../support/alertmanager-model';
import { run, scratchDir, writeYaml } from '../support/promtool';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = any;

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:verypay-prod-use1-alarms';
const base: AlertRoutingSpec = { snsTopicArn: TOPIC, region: 'us-east-1' };
const full: AlertRoutingSpec = { ...base, pagerDuty: true, slackChannel: '#payments-alerts' };

function configFile(config: Obj): string {
  return writeYaml(scratchDir('alertmanager-'), 'alertmanager.yaml', config);
}

/** The receivers `amtool config routes test` resolves for these labels. */
function receiversOf(file: string, labels: Alert): string[] {
  const r = run('amtool', ['config', 'routes', 'test', `--config.file=${file}`, ...Object.entries(labels).map(([k, v]) => `${k}=${v}`)]);
  expect(r.status).toBe(0);
  return r.output.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('Warning')).pop()!.split(',').map((s) => s.trim());
}

describe('Alertmanager routing (amtool)', () => {
  test.each([['SNS only', base], ['SNS, PagerDuty and Slack', full]])('amtool check-config accepts the configuration: %s', (_n, spec) => {
    const r = run('amtool', ['check-config', configFile(alertmanagerConfig(spec))]);
    expect(r.output).toContain('SUCCESS');
    expect(r.status).toBe(0);
  });

  test.each<[string, Alert, string[]]>([
    ['critical pages, posts and reaches the alarm topic', { alertname: 'PaymentServiceDown', severity: 'critical' }, ['pagerduty', 'slack', 'sns']],
    ['warning posts and reaches the alarm topic, never pages', { alertname: 'HighErrorRate', severity: 'warning' }, ['slack', 'sns']],
    ['info goes nowhere', { alertname: 'KubeletTooManyPods', severity: 'info' }, ['null']],
    ['the Watchdog goes nowhere', { alertname: 'Watchdog', severity: 'none' }, ['null']],
    ['an alert without severity still reaches the alarm topic', { alertname: 'Custom' }, ['sns']],
  ])('with PagerDuty and Slack: %s', (_n, labels, expected) => {
    expect(receiversOf(configFile(alertmanagerConfig(full)), labels)).toEqual(expected);
  });

  test('without PagerDuty and Slack every critical and warning alert reaches the alarm topic', () => {
    const file = configFile(alertmanagerConfig(base));
    expect(receiversOf(file, { alertname: 'PaymentServiceDown', severity: 'critical' })).toEqual(['sns']);
    expect(receiversOf(file, { alertname: 'HighErrorRate', severity: 'warning' })).toEqual(['sns']);
  });

  test('the routing test catches a PagerDuty route that swallows critical alerts (no continue)', () => {
    const broken = alertmanagerConfig(full) as Obj;
    broken.route.routes.find((r: Obj) => r.receiver === 'pagerduty').continue = false;
    expect(receiversOf(configFile(broken), { alertname: 'PaymentServiceDown', severity: 'critical' })).toEqual(['pagerduty']);
  });

  test('receivers read their keys from the mounted Secret, the SNS receiver signs with SigV4 in the region', () => {
    const c = alertmanagerConfig(full) as Obj;
    const receiver = (name: string) => c.receivers.find((r: Obj) => r.name === name);
    expect(receiver('pagerduty').pagerduty_configs[0].routing_key_file).toBe('/etc/alertmanager/secrets/alertmanager-receivers/pagerduty-routing-key');
    expect(receiver('slack').slack_configs[0]).toMatchObject({ api_url_file: '/etc/alertmanager/secrets/alertmanager-receivers/slack-webhook-url', channel: '#payments-alerts' });
    expect(receiver('sns').sns_configs[0]).toMatchObject({ topic_arn: TOPIC, sigv4: { region: 'us-east-1' }, send_resolved: true });
    expect(JSON.stringify(c)).not.toMatch(/routing_key"|api_url"|access_key/);
  });

  test('fails when the Slack channel is not a channel', () => {
    expect(() => alertmanagerConfig({ ...base, slackChannel: 'payments' })).toThrow(/alarms\.slack\.channel: 'payments' is not a Slack channel like '#payments-alerts'/);
  });
});

describe('one outage is one page (inhibition and grouping model)', () => {
  const config = alertmanagerConfig(full) as Obj;
  const where = { cluster: 'verypay-prod-use1', region: 'us-east-1' };
  const outage: Alert[] = [
    { ...where, alertname: 'PaymentServiceDown', severity: 'critical', outage: 'payment-service', namespace: 'verypay-api', job: 'payment-service' },
    { ...where, alertname: 'HighErrorRate', severity: 'warning', namespace: 'verypay-api', job: 'api-gateway' },
    { ...where, alertname: 'ContractCallFailureRate', severity: 'critical', namespace: 'verypay-api' },
    { ...where, alertname: 'ApiAvailabilityBudgetBurnFast', severity: 'critical', slo: 'api-availability' },
    { ...where, alertname: 'ApiAvailabilityBudgetBurnSlow', severity: 'warning', slo: 'api-availability' },
  ];
  const pages = (alerts: Alert[], rules: Obj[]) => groups(notAfterInhibition(alerts, rules).filter((a) => a.severity === 'critical'), config.route.group_by);

  test('payment-service down: PagerDuty gets one incident with one alert', () => {
    const left = notAfterInhibition(outage, config.inhibit_rules);
    expect(left.map((a) => a.alertname)).toEqual(['PaymentServiceDown']);
    expect(pages(outage, config.inhibit_rules)).toHaveLength(1);
  });

  test('without the outage inhibitions the same outage pages three critical alerts in two incidents', () => {
    const withoutOutage = config.inhibit_rules.filter((r: Obj) => !OUTAGE_INHIBITIONS.some((o) => r.source_matchers[0] === o.source));
    expect(pages(outage, withoutOutage).length).toBe(2);
    expect(notAfterInhibition(outage, withoutOutage).filter((a) => a.severity === 'critical').map((a) => a.alertname))
      .toEqual(['PaymentServiceDown', 'ContractCallFailureRate', 'ApiAvailabilityBudgetBurnFast']);
  });

  test('an outage in another region does not silence this one', () => {
    const elsewhere = [{ ...outage[0], cluster: 'verypay-prod-euw1', region: 'eu-west-1' }, outage[1]];
    expect(notAfterInhibition(elsewhere, config.inhibit_rules).map((a) => a.alertname)).toEqual(['PaymentServiceDown', 'HighErrorRate']);
  });

  test('a failed dump silences the missing-dump alert; pool exhaustion the connections warning', () => {
    const data: Alert[] = [
      { ...where, alertname: 'PostgresBackupFailed', severity: 'critical', namespace: 'verypay-jobs' },
      { ...where, alertname: 'PostgresBackupMissing', severity: 'critical', namespace: 'verypay-jobs' },
      { ...where, alertname: 'DatabaseConnectionPoolExhaustion', severity: 'critical', dimension_DBClusterIdentifier: 'verypay-prod-use1-postgres' },
      { ...where, alertname: 'DatabaseConnectionsHigh', severity: 'warning', dimension_DBClusterIdentifier: 'verypay-prod-use1-postgres' },
    ];
    expect(notAfterInhibition(data, config.inhibit_rules).map((a) => a.alertname)).toEqual(['PostgresBackupFailed', 'DatabaseConnectionPoolExhaustion']);
  });
});
