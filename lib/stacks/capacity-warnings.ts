import type { ServiceSpec } from '../../charts/lib/service-spec';
import type { ResolvedNodeGroupConfig } from '../config/platform-config';
import type { ConfigWarning } from '../config/warnings';
import { POOL_LABEL_KEY, POOL_PLACEMENT, type NodePoolName } from '../core/placement';
import { cpuMillicores, instanceTypeInfo, memoryBytes } from '../core/rules';

/**
 * Plausibility warnings of the workloads against the node pools they run on: a pod that requests
 * more CPU or memory than a node of its pool can offer (it never schedules), and a workload that
 * runs one pod per node with more replicas than its pool may have nodes. Acknowledgeable with
 * `acknowledgedWarnings` (ids from `PLATFORM_WARNINGS`).
 */

/** A workload as the warnings see it: what one pod requests, where it runs and how many there may be. */
export interface WorkloadDemand {
  /** What the message names, e.g. `catalog service 'orders'`. */
  readonly name: string;
  /** The setting to change, e.g. `services.orders.resources`. */
  readonly field: string;
  readonly cpuMillicores: number;
  readonly memoryMiB: number;
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /** Most pods the workload runs (the autoscaler's maximum or the fixed replicas). */
  readonly maxReplicas: number;
  /** At most one pod per node (a hostname spread with DoNotSchedule or required anti-affinity). */
  readonly onePerNode?: boolean;
}

/** The pool's name a pod is pinned to by its node selector, if it names one. */
function pinnedPool(selector: Readonly<Record<string, string>> | undefined): NodePoolName | undefined {
  const value = selector?.[POOL_LABEL_KEY];
  return value !== undefined && value in POOL_PLACEMENT ? (value as NodePoolName) : undefined;
}

/** A catalog or built-in service's demand (its container requests; sidecars are the platform's and small). */
export function serviceDemand(spec: ServiceSpec): WorkloadDemand {
  return {
    name: `service '${spec.name}'`,
    field: `services.${spec.name}.resources`,
    cpuMillicores: cpuMillicores(spec.resources.cpu.request) ?? 0,
    memoryMiB: (memoryBytes(spec.resources.memory.request) ?? 0) / 2 ** 20,
    nodeSelector: spec.nodeSelector,
    maxReplicas: spec.autoscaling?.maxReplicas ?? spec.replicas ?? 1,
  };
}

/** Every capacity warning of `workloads` on the node groups `groups` (a group absent is not checked). */
export function capacityWarnings(groups: Readonly<Partial<Record<NodePoolName, ResolvedNodeGroupConfig>>>, workloads: readonly WorkloadDemand[]): ConfigWarning[] {
  const out: ConfigWarning[] = [];
  for (const w of workloads) {
    const pinned = pinnedPool(w.nodeSelector);
    // Without a pool selector a pod may land on any pool without a taint: it fits if one of them fits it.
    const candidates = (pinned ? [pinned] : (Object.keys(POOL_PLACEMENT) as NodePoolName[]).filter((p) => POOL_PLACEMENT[p].taints.length === 0))
      .filter((p) => groups[p] !== undefined);
    const sized = candidates.map((p) => ({ pool: p, group: groups[p]!, info: instanceTypeInfo(groups[p]!.instanceType) }))
      .filter((c): c is typeof c & { info: NonNullable<typeof c.info> } => c.info !== undefined);
    if (sized.length > 0 && sized.length === candidates.length) {
      const fits = sized.some((c) => w.cpuMillicores <= c.info.allocatable.cpuMillicores && w.memoryMiB <= c.info.allocatable.memoryMiB);
      if (!fits) {
        const best = sized.reduce((a, b) => (b.info.allocatable.cpuMillicores > a.info.allocatable.cpuMillicores ? b : a));
        out.push({
          id: 'payment-platform:cpu-request-above-node', field: w.field,
          message: `${w.name} requests ${w.cpuMillicores}m CPU and ${Math.round(w.memoryMiB)}Mi memory per pod, more than a node of the ${sized.map((c) => c.pool).join('/')} pool `
            + `(${best.group.instanceType}) offers pods (${best.info.allocatable.cpuMillicores}m, ${best.info.allocatable.memoryMiB}Mi allocatable), so its pods never schedule; `
            + 'lower the request or give the pool a larger instance type',
        });
      }
    }
    if (w.onePerNode && pinned && groups[pinned] && w.maxReplicas > groups[pinned]!.maxSize) {
      out.push({
        id: 'payment-platform:replicas-above-nodes', field: w.field.replace(/\.resources$/, '.replicas'),
        message: `${w.name} runs one pod per node and up to ${w.maxReplicas} pods, but the ${pinned} pool has at most ${groups[pinned]!.maxSize} nodes `
          + `(cluster.nodeGroups.${pinned}.maxSize); the pods beyond it stay Pending: raise maxSize or lower the replicas`,
      });
    }
  }
  return out;
}
