import type { PlatformNamespaces } from '../lib/core/naming';
import type { ApiSloSpec } from './lib/alerts/slo';
import type { PlatformSecretNames } from './lib/external-secrets';
import type { MONITORING_IMAGES } from './lib/observability/components';
import type { BlockchainSigner } from './lib/platform-services';
import type { ServiceSpec } from './lib/service-spec';
import type { ContractArtifact } from '../lib/core/rules/ethereum';
import type { StreamingEndpointSpec } from './lib/streaming';

/** Images of the workloads, each pinned (`repository:tag` or a digest). */
export interface WorkloadImages {
  readonly apiGateway: string;
  readonly paymentService: string;
  readonly geth: string;
  readonly lighthouse: string;
  readonly postgresClient: string;
  readonly awsCli: string;
}

/** IAM roles of the workloads that call AWS. */
export interface WorkloadRoleArns {
  readonly paymentService: string;
  readonly apiGateway: string;
  readonly postgresBackup: string;
  /**
   * IRSA role of the application namespace's `secrets-reader` (External Secrets authenticates as
   * it; always annotated, whatever `identity` says).
   */
  readonly appSecretsReader: string;
  /** IRSA role of the monitoring namespace's `secrets-reader` (the cache AUTH token for redis_exporter). */
  readonly monitoringSecretsReader: string;
}

/** The networks traffic is narrowed to (subnet CIDRs of the region's VPC). */
export interface WorkloadNetworks {
  /** Public subnets: the internet-facing ALB sends from here. */
  readonly loadBalancer: readonly string[];
  /** Application subnets: nodes, pods and the interface VPC endpoints. */
  readonly endpoints: readonly string[];
  /** Isolated data subnets: PostgreSQL and the cache. */
  readonly data: readonly string[];
}

/**
 * Everything the workloads of one region need. Plain values: `workloadsPropsFromConfig` derives
 * them from the platform configuration; the cluster stack passes CDK tokens for the values only
 * CDK knows (certificate, web ACL, cache endpoint).
 */
export interface PaymentWorkloadsProps {
  /** Platform name (`verypay`). */
  readonly platformName: string;
  /** Environment (`prod`). */
  readonly environment: string;
  /** AWS region of the cluster. */
  readonly region: string;
  /** The region's VPC CIDR (ALB targets, database, cache and interface endpoints live there). */
  readonly vpcCidr: string;
  readonly namespaces: PlatformNamespaces;
  readonly images: WorkloadImages;
  /**
   * Run the blockchain: the blockchain namespace, geth + Lighthouse, the blockchain ExternalSecret,
   * the geth and contract alerts, and payment-service's geth egress, `WEB3_PROVIDER_URL` /
   * `PRIVATE_KEY` and contract ABI mount. With false none of these exist (and `secretNames` needs
   * no blockchain entries); `workloadsPropsFromConfig` takes it from `config.blockchain`.
   * @default true
   */
  readonly blockchain?: boolean;
  /**
   * How payment-service signs (with `blockchain` on). `{ privateKeyFile: true }` is the opt-in for
   * an application that cannot sign through KMS; it needs `secretNames.blockchainSignerKey`.
   * @default - `{ kmsKeyId: 'alias/<platformName>-<environment>-blockchain-signer' }`, the region's secp256k1 KMS key
   */
  readonly signer?: BlockchainSigner;
  /**
   * The payment contracts per chain, rendered into the `contract-artifacts` ConfigMap that
   * payment-service mounts at /app/contracts (only with `blockchain`; `ContractArtifacts`).
   * @default - none: an empty index
   */
  readonly contractArtifacts?: readonly ContractArtifact[];
  /**
   * The region's database is a member of an Aurora global database (several regions): the
   * nightly dump runs only in the region holding the writer (`PostgresBackupProps.writerGate`).
   * @default false
   */
  readonly globalDatabase?: boolean;
  /**
   * Volume sizes of the blockchain clients (`GethNodeProps`).
   * @default - the `GethNode` defaults
   */
  readonly blockchainStorage?: { readonly gethStorageGiB?: number; readonly lighthouseStorageGiB?: number };
  /**
   * When the nightly PostgreSQL dump runs (`PostgresBackupProps.schedule` and `timeZone`).
   * @default - the `PostgresBackup` defaults
   */
  readonly backupSchedule?: { readonly schedule?: string; readonly timeZone?: string };
  /**
   * Run the built-in api-gateway and payment-service. With false the catalog (`services`) brings
   * its own: it must contain a service named `api-gateway`, which the Ingress then targets and
   * which is admitted from the VPC CIDR (the ALB) on its port; `apiGateway` and `paymentService`
   * overrides are rejected.
   * @default true
   */
  readonly builtInServices?: boolean;
  /**
   * How pods get AWS credentials. `pod-identity`: EKS Pod Identity associations made by the
   * cluster stack (service accounts carry no annotation). `irsa`: service accounts are annotated
   * with `eks.amazonaws.com/role-arn` and mount their token.
   * @default 'pod-identity'
   */
  readonly identity?: 'pod-identity' | 'irsa';
  /** Role ARNs (annotated only with `identity: 'irsa'`). */
  readonly roleArns: WorkloadRoleArns;
  /** Secrets Manager names of the region's secrets. */
  readonly secretNames: PlatformSecretNames;
  /** The region's backups bucket (nightly dumps under `postgres/`). */
  readonly backupBucketName: string;
  /** Database name inside the cluster. */
  readonly databaseName: string;
  /** Database users (IAM authentication) of the clients. */
  readonly databaseUsers: { readonly apiGateway: string; readonly paymentService: string; readonly backup: string };
  /** ARN of the backups key (deploy-time value). */
  readonly backupsKeyArn: string;
  /**
   * Subnet CIDRs that network policies narrow traffic to.
   * @default - the whole `vpcCidr` for each
   */
  readonly networks?: WorkloadNetworks;
  /** `api-<region>.<zone>` (ExternalDNS) and `api.<zone>` (Route 53 failover, CDK). */
  readonly hostnames: { readonly regional: string; readonly global: string };
  /** ALB group name. */
  readonly ingressGroupName: string;
  /**
   * The path the ALB target group probes (and Route 53, configured from the same
   * `edge.healthCheckPath`); the api-gateway spec's `healthCheckPath` must agree.
   * @default - the api-gateway spec's `healthCheckPath`, else '/health'
   */
  readonly healthCheckPath?: string;
  /** ACM certificate for both hostnames (deploy-time value). */
  readonly certificateArn: string;
  /** Regional WAFv2 web ACL (deploy-time value). */
  readonly wafAclArn: string;
  /**
   * The region's load-balancer access-log bucket (deploy-time value: `LoadBalancerLogBucket`, whose
   * policy lets Elastic Load Balancing write; SSE-S3, the only encryption ALB access logs support).
   */
  readonly loadBalancerLogsBucket: string;
  /**
   * Key prefix of the access logs in that bucket (before `AWSLogs/<account>/`).
   * @default 'alb'
   */
  readonly loadBalancerLogsPrefix?: string;
  /** Cache primary endpoint address (deploy-time value). */
  readonly cacheEndpoint: string;
  /**
   * Where writes go (deploy-time value): the Aurora global writer endpoint, which follows the
   * writer through switchover and failover, or the cluster endpoint of a single region. Clients
   * verify it against the server certificate (`sslmode=verify-full`).
   */
  readonly databaseEndpoint: string;
  /** The region's own Aurora reader endpoint (deploy-time value). */
  readonly databaseReaderEndpoint: string;
  /**
   * Overrides of the api-gateway spec (e.g. a smaller HPA range in a standby region).
   * @default - the seeds' values
   */
  readonly apiGateway?: Partial<ServiceSpec>;
  /** @default - the seeds' values */
  readonly paymentService?: Partial<ServiceSpec>;
  /**
   * More services in the application namespace, as data (with `builtInServices: false`, all of them).
   * @default - none
   */
  readonly services?: ServiceSpec[];
  /**
   * PriorityClasses created outside this chart (by your own chart or manifests) that `services`
   * may name in `priorityClassName`: declared prerequisites, like Kubernetes' own
   * `system-cluster-critical` and `system-node-critical`.
   * @default - none: a service may name only the platform's classes (`<platformName>-payment`, …) and the system classes
   */
  readonly externalPriorityClasses?: readonly string[];
  /**
   * The region's Kafka brokers (`PlatformConfig.streaming`): services that declare `streaming` get
   * egress to them and the client settings; the built-in payment-service produces `payment-events`.
   * @default - no streaming
   */
  readonly streaming?: StreamingEndpointSpec;
  /**
   * Prefix of the platform's IAM role ARNs in the region (`arn:aws:iam::<account>:role/<name>-<env>-<region code>-`):
   * the secrets reader of a catalog namespace `ns` is this plus `secrets-<ns>`.
   * @default - derived from `roleArns.appSecretsReader`
   */
  readonly iamRoleArnPrefix?: string;
  /**
   * Prefix of the region's Secrets Manager names; a catalog service's secret `s` is
   * `<prefix>services/<service>/<s>`.
   * @default `<platformName>/<environment>/<region>/`
   */
  readonly secretNamePrefix?: string;
  /**
   * Labels Prometheus selects PrometheusRules and ServiceMonitors by.
   * @default { 'app.kubernetes.io/part-of': <platformName> }
   */
  readonly monitoringLabels?: Record<string, string>;
  /**
   * Base URL of the runbooks linked from alerts.
   * @default - no runbook links
   */
  readonly runbookBaseUrl?: string;
  /**
   * The gateway's service-level objectives, watched by multi-window burn-rate alerts.
   * @default - 99.9 % availability, 99 % of requests within 0.5 s
   */
  readonly slo?: ApiSloSpec;
  /**
   * `DBClusterIdentifier` of the region's Aurora cluster: the CloudWatch exporter reads its metrics.
   * @default `<platformName>-<environment>-postgres` (`workloadsPropsFromConfig` passes the region's)
   */
  readonly databaseClusterIdentifier?: string;
  /**
   * `max_connections` of the database (DatabaseConnectionsHigh fires above 80 % of it).
   * @default 1000
   */
  readonly databaseMaxConnections?: number;
  /**
   * The monitoring components (redis_exporter, CloudWatch exporter, OpenTelemetry Collector) and
   * the services' trace export. With false none of them run and the services get no OTLP settings.
   * @default true
   */
  readonly monitoringComponents?: boolean;
  /**
   * Images of the monitoring components, each pinned.
   * @default MONITORING_IMAGES
   */
  readonly monitoringImages?: Partial<Record<keyof typeof MONITORING_IMAGES, string>>;
}

/**
 * A catalog that replaces the built-in services: its `api-gateway` is the Ingress backend, so it
 * also admits the ALB (target type ip, sending from the VPC CIDR) on its port.
 */
