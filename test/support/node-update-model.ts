/**
 * A model of an EKS managed node group version update (new AMI or launch template version,
 * Kubernetes minor), on top of the scheduler model, to check that PodDisruptionBudgets hold while
 * a pool rolls (https://docs.aws.amazon.com/eks/latest/userguide/managed-node-update-behavior.html):
 *
 * - Scale up: the group grows by the larger of twice its zone count or `maxUnavailable` new nodes
 *   (same zones, round-robin); the old nodes are tainted `eks.amazonaws.com/nodegroup=unschedulable`
 *   NoSchedule, so replacements land on new nodes.
 * - Upgrade: old nodes are drained `maxUnavailable` at a time through the eviction API: an eviction
 *   is refused while it would leave fewer ready pods than the PDB's minimum (an unready pod may
 *   always go). An evicted pod's replacement is scheduled at once and is ready `readyAfterTicks`
 *   ticks later (a tick is five minutes). A drain that still has pods after 15 minutes (three
 *   ticks) either fails the update with `PodEvictionFailure` (the default) or, with
 *   `ForceUpdateEnabled`, deletes the remaining pods regardless of their PDBs.
 * - Scale down: drained nodes are terminated.
 *
 * The answer per workload: the fewest ready pods at any moment of the update, against its PDB.
 */
import { Cluster, nodesOf, type Node, type Pool, type Workload } from './scheduler-model';

/** What the update of one pool is configured with (the node group's `UpdateConfig`, `ForceUpdateEnabled`). */
export interface NodeUpdateConfig {
  /** Nodes drained at once (`MaxUnavailable`, or `MaxUnavailablePercentage` of the group's size). */
  readonly maxUnavailable: number;
  /** `ForceUpdateEnabled`: delete pods whose eviction a PDB refuses for 15 minutes. */
  readonly force: boolean;
}

/** One row of the update table. */
export interface NodeUpdateRow {
  readonly workload: string;
  readonly replicas: number;
  readonly pdbMin: number;
  /** Fewest ready pods at any moment of the update. */
  readonly minReady: number;
  readonly keepsPdb: boolean;
  /** Pods deleted past their PDB by a forced update. */
  readonly forced: number;
}

export interface NodeUpdateResult {
  readonly pool: string;
  /** Every old node drained and terminated. */
  readonly completed: boolean;
  /** Why not: the pod a PDB kept on a node for 15 minutes. */
  readonly failure?: string;
  readonly rows: readonly NodeUpdateRow[];
}

const FORCE_AFTER_TICKS = 3;
const UNSCHEDULABLE = { key: 'eks.amazonaws.com/nodegroup', value: 'unschedulable', effect: 'NoSchedule' };

/** `MaxUnavailablePercentage` of a group of `size` nodes as a node count (at least one). */
export function maxUnavailableNodes(update: { MaxUnavailable?: number; MaxUnavailablePercentage?: number }, size: number): number {
  if (update.MaxUnavailable !== undefined) return update.MaxUnavailable;
  if (update.MaxUnavailablePercentage !== undefined) return Math.max(1, Math.floor(size * update.MaxUnavailablePercentage / 100));
  return 1; // EKS's default
}

/**
 * Rolls `pool` of the region's node groups with every workload placed, as EKS does.
 * `readyAfterTicks(w)`: ticks a replacement pod of `w` needs to turn ready (default 1).
 */
export function simulateNodeGroupUpdate(
  workloads: readonly Workload[], pools: Record<string, Pool | undefined>, zones: readonly string[], pool: string,
  config: NodeUpdateConfig, readyAfterTicks: (w: Workload) => number = () => 1,
): NodeUpdateResult {
  const spec = pools[pool];
  if (!spec) throw new Error(`node update model: no pool ${pool}`);
  const cluster = new Cluster(nodesOf(pools, zones));
  for (const w of workloads) {
    for (let i = 0; i < w.replicas; i++) if (!cluster.schedule(w, i)) throw new Error(`node update model: ${w.id} pod ${i} does not fit before the update`);
  }
  const readyAt = new Map<string, number>(); // `${id}#${index}` → tick the pod is ready (absent: ready)
  const key = (w: Workload, i: number) => `${w.id}#${i}`;
  let tick = 0;
  const ready = (w: Workload) => cluster.running(w).filter((p) => (readyAt.get(key(w, p.index)) ?? 0) <= tick).length;
  const minReady = new Map(workloads.map((w) => [w.id, ready(w)]));
  const forced = new Map(workloads.map((w) => [w.id, 0]));
  const observe = () => { for (const w of workloads) minReady.set(w.id, Math.min(minReady.get(w.id)!, ready(w))); };
  const pending: { w: Workload; index: number }[] = [];
  const replace = (w: Workload, index: number) => {
    if (cluster.schedule(w, index)) readyAt.set(key(w, index), tick + readyAfterTicks(w));
    else pending.push({ w, index });
  };

  // Scale up, then mark the old nodes unschedulable.
  const old = cluster.nodes.filter((n) => n.name.startsWith(`${pool}-`));
  const surge = Math.max(2 * zones.length, config.maxUnavailable);
  const fresh = nodesOf({ [`${pool}-new`]: { ...spec, desiredSize: surge } }, zones);
  cluster.nodes.push(...fresh);
  for (const n of old) n.taints = [...n.taints, UNSCHEDULABLE];

  const result = (completed: boolean, failure?: string): NodeUpdateResult => ({
    pool, completed, ...(failure ? { failure } : {}),
    rows: workloads.map((w) => ({
      workload: w.id, replicas: w.replicas, pdbMin: w.pdbMin, minReady: minReady.get(w.id)!,
      keepsPdb: minReady.get(w.id)! >= w.pdbMin, forced: forced.get(w.id)!,
    })),
  });

  const queue: Node[] = [...old];
  while (queue.length > 0) {
    const batch = queue.splice(0, config.maxUnavailable);
    const started = tick;
    const on = () => cluster.pods.filter((p) => batch.includes(p.node));
    while (on().length > 0) {
      tick++;
      for (let i = pending.length - 1; i >= 0; i--) {
        const p = pending[i];
        if (cluster.schedule(p.w, p.index)) { readyAt.set(key(p.w, p.index), tick + readyAfterTicks(p.w)); pending.splice(i, 1); }
      }
      for (const pod of on()) {
        const w = pod.workload;
        const podReady = (readyAt.get(key(w, pod.index)) ?? 0) <= tick;
        if (podReady && ready(w) - 1 < w.pdbMin) continue; // the eviction API refuses (429)
        cluster.pods.splice(cluster.pods.indexOf(pod), 1);
        replace(w, pod.index);
        observe();
      }
      if (on().length > 0 && tick - started >= FORCE_AFTER_TICKS) {
        const stuck = on();
        if (!config.force) {
          return result(false, `PodEvictionFailure: ${stuck.map((p) => `${p.workload.id} pod ${p.index}`).join(', ')} kept on ${stuck[0].node.name} by its PDB for 15 minutes`);
        }
        for (const pod of stuck) {
          cluster.pods.splice(cluster.pods.indexOf(pod), 1);
          forced.set(pod.workload.id, forced.get(pod.workload.id)! + 1);
          replace(pod.workload, pod.index);
          observe();
        }
      }
      observe();
    }
    for (const n of batch) cluster.nodes.splice(cluster.nodes.indexOf(n), 1);
  }
  return result(true);
}
