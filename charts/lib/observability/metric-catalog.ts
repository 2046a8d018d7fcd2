import { MONITORING_COMPONENTS } from './components';
import { yaceConfig } from './monitoring-components';

/** A metric a deployed component exports. */
export interface CatalogMetric {
  readonly name: string;
  /** Histograms expose `_bucket`, `_sum` and `_count` series. */
  readonly type: 'counter' | 'gauge' | 'histogram';
}

/** The metrics of one component, with where the list comes from. */
export interface MetricSource {
  readonly component: string;
  /** Documentation, release or configuration the names were taken from. */
  readonly source: string;
  readonly metrics: readonly CatalogMetric[];
}

const c = (name: string): CatalogMetric => ({ name, type: 'counter' });
const g = (name: string): CatalogMetric => ({ name, type: 'gauge' });
const h = (name: string): CatalogMetric => ({ name, type: 'histogram' });

/**
 * The metrics contract of the platform's services (api-gateway, payment-service and any catalog
 * service): what their `/metrics` must export for the alerts and dashboards to work. Names follow
 * the seeds (VeryPay, Blytz, Advancia) where they exist, with provider-labelled series where a seed
 * had one metric per provider.
 */
export const SERVICE_METRICS: MetricSource[] = [
  {
    component: 'every HTTP service (api-gateway, payment-service, catalog services)',
    source: 'platform metrics contract (README "Observability"); labels method, route, status',
    metrics: [c('http_requests_total'), h('http_request_duration_seconds'), g('http_requests_in_flight')],
  },
  {
    component: 'api-gateway',
    source: 'platform metrics contract; seed Advancia "API Gateway Metrics"',
    metrics: [c('jwt_validation_failures_total'), h('jwt_validation_duration_seconds')],
  },
  {
    component: 'payment-service',
    source: 'platform metrics contract; seeds Blytz (payments, Fiuu circuit breaker), Advancia (payment_amount_total, razorpay_webhook_latency_seconds), VeryPay (contract calls, gas)',
    metrics: [
      c('payments_total'), c('payment_amount_total'), h('payment_duration_seconds'),
      c('payment_provider_requests_total'), c('payment_provider_retries_total'), g('payment_provider_circuit_breaker_state'),
      h('razorpay_webhook_latency_seconds'),
      c('contract_calls_total'), c('contract_call_failures_total'), h('contract_call_gas_used'),
    ],
  },
];

const snake = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

/** YACE names a metric `aws_<namespace>_<metric in snake case>_<statistic>`: derived from the deployed configuration. */
function yaceMetrics(): CatalogMetric[] {
  const config = yaceConfig('us-east-1', 'cluster') as { static: { namespace: string; metrics: { name: string; statistics: string[] }[] }[] };
  return config.static.flatMap((job) => job.metrics.flatMap((m) => m.statistics.map((stat) =>
    g(`aws_${job.namespace.replace(/^AWS\//, '').toLowerCase()}_${snake(m.name)}_${stat.toLowerCase()}`))));
}

/** What the deployed components export (the platform's charts and kube-prometheus-stack 88.2.0). */
export const COMPONENT_METRICS: MetricSource[] = [
  {
    component: 'geth (execution client, --metrics)',
    source: 'go-ethereum v1.17 /debug/metrics/prometheus (core/blockchain.go chain/head/*, p2p/metrics.go, core/txpool)',
    metrics: [g('chain_head_block'), g('chain_head_header'), g('p2p_peers'), g('txpool_pending'), g('txpool_queued')],
  },
  {
    component: MONITORING_COMPONENTS.redisExporter.name,
    source: 'oliver006/redis_exporter v1.67.0 README (INFO fields)',
    metrics: [
      g('redis_up'), g('redis_memory_used_bytes'), g('redis_memory_max_bytes'), g('redis_connected_clients'),
      c('redis_keyspace_hits_total'), c('redis_keyspace_misses_total'), c('redis_evicted_keys_total'), c('redis_commands_processed_total'),
    ],
  },
  { component: MONITORING_COMPONENTS.cloudwatchExporter.name, source: 'yaceConfig() in charts/lib/observability/monitoring-components.ts (YACE naming)', metrics: yaceMetrics() },
  {
    component: 'kube-state-metrics (kube-prometheus-stack 88.2.0)',
    source: 'kube-state-metrics v2 docs/metrics (pod, job, cronjob, deployment)',
    metrics: [
      g('kube_pod_container_status_waiting_reason'), c('kube_pod_container_status_restarts_total'), g('kube_pod_container_resource_limits'),
      g('kube_job_status_failed'), g('kube_job_status_start_time'), g('kube_cronjob_status_last_successful_time'), g('kube_cronjob_created'),
      g('kube_deployment_status_replicas_available'), g('kube_deployment_spec_replicas'),
    ],
  },
  {
    component: 'node-exporter (kube-prometheus-stack 88.2.0)',
    source: 'prometheus/node_exporter collectors cpu, meminfo, filesystem',
    metrics: [c('node_cpu_seconds_total'), g('node_memory_MemAvailable_bytes'), g('node_memory_MemTotal_bytes'), g('node_filesystem_avail_bytes'), g('node_filesystem_size_bytes')],
  },
  {
    component: 'kubelet / cAdvisor (kube-prometheus-stack 88.2.0)',
    source: 'cAdvisor docs/storage/prometheus.md',
    metrics: [c('container_cpu_usage_seconds_total'), g('container_memory_working_set_bytes')],
  },
  { component: 'Prometheus', source: 'every scrape target', metrics: [g('up')] },
];

/** Every series name the sources export (histograms expanded). */
export function exportedSeries(sources: readonly MetricSource[] = [...SERVICE_METRICS, ...COMPONENT_METRICS]): Set<string> {
  return new Set(sources.flatMap((s) => s.metrics.flatMap((m) => m.type === 'histogram' ? [`${m.name}_bucket`, `${m.name}_sum`, `${m.name}_count`] : [m.name])));
}
