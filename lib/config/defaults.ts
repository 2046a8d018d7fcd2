import type { NodeGroupName } from './schema-cluster';
import type { ResolvedNodeGroupConfig } from './resolve';
import { clusterSchema } from './schema-cluster';
import { imagesSchema } from './schema-edge';
import { POOL_PLACEMENT as CORE_POOL_PLACEMENT } from '../core/placement';

/**
 * The defaults that are more than one field's `.default` in the schema: the node pools (a group
 * given in the configuration replaces the pool's default as a whole) and the pools' placement.
 * The other defaults are read from the schema itself (one declaration per setting).
 */

/** A pool's own labels and taints (from `lib/core/placement.ts`), as mutable config values. */
function placementOf(pool: NodeGroupName): Pick<ResolvedNodeGroupConfig, 'labels' | 'taints'> {
  return { labels: { ...CORE_POOL_PLACEMENT[pool].labels }, taints: CORE_POOL_PLACEMENT[pool].taints.map((t) => ({ ...t })) };
}

/**
 * What every pool carries whatever the configuration adds: the `role: <pool>` label the workloads
 * and add-ons select, and (api, blockchain) the `role=<pool>:NoSchedule` taint that keeps other
 * pods off. Declared once in `lib/core/placement.ts`; configured `labels` and `taints` are added
 * to these, never replace them.
 */
export const POOL_PLACEMENT: Record<NodeGroupName, Pick<ResolvedNodeGroupConfig, 'labels' | 'taints'>> = {
  system: placementOf('system'),
  api: placementOf('api'),
  worker: placementOf('worker'),
  blockchain: placementOf('blockchain'),
};

/** Node pools from the seeds (VeryPay eksctl config), each replaceable through the configuration. */
export const DEFAULT_NODE_GROUPS: Record<NodeGroupName, ResolvedNodeGroupConfig> = {
  system: { instanceType: 't3.medium', minSize: 2, maxSize: 5, desiredSize: 3, diskSizeGiB: 50, ...placementOf('system') },
  api: { instanceType: 'm5.xlarge', minSize: 2, maxSize: 10, desiredSize: 3, diskSizeGiB: 100, ...placementOf('api') },
  worker: { instanceType: 'c5.2xlarge', minSize: 3, maxSize: 20, desiredSize: 5, diskSizeGiB: 200, ...placementOf('worker') },
  blockchain: { instanceType: 'm5.4xlarge', minSize: 2, maxSize: 5, desiredSize: 2, diskSizeGiB: 500, ...placementOf('blockchain') },
};

/** Environments whose Region switch executions wait for an approval by default (`recovery.approval`). */
export const PRODUCTION_ENVIRONMENTS: readonly string[] = ['prod', 'production'];

/** Kubernetes version the library creates clusters with unless told otherwise (the schema's default). */
export const DEFAULT_KUBERNETES_VERSION: string = clusterSchema.shape.kubernetesVersion.parse(undefined);

/** Third-party images pinned by this library (the schema's defaults). */
export const DEFAULT_IMAGES = {
  geth: imagesSchema.shape.geth.parse(undefined),
  lighthouse: imagesSchema.shape.lighthouse.parse(undefined),
  postgresClient: imagesSchema.shape.postgresClient.parse(undefined),
  awsCli: imagesSchema.shape.awsCli.parse(undefined),
} as const;

export { PCI_MIN_LOG_RETENTION_DAYS, PCI_LOG_RETENTION_DAYS } from '../core/rules/aws';
