/** (d) The kube-linter default checks, reimplemented (kube-linter is a Go binary, not on npm/apt; part of the manifest harness). */
import { finding, type Manifest } from './manifest-base';
import { allContainers, podTemplate } from './pod-security';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Obj = Record<string, any>;
/* eslint-enable @typescript-eslint/no-explicit-any */

/** Whether a label selector (matchLabels + matchExpressions, or a plain map) matches labels. */
export function selectorMatches(selector: Obj | undefined, labels: Record<string, string> = {}): boolean {
  if (!selector) return false;
  const plain = !('matchLabels' in selector) && !('matchExpressions' in selector);
  const matchLabels: Record<string, string> = plain ? selector : selector.matchLabels ?? {};
  if (!Object.entries(matchLabels).every(([k, v]) => labels[k] === v)) return false;
  for (const e of (plain ? [] : selector.matchExpressions ?? []) as Obj[]) {
    const has = e.key in labels;
    const ok = e.operator === 'In' ? has && e.values.includes(labels[e.key])
      : e.operator === 'NotIn' ? !has || !e.values.includes(labels[e.key])
        : e.operator === 'Exists' ? has : e.operator === 'DoesNotExist' ? !has : false;
    if (!ok) return false;
  }
  return true;
}

function isEmptySelector(s: Obj | undefined): boolean {
  return !s || (Object.keys(s.matchLabels ?? {}).length === 0 && (s.matchExpressions ?? []).length === 0);
}

const SECRET_NAME = /(secret|password|passwd|token|api[_-]?key|private[_-]?key|credential)/i;
const SECRET_VALUE = /(AKIA[0-9A-Z]{16}|-----BEGIN [A-Z ]*PRIVATE KEY-----|^[A-Za-z0-9+/]{40,}={0,2}$|^0x[0-9a-fA-F]{64}$)/;
const SENSITIVE_HOST_PATHS = ['/', '/boot', '/dev', '/etc', '/lib', '/proc', '/sys', '/usr', '/var/run/docker.sock', '/run/containerd'];

/** spec.replicas, or the minReplicas of the HPA that scales the workload, or 1. */
function replicasOf(m: Manifest, objs: readonly Manifest[] = []): number {
  const r = (m as Obj).spec?.replicas;
  if (typeof r === 'number') return r;
  const hpa = objs.find((h) => h.kind === 'HorizontalPodAutoscaler' && h.metadata?.namespace === m.metadata?.namespace
    && (h as Obj).spec?.scaleTargetRef?.kind === m.kind && (h as Obj).spec?.scaleTargetRef?.name === m.metadata?.name) as Obj | undefined;
  return hpa ? hpa.spec.minReplicas ?? 1 : 1;
}

function hasAntiAffinityOrSpread(spec: Obj): boolean {
  const anti = spec.affinity?.podAntiAffinity;
  const terms = [...(anti?.requiredDuringSchedulingIgnoredDuringExecution ?? []),
    ...(anti?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((p: Obj) => p.podAffinityTerm)];
  if (terms.some((t: Obj) => t?.topologyKey === 'kubernetes.io/hostname')) return true;
  return (spec.topologySpreadConstraints ?? []).some((t: Obj) => t.topologyKey === 'kubernetes.io/hostname');
}

function portExists(port: unknown, container: Obj): boolean {
  return (container.ports ?? []).some((p: Obj) => (typeof port === 'number' ? p.containerPort === port : p.name === port));
}

function budgetAllows(value: number | string, replicas: number, isMin: boolean): boolean {
  const n = typeof value === 'string' && value.endsWith('%') ? Math.floor((Number(value.slice(0, -1)) / 100) * replicas) : Number(value);
  return isMin ? n < replicas : (typeof value === 'string' && value.endsWith('%') ? Number(value.slice(0, -1)) > 0 : n > 0);
}

/** (d) The kube-linter default checks that apply to what we emit. */
export function kubeLinterFindings(objs: readonly Manifest[]): string[] {
  const out: string[] = [];
  const all = collectKubeLinterFindings(objs, out);
  // kube-linter's own opt-out: `ignore-check.kube-linter.io/<check>: <reason>` on the object (a reason is required here).
  return all.filter((f) => {
    const m = objs.find((o) => f.startsWith(`${o.kind}/${o.metadata?.namespace ?? '-'}/${o.metadata?.name ?? '?'}: `));
    const check = /: \[([a-z-]+)\]/.exec(f)?.[1];
    const reason = m?.metadata?.annotations?.[`ignore-check.kube-linter.io/${check}`];
    return !(typeof reason === 'string' && reason.trim().length > 10);
  });
}

function collectKubeLinterFindings(objs: readonly Manifest[], out: string[]): string[] {
  const workloads = objs.filter((m) => podTemplate(m));
  const podsIn = (ns: string | undefined) => workloads.filter((w) => (w.metadata?.namespace ?? 'default') === (ns ?? 'default'));
  const serviceAccounts = new Set(objs.filter((m) => m.kind === 'ServiceAccount').map((m) => `${m.metadata?.namespace}/${m.metadata?.name}`));

  for (const m of objs) {
    const o = m as Obj;
    const t = podTemplate(m);
    if (t) {
      const spec = t.spec;
      // mismatching-selector
      if (m.kind !== 'Pod' && m.kind !== 'CronJob' && o.spec?.selector && !selectorMatches(o.spec.selector, t.metadata.labels)) {
        out.push(finding(m, 'mismatching-selector', 'spec.selector does not match the pod template labels'));
      }
      // no-anti-affinity
      if (['Deployment', 'StatefulSet'].includes(m.kind) && replicasOf(m, objs) > 1 && !hasAntiAffinityOrSpread(spec)) {
        out.push(finding(m, 'no-anti-affinity', `${replicasOf(m, objs)} replicas without podAntiAffinity or a hostname topology spread`));
      }
      if (spec.hostNetwork) out.push(finding(m, 'host-network', 'uses the host network'));
      if (spec.hostPID) out.push(finding(m, 'host-pid', 'shares the host PID namespace'));
      if (spec.hostIPC) out.push(finding(m, 'host-ipc', 'shares the host IPC namespace'));
      for (const vol of spec.volumes ?? []) {
        const p = vol.hostPath?.path;
        if (p && SENSITIVE_HOST_PATHS.some((s) => p === s || p.startsWith(`${s}/`) && s !== '/')) out.push(finding(m, 'sensitive-host-mounts', `mounts host path ${p}`));
        if (p && /docker\.sock|containerd\.sock/.test(p)) out.push(finding(m, 'docker-sock', `mounts the container runtime socket ${p}`));
      }
      const sa = spec.serviceAccountName;
      if (sa && sa !== 'default' && !serviceAccounts.has(`${m.metadata?.namespace}/${sa}`)) {
        out.push(finding(m, 'non-existent-service-account', `service account '${sa}' is not among the manifests`));
      }
      const podSc = spec.securityContext ?? {};
      for (const c of allContainers(spec)) {
        const sc = c.securityContext ?? {};
        const at = `container '${c.name}'`;
        const image: string = c.image ?? '';
        const tag = image.includes('@') ? 'digest' : /:([^/:]+)$/.exec(image)?.[1];
        if (!tag || tag === 'latest') out.push(finding(m, 'latest-tag', `${at} image '${image}' is not pinned`));
        const nonRoot = sc.runAsNonRoot ?? podSc.runAsNonRoot;
        const uid = sc.runAsUser ?? podSc.runAsUser;
        if (!(nonRoot === true || (typeof uid === 'number' && uid > 0)) || uid === 0) out.push(finding(m, 'run-as-non-root', `${at} may run as root`));
        if (sc.readOnlyRootFilesystem !== true) out.push(finding(m, 'no-read-only-root-fs', `${at} has a writable root filesystem`));
        if (sc.allowPrivilegeEscalation !== false) out.push(finding(m, 'privilege-escalation-container', `${at} does not set allowPrivilegeEscalation: false`));
        if (sc.privileged) out.push(finding(m, 'privileged-container', `${at} is privileged`));
        if ((sc.capabilities?.add ?? []).includes('SYS_ADMIN')) out.push(finding(m, 'privilege-escalation-container', `${at} adds SYS_ADMIN`));
        const drop: string[] = sc.capabilities?.drop ?? [];
        if (!drop.includes('ALL') && !drop.includes('NET_RAW')) out.push(finding(m, 'drop-net-raw-capability', `${at} does not drop NET_RAW`));
        const res = c.resources ?? {};
        if (!res.requests?.cpu || !res.limits?.cpu) out.push(finding(m, 'unset-cpu-requirements', `${at} lacks a CPU request or limit`));
        if (!res.requests?.memory || !res.limits?.memory) out.push(finding(m, 'unset-memory-requirements', `${at} lacks a memory request or limit`));
        for (const e of c.env ?? []) {
          if (typeof e.value === 'string' && e.value !== '' && (SECRET_NAME.test(e.name) || SECRET_VALUE.test(e.value))) {
            out.push(finding(m, 'env-var-secret', `${at} env ${e.name} holds a literal secret; use valueFrom.secretKeyRef`));
          }
        }
        for (const p of c.ports ?? []) if (p.containerPort === 22) out.push(finding(m, 'ssh-port', `${at} exposes port 22`));
        for (const [probe, check] of [['livenessProbe', 'liveness-port'], ['readinessProbe', 'readiness-port'], ['startupProbe', 'startup-port']] as const) {
          const pr = c[probe];
          const port = pr?.httpGet?.port ?? pr?.tcpSocket?.port ?? pr?.grpc?.port;
          if (port !== undefined && !portExists(port, c)) out.push(finding(m, check, `${at} ${probe} targets port ${port}, which the container does not declare`));
        }
      }
    }
    switch (m.kind) {
      case 'Service': {
        const sel = o.spec?.selector;
        if (o.spec?.type !== 'ExternalName' && sel && Object.keys(sel).length > 0
          && !podsIn(m.metadata?.namespace).some((w) => selectorMatches(sel, podTemplate(w)!.metadata.labels))) {
          out.push(finding(m, 'dangling-service', 'selector matches no pod template'));
        }
        break;
      }
      case 'PodDisruptionBudget': {
        const targets = podsIn(m.metadata?.namespace).filter((w) => selectorMatches(o.spec?.selector, podTemplate(w)!.metadata.labels));
        if (targets.length === 0) out.push(finding(m, 'dangling-pdb', 'selector matches no pod template'));
        for (const w of targets) {
          const r = replicasOf(w, objs);
          if (o.spec?.minAvailable !== undefined && !budgetAllows(o.spec.minAvailable, r, true)) {
            out.push(finding(m, 'pdb-min-available', `minAvailable ${o.spec.minAvailable} of ${r} replicas of ${w.metadata?.name} blocks every eviction`));
          }
          if (o.spec?.maxUnavailable !== undefined && !budgetAllows(o.spec.maxUnavailable, r, false)) {
            out.push(finding(m, 'pdb-max-unavailable', `maxUnavailable ${o.spec.maxUnavailable} blocks every eviction`));
          }
        }
        break;
      }
      case 'NetworkPolicy': {
        const sel = o.spec?.podSelector;
        if (!isEmptySelector(sel) && !podsIn(m.metadata?.namespace).some((w) => selectorMatches(sel, podTemplate(w)!.metadata.labels))) {
          out.push(finding(m, 'dangling-networkpolicy', 'podSelector matches no pod template'));
        }
        break;
      }
      case 'HorizontalPodAutoscaler': {
        const ref = o.spec?.scaleTargetRef ?? {};
        if (!objs.some((x) => x.kind === ref.kind && x.metadata?.name === ref.name && x.metadata?.namespace === m.metadata?.namespace)) {
          out.push(finding(m, 'dangling-hpa', `scaleTargetRef ${ref.kind}/${ref.name} does not exist`));
        }
        break;
      }
      case 'ServiceMonitor': {
        const nsSel = o.spec?.namespaceSelector ?? {};
        const namespaces: string[] | 'any' = nsSel.any ? 'any' : nsSel.matchNames ?? [m.metadata?.namespace];
        const services = objs.filter((s) => s.kind === 'Service' && (namespaces === 'any' || namespaces.includes(s.metadata?.namespace ?? ''))
          && selectorMatches(o.spec?.selector, s.metadata?.labels));
        if (services.length === 0) out.push(finding(m, 'dangling-servicemonitor', 'selector matches no Service'));
        for (const ep of (o.spec?.endpoints ?? []) as Obj[]) {
          if (ep.port && services.length > 0 && !services.some((s) => ((s as Obj).spec?.ports ?? []).some((p: Obj) => p.name === ep.port))) {
            out.push(finding(m, 'dangling-servicemonitor', `endpoint port '${ep.port}' is not a named port of the selected Services`));
          }
        }
        break;
      }
      default:
    }
  }
  return out;
}
