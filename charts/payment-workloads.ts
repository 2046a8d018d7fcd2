import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { CLUSTER_PREREQUISITES } from '../lib/core/cluster-prerequisites';
import { secretsReaderWorkload } from '../lib/core/naming';
import { PlatformConfigError } from '../lib/core/rules';
import { ServiceCatalog } from './lib/catalog';
import { PlatformSecrets } from './lib/external-secrets';
import { GethNode } from './lib/geth';
import { AlbGroup } from './lib/alb-group';
import { ApiIngress } from './lib/ingress';
import { PlatformNamespace } from './lib/namespaces';
import { assertCidr } from './lib/network-policies';
import { PAYMENT_SERVICE_STREAMING, platformServiceSpecs } from './lib/platform-services';
import { PostgresBackup } from './lib/postgres-backup';
import { RdsCaBundle } from './lib/rds-ca';
import { MONITORING_COMPONENTS, otlpEndpoint } from './lib/observability/components';
import { MonitoringComponents } from './lib/observability/monitoring-components';
import { PlatformDashboards } from './lib/dashboards/dashboards';
import { platformDashboards } from './lib/dashboards/platform-dashboards';
import { isAlert } from './lib/alerts/types';
import { PlatformAlerts } from './lib/prometheus-rules';
import { PlatformPriorityClasses } from './lib/priority-classes';
import { ContractArtifacts } from './lib/contract-artifacts';
import { assertPinnedImage } from './lib/security';
import { SERVICE_NAME_LABEL, type ServiceSpec } from './lib/service-spec';

export type { PaymentWorkloadsProps, WorkloadImages, WorkloadNetworks, WorkloadRoleArns } from './payment-workloads-props';
import type { PaymentWorkloadsProps } from './payment-workloads-props';

/** Services routed from the load balancer (`route`) admit the ALB's subnets on their port. */
function withRouteIngress(services: ServiceSpec[], albCidrs: readonly string[]): ServiceSpec[] {
  return services.map((s) => (s.route === undefined || s.name === 'api-gateway' ? s : {
    ...s, ingress: [...(s.ingress ?? []), { peers: albCidrs.map((cidr) => ({ cidr })), ports: [{ port: s.port }] }],
  }));
}

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
    assertCidr(props.vpcCidr, 'vpcCidr', 'PaymentWorkloads props');
    for (const [key, image] of Object.entries(props.images)) assertPinnedImage(image, `PaymentWorkloads.images.${key}`);
    const ns = props.namespaces;
    const irsa = (props.identity ?? 'pod-identity') === 'irsa';
    const blockchain = props.blockchain ?? true;
    const builtIn = props.builtInServices ?? true;
    const monitoringLabels = props.monitoringLabels ?? { 'app.kubernetes.io/part-of': props.platformName };
    const monitoring = props.monitoringComponents ?? true;
    for (const [key, image] of Object.entries(props.monitoringImages ?? {})) assertPinnedImage(image, `PaymentWorkloads.monitoringImages.${key}`);
    const { blockchainProviderUrl, blockchainSignerKey, ...secretNames } = props.secretNames;
    const signer = props.signer ?? { kmsKeyId: `alias/${props.platformName}-${props.environment}-blockchain-signer` };
    if (blockchain && blockchainProviderUrl === undefined) {
      throw new Error('PaymentWorkloads: secretNames.blockchainProviderUrl is required with blockchain on; ' +
        'name the secret, or set blockchain: false for a platform without blockchain.');
    }
    const privateKey = blockchain && 'privateKeyFile' in signer;
    if (privateKey && blockchainSignerKey === undefined) {
      throw new Error("PaymentWorkloads: signer is { privateKeyFile: true } but secretNames.blockchainSignerKey is not set; name the signer key's secret, or sign through KMS (signer: { kmsKeyId }).");
    }
    if (!privateKey && blockchainSignerKey !== undefined) {
      throw new Error('PaymentWorkloads: secretNames.blockchainSignerKey is set but payment-service signs through KMS, so the private key would be synced into the cluster unused; ' +
        'drop blockchainSignerKey, or set signer: { privateKeyFile: true } for an application that cannot sign through KMS.');
    }
    if (!blockchain && (props.contractArtifacts?.length ?? 0) > 0) {
      throw new Error('PaymentWorkloads: contractArtifacts are set but blockchain is false, so payment-service has no Web3 wiring and nothing mounts them; drop contractArtifacts or set blockchain: true.');
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
      region: props.region, appNamespace: ns.api, readerRoleArn: props.roleArns.appSecretsReader,
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
      platform: {
        database: { connection: database, cidrs: nets?.data ?? [props.vpcCidr] },
        cache: { cidrs: nets?.data ?? [props.vpcCidr], endpoint: props.cacheEndpoint },
        secrets: { namePrefix: props.secretNamePrefix ?? `${props.platformName}/${props.environment}/${props.region}/` },
      },
      namespaceSetup: {
        region: props.region,
        readerRoleArnPrefix: props.iamRoleArnPrefix ?? props.roleArns.appSecretsReader.slice(0, -secretsReaderWorkload(ns.api).length),
        cache: { endpoint: props.cacheEndpoint, authTokenSecretName: props.secretNames.cacheAuthToken },
      },
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
            cache: { endpoint: props.cacheEndpoint },
            signer: blockchain ? signer : undefined,
            databaseUsers: props.databaseUsers,
            loadBalancerCidrs: nets?.loadBalancer,
            dataCidrs: nets?.data,
            endpointCidrs: nets?.endpoints,
            paymentServiceStreaming: props.streaming ? PAYMENT_SERVICE_STREAMING : undefined,
            apiGateway: props.apiGateway,
            paymentService: props.paymentService,
          }),
          ...withRouteIngress(props.services ?? [], nets?.loadBalancer ?? [props.vpcCidr]),
        ]
        : withRouteIngress(catalogWithAlbIngress(props.services ?? [], nets?.loadBalancer ?? [props.vpcCidr]), nets?.loadBalancer ?? [props.vpcCidr]),
    });

    // A pod naming a PriorityClass nobody creates is rejected at admission: every class a service names must exist.
    const known = [...Object.values(priority), ...CLUSTER_PREREQUISITES.filter((p) => p.kind === 'PriorityClass').map((p) => p.name), ...(props.externalPriorityClasses ?? [])];
    const fieldOf = (name: string) => {
      const i = (props.services ?? []).findIndex((x) => x.name === name);
      return i >= 0 ? `services[${i}].priorityClassName` : `${name === 'api-gateway' ? 'apiGateway' : 'paymentService'}.priorityClassName`;
    };
    const unknownClasses = Object.values(this.services.specs).flatMap((spec) => (spec.priorityClassName !== undefined && !known.includes(spec.priorityClassName)
      ? [{ field: fieldOf(spec.name), value: spec.priorityClassName,
        message: `is no PriorityClass of the cluster (the chart creates ${Object.values(priority).join(', ')}; Kubernetes has system-cluster-critical, system-node-critical), so ${spec.name}'s pods would be rejected; use one of them, or create the class and list it in externalPriorityClasses` }] : []));
    if (unknownClasses.length > 0) throw new PlatformConfigError(unknownClasses, 'service catalog');
    const gateway = this.services.specs['api-gateway'];
    if (props.healthCheckPath !== undefined && gateway?.healthCheckPath !== undefined && gateway.healthCheckPath !== props.healthCheckPath) {
      throw new Error(`PaymentWorkloads: healthCheckPath is '${props.healthCheckPath}' (edge.healthCheckPath: the load balancer and Route 53 probe it) ` +
        `but the api-gateway spec declares healthCheckPath '${gateway.healthCheckPath}'; make them the same path, the one that answers 200 only when the region can serve payments.`);
    }
    // One ALB for the gateway and every routed catalog service: the same settings on each member.
    const albGroup = new AlbGroup({
      name: props.ingressGroupName, certificateArn: props.certificateArn, wafAclArn: props.wafAclArn,
      accessLogs: { bucket: props.loadBalancerLogsBucket, prefix: props.loadBalancerLogsPrefix },
    });
    new ApiIngress(this, 'Ingress', {
      group: albGroup,
      anchor: true,
      // An Ingress routes to Services of its own namespace: the gateway's.
      namespace: gateway?.namespace ?? ns.api,
      healthCheckPath: props.healthCheckPath ?? gateway?.healthCheckPath,
      service: this.services.services['api-gateway'].service,
      regionalHostname: props.hostnames.regional,
      globalHostname: props.hostnames.global,
    });

    // Catalog services with their own path on the public hostnames: one Ingress each, in the same ALB group, before the gateway's `/`.
    for (const spec of Object.values(this.services.specs).filter((s) => s.route !== undefined && s.name !== 'api-gateway')) {
      const route = spec.route!;
      new ApiIngress(this, `Route-${spec.name}`, {
        name: spec.name, namespace: spec.namespace, path: route.path, groupOrder: -100,
        service: this.services.services[spec.name].service, healthCheckPath: spec.readiness?.path ?? '/ready',
        deregistrationDelaySeconds: route.deregistrationDelaySeconds ?? 30, healthCheckTimeoutSeconds: route.healthCheckTimeoutSeconds,
        regionalHostname: props.hostnames.regional, globalHostname: props.hostnames.global, group: albGroup,
      });
    }

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
        namespace: ns.monitoring, prometheusNamespace: ns.prometheus, traceSenders: this.services.namespaces,
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
