import type { PaymentWorkloadsProps } from '../../charts/payment-workloads';
import { DEPLOY_TIME_MARKER, deployTimePlaceholders, KAFKA_IAM_PORT, KAFKA_TLS_PORT, type DeployTimeValues } from '../../charts/deploy-time';
import type { ImageConfig, ResolvedImageConfig, ResolvedPlatformConfig } from '../config/platform-config';
import { apiHostnames } from '../core/hostnames';
import {
  backupBucketName, DATABASE_USERS, secretNamePrefix, databaseClusterIdentifier, platformNamespaces, platformPrefix, regionSecretName, repositoryName, secretName,
  signerKeyAlias,
  secretsReaderWorkload, WORKLOAD_IDENTITIES, workloadRoleName,
} from '../core/naming';
import { cachedImageReference, cachedRepository, imageReference } from '../core/image-refs';
import { MONITORING_IMAGES } from '../../charts/lib/observability/components';
import { cidrPrefix, defaultSubnetMasks, subnetCidrs } from '../network/subnet-plan';

/**
 * The adapter from the platform configuration to the workload chart's props: the only place that
 * knows both (the chart takes plain values and imports nothing of the configuration).
 */

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
  const zones = regionConfig.availabilityZones.length;
  // The same allocation the region's VPC gets (PlatformNetwork with default masks).
  const subnets = subnetCidrs(regionConfig.cidr, zones, defaultSubnetMasks(cidrPrefix(regionConfig.cidr), zones));
  const { kafkaBootstrapServers, kafkaTlsBootstrapServers, ...rest } = overrides;
  const kafkaCa = config.streaming?.tlsClientAuthentication?.certificateAuthorityArns[region];
  return {
    platformName: config.name,
    environment: config.environment,
    region,
    vpcCidr: regionConfig.cidr,
    networks: { loadBalancer: subnets.public, endpoints: subnets.private, data: subnets.database },
    namespaces: platformNamespaces(config),
    blockchain: config.blockchain,
    contractArtifacts: config.contractArtifacts,
    blockchainStorage: { gethStorageGiB: config.workloads.gethStorageGiB, lighthouseStorageGiB: config.workloads.lighthouseStorageGiB },
    backupSchedule: { schedule: config.workloads.backupSchedule, timeZone: config.workloads.backupTimeZone },
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
      ...(config.blockchain ? { blockchainProviderUrl: secretName(config, region, 'blockchain/provider-url') } : {}),
      // A private key in a secret only with the opt-in signer; by default the key never leaves KMS.
      ...(config.blockchain && config.blockchainSigner === 'private-key' ? { blockchainSignerKey: regionSecretName(config, region, 'blockchain/signer-key') } : {}),
    },
    iamRoleArnPrefix: roleArn(''),
    secretNamePrefix: secretNamePrefix(config, region),
    signer: config.blockchainSigner === 'private-key' ? { privateKeyFile: true } : { kmsKeyId: signerKeyAlias(config) },
    backupBucketName: backupBucketName(config, region),
    databaseName: config.database.databaseName,
    databaseUsers: { apiGateway: DATABASE_USERS.apiGateway, paymentService: DATABASE_USERS.paymentService, backup: DATABASE_USERS.backup },
    databaseClusterIdentifier: databaseClusterIdentifier(config, region),
    globalDatabase: config.regions.length > 1,
    databaseMaxConnections: config.database.maxConnections,
    slo: config.alarms.slo,
    hostnames: apiHostnames(config, region),
    ingressGroupName: platformPrefix(config),
    healthCheckPath: config.edge.healthCheckPath,
    ...deployTimePlaceholders(config, region),
    streaming: config.streaming ? {
      bootstrapServers: kafkaBootstrapServers ?? `${DEPLOY_TIME_MARKER}.kafka.${region}.amazonaws.com:${KAFKA_IAM_PORT}`,
      port: KAFKA_IAM_PORT,
      // The brokers' ENIs are in the VPC's data subnets, like the database and the cache.
      peers: [{ cidr: regionConfig.cidr }],
      tls: kafkaCa ? {
        bootstrapServers: kafkaTlsBootstrapServers ?? `${DEPLOY_TIME_MARKER}.kafka.${region}.amazonaws.com:${KAFKA_TLS_PORT}`,
        port: KAFKA_TLS_PORT,
        certificateAuthorityArn: kafkaCa,
        // The acm-pca interface endpoint sits in the application subnets, like the others.
        apiPeers: subnets.private.map((cidr) => ({ cidr })),
      } : undefined,
    } : undefined,
    ...rest,
  };
}
