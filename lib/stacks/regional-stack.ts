import { CfnOutput } from 'aws-cdk-lib';
import type * as route53 from 'aws-cdk-lib/aws-route53';
import { App as Cdk8sApp } from 'cdk8s';
import type { Construct } from 'constructs';
import { PaymentWorkloads } from '../../charts/payment-workloads';
import { workloadsChartId, workloadsPropsFromConfig } from '../../charts/workloads-props';
import { PaymentCluster } from '../cluster/payment-cluster';
import { WorkloadIdentities } from '../cluster/workload-identities';
import { regionalPrefix, regionalStackName } from '../config/naming';
import type { ResolvedRegionConfig } from '../config/platform-config';
import { AppSecrets } from '../data/app-secrets';
import { BackupBucket } from '../data/backup-bucket';
import type { BackupReplicationTarget } from '../global/replication';
import { PaymentCache } from '../data/cache';
import { PaymentDatabase } from '../data/database';
import { paymentCacheSettings, paymentDatabaseSettings } from '../data/database-config';
import { ContainerRegistry } from '../data/registry';
import { ApiEdge } from '../edge/api-edge';
import { platformHostedZone } from '../global/hosted-zone';
import { PlatformNetwork } from '../network/platform-network';
import { PlatformAlarms } from '../observability/platform-alarms';
import { PlatformKeys } from '../security/platform-keys';
import { PlatformStack, PlatformStackProps } from './platform-stack';

/** Props of one region's stack. */
export interface RegionalStackProps extends PlatformStackProps {
  /** The region this stack deploys. */
  readonly region: ResolvedRegionConfig;
  /**
   * The platform hosted zone made by the global stack, used when `domain.hostedZoneId` is not
   * configured (read across regions with `Fn::GetStackOutput`).
   * @default - imported from `domain.hostedZoneId`
   */
  readonly globalHostedZone?: route53.IHostedZone;
  /**
   * Where the backups bucket replicates to (the primary region replicates to the failover region).
   * @default - no replication
   */
  readonly backupReplication?: BackupReplicationTarget;
  /**
   * Apply the workload charts to the cluster through the kubectl provider.
   * @default true
   */
  readonly applyWorkloads?: boolean;
  /**
   * The date the Kubernetes version guard compares support windows with.
   * @default - today
   */
  readonly today?: Date;
}

/**
 * Everything one region needs, deployable on its own: `cdk deploy PaymentPlatform-<region>`.
 * Keys → network → data tier, edge and cluster; the data tier and the cluster share nothing but the
 * network and keys, so CloudFormation creates them in parallel. The workload charts are applied
 * with the deploy-time values (certificate, web ACL, cache endpoint) filled in.
 */
export class RegionalStack extends PlatformStack {
  public readonly regionConfig: ResolvedRegionConfig;
  public readonly keys: PlatformKeys;
  public readonly network: PlatformNetwork;
  public readonly database: PaymentDatabase;
  public readonly cache: PaymentCache;
  public readonly backups: BackupBucket;
  public readonly registry: ContainerRegistry;
  public readonly appSecrets: AppSecrets;
  public readonly alarms: PlatformAlarms;
  public readonly edge: ApiEdge;
  public readonly cluster: PaymentCluster;
  public readonly identities: WorkloadIdentities;
  /** The workloads chart applied to the cluster (absent with `applyWorkloads: false`). */
  public readonly workloads?: PaymentWorkloads;

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

    this.keys = new PlatformKeys(this, 'Keys', { config });
    this.network = new PlatformNetwork(this, 'Network', { config, region: props.region, logsKey: this.keys.logs });
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

    this.backups = new BackupBucket(this, 'Backups', {
      config,
      region,
      key: this.keys.backups,
      replicateTo: props.backupReplication,
    });
    this.registry = new ContainerRegistry(this, 'Registry', { config, key: this.keys.data });
    this.appSecrets = new AppSecrets(this, 'AppSecrets', { config, region, key: this.keys.secrets });

    this.alarms = new PlatformAlarms(this, 'Alarms', {
      key: this.keys.secrets,
      email: config.alarms.email,
      topicName: `${regionalPrefix(config, region)}-alarms`,
    });
    this.alarms.monitorDatabase(this.database);
    this.alarms.monitorCache(this.cache);

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
      today: props.today,
    });
    this.identities = new WorkloadIdentities(this, 'WorkloadIdentities', {
      cluster: this.cluster.cluster,
      config,
      region,
      secretsKey: this.keys.secrets,
      backupBucket: this.backups.bucket,
      backupsKey: this.keys.backups,
    });
    this.database.allowConnectionsFrom(this.cluster, 'PostgreSQL from the EKS cluster');
    this.cache.allowConnectionsFrom(this.cluster, 'Cache from the EKS cluster');

    if (props.applyWorkloads ?? true) {
      this.workloads = new PaymentWorkloads(new Cdk8sApp(), workloadsChartId(config, region), workloadsPropsFromConfig(config, region, {
        certificateArn: this.edge.certificateArn,
        wafAclArn: this.edge.webAclArn,
        cacheEndpoint: this.cache.primaryEndpoint.address,
      }));
      this.cluster.applyWorkloads(this.workloads);
    }

    new CfnOutput(this, 'ClusterName', { value: this.cluster.clusterName });
    new CfnOutput(this, 'DatabaseClusterIdentifier', { value: this.database.clusterIdentifier });
    new CfnOutput(this, 'BackupBucketName', { value: this.backups.bucket.bucketName });
  }

  /** The configured zones: synth never performs an availability-zone context lookup. */
  public get availabilityZones(): string[] {
    return this.regionConfig.availabilityZones;
  }
}
