/**
 * Node-pool placement: the labels and taints each of the platform's node pools carries, and the
 * node selector and tolerations a pod needs to run on one. The node groups (`lib/cluster`), the
 * configuration defaults and the charts read them from here, so a pool's label is written once.
 */

/** The platform's node pools. */
export type NodePoolName = 'system' | 'api' | 'worker' | 'blockchain';

/** The label key every pool is selected by. */
export const POOL_LABEL_KEY = 'role';

/** A node taint. */
export interface PoolTaint {
  readonly key: string;
  readonly value: string;
  readonly effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

/** The labels and taints of one pool. */
export interface PoolPlacement {
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly PoolTaint[];
}

const dedicated = (pool: NodePoolName): PoolPlacement => ({
  labels: { [POOL_LABEL_KEY]: pool },
  taints: [{ key: POOL_LABEL_KEY, value: pool, effect: 'NoSchedule' }],
});
const shared = (pool: NodePoolName): PoolPlacement => ({ labels: { [POOL_LABEL_KEY]: pool }, taints: [] });

/**
 * What every pool carries whatever the configuration adds: the `role: <pool>` label the workloads
 * and add-ons select, and (api, blockchain) the `role=<pool>:NoSchedule` taint that keeps other
 * pods off. Configured labels and taints are added to these, never replace them.
 */
export const POOL_PLACEMENT: Readonly<Record<NodePoolName, PoolPlacement>> = {
  system: shared('system'),
  api: dedicated('api'),
  worker: shared('worker'),
  blockchain: dedicated('blockchain'),
};

/** The node selector of a pod that must run on `pool`: `{ role: <pool> }`. */
export function poolNodeSelector(pool: NodePoolName): Record<string, string> {
  return { ...POOL_PLACEMENT[pool].labels };
}

/** The tolerations of a pod that runs on `pool` (one per taint of the pool; none for shared pools). */
export function poolTolerations(pool: NodePoolName): PoolTaint[] {
  return POOL_PLACEMENT[pool].taints.map((t) => ({ ...t }));
}
