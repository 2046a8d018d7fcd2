import {
  backupBucketName, DATABASE_USERS, databaseClusterIdentifier, platformNamespaces, platformPrefix, regionSecretName, repositoryName, secretName,
  secretsReaderWorkload, WORKLOAD_IDENTITIES, workloadRoleName,
} from '../lib/config/naming';
import { cachedImageReference, cachedRepository, imageReference } from '../lib/config/image-refs';
import type { ImageConfig, ResolvedImageConfig, ResolvedPlatformConfig } from '../lib/config/platform-config';
import { MONITORING_IMAGES } from './lib/observability/components';
import { cidrPrefix, defaultSubnetMasks, subnetCidrs } from '../lib/network/subnet-plan';
import type { PaymentWorkloadsProps } from './payment-workloads';

/**
 * Marker in every deploy-time placeholder. `cdk8s synth` has no AWS account, so the values only
 * CDK knows are written as readable placeholders containing this marker; the cluster stack passes
 * the real values (tokens) through `workloadsPropsFromConfig(config, region, deployTime)`, and a
 * test can assert that no applied manifest contains it.
 */
export const DEPLOY_TIME_MARKER = 'REPLACED-AT-DEPLOY';

/** The values only the CDK app knows. */
export interface DeployTimeValues {
  /** ACM certificate of the regional and global API hostnames. */
  readonly certificateArn: string;
  /** Regional WAFv2 web ACL of the ALB. */
  readonly wafAclArn: string;
  /** Primary endpoint address of the region's cache. */
  readonly cacheEndpoint: string;
  /**
   * Where writes go: the Aurora global writer endpoint (multi-region), or the region's cluster
   * endpoint (one region).
   */
  readonly databaseEndpoint: string;
  /** The region's own Aurora reader endpoint. */
  readonly databaseReaderEndpoint: string;
  /** ARN of the backups key (the dump upload names it; the bucket refuses any other). */
  readonly backupsKeyArn: string;
  /**
   * `host:9098,…` of the region's Kafka brokers (only with `config.streaming`).
   * @default - `REPLACED-AT-DEPLOY.kafka.<region>.amazonaws.com:9098`
   */
  readonly kafkaBootstrapServers?: string;
}

/** The brokers' TLS port for IAM-authenticated clients (Amazon MSK). */
export const KAFKA_IAM_PORT = 9098;

/**
 * Readable placeholders for `cdk8s synth`:
 * - `arn:aws:acm:<region>:<account>:certificate/REPLACED-AT-DEPLOY`
 * - `arn:aws:wafv2:<region>:<account>:regional/webacl/REPLACED-AT-DEPLOY/REPLACED-AT-DEPLOY`
 * - `REPLACED-AT-DEPLOY.cache.<region>.amazonaws.com`
 * - writer: `<global id>.global-REPLACED-AT-DEPLOY.global.rds.amazonaws.com` (several regions) or
 *   `<cluster id>.cluster-REPLACED-AT-DEPLOY.<region>.rds.amazonaws.com` (one region)
 * - reader: `<cluster id>.cluster-ro-REPLACED-AT-DEPLOY.<region>.rds.amazonaws.com`
 * - `arn:aws:kms:<region>:<account>:key/REPLACED-AT-DEPLOY`
 */
export function deployTimePlaceholders(config: Pick<ResolvedPlatformConfig, 'account' | 'name' | 'environment' | 'regions'>, region: string): DeployTimeValues {
  const cluster = databaseClusterIdentifier(config, region);
  return {
    certificateArn: `arn:aws:acm:${region}:${config.account}:certificate/${DEPLOY_TIME_MARKER}`,
    wafAclArn: `arn:aws:wafv2:${region}:${config.account}:regional/webacl/${DEPLOY_TIME_MARKER}/${DEPLOY_TIME_MARKER}`,
    cacheEndpoint: `${DEPLOY_TIME_MARKER}.cache.${region}.amazonaws.com`,
    databaseEndpoint: config.regions.length > 1
      ? `${config.name}-${config.environment}-global.global-${DEPLOY_TIME_MARKER}.global.rds.amazonaws.com`
      : `${cluster}.cluster-${DEPLOY_TIME_MARKER}.${region}.rds.amazonaws.com`,
    databaseReaderEndpoint: `${cluster}.cluster-ro-${DEPLOY_TIME_MARKER}.${region}.rds.amazonaws.com`,
    backupsKeyArn: `arn:aws:kms:${region}:${config.account}:key/${DEPLOY_TIME_MARKER}`,
  };
}

/** The chart id (and so the `dist/<id>.k8s.yaml` file name) of a region: `verypay-prod-us-east-1`. */
export function workloadsChartId(config: Pick<ResolvedPlatformConfig, 'name' | 'environment'>, region: string): string {
  return `${config.name}-${config.environment}-${region}`;
}

/** Options of `workloadsPropsFromConfig` beyond the configuration. */
export type WorkloadsPropsOverrides = Partial<DeployTimeValues> & Partial<Omit<PaymentWorkloadsProps, keyof DeployTimeValues>>;

function imageRef(image: ImageConfig | ResolvedImageConfig, fallbackRepository: string, account: string, region: string): string {
  // Third-party registries through the region's ECR pull-through cache (ImageCache).
  return imageReference(cachedRepository(image.repository ?? fallbackRepository, account, region), image.tag, image.digest);
}

/**
 * The chart props of one region, all derived deterministically from the configuration and
 * `lib/config/naming.ts` (namespaces, role ARNs, secret names, bucket, ECR image references,
 * hostnames) and `config.blockchain`, so the reviewed YAML and the applied objects name the same things. Deploy-time
 * values default to `deployTimePlaceholders`; the cluster stack passes the real ones in `overrides`
 * (any other prop can be overridden too).
 *
 * @throws if `region` is not one of the configuration's regions
 */
export function workloadsPropsFromConfig(config: ResolvedPlatformConfig, region: string, overrides: WorkloadsPropsOverrides = {}): PaymentWorkloadsProps {
  const regionConfig = config.regions.find((r) => r.region === region);
  if (!regionConfig) {
    throw new Error(`workloadsPropsFromConfig: region '${region}' is not in the configuration (regions: ${config.regions.map((r) => r.region).join(', ')}).`);
  }
  const ecr = (service: string) => `${config.account}.dkr.ecr.${region}.amazonaws.com/${repositoryName(config, service)}`;
  const roleArn = (workload: string) => `arn:aws:iam::${config.account}:role/${workloadRoleName(config, region, workload)}`;
  const { zoneName, apiLabel } = config.domain;
  const zones = regionConfig.availabilityZones.length;
  // The same allocation the region's VPC gets (PlatformNetwork with default masks).
  const subnets = subnetCidrs(regionConfig.cidr, zones, defaultSubnetMasks(cidrPrefix(regionConfig.cidr), zones));
  const { kafkaBootstrapServers, ...rest } = overrides;
  return {
    platformName: config.name,
    environment: config.environment,
    region,
    vpcCidr: regionConfig.cidr,
    networks: { loadBalancer: subnets.public, endpoints: subnets.private, data: subnets.database },
    namespaces: platformNamespaces(config),
    blockchain: config.blockchain,
    images: {
      apiGateway: imageRef(config.images.apiGateway, ecr('api-gateway'), config.account, region),
      paymentService: imageRef(config.images.paymentService, ecr('payment-service'), config.account, region),
      geth: imageRef(config.images.geth, config.images.geth.repository, config.account, region),
      lighthouse: imageRef(config.images.lighthouse, config.images.lighthouse.repository, config.account, region),
      postgresClient: imageRef(config.images.postgresClient, config.images.postgresClient.repository, config.account, region),
      awsCli: imageRef(config.images.awsCli, config.images.awsCli.repository, config.account, region),
    },
    monitoringImages: Object.fromEntries(Object.entries(MONITORING_IMAGES).map(([k, v]) => [k, cachedImageReference(v, config.account, region)])),
    identity: 'pod-identity',
    roleArns: {
      paymentService: roleArn(WORKLOAD_IDENTITIES.paymentService.workload),
      apiGateway: roleArn(WORKLOAD_IDENTITIES.apiGateway.workload),
      appSecretsReader: roleArn(secretsReaderWorkload(platformNamespaces(config).api)),
      monitoringSecretsReader: roleArn(secretsReaderWorkload(platformNamespaces(config).monitoring)),
      postgresBackup: roleArn(WORKLOAD_IDENTITIES.postgresBackup.workload),
    },
    secretNames: {
      cacheAuthToken: secretName(config, region, 'cache/auth-token'),
      jwtSigningKey: regionSecretName(config, region, 'app/jwt-signing-key'),
      webhookSecret: regionSecretName(config, region, 'app/webhook-secret'),
      // The blockchain secrets exist only when the platform runs the blockchain (AppSecrets).
      ...(config.blockchain ? {
        blockchainProviderUrl: secretName(config, region, 'blockchain/provider-url'),
        blockchainSignerKey: regionSecretName(config, region, 'blockchain/signer-key'),
      } : {}),
    },
    backupBucketName: backupBucketName(config, region),
    databaseName: config.database.databaseName,
    databaseUsers: { apiGateway: DATABASE_USERS.apiGateway, paymentService: DATABASE_USERS.paymentService, backup: DATABASE_USERS.backup },
    databaseClusterIdentifier: databaseClusterIdentifier(config, region),
    databaseMaxConnections: config.database.maxConnections,
    slo: config.alarms.slo,
    hostnames: { regional: `${apiLabel}-${region}.${zoneName}`, global: `${apiLabel}.${zoneName}` },
    ingressGroupName: platformPrefix(config),
    healthCheckPath: config.edge.healthCheckPath,
    ...deployTimePlaceholders(config, region),
    streaming: config.streaming ? {
      bootstrapServers: kafkaBootstrapServers ?? `${DEPLOY_TIME_MARKER}.kafka.${region}.amazonaws.com:${KAFKA_IAM_PORT}`,
      port: KAFKA_IAM_PORT,
      // The brokers' ENIs are in the VPC's data subnets, like the database and the cache.
      peers: [{ cidr: regionConfig.cidr }],
    } : undefined,
    ...rest,
  };
}
