import type { ResolvedSecurityBaselineConfig } from './security-config';
import {
  DEFAULT_CACHE, DEFAULT_CACHE_ENGINE_VERSION, DEFAULT_DATABASE, DEFAULT_EDGE, DEFAULT_IMAGES,
  DEFAULT_KUBERNETES_VERSION, DEFAULT_NODE_GROUPS, DEFAULT_RECOVERY, DEFAULT_RETENTION, POOL_PLACEMENT, PRODUCTION_ENVIRONMENTS,
} from './defaults';
import type {
  ImageConfig, NodeGroupConfig, NodeGroupName, PlatformConfig, ResolvedNodeGroupConfig, ResolvedNodeGroups, ResolvedImageConfig, ResolvedPlatformConfig,
} from './platform-config';
import { NODE_GROUP_NAMES } from './platform-config';
import { PLATFORM_REPOSITORIES } from './naming';
import { validatePlatformConfig } from './validate';
import { resolveDeliveryConfig } from './delivery-config';
import { resolveStreamingConfig } from './streaming-config';


function resolveNodeGroup(name: NodeGroupName, group: NodeGroupConfig | undefined): ResolvedNodeGroupConfig {
  if (!group) return DEFAULT_NODE_GROUPS[name];
  return {
    instanceType: group.instanceType,
    minSize: group.minSize,
    maxSize: group.maxSize,
    desiredSize: group.desiredSize ?? group.minSize,
    diskSizeGiB: group.diskSizeGiB,
    // The pool's own label and taint are kept whatever is added (validation rejects changing them).
    labels: { ...group.labels, ...POOL_PLACEMENT[name].labels },
    taints: [
      ...POOL_PLACEMENT[name].taints,
      ...(group.taints ?? []).filter((t) => !POOL_PLACEMENT[name].taints.some((r) => r.key === t.key && r.value === t.value && r.effect === t.effect)),
    ],
  };
}

/**
 * Validates a platform configuration and fills in every default.
 *
 * Throws a `PlatformConfigError` that lists every problem found, each naming the field, the bad
 * value and the fix. Call it once, up front; every construct takes the resolved result.
 */
export function resolvePlatformConfig(config: PlatformConfig): ResolvedPlatformConfig {
  validatePlatformConfig(config);
  const cacheEngine = config.cache?.engine ?? DEFAULT_CACHE.engine;
  const blockchain = config.blockchain ?? true;
  // Without blockchain there is no blockchain pool (validation rejects configuring one).
  const groupNames = NODE_GROUP_NAMES.filter((n) => blockchain || n !== 'blockchain');
  return {
    name: config.name,
    environment: config.environment,
    account: config.account,
    costCenter: config.costCenter ?? 'payments',
    blockchain,
    repositories: [...new Set([...PLATFORM_REPOSITORIES, ...(config.repositories ?? [])])],
    regions: config.regions.map((r) => ({ ...r, natGateways: r.natGateways ?? r.availabilityZones.length })),
    domain: { zoneName: config.domain.zoneName, hostedZoneId: config.domain.hostedZoneId, apiLabel: config.domain.apiLabel ?? 'api' },
    images: {
      apiGateway: config.images.apiGateway,
      paymentService: config.images.paymentService,
      geth: resolveImage(DEFAULT_IMAGES.geth, config.images.geth),
      lighthouse: resolveImage(DEFAULT_IMAGES.lighthouse, config.images.lighthouse),
      postgresClient: resolveImage(DEFAULT_IMAGES.postgresClient, config.images.postgresClient),
      awsCli: resolveImage(DEFAULT_IMAGES.awsCli, config.images.awsCli),
    },
    cluster: {
      kubernetesVersion: config.cluster?.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION,
      endpointPublicAccessCidrs: config.cluster?.endpointPublicAccessCidrs ?? [],
      adminRoleArn: config.cluster?.adminRoleArn,
      nodeGroups: Object.fromEntries(
        groupNames.map((n) => [n, resolveNodeGroup(n, config.cluster?.nodeGroups?.[n])]),
      ) as unknown as ResolvedNodeGroups,
    },
    database: { ...DEFAULT_DATABASE, ...config.database },
    cache: {
      ...DEFAULT_CACHE,
      engineVersion: DEFAULT_CACHE_ENGINE_VERSION[cacheEngine],
      ...config.cache,
    },
    alarms: { ...config.alarms },
    edge: {
      rateLimitPer5Minutes: config.edge?.rateLimitPer5Minutes ?? DEFAULT_EDGE.rateLimitPer5Minutes,
      pathRateLimits: config.edge?.pathRateLimits ?? [],
      geoAllowList: config.edge?.geoAllowList,
      shieldAdvanced: config.edge?.shieldAdvanced ?? DEFAULT_EDGE.shieldAdvanced,
      healthCheckPath: config.edge?.healthCheckPath ?? DEFAULT_EDGE.healthCheckPath,
    },
    retention: { ...DEFAULT_RETENTION, ...config.retention },
    recovery: {
      ...DEFAULT_RECOVERY,
      approval: PRODUCTION_ENVIRONMENTS.includes(config.environment),
      ...config.recovery,
    },
    securityBaseline: resolveSecurityBaseline(config),
    streaming: config.streaming ? resolveStreamingConfig(config.streaming) : undefined,
    delivery: config.delivery ? resolveDeliveryConfig(config.delivery) : undefined,
  };
}

/** The security baseline with its defaults (mode 'organization', 365-day trail, 35-day backups). */
function resolveSecurityBaseline(config: PlatformConfig): ResolvedSecurityBaselineConfig {
  const s = config.securityBaseline ?? {};
  const primary = config.regions.find((r) => r.role === 'primary')?.region ?? config.regions[0].region;
  return {
    mode: s.mode ?? 'organization',
    trailRetentionDays: s.trailRetentionDays ?? 365,
    backupRetentionDays: s.backupRetentionDays ?? 35,
    backupAccount: s.backupAccount ? { ...s.backupAccount, region: s.backupAccount.region ?? primary } : undefined,
    breakGlassRoleName: s.breakGlassRoleName ?? `${config.name}-${config.environment}-break-glass`,
    pciConformancePackTemplateS3Uri: s.pciConformancePackTemplateS3Uri,
  };
}

/**
 * A configured third-party image over the library's default: the default digest stays only while
 * repository and tag are the default ones (a digest of another tag would run the old image).
 */
function resolveImage(def: ResolvedImageConfig, configured: ImageConfig | undefined): ResolvedImageConfig {
  if (!configured) return def;
  const repository = configured.repository ?? def.repository;
  const same = repository === def.repository && configured.tag === def.tag;
  return { repository, tag: configured.tag, digest: configured.digest ?? (same ? def.digest : undefined) };
}
