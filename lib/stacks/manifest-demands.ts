import { cpuMillicores, memoryBytes } from '../core/rules';
import type { WorkloadDemand } from './capacity-warnings';

/** The parts of a synthesized Kubernetes object the capacity warnings read. */
interface Manifest {
  readonly kind?: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
  readonly spec?: {
    readonly replicas?: number;
    readonly maxReplicas?: number;
    readonly scaleTargetRef?: { readonly kind?: string; readonly name?: string };
    readonly template?: { readonly spec?: PodSpec };
  };
}

interface Container {
  readonly resources?: { readonly requests?: { readonly cpu?: string | number; readonly memory?: string } };
}

interface PodSpec {
  readonly containers?: readonly Container[];
  readonly initContainers?: readonly Container[];
  readonly nodeSelector?: Readonly<Record<string, string>>;
}

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

/** What a pod requests for scheduling: the sum of its containers, or its largest init container if that is more. */
function podRequests(pod: PodSpec): { cpuMillicores: number; memoryMiB: number } {
  const of = (c: Container) => ({
    cpu: cpuMillicores(c.resources?.requests?.cpu) ?? 0,
    mem: (memoryBytes(c.resources?.requests?.memory) ?? 0) / 2 ** 20,
  });
  const main = (pod.containers ?? []).map(of).reduce((a, b) => ({ cpu: a.cpu + b.cpu, mem: a.mem + b.mem }), { cpu: 0, mem: 0 });
  const init = (pod.initContainers ?? []).map(of);
  return {
    cpuMillicores: Math.max(main.cpu, ...init.map((i) => i.cpu)),
    memoryMiB: Math.max(main.mem, ...init.map((i) => i.mem)),
  };
}

/**
 * The demand of every Deployment, StatefulSet and DaemonSet of a synthesized chart (`chart.toJson()`)
 * whose name is not in `skip` (workloads already described otherwise, e.g. the catalog's services
 * with their configuration fields): its pod's requests, node selector and most replicas (a
 * HorizontalPodAutoscaler's maximum when one targets it).
 */
export function manifestDemands(manifests: readonly unknown[], skip: ReadonlySet<string> = new Set()): WorkloadDemand[] {
  const objects = manifests as readonly Manifest[];
  const hpaMax = new Map<string, number>();
  for (const o of objects) {
    if (o.kind === 'HorizontalPodAutoscaler' && o.spec?.scaleTargetRef?.name && o.spec.maxReplicas !== undefined) {
      hpaMax.set(`${o.metadata?.namespace}/${o.spec.scaleTargetRef.kind}/${o.spec.scaleTargetRef.name}`, o.spec.maxReplicas);
    }
  }
  const out: WorkloadDemand[] = [];
  for (const o of objects) {
    const name = o.metadata?.name;
    const pod = o.spec?.template?.spec;
    if (!o.kind || !WORKLOAD_KINDS.has(o.kind) || !name || !pod || skip.has(name)) continue;
    const where = `${o.kind} ${o.metadata?.namespace ?? 'default'}/${name}`;
    out.push({
      name: where,
      field: `workloads (${where})`,
      ...podRequests(pod),
      nodeSelector: pod.nodeSelector,
      maxReplicas: hpaMax.get(`${o.metadata?.namespace}/${o.kind}/${name}`) ?? o.spec?.replicas ?? 1,
    });
  }
  return out;
}
