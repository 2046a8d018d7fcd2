import type { z } from 'zod';
import type { ResolvedPlatformConfig } from './resolve';
import type { nodeGroupSchema, clusterSchema, taintSchema } from './schema-cluster';
import type { cacheSchema, databaseSchema } from './schema-data';
import type { alarmsSchema, edgeSchema, imagesSchema, recoverySchema, retentionSchema } from './schema-edge';
import type { domainSchema, regionSchema } from './schema-network';
import type { PlatformConfigInput } from './schema';

/**
 * The types of the platform configuration, inferred from the schema (`schema.ts` and the
 * `schema-*.ts` sections), which declares every setting once: its type, default, bounds,
 * documentation and the fix shown on error. The README's configuration reference is generated
 * from the same schema.
 */

/** The typed description of a payment platform; validated and completed by `resolvePlatformConfig`. */
export type PlatformConfig = PlatformConfigInput;

/** One AWS region of the platform. */
export type RegionConfig = z.input<typeof regionSchema>;

/** Whether a region serves traffic (primary) or stands by to take over (secondary). */
export type RegionRole = RegionConfig['role'];

/** A Kubernetes taint on the nodes of a node group. */
export type NodeTaintConfig = z.output<typeof taintSchema>;

/** One EKS managed node group, as configured. */
export type NodeGroupConfig = z.input<typeof nodeGroupSchema>;

/** The EKS cluster of each region, as configured. */
export type ClusterConfig = z.input<typeof clusterSchema>;

/** The regional PostgreSQL database, as configured. */
export type DatabaseConfig = z.input<typeof databaseSchema>;

/** The regional cache, as configured. */
export type CacheConfig = z.input<typeof cacheSchema>;

/** Images of the workloads, as configured. */
export type ImagesConfig = z.input<typeof imagesSchema>;

/** A container image: repository and a pinned tag. */
export type ImageConfig = ImagesConfig['apiGateway'];

/** DNS of the platform, as configured. */
export type DomainConfig = z.input<typeof domainSchema>;

/** Where alarms go, as configured. */
export type AlarmsConfig = z.input<typeof alarmsSchema>;

/** A Slack receiver. */
export type SlackAlarmsConfig = NonNullable<AlarmsConfig['slack']>;

/** Service-level objectives of the API gateway. */
export type SloConfig = NonNullable<AlarmsConfig['slo']>;

/** Edge protection, as configured. */
export type EdgeConfig = z.input<typeof edgeSchema>;

/** A per-path WAF rate limit. */
export type PathRateLimit = NonNullable<EdgeConfig['pathRateLimits']>[number];

/** Retention periods, as configured. */
export type RetentionConfig = z.input<typeof retentionSchema>;

/** Recovery objectives, as configured. */
export type RecoveryConfig = z.input<typeof recoverySchema>;

/** A region with its defaults filled in. */
export type ResolvedRegionConfig = ResolvedPlatformConfig['regions'][number];

/** A pinned third-party image with its repository. */
export type ResolvedImageConfig = ResolvedPlatformConfig['images']['geth'];

export { NODE_GROUP_NAMES, type NodeGroupName } from './schema-cluster';
export type { ResolvedPlatformConfig, ResolvedNodeGroupConfig, ResolvedNodeGroups } from './resolve';
