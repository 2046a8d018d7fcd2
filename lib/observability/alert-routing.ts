/**
 * Alertmanager routing of the platform, as plain data (no CDK types): where each severity goes,
 * which alerts silence which, and how alerts are grouped. `alertmanagerConfig` is rendered into
 * kube-prometheus-stack's `alertmanager.config`; the tests run it through `amtool check-config`
 * and `amtool config routes test`.
 */

/** Name of the Kubernetes Secret (synced by External Secrets) holding the receivers' keys. */
export const ALERTMANAGER_RECEIVERS_SECRET = 'alertmanager-receivers';
/** Key of the PagerDuty Events API v2 routing key in that Secret. */
export const PAGERDUTY_KEY = 'pagerduty-routing-key';
/** Key of the Slack incoming-webhook URL in that Secret. */
export const SLACK_KEY = 'slack-webhook-url';
/** Where the Prometheus Operator mounts `alertmanagerSpec.secrets`. */
export const ALERTMANAGER_SECRETS_DIR = '/etc/alertmanager/secrets';

/** Receivers of one region's Alertmanager. */
export interface AlertRoutingSpec {
  /** The region's alarm topic: every critical and warning alert is published to it (SigV4, Pod Identity). */
  readonly snsTopicArn: string;
  /** Region of the topic (SigV4 signing region). */
  readonly region: string;
  /**
   * Page critical alerts through PagerDuty (Events API v2); the routing key is read from the
   * receivers Secret.
   * @default false
   */
  readonly pagerDuty?: boolean;
  /**
   * Post critical and warning alerts to this Slack channel; the webhook URL is read from the
   * receivers Secret.
   * @default - no Slack receiver
   */
  readonly slackChannel?: string;
}

/** Alerts that are consequences of an outage another alert already reports. */
export const OUTAGE_INHIBITIONS = [
  {
    source: 'outage="payment-service"',
    targets: 'alertname=~"HighErrorRate|HighResponseTime|ContractCallFailureRate|HighGasUsage|FiuuCircuitBreakerOpen|Api(Availability|Latency)BudgetBurn(Fast|Slow)"',
  },
  { source: 'outage="ethereum-node"', targets: 'alertname=~"BlockchainSyncLag|ContractCallFailureRate|HighGasUsage"' },
] as const;

const secretFile = (key: string) => `${ALERTMANAGER_SECRETS_DIR}/${ALERTMANAGER_RECEIVERS_SECRET}/${key}`;

const TITLE = '[{{ .Status | toUpper }}{{ if eq .Status "firing" }}:{{ .Alerts.Firing | len }}{{ end }}] {{ .CommonLabels.alertname }} ({{ .CommonLabels.cluster }})';
const BODY = '{{ range .Alerts }}{{ .Labels.severity | toUpper }} {{ .Labels.alertname }} in {{ .Labels.cluster }} ({{ .Labels.region }}): ' +
  '{{ .Annotations.summary }}\n{{ .Annotations.description }}\n{{ if .Annotations.runbook_url }}Runbook: {{ .Annotations.runbook_url }}\n{{ end }}\n{{ end }}';

/**
 * The Alertmanager configuration:
 * - `critical` → PagerDuty (when enabled), `critical` and `warning` → Slack (when set) and the SNS
 *   alarm topic, so on-call's e-mail and paging subscriptions of the CloudWatch alarms get them too;
 *   `info`, `Watchdog` and `InfoInhibitor` → nowhere; anything else (no severity) → SNS;
 * - grouped by cluster, region and namespace: one outage in one namespace is one notification
 *   (one PagerDuty incident, updated as alerts join), re-sent every 4 h while it lasts;
 * - inhibitions: a critical alert silences the warning of the same name, an outage alert silences
 *   its consequences (`OUTAGE_INHIBITIONS`), a fast SLO burn its slow burn, a failed dump the
 *   missing-dump alert, pool exhaustion the connections warning — all within the same cluster.
 */
export function alertmanagerConfig(spec: AlertRoutingSpec): Record<string, unknown> {
  if (spec.slackChannel !== undefined && !/^#[a-z0-9][a-z0-9._-]{0,79}$/.test(spec.slackChannel)) {
    throw new Error(`alarms.slack.channel: '${spec.slackChannel}' is not a Slack channel like '#payments-alerts' (lower case, starting with #).`);
  }
  const routes: Record<string, unknown>[] = [
    { receiver: 'null', matchers: ['alertname=~"Watchdog|InfoInhibitor"'] },
    { receiver: 'null', matchers: ['severity="info"'] },
  ];
  const receivers: Record<string, unknown>[] = [{ name: 'null' }];
  if (spec.pagerDuty) {
    routes.push({ receiver: 'pagerduty', matchers: ['severity="critical"'], continue: true });
    receivers.push({
      name: 'pagerduty',
      pagerduty_configs: [{
        routing_key_file: secretFile(PAGERDUTY_KEY),
        send_resolved: true,
        severity: '{{ .CommonLabels.severity }}',
        description: TITLE,
        details: { cluster: '{{ .CommonLabels.cluster }}', region: '{{ .CommonLabels.region }}', namespace: '{{ .CommonLabels.namespace }}', firing: BODY },
      }],
    });
  }
  if (spec.slackChannel !== undefined) {
    routes.push({ receiver: 'slack', matchers: ['severity=~"critical|warning"'], continue: true });
    receivers.push({
      name: 'slack',
      slack_configs: [{ api_url_file: secretFile(SLACK_KEY), channel: spec.slackChannel, send_resolved: true, title: TITLE, text: BODY }],
    });
  }
  routes.push({ receiver: 'sns', matchers: ['severity=~"critical|warning"'] });
  receivers.push({
    name: 'sns',
    sns_configs: [{
      topic_arn: spec.snsTopicArn,
      sigv4: { region: spec.region },
      subject: TITLE,
      message: BODY,
      send_resolved: true,
      attributes: { severity: '{{ .CommonLabels.severity }}', cluster: '{{ .CommonLabels.cluster }}' },
    }],
  });

  const sameCluster = ['cluster', 'region'];
  return {
    global: { resolve_timeout: '5m' },
    route: {
      receiver: 'sns',
      group_by: ['cluster', 'region', 'namespace'],
      group_wait: '30s',
      group_interval: '5m',
      repeat_interval: '4h',
      routes,
    },
    inhibit_rules: [
      { source_matchers: ['severity="critical"'], target_matchers: ['severity=~"warning|info"'], equal: [...sameCluster, 'namespace', 'alertname'] },
      { source_matchers: ['severity="warning"'], target_matchers: ['severity="info"'], equal: [...sameCluster, 'namespace', 'alertname'] },
      { source_matchers: ['alertname="InfoInhibitor"'], target_matchers: ['severity="info"'], equal: [...sameCluster, 'namespace'] },
      ...OUTAGE_INHIBITIONS.map((o) => ({ source_matchers: [o.source], target_matchers: [o.targets], equal: sameCluster })),
      { source_matchers: ['alertname=~"Api(Availability|Latency)BudgetBurnFast"'], target_matchers: ['alertname=~"Api(Availability|Latency)BudgetBurnSlow"'], equal: [...sameCluster, 'slo'] },
      { source_matchers: ['alertname="PostgresBackupFailed"'], target_matchers: ['alertname="PostgresBackupMissing"'], equal: [...sameCluster, 'namespace'] },
      { source_matchers: ['alertname="DatabaseConnectionPoolExhaustion"'], target_matchers: ['alertname="DatabaseConnectionsHigh"'], equal: [...sameCluster, 'dimension_DBClusterIdentifier'] },
    ],
    receivers,
    templates: ['/etc/alertmanager/config/*.tmpl'],
  };
}
