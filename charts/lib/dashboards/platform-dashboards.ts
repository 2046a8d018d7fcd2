import type { DashboardSpec, PanelSpec } from './types';

/** Where the dashboards look. */
export interface DashboardScope {
  readonly appNamespace: string;
  /** @default - no blockchain dashboard */
  readonly blockchainNamespace?: string;
  /** Namespaces of the platform's pods (system dashboard). */
  readonly platformNamespaces: readonly string[];
}

const rate = (metric: string, sel: string, by = '') => `sum${by ? ` by (${by})` : ''} (rate(${metric}{${sel}}[5m]))`;
const quantile = (q: number, metric: string, sel: string, by = '') => `histogram_quantile(${q}, sum by (${by ? `${by}, ` : ''}le) (rate(${metric}_bucket{${sel}}[5m])))`;

/**
 * The seeds' dashboards: VeryPay's API Performance, Blytz's payments / system / Fiuu integration /
 * database groups, Advancia's infrastructure overview, service performance, business KPIs and
 * security, and the blockchain node — every query over metrics listed in the metric catalog.
 */
export function platformDashboards(s: DashboardScope): DashboardSpec[] {
  const gw = `job="api-gateway", namespace="${s.appNamespace}"`;
  const svc = `namespace="${s.appNamespace}"`;
  const pay = `job="payment-service", namespace="${s.appNamespace}"`;
  const pods = `namespace=~"${s.platformNamespaces.join('|')}"`;
  const latency = (sel: string, by = ''): PanelSpec => ({
    title: 'Response time p50 / p95 / p99', unit: 's',
    queries: [0.5, 0.95, 0.99].map((q) => ({ expr: quantile(q, 'http_request_duration_seconds', sel, by), legend: `p${Math.round(q * 100)}${by ? ` {{${by}}}` : ''}` })),
  });

  const dashboards: DashboardSpec[] = [
    {
      uid: 'payments-api-performance', title: 'API performance', tags: ['payments', 'api'],
      rows: [
        {
          title: 'Traffic',
          panels: [
            { title: 'Request rate', unit: 'reqps', queries: [{ expr: rate('http_requests_total', gw, 'method, route'), legend: '{{method}} {{route}}' }] },
            latency(gw),
          ],
        },
        {
          title: 'Errors and connections',
          panels: [
            {
              title: 'Error rate', unit: 'percentunit',
              queries: ['4', '5'].map((d) => ({ expr: `${rate('http_requests_total', `${gw}, status=~"${d}.."`)}\n  / ${rate('http_requests_total', gw)}`, legend: `${d}xx` })),
            },
            { title: 'Active connections (in-flight requests)', type: 'stat', queries: [{ expr: `sum(http_requests_in_flight{${gw}})` }] },
            {
              title: 'Error budget burn (1 h)', type: 'stat', unit: 'percentunit', redAbove: 0.0144,
              queries: [{ expr: 'slo:sli_error:ratio_rate1h{slo="api-availability"}', legend: 'availability' }, { expr: 'slo:sli_error:ratio_rate1h{slo="api-latency"}', legend: 'latency' }],
            },
          ],
        },
      ],
    },
    {
      uid: 'payments-service-performance', title: 'Service performance', tags: ['payments'],
      rows: [{
        title: 'Every service of the namespace',
        panels: [
          { title: 'Requests by service', unit: 'reqps', queries: [{ expr: rate('http_requests_total', svc, 'job'), legend: '{{job}}' }] },
          { title: '5xx ratio by service', unit: 'percentunit', queries: [{ expr: `${rate('http_requests_total', `${svc}, status=~"5.."`, 'job')}\n  / ${rate('http_requests_total', svc, 'job')}`, legend: '{{job}}' }] },
          { title: 'p95 by service', unit: 's', queries: [{ expr: quantile(0.95, 'http_request_duration_seconds', svc, 'job'), legend: '{{job}}' }] },
          { title: 'Available replicas', queries: [{ expr: `sum by (deployment) (kube_deployment_status_replicas_available{${svc}})`, legend: '{{deployment}}' }] },
        ],
      }],
    },
    {
      uid: 'payments-business', title: 'Payments and business KPIs', tags: ['payments', 'business'],
      rows: [{
        title: 'Payments',
        panels: [
          { title: 'Payments per minute by provider', queries: [{ expr: `${rate('payments_total', pay, 'provider')} * 60`, legend: '{{provider}}' }] },
          {
            title: 'Success rate by payment method', unit: 'percentunit',
            queries: [{ expr: `${rate('payments_total', `${pay}, status="succeeded"`, 'method')}\n  / ${rate('payments_total', pay, 'method')}`, legend: '{{method}}' }],
          },
          {
            title: 'Average payment amount by currency', unit: 'short',
            queries: [{ expr: `${rate('payment_amount_total', pay, 'currency')}\n  / ${rate('payments_total', `${pay}, status="succeeded"`, 'currency')}`, legend: '{{currency}}' }],
          },
          { title: 'Processing time p95 by provider', unit: 's', queries: [{ expr: quantile(0.95, 'payment_duration_seconds', pay, 'provider'), legend: '{{provider}}' }] },
        ],
      }],
    },
    {
      uid: 'payments-providers', title: 'Payment-provider integrations', tags: ['payments', 'fiuu', 'razorpay'],
      rows: [
        {
          title: 'Fiuu, Razorpay and other providers',
          panels: [
            { title: 'Provider API request rate', unit: 'reqps', queries: [{ expr: rate('payment_provider_requests_total', pay, 'provider'), legend: '{{provider}}' }] },
            {
              title: 'Provider error rate', unit: 'percentunit',
              queries: [{ expr: `${rate('payment_provider_requests_total', `${pay}, outcome="error"`, 'provider')}\n  / ${rate('payment_provider_requests_total', pay, 'provider')}`, legend: '{{provider}}' }],
            },
            {
              title: 'Circuit breaker state (0 closed, 1 open, 2 half-open)', type: 'stat', redAbove: 1,
              queries: [{ expr: `max by (provider) (payment_provider_circuit_breaker_state{${pay}})`, legend: '{{provider}}' }],
            },
            { title: 'Retry attempts', queries: [{ expr: rate('payment_provider_retries_total', pay, 'provider'), legend: '{{provider}}' }] },
            { title: 'Error breakdown', queries: [{ expr: rate('payment_provider_requests_total', `${pay}, outcome="error"`, 'provider, code'), legend: '{{provider}} {{code}}' }] },
            { title: 'Razorpay webhook latency p95', unit: 's', queries: [{ expr: quantile(0.95, 'razorpay_webhook_latency_seconds', pay) }] },
          ],
        },
      ],
    },
    {
      uid: 'payments-data', title: 'Database and cache', tags: ['payments', 'postgres', 'valkey'],
      rows: [
        {
          title: 'Aurora PostgreSQL (CloudWatch)',
          panels: [
            { title: 'Connections', queries: [{ expr: 'max by (dimension_DBClusterIdentifier) (aws_rds_database_connections_maximum)', legend: '{{dimension_DBClusterIdentifier}}' }] },
            { title: 'CPU', unit: 'percent', queries: [{ expr: 'max by (dimension_DBClusterIdentifier) (aws_rds_cpuutilization_average)', legend: '{{dimension_DBClusterIdentifier}}' }] },
            { title: 'Commit latency', unit: 'ms', queries: [{ expr: 'max by (dimension_DBClusterIdentifier) (aws_rds_commit_latency_average)' }] },
            { title: 'Replica lag', unit: 'ms', queries: [{ expr: 'max by (dimension_DBClusterIdentifier) (aws_rds_aurora_replica_lag_maximum_maximum)' }] },
            { title: 'Freeable memory', unit: 'bytes', queries: [{ expr: 'min by (dimension_DBClusterIdentifier) (aws_rds_freeable_memory_minimum)' }] },
            { title: 'Database size growth', unit: 'bytes', queries: [{ expr: 'max by (dimension_DBClusterIdentifier) (aws_rds_volume_bytes_used_average)' }] },
          ],
        },
        {
          title: 'Cache (Valkey)',
          panels: [
            { title: 'Memory used of maxmemory', unit: 'percentunit', queries: [{ expr: 'redis_memory_used_bytes / (redis_memory_max_bytes > 0)', legend: '{{instance}}' }] },
            { title: 'Hit ratio', unit: 'percentunit', queries: [{ expr: 'sum (rate(redis_keyspace_hits_total[5m]))\n  / (sum (rate(redis_keyspace_hits_total[5m])) + sum (rate(redis_keyspace_misses_total[5m])))' }] },
            { title: 'Evictions per second', queries: [{ expr: 'sum (rate(redis_evicted_keys_total[5m]))' }] },
            { title: 'Connected clients', queries: [{ expr: 'sum (redis_connected_clients)' }] },
            { title: 'Commands per second', queries: [{ expr: 'sum (rate(redis_commands_processed_total[5m]))' }] },
            { title: 'Exporter up', type: 'stat', queries: [{ expr: 'max (redis_up)' }] },
          ],
        },
      ],
    },
    {
      uid: 'payments-infrastructure', title: 'Infrastructure overview', tags: ['payments', 'kubernetes'],
      rows: [{
        title: 'Nodes and pods',
        panels: [
          { title: 'Node CPU', unit: 'percentunit', queries: [{ expr: '1 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle"}[5m]))', legend: '{{instance}}' }] },
          { title: 'Node memory', unit: 'percentunit', queries: [{ expr: '1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes', legend: '{{instance}}' }] },
          { title: 'Pod CPU by namespace', queries: [{ expr: `sum by (namespace) (rate(container_cpu_usage_seconds_total{${pods}, container!=""}[5m]))`, legend: '{{namespace}}' }] },
          { title: 'Pod memory by namespace', unit: 'bytes', queries: [{ expr: `sum by (namespace) (container_memory_working_set_bytes{${pods}, container!=""})`, legend: '{{namespace}}' }] },
          { title: 'Container restarts (1 h)', queries: [{ expr: `sum by (namespace, pod) (increase(kube_pod_container_status_restarts_total{${pods}}[1h])) > 0`, legend: '{{namespace}}/{{pod}}' }] },
          { title: 'Node filesystem used', unit: 'percentunit', queries: [{ expr: '1 - node_filesystem_avail_bytes{fstype!="tmpfs"} / node_filesystem_size_bytes{fstype!="tmpfs"}', legend: '{{instance}} {{mountpoint}}' }] },
        ],
      }],
    },
    {
      uid: 'payments-security', title: 'Security', tags: ['payments', 'security'],
      rows: [{
        title: 'Authentication and abuse',
        panels: [
          { title: '401 and 403 answers', unit: 'reqps', queries: [{ expr: rate('http_requests_total', `${gw}, status=~"401|403"`, 'status'), legend: '{{status}}' }] },
          { title: 'Rate-limited requests (429)', unit: 'reqps', queries: [{ expr: rate('http_requests_total', `${gw}, status="429"`) }] },
          { title: 'JWT validation failures', queries: [{ expr: rate('jwt_validation_failures_total', gw, 'reason'), legend: '{{reason}}' }] },
          { title: 'Scrape targets down', type: 'stat', redAbove: 1, queries: [{ expr: `count (up{${pods}} == 0) or vector(0)` }] },
        ],
      }],
    },
  ];
  if (s.blockchainNamespace !== undefined) {
    const geth = `job="geth", namespace="${s.blockchainNamespace}"`;
    dashboards.push({
      uid: 'payments-blockchain', title: 'Blockchain node', tags: ['payments', 'ethereum'],
      rows: [{
        title: 'geth',
        panels: [
          { title: 'Head block', type: 'stat', queries: [{ expr: `max (chain_head_block{${geth}})` }] },
          { title: 'Sync lag (blocks)', redAbove: 10, queries: [{ expr: `chain_head_header{${geth}} - chain_head_block{${geth}}`, legend: '{{instance}}' }] },
          { title: 'Peers', queries: [{ expr: `sum (p2p_peers{${geth}})` }] },
          { title: 'Transaction pool', queries: [{ expr: `sum (txpool_pending{${geth}})`, legend: 'pending' }, { expr: `sum (txpool_queued{${geth}})`, legend: 'queued' }] },
          { title: 'Gas per transaction', queries: [{ expr: `${rate('contract_call_gas_used_sum', pay)}\n  / ${rate('contract_call_gas_used_count', pay)}` }] },
          { title: 'Contract call failure ratio', unit: 'percentunit', queries: [{ expr: `${rate('contract_call_failures_total', pay)}\n  / ${rate('contract_calls_total', pay)}` }] },
        ],
      }],
    });
  }
  return dashboards;
}
