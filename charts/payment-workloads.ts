import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import type { PlatformNamespaces } from '../lib/config/naming';
import { ServiceCatalog } from './lib/catalog';
import { PlatformSecrets, type PlatformSecretNames } from './lib/external-secrets';
import { GethNode } from './lib/geth';
import { ApiIngress } from './lib/ingress';
import { PlatformNamespace } from './lib/namespaces';
import { assertCidr } from './lib/network-policies';
import { PAYMENT_SERVICE_STREAMING, platformServiceSpecs } from './lib/platform-services';
import { PostgresBackup } from './lib/postgres-backup';
import { RdsCaBundle } from './lib/rds-ca';
import type { ApiSloSpec } from './lib/alerts/slo';
import { MONITORING_COMPONENTS, MONITORING_IMAGES, otlpEndpoint } from './lib/observability/components';
import { MonitoringComponents } from './lib/observability/monitoring-components';
import { PlatformDashboards } from './lib/dashboards/dashboards';
import { platformDashboards } from './lib/dashboards/platform-dashboards';
import { isAlert } from './lib/alerts/types';
import { PlatformAlerts } from './lib/prometheus-rules';
import { PlatformPriorityClasses } from './lib/priority-classes';
import { ContractArtifacts } from './lib/contract-artifacts';
import type { ContractArtifact } from '../lib/core/rules/ethereum';
import { assertPinnedImage } from './lib/security';
import { SERVICE_NAME_LABEL, type ServiceSpec } from './lib/service-spec';
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
   * The payment contracts per chain, rendered into the `contract-artifacts` ConfigMap that
   * payment-service mounts at /app/contracts (only with `blockchain`; `ContractArtifacts`).
   * @default - none: an empty index
   */
  readonly contractArtifacts?: readonly ContractArtifact[];
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
   * The region's database is a member of an Aurora global database (several regions): the
   * nightly dump runs only in the region holding the writer (`PostgresBackupProps.writerGate`).
   * @default false
   */
  readonly globalDatabase?: boolean;
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
   * The region's Kafka brokers (`PlatformConfig.streaming`): services that declare `streaming` get
   * egress to them and the client settings; the built-in payment-service produces `payment-events`.
   * @default - no streaming
   */
  readonly streaming?: StreamingEndpointSpec;
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
function catalogWithAlbIngress(services: ServiceSpec[], albCidrs: readonly string[]): ServiceSpec[] {
  if (!services.some((s) => s.name === 'api-gateway')) {
    throw new Error(`PaymentWorkloads: builtInServices is false but services has no service named 'api-gateway' (got ${services.map((s) => s.name).join(', ') || 'none'}); ` +
      "add the catalog's api-gateway (the Ingress backend) or set builtInServices: true.");
  }
  return services.map((s) => s.name !== 'api-gateway' ? s : {
    ...s,
    ingress: [...(s.ingress ?? []), { peers: albCidrs.map((cidr) => ({ cidr })), ports: [{ port: s.port }] }],
  });
}

/**
 * The workloads of one region: namespaces with Pod Security and default-deny policies, the
 * External Secrets store and secrets, api-gateway and payment-service (plus any catalog services,
 * or only the catalog with `builtInServices: false`), geth + Lighthouse unless `blockchain` is
 * false, the public Ingress and the alerts. Applied as-is by the cluster stack (`addCdk8sChart`) and
 * written by `cdk8s synth` as `dist/<chart id>.k8s.yaml`.
 */
export class PaymentWorkloads extends Chart {
  /** The props the chart was built from (constructs added to the chart read them). */
  public readonly props: PaymentWorkloadsProps;
  /** The application services by name (api-gateway, payment-service, …). */
  public readonly services: ServiceCatalog;

  constructor(scope: Construct, id: string, props: PaymentWorkloadsProps) {
    super(scope, id, { labels: { 'app.kubernetes.io/part-of': props.platformName, 'app.kubernetes.io/managed-by': 'cdk8s' } });
    this.props = props;
    assertCidr(props.vpcCidr, 'PaymentWorkloads.vpcCidr');
    for (const [key, image] of Object.entries(props.images)) assertPinnedImage(image, `PaymentWorkloads.images.${key}`);
    const ns = props.namespaces;
    const irsa = (props.identity ?? 'pod-identity') === 'irsa';
    const blockchain = props.blockchain ?? true;
    const builtIn = props.builtInServices ?? true;
    const monitoringLabels = props.monitoringLabels ?? { 'app.kubernetes.io/part-of': props.platformName };
    const monitoring = props.monitoringComponents ?? true;
    for (const [key, image] of Object.entries(props.monitoringImages ?? {})) assertPinnedImage(image, `PaymentWorkloads.monitoringImages.${key}`);
    const { blockchainProviderUrl, blockchainSignerKey, ...secretNames } = props.secretNames;
    if (blockchain && (blockchainProviderUrl === undefined || blockchainSignerKey === undefined)) {
      throw new Error('PaymentWorkloads: secretNames.blockchainProviderUrl and secretNames.blockchainSignerKey are required with blockchain on; ' +
        'name both secrets, or set blockchain: false for a platform without blockchain.');
    }
    if (!builtIn) {
      for (const key of ['apiGateway', 'paymentService'] as const) {
        if (props[key] !== undefined) {
          throw new Error(`PaymentWorkloads: ${key} overrides a built-in service, but builtInServices is false; change that service in services instead, or set builtInServices: true.`);
        }
      }
    }

    const priority = new PlatformPriorityClasses(this, 'PriorityClasses', {
      platformName: props.platformName, tiers: blockchain ? ['payment', 'blockchain', 'batch'] : ['payment', 'batch'],
    }).names;
    new PlatformNamespace(this, 'AppNamespace', { name: ns.api, tier: 'application', podSecurity: 'restricted' });
    if (blockchain) {
      // geth and lighthouse run as non-root with read-only root filesystems (state on PVCs), so the
      // blockchain namespace needs nothing beyond "restricted".
      new PlatformNamespace(this, 'BlockchainNamespace', { name: ns.blockchain, tier: 'blockchain', podSecurity: 'restricted' });
    }
    new PlatformNamespace(this, 'JobsNamespace', { name: ns.jobs, tier: 'worker', podSecurity: 'restricted' });
    new PlatformNamespace(this, 'MonitoringNamespace', { name: ns.monitoring, tier: 'infrastructure', podSecurity: 'restricted' });

    new PlatformSecrets(this, 'Secrets', {
      region: props.region, appNamespace: ns.api, readerRoleArn: props.roleArns.appSecretsReader, cacheEndpoint: props.cacheEndpoint,
      monitoring: monitoring ? { namespace: ns.monitoring, readerRoleArn: props.roleArns.monitoringSecretsReader } : undefined,
      secretNames: blockchain ? props.secretNames : secretNames,
    });
    new RdsCaBundle(this, 'AppRdsCa', { namespace: ns.api, region: props.region });
    new RdsCaBundle(this, 'JobsRdsCa', { namespace: ns.jobs, region: props.region });
    const database = { host: props.databaseEndpoint, readerHost: props.databaseReaderEndpoint, databaseName: props.databaseName, region: props.region };
    const nets = props.networks;

    this.services = new ServiceCatalog(this, 'Services', {
      namespace: ns.api,
      priorityClassName: priority.payment,
      serviceMonitorLabels: monitoringLabels,
      // Prometheus runs in the kube-prometheus-stack namespace the cluster installs it in.
      metricsScrapers: [{ namespace: ns.prometheus }],
      telemetry: monitoring ? {
        endpoint: otlpEndpoint(ns.monitoring),
        collector: { namespace: ns.monitoring, service: MONITORING_COMPONENTS.otelCollector.name },
        ports: [MONITORING_COMPONENTS.otelCollector.otlpGrpc, MONITORING_COMPONENTS.otelCollector.otlpHttp],
        environment: props.environment,
      } : undefined,
      streaming: props.streaming,
      services: builtIn
        ? [
          ...platformServiceSpecs({
            apiGatewayImage: props.images.apiGateway,
            paymentServiceImage: props.images.paymentService,
            vpcCidr: props.vpcCidr,
            blockchainNamespace: blockchain ? ns.blockchain : undefined,
            paymentServiceRoleArn: irsa ? props.roleArns.paymentService : undefined,
            apiGatewayRoleArn: irsa ? props.roleArns.apiGateway : undefined,
            database,
            databaseUsers: props.databaseUsers,
            loadBalancerCidrs: nets?.loadBalancer,
            dataCidrs: nets?.data,
            endpointCidrs: nets?.endpoints,
            paymentServiceStreaming: props.streaming ? PAYMENT_SERVICE_STREAMING : undefined,
            apiGateway: props.apiGateway,
            paymentService: props.paymentService,
          }),
          ...(props.services ?? []),
        ]
        : catalogWithAlbIngress(props.services ?? [], nets?.loadBalancer ?? [props.vpcCidr]),
    });

    const gateway = this.services.specs['api-gateway'];
    if (props.healthCheckPath !== undefined && gateway?.healthCheckPath !== undefined && gateway.healthCheckPath !== props.healthCheckPath) {
      throw new Error(`PaymentWorkloads: healthCheckPath is '${props.healthCheckPath}' (edge.healthCheckPath: the load balancer and Route 53 probe it) ` +
        `but the api-gateway spec declares healthCheckPath '${gateway.healthCheckPath}'; make them the same path, the one that answers 200 only when the region can serve payments.`);
    }
    new ApiIngress(this, 'Ingress', {
      namespace: ns.api,
      healthCheckPath: props.healthCheckPath ?? gateway?.healthCheckPath,
      service: this.services.services['api-gateway'].service,
      regionalHostname: props.hostnames.regional,
      globalHostname: props.hostnames.global,
      certificateArn: props.certificateArn,
      wafAclArn: props.wafAclArn,
      groupName: props.ingressGroupName,
    });

    const alerts = new PlatformAlerts(this, 'Alerts', {
      namespace: ns.monitoring,
      appNamespace: ns.api,
      blockchainNamespace: blockchain ? ns.blockchain : undefined,
      jobsNamespace: ns.jobs,
      watchedNamespaces: blockchain ? [ns.api, ns.blockchain, ns.jobs] : [ns.api, ns.jobs],
      slo: props.slo,
      databaseMaxConnections: props.databaseMaxConnections,
      // A catalog service's own alerts: one group per service, validated with the platform's.
      extraGroups: Object.values(this.services.specs).filter((s) => (s.alerts ?? []).length > 0)
        .map((s) => ({ name: `service-${s.name}`, rules: s.alerts ?? [] })),
      ruleLabels: monitoringLabels,
      runbookBaseUrl: props.runbookBaseUrl,
    });

    new PlatformDashboards(this, 'Dashboards', {
      namespace: ns.monitoring,
      dashboards: platformDashboards({
        appNamespace: ns.api, blockchainNamespace: blockchain ? ns.blockchain : undefined,
        platformNamespaces: [ns.api, ...(blockchain ? [ns.blockchain] : []), ns.jobs, ns.monitoring],
      }),
      servicePanels: Object.values(this.services.specs).map((s) => ({ service: s.name, panels: s.dashboardPanels ?? [], metrics: s.metrics ?? [] })),
      recordedSeries: alerts.groups.flatMap((g) => g.rules.filter((r) => !isAlert(r)).map((r) => (r as { record: string }).record)),
    });

    if (monitoring) {
      new MonitoringComponents(this, 'Monitoring', {
        namespace: ns.monitoring, prometheusNamespace: ns.prometheus, traceSenders: [ns.api],
        region: props.region, vpcCidr: props.vpcCidr, cacheEndpoint: props.cacheEndpoint,
        cacheAuthTokenSecretName: props.secretNames.cacheAuthToken,
        databaseClusterIdentifier: props.databaseClusterIdentifier ?? `${props.platformName}-${props.environment}-postgres`,
        serviceMonitorLabels: monitoringLabels, images: props.monitoringImages,
      });
    }

    // Blockchain clients and scheduled jobs: one line each, reading `props`.
    if (blockchain) {
      new ContractArtifacts(this, 'ContractArtifacts', { namespace: ns.api, artifacts: props.contractArtifacts });
      new GethNode(this, 'Geth', {
        namespace: ns.blockchain, gethImage: props.images.geth, lighthouseImage: props.images.lighthouse,
        rpcClients: [{ namespace: ns.api, podLabels: { [SERVICE_NAME_LABEL]: 'payment-service' } }],
        monitoringNamespace: ns.prometheus, serviceMonitorLabels: monitoringLabels, priorityClassName: priority.blockchain, ...props.blockchainStorage,
      });
    }
    new PostgresBackup(this, 'PostgresBackup', {
      namespace: ns.jobs, bucketName: props.backupBucketName, region: props.region, vpcCidr: props.vpcCidr,
      backupsKeyArn: props.backupsKeyArn, database: { ...database, user: props.databaseUsers.backup },
      dataCidrs: nets?.data, endpointCidrs: nets?.endpoints,
      postgresClientImage: props.images.postgresClient, awsCliImage: props.images.awsCli,
      roleArn: irsa ? props.roleArns.postgresBackup : undefined, ...props.backupSchedule,
      priorityClassName: priority.batch,
      writerGate: props.globalDatabase ? { readerHost: props.databaseReaderEndpoint } : undefined,
    });
  }
}
