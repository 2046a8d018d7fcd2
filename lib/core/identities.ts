/**
 * Workload identities: the service accounts the cluster stack binds IAM roles to (EKS Pod Identity
 * associations by namespace and service account), named once for both the stacks and the charts.
 */
export { WORKLOAD_IDENTITIES } from './naming';

/**
 * The monitoring components the workload chart runs in the `monitoring` namespace, by service
 * account (= Deployment = Service = Prometheus `job`); the cluster stack binds their roles by these names.
 */
export const MONITORING_COMPONENTS = {
  /** redis_exporter: the cache's INFO over TLS with the AUTH token. */
  redisExporter: { name: 'redis-exporter', port: 9121 },
  /** YACE (prometheus-community/yet-another-cloudwatch-exporter): Aurora's CloudWatch metrics. */
  cloudwatchExporter: { name: 'cloudwatch-exporter', port: 5000 },
  /** OpenTelemetry Collector (contrib): OTLP in, AWS X-Ray out. */
  otelCollector: { name: 'otel-collector', port: 8888, otlpGrpc: 4317, otlpHttp: 4318 },
} as const;

/** Label and value the Grafana sidecar of kube-prometheus-stack loads dashboards by. */
export const GRAFANA_DASHBOARD_LABEL = { grafana_dashboard: '1' } as const;
/** Annotation naming the Grafana folder. */
export const GRAFANA_FOLDER_ANNOTATION = 'grafana_folder';

/** A service's Kafka use (its topics and groups), which the cluster stack grants its Pod Identity role exactly. */
export interface ResolvedStreamingUse {
  readonly produces: string[];
  readonly consumes: string[];
  readonly consumerGroups: string[];
}
