/**
 * A small model of the Kubernetes scheduler, enough to simulate losing an availability zone:
 *
 * - Nodes: each pool's `desiredSize` nodes, spread over the region's zones round-robin (managed
 *   node groups balance their Auto Scaling group across zones), with the pool's labels and taints
 *   and the allocatable CPU and memory of the instance type.
 * - Filters: node selector, taints (NoSchedule/NoExecute must be tolerated), requests against what
 *   is left on the node, `DoNotSchedule` topology spread (with `minDomains`, `nodeAffinityPolicy`,
 *   `nodeTaintsPolicy`), required pod anti-affinity, and a StatefulSet pod's zonal volume.
 * - Scores: `ScheduleAnyway` spread and preferred anti-affinity (fewest matching pods in the
 *   node's domain first), then the least used node.
 * - A lost zone's nodes stay registered (NotReady, tainted `node.kubernetes.io/unreachable`
 *   NoSchedule, which no workload tolerates) and run nothing: their pods are gone and no longer
 *   counted, exactly the window in which replacements must schedule elsewhere.
 */
import { tolerates as k8sTolerates } from '../../lib/cluster/placement';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

/** Allocatable (after kubelet and system reservations, approximately 92 %) of the instance types the platform uses. */
const INSTANCE_TYPES: Record<string, { cpuMillis: number; memMiB: number }> = {
  't3.medium': { cpuMillis: 2000, memMiB: 4096 },
  't3.large': { cpuMillis: 2000, memMiB: 8192 },
  'm5.large': { cpuMillis: 2000, memMiB: 8192 },
  'm5.xlarge': { cpuMillis: 4000, memMiB: 16384 },
  'm5.2xlarge': { cpuMillis: 8000, memMiB: 32768 },
  'm5.4xlarge': { cpuMillis: 16000, memMiB: 65536 },
  'c5.xlarge': { cpuMillis: 4000, memMiB: 8192 },
  'c5.2xlarge': { cpuMillis: 8000, memMiB: 16384 },
  'c6i.2xlarge': { cpuMillis: 8000, memMiB: 16384 },
};
const ALLOCATABLE = 0.92;

export interface Taint { readonly key: string; readonly value: string; readonly effect: string }
export interface Pool { readonly instanceType: string; readonly desiredSize: number; readonly labels: Record<string, string>; readonly taints: readonly Taint[] }

export interface Node {
  readonly name: string;
  readonly zone: string;
  readonly labels: Record<string, string>;
  taints: Taint[];
  readonly cpuMillis: number;
  readonly memMiB: number;
  lost: boolean;
}

export interface Spread {
  readonly topologyKey: string;
  readonly maxSkew: number;
  readonly whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway';
  readonly minDomains?: number;
  readonly nodeAffinityPolicy?: 'Honor' | 'Ignore';
  readonly nodeTaintsPolicy?: 'Honor' | 'Ignore';
}

export interface Workload {
  /** `Deployment ns/name`. */
  readonly id: string;
  readonly replicas: number;
  /** Pods a PodDisruptionBudget keeps (0 without one). */
  readonly pdbMin: number;
  readonly cpuMillis: number;
  readonly memMiB: number;
  readonly nodeSelector: Record<string, string>;
  readonly tolerations: Json[];
  readonly spread: readonly Spread[];
  /** Required (hard) or preferred (soft) anti-affinity of the pods to each other. */
  readonly antiAffinity?: { readonly topologyKey: string; readonly required: boolean };
  /** Each pod keeps a zonal volume (a StatefulSet's volumeClaimTemplates). */
  readonly zonalVolumes: boolean;
  /** The pods' PriorityClass value (0 without one) and whether they may preempt lower ones. */
  readonly priority?: number;
  readonly preempts?: boolean;
}

interface Pod { readonly workload: Workload; readonly index: number; node: Node }

const topology = (n: Node, key: string): string => (key === 'kubernetes.io/hostname' ? n.name : key === 'topology.kubernetes.io/zone' ? n.zone : n.labels[key]);

/** The nodes of a region: each pool's desired size, round-robin over the zones. */
export function nodesOf(pools: Record<string, Pool | undefined>, zones: readonly string[]): Node[] {
  const nodes: Node[] = [];
  for (const [name, pool] of Object.entries(pools)) {
    if (!pool) continue;
    const type = INSTANCE_TYPES[pool.instanceType];
    if (!type) throw new Error(`scheduler model: no allocatable figures for instance type ${pool.instanceType}; add it to INSTANCE_TYPES`);
    for (let i = 0; i < pool.desiredSize; i++) {
      nodes.push({
        name: `${name}-${i}`, zone: zones[i % zones.length], labels: { ...pool.labels }, taints: [...pool.taints],
        cpuMillis: Math.floor(type.cpuMillis * ALLOCATABLE), memMiB: Math.floor(type.memMiB * ALLOCATABLE), lost: false,
      });
    }
  }
  return nodes;
}

export class Cluster {
  public readonly pods: Pod[] = [];
  /** Zone of each StatefulSet pod's volume, by `workload#index`. */
  private readonly volumeZones = new Map<string, string>();

  constructor(public readonly nodes: Node[]) {}

  private tolerated(w: Workload, n: Node, effects: string[]): boolean {
    return n.taints.filter((t) => effects.includes(t.effect)).every((taint) => w.tolerations.some((t) => k8sTolerates(t, taint)));
  }

  private selects(w: Workload, n: Node): boolean {
    return Object.entries(w.nodeSelector).every(([k, v]) => n.labels[k] === v);
  }

  private used(n: Node): { cpu: number; mem: number } {
    const on = this.pods.filter((p) => p.node === n);
    return { cpu: on.reduce((s, p) => s + p.workload.cpuMillis, 0), mem: on.reduce((s, p) => s + p.workload.memMiB, 0) };
  }

  /** Pods of `w` counted in each domain of `s` (pods on lost nodes are gone). */
  private domainCounts(w: Workload, s: Spread): Map<string, number> {
    const eligible = this.nodes.filter((n) => ((s.nodeAffinityPolicy ?? 'Honor') === 'Ignore' || this.selects(w, n))
      && ((s.nodeTaintsPolicy ?? 'Ignore') === 'Ignore' || this.tolerated(w, n, ['NoSchedule', 'NoExecute'])));
    const counts = new Map<string, number>();
    for (const n of eligible) counts.set(topology(n, s.topologyKey), 0);
    for (const p of this.pods) {
      if (p.workload !== w || p.node.lost) continue;
      const d = topology(p.node, s.topologyKey);
      if (counts.has(d)) counts.set(d, counts.get(d)! + 1);
    }
    return counts;
  }

  private feasible(w: Workload, index: number, n: Node, ignoring: readonly Pod[] = []): boolean {
    if (n.lost || !this.selects(w, n) || !this.tolerated(w, n, ['NoSchedule', 'NoExecute'])) return false;
    const u = this.used(n);
    const freed = ignoring.filter((p) => p.node === n);
    const cpuFree = n.cpuMillis - u.cpu + freed.reduce((t, p) => t + p.workload.cpuMillis, 0);
    const memFree = n.memMiB - u.mem + freed.reduce((t, p) => t + p.workload.memMiB, 0);
    if (w.cpuMillis > cpuFree || w.memMiB > memFree) return false;
    const volume = this.volumeZones.get(`${w.id}#${index}`);
    if (volume !== undefined && volume !== n.zone) return false;
    for (const s of w.spread.filter((x) => x.whenUnsatisfiable === 'DoNotSchedule')) {
      const counts = this.domainCounts(w, s);
      const domain = topology(n, s.topologyKey);
      if (!counts.has(domain)) return false;
      const min = counts.size < (s.minDomains ?? 1) ? 0 : Math.min(...counts.values());
      if (counts.get(domain)! + 1 - min > s.maxSkew) return false;
    }
    if (w.antiAffinity?.required) {
      const key = w.antiAffinity.topologyKey;
      if (this.pods.some((p) => p.workload === w && !p.node.lost && topology(p.node, key) === topology(n, key))) return false;
    }
    return true;
  }

  private score(w: Workload, n: Node): number[] {
    const soft = [...w.spread.filter((s) => s.whenUnsatisfiable === 'ScheduleAnyway').map((s) => s.topologyKey),
      ...(w.antiAffinity && !w.antiAffinity.required ? [w.antiAffinity.topologyKey] : [])];
    const same = (key: string) => this.pods.filter((p) => p.workload === w && !p.node.lost && topology(p.node, key) === topology(n, key)).length;
    const u = this.used(n);
    return [...soft.map(same), u.cpu / n.cpuMillis + u.mem / n.memMiB];
  }

  /** Pods preempted (removed to make room for a higher priority), in order. */
  public readonly preempted: { readonly victim: string; readonly by: string }[] = [];

  /**
   * Preemption: the node where evicting the fewest lower-priority pods (lowest first) makes `w`
   * fit; they are removed and stay Pending. Only for a workload that may preempt.
   */
  private preempt(w: Workload, index: number): Node | undefined {
    if (!(w.preempts ?? true) || (w.priority ?? 0) <= 0) return undefined;
    let best: { n: Node; victims: Pod[] } | undefined;
    for (const n of this.nodes) {
      const lower = this.pods.filter((p) => p.node === n && (p.workload.priority ?? 0) < (w.priority ?? 0))
        .sort((a, b) => (a.workload.priority ?? 0) - (b.workload.priority ?? 0));
      const victims: Pod[] = [];
      for (const v of lower) {
        if (this.feasible(w, index, n, victims)) break;
        victims.push(v);
      }
      if (this.feasible(w, index, n, victims) && victims.length > 0 && (!best || victims.length < best.victims.length)) best = { n, victims };
    }
    if (!best) return undefined;
    for (const v of best.victims) {
      this.pods.splice(this.pods.indexOf(v), 1);
      this.preempted.push({ victim: `${v.workload.id} pod ${v.index}`, by: `${w.id} pod ${index}` });
    }
    return best.n;
  }

  /** Places pod `index` of `w` (preempting lower priorities if it must), or returns false (it stays Pending). */
  public schedule(w: Workload, index: number): boolean {
    const candidates = this.nodes.filter((n) => this.feasible(w, index, n));
    if (candidates.length === 0) {
      const node = this.preempt(w, index);
      if (!node) return false;
      candidates.push(node);
    }
    const scored = candidates.map((n) => ({ n, s: this.score(w, n) }));
    scored.sort((a, b) => {
      for (let i = 0; i < a.s.length; i++) if (a.s[i] !== b.s[i]) return a.s[i] - b.s[i];
      return a.n.name.localeCompare(b.n.name);
    });
    const node = scored[0].n;
    this.pods.push({ workload: w, index, node });
    if (w.zonalVolumes && !this.volumeZones.has(`${w.id}#${index}`)) this.volumeZones.set(`${w.id}#${index}`, node.zone);
    return true;
  }

  /** Marks a zone lost: its nodes stay registered, NotReady and tainted; its pods are gone. */
  public loseZone(zone: string): void {
    for (const n of this.nodes.filter((x) => x.zone === zone)) {
      n.lost = true;
      n.taints = [...n.taints, { key: 'node.kubernetes.io/unreachable', value: '', effect: 'NoSchedule' }];
    }
    for (let i = this.pods.length - 1; i >= 0; i--) if (this.pods[i].node.lost) this.pods.splice(i, 1);
  }

  public running(w: Workload): Pod[] {
    return this.pods.filter((p) => p.workload === w && !p.node.lost);
  }
}

/** One row of the zone-loss table. */
export interface ZoneLossRow {
  readonly workload: string;
  readonly replicas: number;
  readonly pdbMin: number;
  /** Fewest pods left over every zone lost. */
  readonly leftWorstZone: number;
  /** Every zone lost: the pods left keep at least the PDB minimum. */
  readonly keepsPdb: boolean;
  /** Every zone lost: all replicas run again on the remaining capacity. */
  readonly heals: boolean;
  /** Why not, for the first zone that does not heal. */
  readonly reason?: string;
}

/** Places every workload with all zones up, then loses each zone in turn and tries to heal. */
export function simulateZoneLoss(workloads: readonly Workload[], pools: Record<string, Pool | undefined>, zones: readonly string[]): ZoneLossRow[] {
  const place = () => {
    const cluster = new Cluster(nodesOf(pools, zones));
    for (const w of workloads) {
      for (let i = 0; i < w.replicas; i++) {
        if (!cluster.schedule(w, i)) throw new Error(`scheduler model: ${w.id} pod ${i} does not fit even with every zone up`);
      }
    }
    return cluster;
  };
  const rows = new Map(workloads.map((w) => [w.id, { left: Infinity, keepsPdb: true, heals: true, reason: undefined as string | undefined }]));
  for (const zone of zones) {
    const cluster = place();
    cluster.loseZone(zone);
    for (const w of workloads) {
      const row = rows.get(w.id)!;
      const running = cluster.running(w);
      row.left = Math.min(row.left, running.length);
      if (running.length < w.pdbMin) row.keepsPdb = false;
    }
    for (const w of workloads) {
      const row = rows.get(w.id)!;
      const present = new Set(cluster.running(w).map((p) => p.index));
      for (let i = 0; i < w.replicas; i++) {
        if (present.has(i)) continue;
        if (!cluster.schedule(w, i) && row.heals) {
          row.heals = false;
          row.reason = `${zone} lost: pod ${i} stays Pending`;
        }
      }
    }
  }
  return workloads.map((w) => {
    const r = rows.get(w.id)!;
    return { workload: w.id, replicas: w.replicas, pdbMin: w.pdbMin, leftWorstZone: r.left, keepsPdb: r.keepsPdb, heals: r.heals, ...(r.reason ? { reason: r.reason } : {}) };
  });
}

const cpu = (q: string | undefined): number => (q === undefined ? 0 : q.endsWith('m') ? Number(q.slice(0, -1)) : Number(q) * 1000);
const mem = (q: string | undefined): number => {
  if (q === undefined) return 0;
  const m = /^(\d+(?:\.\d+)?)(Mi|Gi|Ki)?$/.exec(q);
  if (!m) throw new Error(`scheduler model: memory quantity ${q}`);
  return Number(m[1]) * (m[2] === 'Gi' ? 1024 : m[2] === 'Ki' ? 1 / 1024 : m[2] === 'Mi' ? 1 : 1 / (1024 * 1024));
};

/** Deployments and StatefulSets of a chart as workloads: replicas (the HPA minimum when autoscaled), requests, placement, PDB. */
export function workloadsOf(objects: readonly Json[]): Workload[] {
  const out: Workload[] = [];
  for (const o of objects.filter((x) => x.kind === 'Deployment' || x.kind === 'StatefulSet')) {
    const ns = o.metadata.namespace;
    const hpa = objects.find((x) => x.kind === 'HorizontalPodAutoscaler' && x.metadata.namespace === ns && x.spec.scaleTargetRef.name === o.metadata.name);
    const replicas = hpa ? hpa.spec.minReplicas : o.spec.replicas ?? 1;
    const pod = o.spec.template.spec;
    const labels = o.spec.template.metadata.labels ?? {};
    const pdb = objects.find((x) => x.kind === 'PodDisruptionBudget' && x.metadata.namespace === ns
      && Object.entries(x.spec.selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v));
    const count = (v: number | string | undefined, ofReplicas: boolean) => (v === undefined ? undefined
      : typeof v === 'number' ? v : Math[ofReplicas ? 'ceil' : 'floor'](replicas * Number(String(v).replace('%', '')) / 100));
    const pdbMin = !pdb ? 0 : pdb.spec.minAvailable !== undefined ? count(pdb.spec.minAvailable, true)! : replicas - count(pdb.spec.maxUnavailable, false)!;
    const containers = pod.containers as Json[];
    const priorityClass = pod.priorityClassName === undefined ? undefined
      : objects.find((x) => x.kind === 'PriorityClass' && x.metadata.name === pod.priorityClassName);
    if (pod.priorityClassName !== undefined && !priorityClass) throw new Error(`scheduler model: ${o.metadata.name} names PriorityClass ${pod.priorityClassName}, which the objects do not contain`);
    out.push({
      priority: priorityClass?.value ?? 0,
      preempts: (priorityClass?.preemptionPolicy ?? 'PreemptLowerPriority') !== 'Never',
      id: `${o.kind} ${ns}/${o.metadata.name}`,
      replicas,
      pdbMin,
      cpuMillis: containers.reduce((s, c) => s + cpu(c.resources?.requests?.cpu), 0),
      memMiB: containers.reduce((s, c) => s + mem(c.resources?.requests?.memory), 0),
      nodeSelector: pod.nodeSelector ?? {},
      tolerations: pod.tolerations ?? [],
      spread: (pod.topologySpreadConstraints ?? []) as Spread[],
      zonalVolumes: o.kind === 'StatefulSet' && (o.spec.volumeClaimTemplates ?? []).length > 0,
    });
  }
  return out;
}

/**
 * The monitoring stack from its Helm values (`monitoringHaValues` merged into the chart values):
 * the operator's `podAntiAffinity` (`hard`/`soft`) over its topology key, the PDBs, Prometheus's
 * zonal volumes. Helm add-ons set no requests, so they are modelled as zero.
 */
export function monitoringWorkloadsOf(values: Json, namespace: string): Workload[] {
  const base = { cpuMillis: 0, memMiB: 0, tolerations: [], spread: [] };
  const anti = (spec: Json) => (spec.podAntiAffinity ? { topologyKey: spec.podAntiAffinityTopologyKey ?? 'kubernetes.io/hostname', required: spec.podAntiAffinity === 'hard' } : undefined);
  const pdb = (section: Json, replicas: number) => (section.podDisruptionBudget?.enabled ? section.podDisruptionBudget.minAvailable ?? replicas - section.podDisruptionBudget.maxUnavailable : 0);
  const p = values.prometheus.prometheusSpec;
  const a = values.alertmanager.alertmanagerSpec;
  const g = values.grafana;
  return [
    { ...base, id: `StatefulSet ${namespace}/prometheus`, replicas: p.replicas ?? 1, pdbMin: pdb(values.prometheus, p.replicas ?? 1), nodeSelector: p.nodeSelector ?? {}, antiAffinity: anti(p), zonalVolumes: p.storageSpec !== undefined },
    { ...base, id: `StatefulSet ${namespace}/alertmanager`, replicas: a.replicas ?? 1, pdbMin: pdb(values.alertmanager, a.replicas ?? 1), nodeSelector: a.nodeSelector ?? {}, antiAffinity: anti(a), zonalVolumes: a.storage !== undefined },
    { ...base, id: `Deployment ${namespace}/grafana`, replicas: g.replicas ?? 1, pdbMin: 0, nodeSelector: g.nodeSelector ?? {}, zonalVolumes: g.persistence?.enabled === true },
  ];
}
/* eslint-enable @typescript-eslint/no-explicit-any */
