/** (c) Pod Security Standards "baseline"/"restricted" for the pods of labelled namespaces (part of the manifest harness). */
import { finding, type Manifest } from './manifest-base';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Obj = Record<string, any>;
/* eslint-enable @typescript-eslint/no-explicit-any */

/** The pod template of a workload (metadata + spec), or undefined for other kinds. */
export function podTemplate(m: Manifest): { metadata: Obj; spec: Obj } | undefined {
  const o = m as Obj;
  switch (m.kind) {
    case 'Pod': return { metadata: o.metadata ?? {}, spec: o.spec ?? {} };
    case 'Deployment': case 'StatefulSet': case 'DaemonSet': case 'ReplicaSet': case 'Job':
      return o.spec?.template ? { metadata: o.spec.template.metadata ?? {}, spec: o.spec.template.spec ?? {} } : undefined;
    case 'CronJob': {
      const t = o.spec?.jobTemplate?.spec?.template;
      return t ? { metadata: t.metadata ?? {}, spec: t.spec ?? {} } : undefined;
    }
    default: return undefined;
  }
}

/** Init, regular and ephemeral containers of a pod spec. */
export function allContainers(spec: Obj): Obj[] {
  return [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])];
}

// ---------------------------------------------------------------------------------------------
// (c) Pod Security Standards
// ---------------------------------------------------------------------------------------------

const BASELINE_CAPABILITIES = ['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE',
  'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT'];
const SAFE_SYSCTLS = ['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes'];
const RESTRICTED_VOLUMES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];
const SELINUX_TYPES = ['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t'];

export type PodSecurityLevel = 'baseline' | 'restricted';

/** Pod Security violations of one pod spec at a level (the controls of kubernetes.io/docs/concepts/security/pod-security-standards). */
export function podSecurityViolations(spec: Obj, level: PodSecurityLevel): string[] {
  const v: string[] = [];
  const psc = spec.securityContext ?? {};
  const containers = allContainers(spec);
  // --- baseline
  if (psc.windowsOptions?.hostProcess) v.push('pod hostProcess is true');
  for (const f of ['hostNetwork', 'hostPID', 'hostIPC']) if (spec[f]) v.push(`${f} is true`);
  for (const vol of spec.volumes ?? []) if (vol.hostPath) v.push(`volume '${vol.name}' is a hostPath`);
  for (const s of psc.sysctls ?? []) if (!SAFE_SYSCTLS.includes(s.name)) v.push(`sysctl ${s.name} is not in the safe set`);
  if (psc.seccompProfile?.type === 'Unconfined') v.push('pod seccompProfile is Unconfined');
  if (psc.appArmorProfile?.type === 'Unconfined') v.push('pod appArmorProfile is Unconfined');
  if (psc.seLinuxOptions && (!SELINUX_TYPES.includes(psc.seLinuxOptions.type ?? '') || psc.seLinuxOptions.user || psc.seLinuxOptions.role)) v.push('pod seLinuxOptions not allowed');
  for (const c of containers) {
    const sc = c.securityContext ?? {};
    const at = `container '${c.name}'`;
    if (sc.privileged) v.push(`${at} is privileged`);
    if (sc.windowsOptions?.hostProcess) v.push(`${at} hostProcess is true`);
    for (const cap of sc.capabilities?.add ?? []) if (!BASELINE_CAPABILITIES.includes(cap)) v.push(`${at} adds capability ${cap}`);
    for (const p of c.ports ?? []) if (p.hostPort) v.push(`${at} uses hostPort ${p.hostPort}`);
    if (sc.seccompProfile?.type === 'Unconfined') v.push(`${at} seccompProfile is Unconfined`);
    if (sc.appArmorProfile?.type === 'Unconfined') v.push(`${at} appArmorProfile is Unconfined`);
    if (sc.procMount && sc.procMount !== 'Default') v.push(`${at} procMount is ${sc.procMount}`);
    if (sc.seLinuxOptions && (!SELINUX_TYPES.includes(sc.seLinuxOptions.type ?? '') || sc.seLinuxOptions.user || sc.seLinuxOptions.role)) v.push(`${at} seLinuxOptions not allowed`);
  }
  if (level === 'baseline') return v;
  // --- restricted
  for (const vol of spec.volumes ?? []) {
    const type = Object.keys(vol).find((k) => k !== 'name');
    if (type && !RESTRICTED_VOLUMES.includes(type)) v.push(`volume '${vol.name}' has type ${type}, not allowed by restricted`);
  }
  if (psc.runAsUser === 0) v.push('pod runAsUser is 0');
  const podSeccompOk = ['RuntimeDefault', 'Localhost'].includes(psc.seccompProfile?.type);
  for (const c of containers) {
    const sc = c.securityContext ?? {};
    const at = `container '${c.name}'`;
    if (sc.allowPrivilegeEscalation !== false) v.push(`${at} must set allowPrivilegeEscalation: false`);
    if (sc.runAsNonRoot === false || (sc.runAsNonRoot !== true && psc.runAsNonRoot !== true)) v.push(`${at} must run with runAsNonRoot: true`);
    if (sc.runAsUser === 0) v.push(`${at} runAsUser is 0`);
    if (!(['RuntimeDefault', 'Localhost'].includes(sc.seccompProfile?.type) || (podSeccompOk && sc.seccompProfile === undefined))) {
      v.push(`${at} needs seccompProfile RuntimeDefault or Localhost`);
    }
    if (!(sc.capabilities?.drop ?? []).includes('ALL')) v.push(`${at} must drop ALL capabilities`);
    for (const cap of sc.capabilities?.add ?? []) if (cap !== 'NET_BIND_SERVICE') v.push(`${at} may add only NET_BIND_SERVICE, adds ${cap}`);
  }
  return v;
}

export interface PodSecurityOptions {
  /** Namespaces to hold to a level in addition to those labelled `pod-security.kubernetes.io/enforce` in `objs`. */
  readonly namespaceLevels?: Record<string, PodSecurityLevel>;
}

/** (c) Pod Security findings for every pod template in a namespace enforcing baseline or restricted. */
export function podSecurityFindings(objs: readonly Manifest[], options: PodSecurityOptions = {}): string[] {
  const levels: Record<string, PodSecurityLevel> = {};
  for (const m of objs) {
    const l = m.kind === 'Namespace' ? m.metadata?.labels?.['pod-security.kubernetes.io/enforce'] : undefined;
    if (l === 'restricted' || l === 'baseline') levels[m.metadata!.name!] = l;
  }
  Object.assign(levels, options.namespaceLevels);
  const out: string[] = [];
  for (const m of objs) {
    const t = podTemplate(m);
    const level = levels[m.metadata?.namespace ?? 'default'];
    if (!t || !level) continue;
    for (const v of podSecurityViolations(t.spec, level)) out.push(finding(m, `pss-${level}`, v));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// (d) kube-linter default checks
// ---------------------------------------------------------------------------------------------
