/**
 * Manifest validation harness for every object the charts synthesize:
 *  (a) Kubernetes schemas (kubernetes-models 4.5.1 = Kubernetes 1.33 OpenAPI) plus what that package
 *      lets through: APIs removed by Kubernetes 1.35 and unknown fields;
 *  (b) custom resources against the `openAPIV3Schema` of their CRD in the vendored crds/ (ajv);
 *  (c) Pod Security Standards "baseline"/"restricted" for pods of labelled namespaces;
 *  (d) the kube-linter default checks, reimplemented (kube-linter is a Go binary, not on npm/apt).
 * Every check returns findings as strings `Kind/namespace/name: [check] message`.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ValidateFunction } from 'ajv';
import * as YAML from 'yaml';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Obj = Record<string, any>;
/* eslint-enable @typescript-eslint/no-explicit-any */

/** A Kubernetes object as synthesized (`Testing.synth(chart)`) or read from dist/*.k8s.yaml. */
export interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata?: {
    readonly name?: string; readonly namespace?: string;
    readonly labels?: Record<string, string>; readonly annotations?: Record<string, string>;
  };
  readonly [key: string]: unknown;
}

/** Where the CRDs live: `crds/` at the repository root, vendored with their provenance. */
export const CRD_DIR = path.resolve(__dirname, '../../crds');

function id(m: Manifest): string {
  return `${m.kind}/${m.metadata?.namespace ?? '-'}/${m.metadata?.name ?? '?'}`;
}
function finding(m: Manifest, check: string, message: string): string {
  return `${id(m)}: [${check}] ${message}`;
}

/** Reads every document of a multi-document YAML file. */
export function loadManifests(file: string): Manifest[] {
  return YAML.parseAllDocuments(fs.readFileSync(file, 'utf8')).map((d) => d.toJSON() as Manifest).filter((m) => m && m.kind);
}

// ---------------------------------------------------------------------------------------------
// (a) Kubernetes schemas
// ---------------------------------------------------------------------------------------------

/** Group-versions no longer served by Kubernetes 1.35 (kubernetes-models still ships some of them). */
export const REMOVED_API_VERSIONS: Record<string, string> = {
  'extensions/v1beta1': '1.22', 'apps/v1beta1': '1.16', 'apps/v1beta2': '1.16', 'networking.k8s.io/v1beta1': '1.22',
  'batch/v1beta1': '1.25', 'policy/v1beta1': '1.25', 'autoscaling/v2beta1': '1.25', 'autoscaling/v2beta2': '1.26',
  'discovery.k8s.io/v1beta1': '1.25', 'events.k8s.io/v1beta1': '1.25', 'node.k8s.io/v1beta1': '1.25',
  'rbac.authorization.k8s.io/v1beta1': '1.22', 'admissionregistration.k8s.io/v1beta1': '1.22',
  'apiextensions.k8s.io/v1beta1': '1.22', 'apiregistration.k8s.io/v1beta1': '1.22', 'certificates.k8s.io/v1beta1': '1.22',
  'coordination.k8s.io/v1beta1': '1.22', 'scheduling.k8s.io/v1beta1': '1.22', 'storage.k8s.io/v1beta1': '1.27',
  'flowcontrol.apiserver.k8s.io/v1beta1': '1.26', 'flowcontrol.apiserver.k8s.io/v1beta2': '1.29',
  'flowcontrol.apiserver.k8s.io/v1beta3': '1.32', 'resource.k8s.io/v1alpha2': '1.31',
};

interface ModelClass {
  new (data: Obj): { validate(): void };
  prototype: { validate(this: unknown): void };
}

function modelFor(apiVersion: string, kind: string): ModelClass | undefined {
  if (!/^([a-z0-9.-]+\/)?v\d+((alpha|beta)\d+)?$/.test(apiVersion)) return undefined;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(`kubernetes-models/${apiVersion}`) as Record<string, ModelClass>;
    return mod[kind];
  } catch {
    return undefined;
  }
}

/**
 * Runs the model's compiled schema validator over a recording Proxy: every property the validator
 * reads is a field the schema knows; keys it never reads are unknown fields (the API server would
 * drop or reject them). Maps (labels, resource quantities) are enumerated by the validator, which
 * marks all their keys as known.
 */
function unknownFields(model: ModelClass, data: Obj): string[] {
  const read = new Map<object, Set<PropertyKey>>();
  const enumerated = new Set<object>();
  const proxies = new WeakMap<object, object>();
  const mark = (t: object, k: PropertyKey) => {
    if (!read.has(t)) read.set(t, new Set());
    read.get(t)!.add(k);
  };
  const wrap = (target: object): object => {
    if (proxies.has(target)) return proxies.get(target)!;
    const p = new Proxy(target, {
      get(t, k, r) {
        mark(t, k);
        const v = Reflect.get(t, k, r);
        return v !== null && typeof v === 'object' ? wrap(v) : v;
      },
      has(t, k) { mark(t, k); return Reflect.has(t, k); },
      getOwnPropertyDescriptor(t, k) { mark(t, k); return Reflect.getOwnPropertyDescriptor(t, k); },
      ownKeys(t) { enumerated.add(t); return Reflect.ownKeys(t); },
    });
    proxies.set(target, p);
    return p;
  };
  try {
    model.prototype.validate.call(wrap(data));
  } catch {
    // schema errors are reported by the plain validation
  }
  const out: string[] = [];
  const walk = (node: unknown, at: string) => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) { node.forEach((v, i) => walk(v, `${at}[${i}]`)); return; }
    const known = read.get(node) ?? new Set();
    for (const [k, v] of Object.entries(node)) {
      if (!enumerated.has(node) && !known.has(k)) out.push(`${at}.${k}`);
      else if (known.has(k) || enumerated.has(node)) walk(v, `${at}.${k}`);
    }
  };
  walk(data, '');
  return out.map((p) => p.replace(/^\./, ''));
}

/** (a) Schema validity, removed APIs and unknown fields of built-in kinds (custom resources are (b)). */
export function schemaFindings(objs: readonly Manifest[]): string[] {
  const out: string[] = [];
  for (const m of objs) {
    const removed = REMOVED_API_VERSIONS[m.apiVersion];
    if (removed) { out.push(finding(m, 'removed-api', `${m.apiVersion} is no longer served since Kubernetes ${removed}`)); continue; }
    if (crdFor(m.apiVersion, m.kind)) continue;
    const model = modelFor(m.apiVersion, m.kind);
    if (!model) { out.push(finding(m, 'schema', `unknown apiVersion/kind ${m.apiVersion} ${m.kind}`)); continue; }
    try {
      new model(m as Obj).validate();
    } catch (e) {
      out.push(finding(m, 'schema', (e as Error).message));
    }
    for (const f of unknownFields(model, m as Obj)) out.push(finding(m, 'unknown-field', `${f} is not a field of ${m.kind}`));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// (b) custom resources against their CRD schemas
// ---------------------------------------------------------------------------------------------

/** Raw schemas by `group/version|Kind`; compiled on first use (the Prometheus CRDs are large). */
let crdSchemas: Map<string, Obj> | undefined;
const crdValidators = new Map<string, ValidateFunction>();

/** Marks objects with `properties` as closed, like the API server's pruning (but reported, not silent). */
function closeSchema(s: Obj): Obj {
  if (s === null || typeof s !== 'object') return s;
  if (Array.isArray(s)) return s.map(closeSchema);
  const out: Obj = {};
  for (const [k, v] of Object.entries(s)) {
    out[k] = k === 'properties' ? Object.fromEntries(Object.entries(v as Obj).map(([p, ps]) => [p, closeSchema(ps as Obj)])) : closeSchema(v as Obj);
  }
  if (out.properties && out.additionalProperties === undefined && !out['x-kubernetes-preserve-unknown-fields']) out.additionalProperties = false;
  return out;
}

function loadCrdSchemas(): Map<string, Obj> {
  if (crdSchemas) return crdSchemas;
  if (!fs.existsSync(CRD_DIR)) throw new Error(`CRD directory ${CRD_DIR} not found: the vendored CRDs belong in crds/ at the repository root.`);
  crdSchemas = new Map();
  for (const file of fs.readdirSync(CRD_DIR).filter((f) => /\.ya?ml$/.test(f))) {
    for (const doc of YAML.parseAllDocuments(fs.readFileSync(path.join(CRD_DIR, file), 'utf8'))) {
      const crd = doc.toJSON() as Obj;
      if (crd?.kind !== 'CustomResourceDefinition') continue;
      for (const v of crd.spec.versions as Obj[]) {
        if (v.served === false) continue;
        crdSchemas.set(`${crd.spec.group}/${v.name}|${crd.spec.names.kind}`, v.schema.openAPIV3Schema as Obj);
      }
    }
  }
  return crdSchemas;
}

/** CRD patterns are Go regular expressions; the `(?i)` group becomes the JavaScript `i` flag. */
const goRegExp = Object.assign(
  (pattern: string, flags: string) => (pattern.includes('(?i)') ? new RegExp(pattern.replace('(?i)', ''), `${flags}i`) : new RegExp(pattern, flags)),
  { code: 'new RegExp' },
);
let ajv: Ajv | undefined;

const CRD_GROUPS = ['external-secrets.io', 'monitoring.coreos.com'];

function crdFor(apiVersion: string, kind: string): ValidateFunction | undefined {
  if (!CRD_GROUPS.includes(apiVersion.split('/')[0])) return undefined;
  const key = `${apiVersion}|${kind}`;
  if (!crdValidators.has(key)) {
    const raw = loadCrdSchemas().get(key);
    if (!raw) return undefined;
    const schema = closeSchema(raw);
    // metadata is validated by the API server's ObjectMeta, not by the CRD schema
    if (schema.properties?.metadata) schema.properties.metadata = { type: 'object' };
    ajv ??= new Ajv({ strict: false, allErrors: true, validateFormats: false, code: { regExp: goRegExp } });
    crdValidators.set(key, ajv.compile(schema));
  }
  return crdValidators.get(key);
}

/** (b) Custom resources of the known CRD groups must match their CRD version's schema. */
export function crdFindings(objs: readonly Manifest[]): string[] {
  const out: string[] = [];
  for (const m of objs) {
    if (!CRD_GROUPS.includes(m.apiVersion.split('/')[0])) continue;
    const validate = crdFor(m.apiVersion, m.kind);
    if (!validate) { out.push(finding(m, 'crd', `no CRD in ${CRD_DIR} serves ${m.apiVersion} ${m.kind}`)); continue; }
    if (!validate(m)) {
      for (const e of validate.errors ?? []) {
        const extra = e.keyword === 'additionalProperties' ? ` '${(e.params as Obj).additionalProperty}'` : '';
        out.push(finding(m, 'crd', `${e.instancePath || '/'} ${e.message}${extra}`));
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// pod templates
// ---------------------------------------------------------------------------------------------

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

function allContainers(spec: Obj): Obj[] {
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

/** All checks (a)–(d). */
export function allFindings(objs: readonly Manifest[], options: PodSecurityOptions = {}): string[] {
  return [...schemaFindings(objs), ...crdFindings(objs), ...podSecurityFindings(objs, options), ...kubeLinterFindings(objs)];
}
