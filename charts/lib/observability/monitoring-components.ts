import { Yaml } from 'cdk8s';
import { Construct } from 'constructs';
import { SyncedSecret } from '../external-secrets';
import { POD_IDENTITY_AGENT_CIDR } from '../network-policies';
import { MONITORING_COMPONENTS as C, MONITORING_IMAGES } from './components';
import { MonitoringWorkload } from './monitoring-workload';

/** Props of `MonitoringComponents`. */
export interface MonitoringComponentsProps {
  /** The platform's monitoring namespace (restricted, default-deny). */
  readonly namespace: string;
  /** Namespace of Prometheus (scrapes the components). */
  readonly prometheusNamespace: string;
  /** Namespaces whose pods send traces to the collector. */
  readonly traceSenders: string[];
  /** The region (CloudWatch and X-Ray endpoints). */
  readonly region: string;
  /** The VPC CIDR: the cache and the interface endpoints (CloudWatch monitoring, X-Ray) live there. */
  readonly vpcCidr: string;
  /** Primary endpoint of the cache (deploy-time value). */
  readonly cacheEndpoint: string;
  /** @default 6379 */
  readonly cachePort?: number;
  /** Secrets Manager name of the cache AUTH token. */
  readonly cacheAuthTokenSecretName: string;
  /** `DBClusterIdentifier` of the region's Aurora cluster. */
  readonly databaseClusterIdentifier: string;
  /**
   * Labels on the ServiceMonitors (Prometheus's `serviceMonitorSelector`).
   * @default - none
   */
  readonly serviceMonitorLabels?: Record<string, string>;
  /** @default MONITORING_IMAGES */
  readonly images?: Partial<Record<keyof typeof MONITORING_IMAGES, string>>;
}

/** Kubernetes Secret of redis_exporter's AUTH token in the monitoring namespace. */
export const REDIS_EXPORTER_SECRET = 'redis-exporter-auth';
/** Where redis_exporter finds its password file (read once at start; see README, cache token rotation). */
export const REDIS_EXPORTER_SECRET_DIR = '/var/run/secrets/redis-exporter';

/**
 * What the platform's Prometheus rules and dashboards read beyond kube-prometheus-stack:
 * - redis_exporter, connecting with TLS (`rediss://`) and the AUTH token synced from Secrets Manager;
 *   `--config-command=-` because ElastiCache disables CONFIG (maxmemory comes from INFO);
 * - YACE for Aurora's CloudWatch metrics (`aws_rds_*`): the database uses IAM authentication per
 *   service, so a password-based postgres_exporter login would be the one long-lived database
 *   credential in the cluster; CloudWatch has connections, CPU, memory and replica lag without any;
 * - the OpenTelemetry Collector: OTLP (gRPC 4317, HTTP 4318) from the application namespaces,
 *   batched to AWS X-Ray.
 * YACE and the collector get AWS credentials through EKS Pod Identity (roles made by the cluster stack).
 */
export class MonitoringComponents extends Construct {
  constructor(scope: Construct, id: string, props: MonitoringComponentsProps) {
    super(scope, id);
    const images = { ...MONITORING_IMAGES, ...props.images };
    const inVpc = (port: number) => ({ peers: [{ cidr: props.vpcCidr }], ports: [{ port }] });
    const podIdentityAgent = { peers: [{ cidr: POD_IDENTITY_AGENT_CIDR }], ports: [{ port: 80 }] };
    const common = { namespace: props.namespace, prometheusNamespace: props.prometheusNamespace, serviceMonitorLabels: props.serviceMonitorLabels };

    // redis_exporter's password file: a JSON map from the scraped address to its password.
    const redisAddr = `rediss://${props.cacheEndpoint}:${props.cachePort ?? 6379}`;
    new SyncedSecret(this, 'RedisAuth', {
      namespace: props.namespace, name: REDIS_EXPORTER_SECRET,
      keys: [{ secretKey: 'token', remoteKey: props.cacheAuthTokenSecretName }],
      template: { 'password-file.json': `{${JSON.stringify(redisAddr)}: {{ .token | toJson }}}` },
    });
    new MonitoringWorkload(this, 'RedisExporter', {
      ...common,
      name: C.redisExporter.name,
      image: images.redisExporter,
      replicas: 1,
      args: ['--config-command=-', `--redis.password-file=${REDIS_EXPORTER_SECRET_DIR}/password-file.json`],
      env: { REDIS_ADDR: redisAddr },
      secretMount: { secret: REDIS_EXPORTER_SECRET, mountPath: REDIS_EXPORTER_SECRET_DIR },
      metricsPort: C.redisExporter.port,
      egress: [inVpc(props.cachePort ?? 6379)],
      resources: { cpu: '50m', memory: '64Mi', memoryLimit: '128Mi' },
    });

    new MonitoringWorkload(this, 'CloudWatchExporter', {
      ...common,
      name: C.cloudwatchExporter.name,
      image: images.cloudwatchExporter,
      replicas: 1,
      args: ['--config.file=/config/config.yml', `--listen-address=:${C.cloudwatchExporter.port}`],
      configFiles: { 'config.yml': Yaml.stringify(yaceConfig(props.region, props.databaseClusterIdentifier)) },
      metricsPort: C.cloudwatchExporter.port,
      egress: [inVpc(443), podIdentityAgent],
      resources: { cpu: '50m', memory: '128Mi', memoryLimit: '256Mi' },
    });

    const otel = C.otelCollector;
    new MonitoringWorkload(this, 'OtelCollector', {
      ...common,
      name: otel.name,
      image: images.otelCollector,
      args: ['--config=/config/config.yaml'],
      configFiles: { 'config.yaml': Yaml.stringify(collectorConfig(props.region)) },
      metricsPort: otel.port,
      extraPorts: [{ name: 'otlp-grpc', port: otel.otlpGrpc }, { name: 'otlp-http', port: otel.otlpHttp }],
      ingress: [{ peers: props.traceSenders.map((namespace) => ({ namespace })), ports: [{ port: otel.otlpGrpc }, { port: otel.otlpHttp }] }],
      egress: [inVpc(443), podIdentityAgent],
      resources: { cpu: '200m', memory: '256Mi', memoryLimit: '512Mi' },
    });
  }
}

/** YACE v1alpha1 configuration: the writer cluster's CloudWatch metrics, one-minute periods. */
export function yaceConfig(region: string, clusterIdentifier: string): Record<string, unknown> {
  return {
    apiVersion: 'v1alpha1',
    'sts-region': region,
    static: [{
      namespace: 'AWS/RDS',
      name: clusterIdentifier,
      regions: [region],
      dimensions: [{ name: 'DBClusterIdentifier', value: clusterIdentifier }],
      metrics: [
        { name: 'DatabaseConnections', statistics: ['Maximum'], period: 60, length: 300 },
        { name: 'CPUUtilization', statistics: ['Average'], period: 60, length: 300 },
        { name: 'FreeableMemory', statistics: ['Minimum'], period: 60, length: 300 },
        { name: 'AuroraReplicaLagMaximum', statistics: ['Maximum'], period: 60, length: 300 },
        { name: 'CommitLatency', statistics: ['Average'], period: 60, length: 300 },
        { name: 'Deadlocks', statistics: ['Sum'], period: 60, length: 300 },
        { name: 'VolumeBytesUsed', statistics: ['Average'], period: 300, length: 900 },
      ],
    }],
  };
}

/** OpenTelemetry Collector: OTLP receivers, memory limiter and batching, the X-Ray exporter. */
export function collectorConfig(region: string): Record<string, unknown> {
  const otel = C.otelCollector;
  return {
    receivers: { otlp: { protocols: { grpc: { endpoint: `0.0.0.0:${otel.otlpGrpc}` }, http: { endpoint: `0.0.0.0:${otel.otlpHttp}` } } } },
    processors: {
      memory_limiter: { check_interval: '1s', limit_percentage: 80, spike_limit_percentage: 20 },
      batch: { timeout: '5s', send_batch_size: 512 },
    },
    exporters: { awsxray: { region, indexed_attributes: ['payment.provider', 'http.route'] } },
    extensions: { health_check: { endpoint: '0.0.0.0:13133' } },
    service: {
      extensions: ['health_check'],
      pipelines: { traces: { receivers: ['otlp'], processors: ['memory_limiter', 'batch'], exporters: ['awsxray'] } },
      telemetry: { metrics: { readers: [{ pull: { exporter: { prometheus: { host: '0.0.0.0', port: otel.port } } } }] } },
    },
  };
}
