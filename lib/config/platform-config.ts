import type { DeliveryConfig, ResolvedDeliveryConfig } from './delivery-config';
import type { ResolvedStreamingConfig, StreamingConfig } from './streaming-config';

import type { ResolvedSecurityBaselineConfig, SecurityBaselineConfig } from './security-config';
/**
 * The typed description of a payment platform. One object describes every region; it is
 * validated once, up front, by `resolvePlatformConfig`, which also fills in the defaults.
 *
 * Defaults come from the seed platforms (VeryPay, GlobalPay, DrivoPay, Blytz, Advancia); where a
 * seed value is outdated or unsafe, the default is the current safe value and the README says why.
 */

/** Whether a region serves traffic (primary) or stands by to take over (secondary). */
export type RegionRole = 'primary' | 'secondary';

/** One AWS region of the platform. Each region gets its own independent `RegionalStack`. */
export interface RegionConfig {
  /** AWS region code, e.g. `us-east-1`. */
  readonly region: string;
  /** Exactly one region is `primary`. */
  readonly role: RegionRole;
  /**
   * The VPC CIDR. Must be a private (RFC 1918) /16 to /20 block that overlaps no other region's
   * CIDR, so the regions can later be peered. Changing it replaces the VPC.
   */
  readonly cidr: string;
  /**
   * Availability zones of the region, e.g. `['us-east-1a', 'us-east-1b', 'us-east-1c']`.
   * Given explicitly so synth never needs a context lookup. Changing them replaces subnets.
   */
  readonly availabilityZones: string[];
  /**
   * NAT gateways in the region.
   * @default - one per availability zone (no cross-zone dependency for egress)
   */
  readonly natGateways?: number;
}

/** A Kubernetes taint on the nodes of a node group. */
export interface NodeTaintConfig {
  readonly key: string;
  readonly value: string;
  readonly effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

/** One EKS managed node group. */
export interface NodeGroupConfig {
  /** EC2 instance type, e.g. `m5.xlarge`. */
  readonly instanceType: string;
  readonly minSize: number;
  readonly maxSize: number;
  /**
   * @default - `minSize`
   */
  readonly desiredSize?: number;
  /** Root (gp3, encrypted) volume size in GiB. */
  readonly diskSizeGiB: number;
  /**
   * Node labels.
   * @default - `{ role: <group name> }`
   */
  readonly labels?: Record<string, string>;
  /**
   * Node taints.
   * @default - none
   */
  readonly taints?: NodeTaintConfig[];
}

/** The four node pools of the seeds. */
export type NodeGroupName = 'system' | 'api' | 'worker' | 'blockchain';

/** The node pools, in creation order. */
export const NODE_GROUP_NAMES: readonly NodeGroupName[] = ['system', 'api', 'worker', 'blockchain'];

/** The EKS cluster of each region. */
export interface ClusterConfig {
  /**
   * Kubernetes minor version, e.g. `1.35`. Versions EKS can no longer create are rejected;
   * versions in extended support produce a warning.
   * @default '1.35'
   */
  readonly kubernetesVersion?: string;
  /**
   * CIDRs allowed to reach a public API endpoint. When empty the endpoint is private only.
   * @default - private endpoint only
   */
  readonly endpointPublicAccessCidrs?: string[];
  /**
   * IAM role ARN granted cluster-admin through an EKS access entry.
   * @default - no extra admin besides the deploying role
   */
  readonly adminRoleArn?: string;
  /**
   * Node groups; a group given here replaces the default for that name. The `blockchain` group
   * exists only with `PlatformConfig.blockchain` on; configuring it with `blockchain: false` is an error.
   * @default - the seeds' system, api, worker and blockchain pools (system, api and worker without blockchain)
   */
  readonly nodeGroups?: Partial<Record<NodeGroupName, NodeGroupConfig>>;
}

/** The regional PostgreSQL database (Aurora PostgreSQL, see README for why). */
export interface DatabaseConfig {
  /**
   * Aurora PostgreSQL engine version. Changing the major version is an upgrade, not a replacement.
   * @default '17.9'
   */
  readonly engineVersion?: string;
  /**
   * Allow `engineVersion` to move to a new major version. A major upgrade takes the database down
   * for its duration and changes the parameter group family; with a global database it runs
   * through the global cluster (`payment-platform upgrade-plan --database <version>` prints the
   * order). Leave it off except for the deploy that performs the upgrade.
   * @default false
   */
  readonly allowMajorVersionUpgrade?: boolean;
  /**
   * Writer instance class.
   * @default 'db.r6g.2xlarge'
   */
  readonly instanceClass?: string;
  /**
   * Reader instance class (the same-region read replica and the Multi-AZ failover target).
   * @default 'db.r6g.2xlarge' (the writer's class, so a failover keeps full capacity)
   */
  readonly readerInstanceClass?: string;
  /**
   * Number of same-region readers (in other AZs than the writer).
   * @default 1
   */
  readonly readers?: number;
  /**
   * Initial database name. Changing it replaces the cluster.
   * @default 'payments'
   */
  readonly databaseName?: string;
  /**
   * Master user name. Changing it replaces the cluster.
   * @default 'payments_admin'
   */
  readonly masterUsername?: string;
  /**
   * `max_connections` parameter.
   * @default 1000
   */
  readonly maxConnections?: number;
  /**
   * Automated backup retention in days (1–35).
   * @default 35
   */
  readonly backupRetentionDays?: number;
  /**
   * Daily backup window, UTC, `hh:mm-hh:mm`.
   * @default '03:00-04:00'
   */
  readonly preferredBackupWindow?: string;
  /**
   * Weekly maintenance window, UTC, `ddd:hh:mm-ddd:hh:mm`.
   * @default 'sun:04:00-sun:05:00'
   */
  readonly preferredMaintenanceWindow?: string;
  /**
   * Statements slower than this are logged (`log_min_duration_statement`).
   * @default 1000
   */
  readonly slowQueryMillis?: number;
}

/** The regional cache (ElastiCache replication group). */
export interface CacheConfig {
  /**
   * Engine. Valkey is the open-source continuation of Redis OSS and is wire-compatible.
   * @default 'valkey'
   */
  readonly engine?: 'valkey' | 'redis';
  /**
   * Engine version.
   * @default '8.0' (valkey) / '7.1' (redis)
   */
  readonly engineVersion?: string;
  /**
   * Node type.
   * @default 'cache.r6g.xlarge'
   */
  readonly nodeType?: string;
  /**
   * Nodes in the replication group (one primary, the rest replicas), spread over the AZs.
   * @default 3
   */
  readonly nodes?: number;
  /**
   * Days to keep automatic snapshots (NIST 800-53 R5 CP-9: at least 15).
   * @default 35
   */
  readonly snapshotRetentionDays?: number;
  /**
   * Daily snapshot window, UTC.
   * @default '03:00-05:00'
   */
  readonly snapshotWindow?: string;
  /**
   * Weekly maintenance window, UTC.
   * @default 'sun:05:00-sun:07:00'
   */
  readonly maintenanceWindow?: string;
}

/** A container image: repository and a pinned tag. */
export interface ImageConfig {
  /**
   * Repository. For the platform's own services it defaults to the regional ECR repository.
   * @default - the ECR repository `<name>/<service>` of the region
   */
  readonly repository?: string;
  /** A pinned tag (never `latest`). */
  readonly tag: string;
  /**
   * The image's digest (`sha256:` and 64 hex digits, the manifest list's for multi-arch images):
   * the reference becomes `repository:tag@digest`, so a re-pushed tag cannot change what runs.
   * Set it with the tag (CI knows it after the push: `aws ecr describe-images`).
   * @default - the library's digest for its default third-party images when repository and tag are
   * the default ones; none otherwise (the tag alone)
   */
  readonly digest?: string;
}

/** Images of the workloads. */
export interface ImagesConfig {
  /** The api-gateway release. */
  readonly apiGateway: ImageConfig;
  /** The payment-service release. */
  readonly paymentService: ImageConfig;
  /**
   * Ethereum execution client.
   * @default - `ethereum/client-go` at the pinned release of this library
   */
  readonly geth?: ImageConfig;
  /**
   * Ethereum consensus client.
   * @default - `sigp/lighthouse` at the pinned release of this library
   */
  readonly lighthouse?: ImageConfig;
  /**
   * PostgreSQL client image for the nightly dump (major must be ≥ the server's).
   * @default - `postgres` at the pinned release of this library
   */
  readonly postgresClient?: ImageConfig;
  /**
   * AWS CLI image that uploads the dump with the job's IAM role.
   * @default - `amazon/aws-cli` at the pinned release of this library
   */
  readonly awsCli?: ImageConfig;
}

/** DNS of the platform. */
export interface DomainConfig {
  /** The platform's hosted zone, e.g. `verypay.example.com`. */
  readonly zoneName: string;
  /**
   * Import this existing hosted zone instead of creating one in the global stack.
   * @default - the global stack creates the zone
   */
  readonly hostedZoneId?: string;
  /**
   * Label of the global API hostname (`<label>.<zoneName>`); each region also gets
   * `<label>-<region>.<zoneName>`.
   * @default 'api'
   */
  readonly apiLabel?: string;
}

/** Where alarms go. */
export interface AlarmsConfig {
  /**
   * E-mail subscribed to the alarm topic (CloudWatch alarms and Prometheus alerts).
   * @default - no subscription
   */
  readonly email?: string;
  /**
   * Page critical Prometheus alerts through PagerDuty (Events API v2). The stack creates the
   * secret `<name>/<environment>/<region>/monitoring/pagerduty-routing-key` with a placeholder;
   * put the integration's routing key there.
   * @default false
   */
  readonly pagerDuty?: boolean;
  /**
   * Post critical and warning Prometheus alerts to a Slack channel. The stack creates the secret
   * `<name>/<environment>/<region>/monitoring/slack-webhook-url`; put the incoming-webhook URL there.
   * @default - no Slack receiver
   */
  readonly slack?: SlackAlarmsConfig;
  /**
   * The API gateway's service-level objectives, watched by multi-window burn-rate alerts.
   * @default - 99.9 % availability, 99 % of requests within 0.5 s
   */
  readonly slo?: SloConfig;
}

/** A Slack receiver. */
export interface SlackAlarmsConfig {
  /** Channel, e.g. `#payments-alerts`. */
  readonly channel: string;
}

/** Service-level objectives of the API gateway (30-day windows). */
export interface SloConfig {
  /** Fraction of requests without a 5xx answer. @default 0.999 */
  readonly availability?: number;
  /** Fraction of requests answered within `latencyThresholdSeconds`. @default 0.99 */
  readonly latency?: number;
  /** A bucket boundary of the gateway's `http_request_duration_seconds` histogram. @default 0.5 */
  readonly latencyThresholdSeconds?: number;
}

/** Edge protection in front of the public load balancer. */
export interface EdgeConfig {
  /**
   * Requests per IP in 5 minutes before WAF blocks (GlobalPay: 2,000).
   * @default 2000
   */
  readonly rateLimitPer5Minutes?: number;
  /**
   * Tighter per-path limits, e.g. `{ path: '/v1/payments', limit: 300 }`.
   * @default - none
   */
  readonly pathRateLimits?: PathRateLimit[];
  /**
   * ISO 3166 country codes allowed; when set, every other country is blocked.
   * @default - no geo restriction
   */
  readonly geoAllowList?: string[];
  /**
   * AWS Shield Advanced protection of the load balancer. Costs $3,000 per month per
   * organization plus data transfer, so it is off by default.
   * @default false
   */
  readonly shieldAdvanced?: boolean;
  /**
   * The api-gateway path the load balancer's target group and the Route 53 health checks probe
   * (the catalog's gateway must declare the same `healthCheckPath`). It must answer 200 only when
   * this region can serve payments: the process is up, its secrets are loaded, and a write through
   * the database writer endpoint and a round trip to the cache succeed (a standby region fails it
   * until its database is promoted, so Route 53 never fails over to a region that cannot write).
   * Changing it replaces the health checks.
   * @default '/health'
   */
  readonly healthCheckPath?: string;
}

/** A per-path WAF rate limit. */
export interface PathRateLimit {
  /** Path prefix, starting with `/`. */
  readonly path: string;
  /** Requests per IP in 5 minutes (WAF minimum 10). */
  readonly limit: number;
}

/** Retention periods; PCI DSS 10.5.1 asks for one year of audit logs. */
export interface RetentionConfig {
  /**
   * Days to keep logs (flow logs, database logs, cluster logs, WAF logs). At least 365.
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * Days to keep `postgres/` dumps in the backups bucket.
   * @default 30
   */
  readonly dumpExpirationDays?: number;
  /**
   * Days to keep non-current object versions in the backups bucket.
   * @default 90
   */
  readonly noncurrentVersionExpirationDays?: number;
}

/** Recovery objectives the configuration must be able to meet. */
export interface RecoveryConfig {
  /**
   * Recovery point objective in seconds.
   * @default 1
   */
  readonly rpoSeconds?: number;
  /**
   * Recovery time objective in minutes: a whole number from 1 to 1440. The ARC Region switch plans
   * carry it (`RecoveryTimeObjectiveMinutes`) and report each execution's recovery time against it.
   * @default 5
   */
  readonly rtoMinutes?: number;
  /**
   * Whether a Region switch execution waits for a person to approve it (a manual approval step
   * before the database moves).
   * @default - true when `environment` is `prod` or `production`, false otherwise
   */
  readonly approval?: boolean;
  /**
   * How long the approval step waits before the execution fails, in minutes (1–1440). Counts
   * towards the recovery time of an approved execution.
   * @default 10
   */
  readonly approvalTimeoutMinutes?: number;
}

/** The whole platform. */
export interface PlatformConfig {
  /** Platform name: lowercase letters, digits and hyphens, 2–20 characters, e.g. `verypay`. */
  readonly name: string;
  /** Environment: lowercase letters and digits, 2–10 characters, e.g. `prod`. */
  readonly environment: string;
  /** The 12-digit AWS account. */
  readonly account: string;
  /**
   * Cost-allocation tag `CostCenter`.
   * @default 'payments'
   */
  readonly costCenter?: string;
  /** The regions; exactly one is primary. */
  readonly regions: RegionConfig[];
  readonly domain: DomainConfig;
  readonly images: ImagesConfig;
  /**
   * Run the Ethereum part of the platform: geth + Lighthouse in the blockchain namespace, the
   * blockchain node group, the `blockchain/*` secrets and payment-service's Web3 wiring. A
   * platform without blockchain (DrivoPay) sets it to false and gets none of these.
   * @default true
   */
  readonly blockchain?: boolean;
  /**
   * More ECR repositories, `<name>/<service>`, for a team's own services (e.g. a catalog passed to
   * the workloads), created in every region like the built-in ones (CMK, scan on push, immutable
   * tags) and replicated with them. The built-in `api-gateway` and `payment-service` always exist.
   * @default - none
   */
  readonly repositories?: string[];
  /** @default - see ClusterConfig */
  readonly cluster?: ClusterConfig;
  /** @default - see DatabaseConfig */
  readonly database?: DatabaseConfig;
  /** @default - see CacheConfig */
  readonly cache?: CacheConfig;
  /** @default - no e-mail subscription */
  readonly alarms?: AlarmsConfig;
  /** @default - see EdgeConfig */
  readonly edge?: EdgeConfig;
  /** @default - see RetentionConfig */
  readonly retention?: RetentionConfig;
  /** @default - RPO 1 s, RTO 5 min, approval in production */
  readonly recovery?: RecoveryConfig;
  /**
   * An Amazon MSK (Kafka) cluster in every region; `{}` takes the seed's sizes (six
   * kafka.m7g.2xlarge brokers, 1,000 GiB each). See `StreamingConfig`.
   * @default - no streaming
   */
  readonly streaming?: StreamingConfig;
  /**
   * GitHub Actions identities: the OIDC provider, image-push roles and the deploy role. See `DeliveryConfig`.
   * @default - no CI identities
   */
  readonly delivery?: DeliveryConfig;
  /** @default - mode 'organization': the organization provides the account security baseline */
  readonly securityBaseline?: SecurityBaselineConfig;
}

/** Makes every property required, recursively for nested objects (arrays keep their element type). */
type DeepRequired<T> = T extends (infer U)[]
  ? DeepRequired<U>[]
  : T extends object
    ? { readonly [K in keyof T]-?: DeepRequired<T[K]> }
    : T;

/** A node group with its defaults filled in. */
export interface ResolvedNodeGroupConfig {
  readonly instanceType: string;
  readonly minSize: number;
  readonly maxSize: number;
  readonly desiredSize: number;
  readonly diskSizeGiB: number;
  readonly labels: Record<string, string>;
  readonly taints: NodeTaintConfig[];
}

/**
 * The node groups after resolution: system, api and worker always, blockchain only when the
 * platform runs the blockchain (`ResolvedPlatformConfig.blockchain`).
 */
export type ResolvedNodeGroups = Readonly<Record<Exclude<NodeGroupName, 'blockchain'>, ResolvedNodeGroupConfig>>
  & { readonly blockchain?: ResolvedNodeGroupConfig };

/** A region with its defaults filled in. */
export type ResolvedRegionConfig = Required<RegionConfig>;

/** An image with its repository resolved (ECR repositories stay a per-region placeholder). */
export type ResolvedImageConfig = Required<Pick<ImageConfig, 'repository' | 'tag'>> & Pick<ImageConfig, 'digest'>;

/**
 * The configuration after validation, with every default filled in. Constructs take this, so
 * defaults live in one place (`resolvePlatformConfig`).
 */
export interface ResolvedPlatformConfig {
  readonly name: string;
  readonly environment: string;
  readonly account: string;
  readonly costCenter: string;
  /** Whether the platform runs the blockchain (geth, Lighthouse, blockchain node group and secrets). */
  readonly blockchain: boolean;
  /** Every ECR repository service name of a region: the built-in ones, then `repositories`. */
  readonly repositories: string[];
  readonly regions: ResolvedRegionConfig[];
  readonly domain: Required<Omit<DomainConfig, 'hostedZoneId'>> & Pick<DomainConfig, 'hostedZoneId'>;
  readonly images: {
    /** Tag only for the platform's own services when no repository is given: the regional ECR repository is used. */
    readonly apiGateway: ImageConfig;
    readonly paymentService: ImageConfig;
    readonly geth: ResolvedImageConfig;
    readonly lighthouse: ResolvedImageConfig;
    readonly postgresClient: ResolvedImageConfig;
    readonly awsCli: ResolvedImageConfig;
  };
  readonly cluster: {
    readonly kubernetesVersion: string;
    readonly endpointPublicAccessCidrs: string[];
    readonly adminRoleArn?: string;
    /** Without `blockchain`, the blockchain group is absent. */
    readonly nodeGroups: ResolvedNodeGroups;
  };
  readonly database: DeepRequired<DatabaseConfig>;
  readonly cache: DeepRequired<CacheConfig>;
  readonly alarms: AlarmsConfig;
  readonly edge: {
    readonly rateLimitPer5Minutes: number;
    readonly pathRateLimits: PathRateLimit[];
    readonly geoAllowList?: string[];
    readonly shieldAdvanced: boolean;
    readonly healthCheckPath: string;
  };
  readonly retention: DeepRequired<RetentionConfig>;
  readonly recovery: DeepRequired<RecoveryConfig>;
  /** @default - absent: no streaming */
  readonly streaming?: ResolvedStreamingConfig;
  /** @default - absent: no delivery identities */
  readonly delivery?: ResolvedDeliveryConfig;
  readonly securityBaseline: ResolvedSecurityBaselineConfig;
}
