/**
 * Synth-time check that every pod the workloads chart defines can be placed on a node pool: its
 * node selector is a subset of a pool's labels and it tolerates every NoSchedule/NoExecute taint of
 * that pool; and every toleration it declares matches a taint some pool has (a toleration for a
 * taint no pool carries means the pod was meant for a pool that does not exist). Without this a
 * typo in a selector leaves pods Pending with a green synth.
 */

/** A node pool as the scheduler sees it. */
export interface PoolPlacementSpec {
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly { readonly key: string; readonly value: string; readonly effect: string }[];
}

interface Toleration { key?: string; operator?: string; value?: string; effect?: string }
interface PodPlacement { readonly workload: string; readonly nodeSelector: Record<string, string>; readonly tolerations: Toleration[] }

/* eslint-disable @typescript-eslint/no-explicit-any */
/** The pod templates of Deployments, StatefulSets, DaemonSets, Jobs and CronJobs. */
export function podPlacements(manifests: readonly any[]): PodPlacement[] {
  const out: PodPlacement[] = [];
  for (const m of manifests) {
    const spec = m?.kind === 'CronJob' ? m.spec?.jobTemplate?.spec?.template?.spec
      : ['Deployment', 'StatefulSet', 'DaemonSet', 'Job'].includes(m?.kind) ? m.spec?.template?.spec : undefined;
    if (!spec) continue;
    out.push({ workload: `${m.kind} ${m.metadata?.namespace ?? '-'}/${m.metadata?.name}`, nodeSelector: spec.nodeSelector ?? {}, tolerations: spec.tolerations ?? [] });
  }
  return out;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/** Whether a toleration tolerates a taint (Kubernetes semantics: Exists ignores the value, an empty effect matches every effect). */
export function tolerates(t: Toleration, taint: PoolPlacementSpec['taints'][number]): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.operator === 'Exists') return !t.key || t.key === taint.key;
  return t.key === taint.key && (t.value ?? '') === taint.value;
}

/** Whether a pod may run on a pool's nodes. */
export function fitsPool(pod: Pick<PodPlacement, 'nodeSelector' | 'tolerations'>, pool: PoolPlacementSpec): boolean {
  if (!Object.entries(pod.nodeSelector).every(([k, v]) => pool.labels[k] === v)) return false;
  return pool.taints.filter((t) => t.effect !== 'PreferNoSchedule').every((taint) => pod.tolerations.some((t) => tolerates(t, taint)));
}

function describePools(pools: Record<string, PoolPlacementSpec | undefined>): string {
  return Object.entries(pools).filter((e): e is [string, PoolPlacementSpec] => e[1] !== undefined)
    .map(([name, p]) => `${name} ${JSON.stringify(p.labels)}${p.taints.length ? ` tainted ${p.taints.map((t) => `${t.key}=${t.value}:${t.effect}`).join(', ')}` : ''}`)
    .join('; ');
}

/**
 * Throws one error listing every pod that fits no pool and every toleration that matches no
 * pool's taint, with the pools there are.
 */
export function checkWorkloadPlacement(manifests: readonly unknown[], pools: Record<string, PoolPlacementSpec | undefined>): void {
  const list = Object.values(pools).filter((p): p is PoolPlacementSpec => p !== undefined);
  const problems: string[] = [];
  for (const pod of podPlacements(manifests)) {
    if (!list.some((pool) => fitsPool(pod, pool))) {
      problems.push(`${pod.workload}: nodeSelector ${JSON.stringify(pod.nodeSelector)} with tolerations ${JSON.stringify(pod.tolerations)} fits no node pool`);
    }
    for (const t of pod.tolerations) {
      if (t.key?.startsWith('node.kubernetes.io/')) continue; // Kubernetes' own condition taints
      if (!list.some((pool) => pool.taints.some((taint) => tolerates(t, taint)))) {
        problems.push(`${pod.workload}: toleration ${JSON.stringify(t)} matches no taint of any node pool`);
      }
    }
  }
  if (problems.length > 0) {
    throw new Error(`Workload placement: ${problems.length} problem(s):\n  - ${problems.join('\n  - ')}\n` +
      `Node pools: ${describePools(pools)}. Select a pool's labels and tolerate its taints, or configure a pool with them (cluster.nodeGroups).`);
  }
}
