import { Construct } from 'constructs';
import { PrometheusRule, PrometheusRuleSpecGroupsRulesExpr } from '../imports/prometheusrule-monitoring.coreos.com';

/** Props of `PlatformAlerts`. */
export interface PlatformAlertsProps {
  /** Namespace of the PrometheusRule (the monitoring namespace). */
  readonly namespace: string;
  /** Namespace of api-gateway and payment-service. */
  readonly appNamespace: string;
  /**
   * Namespace of the Ethereum clients; when given, the `payment-blockchain` group (EthereumNodeDown,
   * BlockchainSyncLag, ContractCallFailureRate) is added.
   * @default - no blockchain alerts
   */
  readonly blockchainNamespace?: string;
  /** Namespaces watched for crash-looping pods. */
  readonly watchedNamespaces: string[];
  /**
   * Prometheus `job` labels (the Prometheus Operator sets `job` to the scraped Service's name).
   * @default { apiGateway: 'api-gateway', paymentService: 'payment-service', geth: 'geth' }
   */
  readonly jobs?: { readonly apiGateway?: string; readonly paymentService?: string; readonly geth?: string };
  /**
   * Labels on the PrometheusRule, matched by Prometheus's `ruleSelector`.
   * @default - none
   */
  readonly ruleLabels?: Record<string, string>;
  /**
   * Base URL of the runbooks; each alert gets `runbook_url: <base>/<alert-name>`.
   * @default - no runbook_url
   */
  readonly runbookBaseUrl?: string;
}

interface AlertSpec {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly severity: 'critical' | 'warning';
  readonly summary: string;
  readonly description: string;
}

/**
 * The seeds' alerts (VeryPay, Blytz) with corrected PromQL:
 * - ratios instead of raw per-second rates (HighErrorRate, ContractCallFailureRate),
 * - `histogram_quantile` over `sum by (le) (rate(..._bucket[5m]))` instead of raw buckets,
 * - DatabaseConnectionsHigh as a ratio of `max_connections` (postgres_exporter), not a constant,
 * - Redis memory guarded against `maxmemory = 0`,
 * - geth sync lag from geth's own `chain_head_header - chain_head_block`,
 * - every selector scoped to the platform's jobs and namespaces;
 * - the `payment-blockchain` group only with a blockchain namespace.
 *
 * Metric names the services must expose: `http_requests_total{status}`,
 * `http_request_duration_seconds_bucket`, `contract_calls_total`, `contract_call_failures_total`.
 */
export class PlatformAlerts extends Construct {
  /** The alert names, in order. */
  public readonly alertNames: string[];

  constructor(scope: Construct, id: string, props: PlatformAlertsProps) {
    super(scope, id);
    if (props.watchedNamespaces.length === 0) throw new Error('PlatformAlerts: watchedNamespaces is empty; list the namespaces whose pods PodCrashLooping watches.');
    const api = props.jobs?.apiGateway ?? 'api-gateway';
    const pay = props.jobs?.paymentService ?? 'payment-service';
    const geth = props.jobs?.geth ?? 'geth';
    const apps = `job=~"${api}|${pay}", namespace="${props.appNamespace}"`;
    const paySel = `job="${pay}", namespace="${props.appNamespace}"`;
    const watched = props.watchedNamespaces.join('|');

    const groups: { name: string; rules: AlertSpec[] }[] = [
      {
        name: 'payment-api',
        rules: [
          {
            alert: 'HighErrorRate', severity: 'warning', for: '5m',
            expr: `sum by (namespace, job) (rate(http_requests_total{${apps}, status=~"5.."}[5m]))\n  / sum by (namespace, job) (rate(http_requests_total{${apps}}[5m])) > 0.05`,
            summary: 'More than 5% of requests fail with 5xx',
            description: '{{ $labels.job }} answers {{ $value | humanizePercentage }} of requests with a 5xx status (5 minute rate).',
          },
          {
            alert: 'HighResponseTime', severity: 'warning', for: '5m',
            expr: `histogram_quantile(0.95, sum by (namespace, job, le) (rate(http_request_duration_seconds_bucket{${apps}}[5m]))) > 1`,
            summary: 'p95 latency above 1 s',
            description: 'The 95th percentile response time of {{ $labels.job }} is {{ $value | humanizeDuration }}.',
          },
          {
            alert: 'PaymentServiceDown', severity: 'critical', for: '1m',
            expr: `absent(up{${paySel}} == 1)`,
            summary: 'No payment-service instance is up',
            description: 'Prometheus has not scraped a healthy payment-service target for more than 1 minute.',
          },
          {
            alert: 'PodCrashLooping', severity: 'warning', for: '15m',
            expr: `max_over_time(kube_pod_container_status_waiting_reason{namespace=~"${watched}", reason="CrashLoopBackOff"}[5m]) >= 1`,
            summary: 'A pod is crash looping',
            description: 'Container {{ $labels.container }} of {{ $labels.namespace }}/{{ $labels.pod }} has been in CrashLoopBackOff for 15 minutes.',
          },
        ],
      },
      {
        name: 'payment-data',
        rules: [
          {
            alert: 'DatabaseConnectionsHigh', severity: 'warning', for: '2m',
            expr: 'sum by (server) (pg_stat_activity_count)\n  / max by (server) (pg_settings_max_connections) > 0.8',
            summary: 'PostgreSQL connections above 80% of max_connections',
            description: 'Database {{ $labels.server }} uses {{ $value | humanizePercentage }} of max_connections.',
          },
          {
            alert: 'RedisMemoryHigh', severity: 'critical', for: '5m',
            expr: 'redis_memory_used_bytes / (redis_memory_max_bytes > 0) > 0.9',
            summary: 'Cache memory above 90% of maxmemory',
            description: 'Cache {{ $labels.instance }} uses {{ $value | humanizePercentage }} of maxmemory; evictions follow.',
          },
        ],
      },
    ];
    if (props.blockchainNamespace !== undefined) {
      const gethSel = `job="${geth}", namespace="${props.blockchainNamespace}"`;
      groups.push(
        {
          name: 'payment-blockchain',
          rules: [
            {
              alert: 'EthereumNodeDown', severity: 'critical', for: '1m',
              expr: `up{${gethSel}} == 0`,
              summary: 'Ethereum execution client is down',
              description: 'geth {{ $labels.instance }} has not answered scrapes for more than 1 minute.',
            },
            {
              alert: 'BlockchainSyncLag', severity: 'warning', for: '5m',
              expr: `chain_head_header{${gethSel}} - chain_head_block{${gethSel}} > 10`,
              summary: 'Ethereum node is behind the chain head',
              description: 'geth {{ $labels.instance }} is {{ $value }} blocks behind the best known header.',
            },
            {
              alert: 'ContractCallFailureRate', severity: 'critical', for: '5m',
              expr: `sum by (namespace) (rate(contract_call_failures_total{${paySel}}[5m]))\n  / sum by (namespace) (rate(contract_calls_total{${paySel}}[5m])) > 0.05`,
              summary: 'More than 5% of contract calls fail',
              description: '{{ $value | humanizePercentage }} of smart-contract calls failed over 5 minutes.',
            },
          ],
        },
      );
    }
    this.alertNames = groups.flatMap((g) => g.rules.map((r) => r.alert));

    new PrometheusRule(this, 'Resource', {
      metadata: { name: 'payment-platform-alerts', namespace: props.namespace, labels: props.ruleLabels },
      spec: {
        groups: groups.map((g) => ({
          name: g.name,
          rules: g.rules.map((r) => ({
            alert: r.alert,
            expr: PrometheusRuleSpecGroupsRulesExpr.fromString(r.expr),
            for: r.for,
            labels: { severity: r.severity },
            annotations: {
              summary: r.summary,
              description: r.description,
              ...(props.runbookBaseUrl ? { runbook_url: `${props.runbookBaseUrl.replace(/\/$/, '')}/${r.alert}` } : {}),
            },
          })),
        })),
      },
    });
  }
}
