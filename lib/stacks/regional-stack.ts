import { Annotations, CfnOutput, Lazy, Tags } from 'aws-cdk-lib';
import { capacityWarnings, serviceDemand } from './capacity-warnings';
import { manifestDemands } from './manifest-demands';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { App as Cdk8sApp } from 'cdk8s';
import type { Construct } from 'constructs';
import { PaymentWorkloads } from '../../charts/payment-workloads';
import { workloadsChartId } from '../../charts/deploy-time';
import { workloadsPropsFromConfig, type WorkloadsPropsOverrides } from './workloads-props';
import { PaymentCluster } from '../cluster/payment-cluster';
import { ObservabilityIdentities } from '../cluster/observability-identities';
import { RegionSwitchAccess } from '../cluster/region-switch-access';
import { checkWorkloadPlacement } from '../cluster/placement';
import { WorkloadIdentities } from '../cluster/workload-identities';
import { CatalogIdentities } from '../cluster/catalog-identities';
import { catalogAccess, mergeDatabaseUsers } from './catalog-access';
import {
  backupBucketName, backupVaultName, platformPrefix, regionalPrefix, regionalStackName, secretName, secretNamePrefix, WORKLOAD_IDENTITIES, workloadRoleName,
} from '../config/naming';
import type { ResolvedRegionConfig } from '../config/platform-config';
import { AppSecrets } from '../data/app-secrets';
import type { BackupBucket } from '../data/backup-bucket';
import { PaymentCache } from '../data/cache';
import { PaymentDatabase } from '../data/database';
import { acknowledgeClusterBackup, DatabaseBackupPlan, type BackupCopyTarget } from '../data/backup-plan';
import { KeyDestructionAlarm } from '../security/key-destruction-alarm';
import { shareKeyWithBackupAccount } from '../data/backup-account-vault';
import { DatabaseUsers } from '../data/database-users';
import { platformDatabaseUsers } from '../data/platform-database-users';
import { appSecretsReplication, paymentCacheSettings, paymentDatabaseSettings } from '../data/database-config';
import { ContainerRegistry } from '../data/registry';
import { ApiEdge } from '../edge/api-edge';
import { platformHostedZone } from '../global/hosted-zone';
import { PlatformNetwork } from '../network/platform-network';
import { PlatformAlarms } from '../observability/platform-alarms';
import { RegionalObservability } from '../observability/regional-observability';
import { PlatformKeys, type IPlatformKeys } from '../security/platform-keys';
import { BlockchainSignerKey } from '../security/signer-key';
import { PlatformStreaming } from '../streaming/platform-streaming';
import { StreamingIdentities } from '../streaming/streaming-identities';
import { streamingClients } from '../../charts/lib/streaming';
import { releaseDeletionProtectionOnDelete } from './ingress-teardown';
import { PlatformStack, PlatformStackProps } from './platform-stack';
import { regionThresholds } from './platform-context';
import type { RegionalBaseStack } from './regional-base-stack';

/** Props of one region's stack. */
export interface RegionalStackProps extends PlatformStackProps {
  /** The region this stack deploys. */
  readonly region: ResolvedRegionConfig;
  /** The region's base stack: its secrets and backups keys and its backups bucket. */
  readonly base: RegionalBaseStack;
  /**
   * The platform hosted zone made by the global stack, used when `domain.hostedZoneId` is not
   * configured (read across regions with `Fn::GetStackOutput`).
   * @default - imported from `domain.hostedZoneId`
   */
  readonly globalHostedZone?: route53.IHostedZone;
  /**
   * Where the region's workloads write: the Aurora global writer endpoint
   * (`PlatformGlobalDatabase.writerEndpoint`) of a multi-region platform.
   * @default - the region's own cluster endpoint (a single-region platform)
   */
  readonly databaseEndpoint?: string;
  /**
   * Apply the workload charts to the cluster through the kubectl provider.
   * @default true
   */
  readonly applyWorkloads?: boolean;
  /**
   * Changes to the workload chart (services, HPA ranges, ...); deploy-time values are always the
   * stack's own.
   * @default - the chart as derived from the configuration
   */
  readonly workloads?: WorkloadsPropsOverrides;
  /**
   * The date the Kubernetes version guard compares support windows with.
   * @default - today
   */
  readonly today?: Date;
  /**
   * Vaults of the platform account the region's daily Aurora recovery points are copied to (another
   * region's), with `securityBaseline.mode: 'account'`; `securityBaseline.backupAccount` adds the
   * backup account's vault of this region (a plan of its own).
   * @default - no copies
   */
  readonly backupCopyTargets?: readonly BackupCopyTarget[];
}

/**
 * Everything one region needs, deployable on its own: `cdk deploy PaymentPlatform-<region>`.
 * Keys → network → data tier, edge and cluster; the data tier and the cluster share nothing but the
 * network and keys, so CloudFormation creates them in parallel. The workload charts are applied
 * with the deploy-time values (certificate, web ACL, cache endpoint) filled in.
 */
export class RegionalStack extends PlatformStack {
  public readonly regionConfig: ResolvedRegionConfig;
  /** All five keys of the region: data, logs and cluster from this stack, secrets and backups from the base stack. */
  public readonly keys: IPlatformKeys;
  public readonly network: PlatformNetwork;
  public readonly database: PaymentDatabase;
  public readonly cache: PaymentCache;
  public readonly backups: BackupBucket;
  public readonly registry: ContainerRegistry;
  public readonly appSecrets: AppSecrets;
  public readonly alarms: PlatformAlarms;
  /** The region's CloudWatch dashboard and the node, load balancer and WAF alarms. */
  public readonly observability: RegionalObservability;
  public readonly edge: ApiEdge;
  public readonly cluster: PaymentCluster;
  public readonly identities: WorkloadIdentities;
  /** The per-service database logins (absent in a global secondary region, which inherits them). */
  public readonly databaseUsers?: DatabaseUsers;
  /** payment-service's secp256k1 signing key (with `blockchainSigner: 'kms'`, the default, and the blockchain on). */
  public readonly signerKey?: BlockchainSignerKey;
  /** Roles of the CloudWatch exporter and the OpenTelemetry Collector. */
  public readonly observabilityIdentities: ObservabilityIdentities;
  /** The workloads chart applied to the cluster (absent with `applyWorkloads: false`). */
  public readonly workloads?: PaymentWorkloads;
  /** The objects of the region's workloads chart, synthesized once (also with `applyWorkloads: false`). */
  public readonly workloadManifests: readonly unknown[];
  /** The region's Kafka cluster (only with `config.streaming`). */
  public readonly streaming?: PlatformStreaming;
  /** Roles and secret readers of the catalog services' declared dependencies (only when some service declares one). */
  public readonly catalogIdentities?: CatalogIdentities;
  /** Kafka permissions of the services that declare streaming (only with `config.streaming`). */
  public readonly streamingIdentities?: StreamingIdentities;

  constructor(scope: Construct, id: string, props: RegionalStackProps) {
    super(scope, id, {
      stackName: regionalStackName(props.region.region),
      description: `${props.config.name} ${props.config.environment} payment platform, ${props.region.region} (${props.region.role})`,
      ...props,
      env: { account: props.config.account, region: props.region.region },
    });
    this.regionConfig = props.region;
    const { config } = props;
    const region = props.region.region;

    const own = new PlatformKeys(this, 'Keys', { config, purposes: ['data', 'logs', 'cluster'], breakGlassRoleName: config.securityBaseline.breakGlassRoleName });
    const shared = props.base.keys;
    this.keys = {
      data: own.data, logs: own.logs, cluster: own.cluster, secrets: shared.secrets, backups: shared.backups,
      key: (purpose) => (purpose === 'secrets' || purpose === 'backups' ? shared.key(purpose) : own.key(purpose)),
    };
    this.network = new PlatformNetwork(this, 'Network', {
      config, region: props.region, logsKey: this.keys.logs, privateCaEndpoint: config.streaming?.tlsClientAuthentication !== undefined,
    });
    const vpc = this.network.vpc;

    this.database = new PaymentDatabase(this, 'Database', {
      ...paymentDatabaseSettings(this, config, region),
      vpc,
      subnets: this.network.dataSubnets,
      rotationSubnets: this.network.appSubnets,
      key: this.keys.data,
      secretsKey: this.keys.secrets,
      logsKey: this.keys.logs,
    });
    this.cache = new PaymentCache(this, 'Cache', {
      ...paymentCacheSettings(config, region),
      vpc,
      subnets: this.network.dataSubnets,
      key: this.keys.data,
      secretsKey: this.keys.secrets,
      logsKey: this.keys.logs,
    });

    this.backups = props.base.backups;
    this.registry = new ContainerRegistry(this, 'Registry', {
      config, key: this.keys.data, services: config.repositories,
      deployedTags: [config.images.apiGateway.tag, config.images.paymentService.tag],
    });
    this.appSecrets = new AppSecrets(this, 'AppSecrets', {
      config, region, key: this.keys.secrets, blockchain: config.blockchain, ...appSecretsReplication(this, config, region),
      signerPrivateKey: config.blockchain && config.blockchainSigner === 'private-key',
    });

    this.alarms = new PlatformAlarms(this, 'Alarms', {
      // The topic has its own key (a data-key incident must not silence the alarms).
      email: config.alarms.email,
      topicName: `${regionalPrefix(config, region)}-alarms`,
    });
    // Thresholds: the region's own over the platform's; what neither sets takes the alarm's default.
    const thresholds = regionThresholds(config.alarms.thresholds, props.region.alarmThresholds);
    this.alarms.monitorDatabase(this.database, thresholds.database);
    new KeyDestructionAlarm(this, 'KeyDestructionAlarm', { topic: this.alarms.topic, topicKey: this.alarms.key });
    this.protectDatabaseBackups(props.backupCopyTargets);
    this.alarms.monitorCache(this.cache, thresholds.cache);

    if (config.streaming) {
      this.streaming = new PlatformStreaming(this, 'Streaming', {
        config, streaming: config.streaming, region: props.region, vpc,
        brokerSubnets: this.network.dataSubnets, lookupSubnets: this.network.appSubnets,
        dataKey: this.keys.data, logsKey: this.keys.logs, secretsKey: this.keys.secrets,
        logRetentionDays: config.retention.logRetentionDays, today: props.today,
      });
      this.alarms.monitorKafka(this.streaming.kafka, thresholds.kafka);
    }

    const hostedZone = platformHostedZone(this, 'HostedZone', config, { globalZone: props.globalHostedZone });
    this.edge = new ApiEdge(this, 'Edge', { config, hostedZone, logsKey: this.keys.logs });

    this.cluster = new PaymentCluster(this, 'Cluster', {
      config,
      region,
      vpc,
      subnets: this.network.appSubnets,
      clusterKey: this.keys.cluster,
      logsKey: this.keys.logs,
      secretsKey: this.keys.secrets,
      // ExternalDNS may change records in the platform zone only (also when the global stack made it).
      hostedZoneId: hostedZone.hostedZoneId,
      alerting: { topic: this.alarms.topic, topicKey: this.alarms.key },
      // The brokers are looked up once the cluster (whose security group the lookup runs in) exists.
      additionalScrapeConfigs: this.streaming
        ? Lazy.any({ produce: () => this.streaming!.brokers.scrapeConfigs() }) as unknown as Record<string, unknown>[]
        : undefined,
      today: props.today,
    });
    // Like the kubectl provider, the lookup runs with the EKS cluster security group (egress through the NAT gateways).
    this.streaming?.discoverBrokers(ec2.SecurityGroup.fromSecurityGroupId(this, 'ClusterSecurityGroup', this.cluster.cluster.clusterSecurityGroupId));
    // The chart is built even when it is not applied: its service specs say who uses streaming.
    const workloads = new PaymentWorkloads(new Cdk8sApp(), workloadsChartId(config, region), workloadsPropsFromConfig(config, region, {
      ...props.workloads,
      certificateArn: this.edge.certificateArn,
      wafAclArn: this.edge.webAclArn,
      loadBalancerLogsBucket: this.edge.loadBalancerLogs.bucket.bucketName,
      loadBalancerLogsPrefix: this.edge.loadBalancerLogs.prefix,
      cacheEndpoint: this.cache.primaryEndpoint.address,
      databaseEndpoint: props.databaseEndpoint ?? this.database.endpointHostname,
      databaseReaderEndpoint: this.database.readerEndpointHostname,
      kafkaBootstrapServers: this.streaming?.bootstrapServers,
      kafkaTlsBootstrapServers: this.streaming?.tlsBootstrapServers,
      backupsKeyArn: this.keys.backups.keyArn,
      networks: {
        loadBalancer: vpc.selectSubnets(this.network.publicSubnets).subnets.map((s) => s.ipv4CidrBlock),
        endpoints: vpc.selectSubnets(this.network.appSubnets).subnets.map((s) => s.ipv4CidrBlock),
        data: vpc.selectSubnets(this.network.dataSubnets).subnets.map((s) => s.ipv4CidrBlock),
      },
    }));
    this.workloadManifests = workloads.toJson();
    // Plausibility: pods that cannot fit a node of their pool (acknowledgeable, ids from PLATFORM_WARNINGS).
    const catalogSpecs = Object.values(workloads.services.specs);
    const demands = [
      ...catalogSpecs.map(serviceDemand),
      // Everything else the chart runs (geth and Lighthouse, exporters, jobs' pods), from its manifests.
      ...manifestDemands(this.workloadManifests, new Set(catalogSpecs.map((s) => s.name))),
    ];
    for (const w of capacityWarnings(config.cluster.nodeGroups, demands)) {
      Annotations.of(this).addWarningV2(w.id, `${w.field}: ${w.message}`);
    }
    this.identities = new WorkloadIdentities(this, 'WorkloadIdentities', {
      cluster: this.cluster.cluster,
      oidcProvider: this.cluster.oidcProvider,
      config,
      region,
      secretsKey: this.keys.secrets,
      // By its deterministic name: the policy stays readable and carries no cross-stack token.
      backupBucket: s3.Bucket.fromBucketName(this, 'BackupsBucket', backupBucketName(config, region)),
      backupsKey: this.keys.backups,
      blockchain: config.blockchain,
      signerPrivateKey: config.blockchainSigner === 'private-key',
      // With a global database the writer endpoint can take clients to any region's cluster.
      databaseRegions: config.regions.length > 1 ? config.regions.map((r) => r.region) : [region],
      // A catalog's own payment-service or api-gateway may live in another namespace: the association follows it.
      serviceNamespaces: { paymentService: workloads.services.specs['payment-service']?.namespace, apiGateway: workloads.services.specs['api-gateway']?.namespace },
      // A catalog without them: no association for a ServiceAccount nobody creates.
      absentServices: (['paymentService', 'apiGateway'] as const).filter((s) => workloads.services.specs[s === 'paymentService' ? 'payment-service' : 'api-gateway'] === undefined),
    });
    if (config.blockchain && config.blockchainSigner === 'kms') {
      // One multi-Region key: the primary region's, replicated into the others (same address everywhere).
      this.signerKey = new BlockchainSignerKey(this, 'BlockchainSignerKey', {
        config,
        signerRoleName: workloadRoleName(config, region, WORKLOAD_IDENTITIES.paymentService.workload),
        primaryRegion: config.regions.find((r) => r.role === 'primary')!.region,
        logsKey: this.keys.logs,
        breakGlassRoleName: config.securityBaseline.breakGlassRoleName,
      });
      this.signerKey.grantSign(this.identities.paymentService.role);
    }
    this.observability = new RegionalObservability(this, 'Observability', {
      alarms: this.alarms,
      region,
      clusterName: this.cluster.clusterName,
      database: this.database,
      cacheNodeIds: this.cache.memberClusterIds,
      webAclName: this.edge.webAcl.webAcl.name!,
      dashboardName: `${regionalPrefix(config, region)}-platform`,
      thresholds: thresholds.edge,
    });
    this.observabilityIdentities = new ObservabilityIdentities(this, 'ObservabilityIdentities', { cluster: this.cluster.cluster, config, region });
    this.database.allowConnectionsFrom(this.cluster, 'PostgreSQL from the EKS cluster');
    this.cache.allowConnectionsFrom(this.cluster, 'Cache from the EKS cluster');

    // What the catalog's services declared they use: their logins, roles and secret readers.
    const access = catalogAccess(Object.values(workloads.services.specs), secretNamePrefix(config, region));
    if (access.services.length > 0) {
      this.catalogIdentities = new CatalogIdentities(this, 'CatalogIdentities', {
        cluster: this.cluster.cluster, oidcProvider: this.cluster.oidcProvider, config, region, secretsKey: this.keys.secrets,
        services: access.services, appNamespace: { name: workloads.props.namespaces.api, reader: this.identities.appSecretsReader },
        cacheAuthTokenSecretName: secretName(config, region, 'cache/auth-token'),
        databaseRegions: config.regions.length > 1 ? config.regions.map((r) => r.region) : [region],
        existingRoles: { 'payment-service': this.identities.paymentService.role, 'api-gateway': this.identities.apiGateway.role },
      });
    }
    if (this.database.globalRole !== 'secondary') {
      // Per-service logins, made through the Data API from outside the cluster; a global
      // secondary inherits them from the primary through storage replication.
      this.databaseUsers = new DatabaseUsers(this, 'DatabaseUsers', {
        database: this.database, databaseName: config.database.databaseName, users: mergeDatabaseUsers(platformDatabaseUsers(), access.databaseUsers), logsKey: this.keys.logs,
      });
    }
    if (props.applyWorkloads ?? true) {
      // A selector or toleration that matches no pool would leave pods Pending with a green synth.
      checkWorkloadPlacement(this.workloadManifests, config.cluster.nodeGroups);
      this.workloads = workloads;
      const manifest = this.cluster.applyWorkloads(this.workloads);
      // ELB checks that it may write to the bucket when access logs are enabled: the policy comes first.
      manifest.node.addDependency(this.edge.loadBalancerLogs.bucket.policy!);
      releaseDeletionProtectionOnDelete(this.cluster.cluster, manifest, this.workloadManifests);
    }
    if (this.streaming && config.streaming) {
      // Pods reach the brokers from the cluster security group; NetworkPolicies admit only declared services.
      this.streaming.allowClients(this.cluster, 'EKS cluster pods', config.streaming.scram);
      this.streamingIdentities = new StreamingIdentities(this, 'StreamingIdentities', {
        cluster: this.cluster.cluster,
        kafka: this.streaming.kafka,
        config,
        region,
        namespace: workloads.props.namespaces.api,
        clients: streamingClients(Object.values(workloads.services.specs)).map((c) => ({ name: c.service.name, use: c.use, namespace: c.service.namespace })),
        topics: config.streaming.topics.map((t) => t.name),
        existingRoles: { ...this.catalogIdentities?.roles, 'payment-service': this.identities.paymentService.role },
        certificateAuthorityArn: config.streaming.tlsClientAuthentication?.certificateAuthorityArns[region],
      });
    }

    new CfnOutput(this, 'ClusterName', { value: this.cluster.clusterName });
    new CfnOutput(this, 'DatabaseClusterIdentifier', { value: this.database.clusterIdentifier });
    new CfnOutput(this, 'BackupBucketName', { value: backupBucketName(config, region) });
  }

  /**
   * `account` mode: a daily AWS Backup plan into the region's locked vault, copied to the other
   * vaults. `organization` mode: the cluster carries the tag the organization backup policy selects.
   */
  private protectDatabaseBackups(copyTo: readonly BackupCopyTarget[] = []): void {
    const { config } = this;
    const region = this.regionConfig.region;
    if (config.securityBaseline.mode === 'account') {
      const backupAccount = config.securityBaseline.backupAccount;
      // The backup account's vault of this region (Aurora copies change account or region, not both).
      if (backupAccount) shareKeyWithBackupAccount(this.keys.data, backupAccount.accountId);
      new DatabaseBackupPlan(this, 'DatabaseBackup', {
        planName: `${regionalPrefix(config, region)}-aurora`,
        vaultName: backupVaultName(config, region),
        database: this.database.cluster,
        retentionDays: config.securityBaseline.backupRetentionDays,
        copyTo,
        accountCopyTo: backupAccount && { vaultArn: `arn:${this.partition}:backup:${region}:${backupAccount.accountId}:backup-vault:${backupAccount.vaultName}` },
      });
      return;
    }
    const tag = platformPrefix(config);
    Tags.of(this.database.cluster).add('backup-plan', tag);
    acknowledgeClusterBackup(this.database.cluster, `NIST CP-9 / PCI DSS 12.10.1: securityBaseline.mode is organization; the cluster carries ` +
      `backup-plan=${tag}, which the organization backup policy selects (README "Security baseline", docs/runbooks/backup-replication.md).`);
  }

  /**
   * Lets the Region switch execution role (by ARN) scale the Deployments in `namespaces`: an EKS
   * access entry with the namespaced `AmazonARCRegionSwitchScalingPolicy`.
   */
  public allowRegionSwitch(roleArn: string, namespaces: readonly string[]): RegionSwitchAccess {
    return new RegionSwitchAccess(this, 'RegionSwitchAccess', { cluster: this.cluster.cluster, roleArn, namespaces });
  }

  /** The configured zones: synth never performs an availability-zone context lookup. */
  public get availabilityZones(): string[] {
    return this.regionConfig.availabilityZones;
  }
}
