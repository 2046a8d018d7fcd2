/**
 * Deterministic names shared by the CDK stacks and the cdk8s charts, so that the YAML a reviewer
 * reads (`cdk8s synth`) and the objects the cluster stack applies name the same IAM roles,
 * secrets, buckets and namespaces. Changing any of these replaces the named resource.
 */

/** What names depend on: the platform's name, environment and account (a platform configuration has all three). */
export interface NamingConfig {
  /** Platform name (`verypay`). */
  readonly name: string;
  /** Environment (`prod`). */
  readonly environment: string;
  /** 12-digit AWS account id. */
  readonly account: string;
}

/** The regions of a platform, as names see them: which one is the primary. */
export interface RegionRoles {
  readonly regions: readonly { readonly region: string; readonly role: 'primary' | 'secondary' }[];
}

/** `us-east-1` → `use1`, `ap-southeast-1` → `apse1`, `eu-central-2` → `euc2`. */
export function regionShortCode(region: string): string {
  const m = /^([a-z]{2})-([a-z]+)-(\d+)$/.exec(region);
  if (!m) throw new Error(`regionShortCode: '${region}' is not an AWS region code like 'us-east-1'.`);
  const direction = m[2]
    .replace('northeast', 'ne').replace('northwest', 'nw').replace('southeast', 'se').replace('southwest', 'sw')
    .replace('north', 'n').replace('south', 's').replace('east', 'e').replace('west', 'w').replace('central', 'c');
  return `${m[1]}${direction}${m[3]}`;
}

/** The CloudFormation stack name of a region: `PaymentPlatform-us-east-1`. */
export function regionalStackName(region: string): string {
  return `PaymentPlatform-${region}`;
}

/** The stack of a region's keys and backups bucket, deployed before any region's main stack. */
export function regionalBaseStackName(region: string): string {
  return `PaymentPlatform-${region}-base`;
}

/** The CloudFormation stack name of the global layer. */
export const GLOBAL_STACK_NAME = 'PaymentPlatform-global';

/** The stack of the ECR replication rule, deployed after every regional stack. */
export const REGISTRY_REPLICATION_STACK_NAME = 'PaymentPlatform-registry-replication';

/** The us-east-1 stack of the Route 53 health-check alarms when the global stack is in another region. */
export const HEALTH_ALARMS_STACK_NAME = 'PaymentPlatform-health-alarms';

/** `verypay-prod` */
export function platformPrefix(cfg: NamingConfig): string {
  return `${cfg.name}-${cfg.environment}`;
}

/** `verypay-prod-use1`: prefix of regional resource names (EKS cluster, IAM roles). */
export function regionalPrefix(cfg: NamingConfig, region: string): string {
  return `${platformPrefix(cfg)}-${regionShortCode(region)}`;
}

/** EKS cluster name of a region. */
export function clusterName(cfg: NamingConfig, region: string): string {
  return regionalPrefix(cfg, region);
}

/** IAM role name of a workload or add-on in a region (≤ 64 characters for valid configurations). */
export function workloadRoleName(cfg: NamingConfig, region: string, workload: string): string {
  return `${regionalPrefix(cfg, region)}-${workload}`;
}

/**
 * Name of the ARC Region switch plan that pairs the primary with `secondary` (a plan holds exactly
 * two regions): `verypay-prod-euw1`. At most 32 characters.
 */
export function regionSwitchPlanName(cfg: NamingConfig, secondary: string): string {
  return regionalPrefix(cfg, secondary);
}

/** IAM role the Region switch plans run as; each cluster gives it an EKS access entry. */
export function regionSwitchExecutionRoleName(cfg: NamingConfig): string {
  return `${platformPrefix(cfg)}-region-switch`;
}

/** IAM role an operator assumes to approve a Region switch execution. */
export function regionSwitchApprovalRoleName(cfg: NamingConfig): string {
  return `${platformPrefix(cfg)}-region-switch-approver`;
}

/** Key prefix of the Region switch execution reports in a backups bucket. */
export const REGION_SWITCH_REPORT_PREFIX = 'region-switch-reports/';

/** Globally unique backups bucket name of a region. */
export function backupBucketName(cfg: NamingConfig, region: string): string {
  return `${regionalPrefix(cfg, region)}-backups-${cfg.account}`;
}

/** The region's load-balancer access-log bucket: `verypay-prod-use1-alb-logs-123456789012`. Changing it replaces the bucket. */
export function loadBalancerLogsBucketName(cfg: NamingConfig, region: string): string {
  return `${regionalPrefix(cfg, region)}-alb-logs-${cfg.account}`;
}

/** The secrets every region holds, by purpose. */
export type SecretPurpose =
  | 'database/master'
  | 'cache/auth-token'
  | 'app/jwt-signing-key'
  | 'app/webhook-secret'
  | 'blockchain/provider-url'
  | 'blockchain/signer-key';

/** Secrets Manager name of a secret: `verypay/prod/us-east-1/app/jwt-signing-key`. */
export function secretName(cfg: NamingConfig, region: string, purpose: SecretPurpose): string {
  return `${cfg.name}/${cfg.environment}/${region}/${purpose}`;
}

/**
 * Secrets that must hold the same value in every region, so that a failover changes nothing a
 * client can see: the database master credentials (an Aurora global database has one set of users),
 * the JWT signing key (tokens issued before a failover stay valid), the webhook secret (merchants
 * keep verifying signatures) and the blockchain signer key (payouts come from the one funded
 * account). With more than one region each is created once, in the primary region, and replicated
 * into every other region (a Secrets Manager replica keeps the primary's name and is encrypted with
 * the replica region's secrets key). Everything else (cache AUTH token, provider URL, Grafana
 * password) belongs to its region.
 */
export const SHARED_SECRET_PURPOSES: readonly SecretPurpose[] = ['database/master', 'app/jwt-signing-key', 'app/webhook-secret', 'blockchain/signer-key'];

/**
 * The region whose secret of `purpose` a region reads: the primary region for a
 * {@link SHARED_SECRET_PURPOSES shared} secret of a multi-region platform, otherwise the region itself.
 */
export function secretOwnerRegion(cfg: RegionRoles, region: string, purpose: SecretPurpose): string {
  if (!SHARED_SECRET_PURPOSES.includes(purpose) || cfg.regions.length < 2) return region;
  return cfg.regions.find((r) => r.role === 'primary')?.region ?? region;
}

/**
 * The name of the secret of `purpose` that a region's workloads read in that region: its own
 * secret, or (shared secrets of a multi-region platform) its replica of the primary's, which keeps
 * the primary's name.
 */
export function regionSecretName(cfg: NamingConfig & RegionRoles, region: string, purpose: SecretPurpose): string {
  return secretName(cfg, secretOwnerRegion(cfg, region, purpose), purpose);
}

/**
 * The database master secret a region's workloads read. With more than one region the clusters
 * form an Aurora global database whose users are the primary's: every region reads its replica of
 * the primary region's secret (Secrets Manager replicas keep the primary's name). Only the
 * credentials are read from it: its `host` names the primary's cluster; the endpoints come from
 * `DatabaseEndpoints`.
 */
export function databaseSecretName(cfg: NamingConfig & RegionRoles, region: string): string {
  return regionSecretName(cfg, region, 'database/master');
}

/** Prefix of every secret of a region, for least-privilege IAM (`…/us-east-1/*`). */
export function secretNamePrefix(cfg: NamingConfig, region: string): string {
  return `${cfg.name}/${cfg.environment}/${region}/`;
}

/** ECR repository name of one of the platform's services: `verypay/api-gateway`. */
export function repositoryName(cfg: Pick<NamingConfig, 'name'>, service: string): string {
  return `${cfg.name}/${service}`;
}

/** The services the platform builds and stores in its own ECR repositories. */
export const PLATFORM_REPOSITORIES = ['api-gateway', 'payment-service'] as const;

/** Kubernetes namespaces of the workloads. */
export interface PlatformNamespaces {
  /** api-gateway and payment-service (Pod Security `restricted`). */
  readonly api: string;
  /** geth and its consensus client. */
  readonly blockchain: string;
  /** CronJobs such as the nightly PostgreSQL dump. */
  readonly jobs: string;
  /** Prometheus rules and monitors of the platform. */
  readonly monitoring: string;
  /**
   * Where the cluster runs kube-prometheus-stack (Prometheus, Alertmanager, Grafana, node
   * exporter). Kept apart from `monitoring`: node exporter needs host access, which Pod Security
   * "restricted" forbids; this is the namespace NetworkPolicies admit metric scrapes from.
   */
  readonly prometheus: string;
}

/** Namespace of the kube-prometheus-stack release installed by the cluster. */
export const PROMETHEUS_NAMESPACE = 'kube-prometheus-stack';

/** The namespaces of a platform: `<name>-api`, `<name>-blockchain`, `<name>-jobs`, `monitoring`, and Prometheus's. */
export function platformNamespaces(cfg: Pick<NamingConfig, 'name'>): PlatformNamespaces {
  return {
    api: `${cfg.name}-api`,
    blockchain: `${cfg.name}-blockchain`,
    jobs: `${cfg.name}-jobs`,
    monitoring: 'monitoring',
    prometheus: PROMETHEUS_NAMESPACE,
  };
}

/** Kubernetes service accounts bound to IAM roles, with the role's workload suffix. */
export const WORKLOAD_IDENTITIES = {
  paymentService: { serviceAccount: 'payment-service', workload: 'payment-service' },
  apiGateway: { serviceAccount: 'api-gateway', workload: 'api-gateway' },
  postgresBackup: { serviceAccount: 'postgres-backup', workload: 'postgres-backup' },
  externalSecrets: { serviceAccount: 'external-secrets', namespace: 'external-secrets', workload: 'external-secrets' },
} as const;

/** Purposes of the customer-managed KMS keys of a region. */
export type KeyPurpose = 'data' | 'secrets' | 'logs' | 'cluster' | 'backups';

/**
 * KMS alias of a region's key: `alias/verypay-prod-backups`. The same alias exists in every region,
 * so cross-region features (S3 replication, Secrets Manager replicas) can name the destination key.
 */
export function keyAlias(cfg: Pick<NamingConfig, 'name' | 'environment'>, purpose: KeyPurpose): string {
  return `alias/${cfg.name}-${cfg.environment}-${purpose}`;
}

/** Identifier of the Aurora global database that joins the regions' clusters. */
export function globalDatabaseIdentifier(cfg: Pick<NamingConfig, 'name' | 'environment'>): string {
  return `${platformPrefix(cfg as NamingConfig)}-global`;
}

/**
 * PostgreSQL logins of the platform's database clients, one per service, each with only the
 * privileges it needs (`DatabaseUsers` creates them; `rds_iam` makes them log in with IAM tokens).
 * The master user is never one of them and never enters the cluster.
 */
export const DATABASE_USERS = {
  /** payment-service: owns the application schema (runs its migrations), reads and writes it. */
  paymentService: 'payment_service',
  /** api-gateway: reads and writes the tables payment-service creates, no DDL. */
  apiGateway: 'api_gateway',
  /** The nightly dump: `pg_read_all_data`, read-only sessions. */
  backup: 'payments_backup',
  /** Metrics exporters: `pg_monitor` only, no table data. */
  monitoring: 'monitoring',
} as const;

/** KMS alias of a region's blockchain signer key (asymmetric, secp256k1, never leaves KMS). */
export function signerKeyAlias(cfg: Pick<NamingConfig, 'name' | 'environment'>): string {
  return `alias/${cfg.name}-${cfg.environment}-blockchain-signer`;
}

/** Workload suffix of the IAM role a namespace's External Secrets `secrets-reader` assumes (IRSA): `secrets-<namespace>`. */
export function secretsReaderWorkload(namespace: string): string {
  return `secrets-${namespace}`;
}

/** Role name suffixes of the delivery roles (`<name>-<env>-ci-push-<repository>`). */
export const PUSH_ROLE_INFIX = 'ci-push';
export const DEPLOY_ROLE_INFIX = 'ci-deploy';

/** IAM role of a repository that pushes images. */
export function imagePushRoleName(cfg: Pick<NamingConfig, 'name' | 'environment'>, repository: string): string {
  return `${platformPrefix(cfg as NamingConfig)}-${PUSH_ROLE_INFIX}-${repository}`;
}

/** IAM role of the deploying repository. */
export function deployRoleName(cfg: Pick<NamingConfig, 'name' | 'environment'>): string {
  return `${platformPrefix(cfg as NamingConfig)}-${DEPLOY_ROLE_INFIX}`;
}

/** Name of a region's MSK cluster (at most 64 characters for valid configurations). */
export function kafkaClusterName(cfg: NamingConfig, region: string): string {
  return `${regionalPrefix(cfg, region)}-kafka`;
}

/** Aurora cluster identifier of a region: `verypay-prod-use1-postgres` (also names its log group). */
export function databaseClusterIdentifier(cfg: NamingConfig, region: string): string {
  return `${regionalPrefix(cfg, region)}-postgres`;
}

/** The account-level security stack (CloudTrail, the break-glass role), in the primary region. */
export const SECURITY_STACK_NAME = 'PaymentPlatform-security';

/** A region's security baseline stack (GuardDuty, Security Hub, AWS Config, Access Analyzer). */
export function regionalSecurityStackName(region: string): string {
  return `PaymentPlatform-${region}-security`;
}

/** The AWS Backup vault of a region (in its base stack). */
export function backupVaultName(cfg: NamingConfig, region: string): string {
  return `${regionalPrefix(cfg, region)}-backups`;
}

/** The ARN of a region's AWS Backup vault. */
export function backupVaultArn(cfg: NamingConfig, region: string, partition = 'aws'): string {
  return `arn:${partition}:backup:${region}:${cfg.account}:backup-vault:${backupVaultName(cfg, region)}`;
}

/** The bucket CloudTrail delivers the account trail's log files to. */
export function trailBucketName(cfg: NamingConfig): string {
  return `${platformPrefix(cfg)}-cloudtrail-${cfg.account}`;
}

/** The bucket AWS Config delivers configuration snapshots and history to, from every region. */
export function configBucketName(cfg: NamingConfig): string {
  return `${platformPrefix(cfg)}-config-${cfg.account}`;
}

/** The alias of the key of the CloudTrail and AWS Config buckets (account security stack). */
export function auditKeyAlias(cfg: Pick<NamingConfig, 'name' | 'environment'>): string {
  return `alias/${cfg.name}-${cfg.environment}-audit`;
}
