/**
 * Reference-integrity model of one cluster: every object a pod (or a Helm release's values, an
 * ExternalSecret, a SecretStore, a Pod Identity association) names must exist when the pod
 * starts, or the pod never runs (`CreateContainerConfigError`, a volume that never mounts, a
 * Pending PVC, a rejected pod for an unknown priority class, a role no pod assumes).
 *
 * What exists: the objects the regional stack applies (every `Custom::AWSCDK-EKS-KubernetesResource`
 * manifest, the workloads chart among them), what the Helm releases create that their values name
 * (a `serviceAccount { create, name }`, the release namespace with `CreateNamespace`), the Secret an
 * ExternalSecret produces (`spec.target.name`, else its own name) when its store exists, and what
 * Kubernetes and EKS create themselves, declared once in `CLUSTER_PREREQUISITES`
 * (lib/core/cluster-prerequisites.ts, listed in the README).
 *
 * What is referenced, found by walking every pod spec and every Helm release's values for the
 * fields that name objects: `configMap.name` / `secret.secretName` / projected `secret.name`
 * volumes, `envFrom[].configMapRef|secretRef`, `env[].valueFrom.configMapKeyRef|secretKeyRef`
 * (all unless `optional: true`), `persistentVolumeClaim.claimName`, `serviceAccountName`,
 * `priorityClassName`, `imagePullSecrets[].name`, `storageClassName` (PVCs and
 * volumeClaimTemplates; a claim without one needs a default StorageClass), Helm `serviceAccount`
 * with `create: false`, `existingSecret`; ExternalSecret `secretStoreRef`; SecretStore
 * `serviceAccountRef`; Pod Identity association `ServiceAccount`.
 */
import { CLUSTER_PREREQUISITES } from '../../lib/core/cluster-prerequisites';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A referenced or existing object: kind, namespace ('' for cluster-scoped), name. */
export interface ObjectRef { readonly kind: string; readonly namespace: string; readonly name: string }

/** A reference that resolves to nothing. */
export interface DanglingRef extends ObjectRef {
  /** Who references it, e.g. `Deployment verypay-api/payment-service`. */
  readonly from: string;
  /** Where, e.g. `volume contract-artifacts`. */
  readonly via: string;
}

/** A Helm release the stack installs. */
export interface HelmRelease { readonly chart: string; readonly namespace: string; readonly createNamespace: boolean; readonly values: Json }

const CLUSTER_SCOPED = new Set(['Namespace', 'StorageClass', 'PriorityClass', 'ClusterSecretStore', 'ClusterRole', 'ClusterRoleBinding', 'IngressClass']);
const key = (r: ObjectRef) => `${r.kind}|${r.namespace}|${r.name}`;

/** Turns CloudFormation intrinsics into a placeholder so a manifest or values string parses. */
export function flattenIntrinsics(v: unknown): string {
  if (typeof v === 'string') return v;
  const join = (v as Json)?.['Fn::Join'];
  if (join) return (join[1] as unknown[]).map(flattenIntrinsics).join(join[0]);
  return 'TOKEN';
}

/**
 * The namespaces EKS managed add-ons create (the others install into kube-system): what AWS does,
 * from each add-on's documentation.
 */
export const ADDON_NAMESPACES: Readonly<Record<string, string>> = { 'amazon-cloudwatch-observability': 'amazon-cloudwatch' };

/** What a cluster gets from its regional stack. */
export interface ClusterContents {
  readonly objects: readonly Json[];
  readonly releases: readonly HelmRelease[];
  /** The ServiceAccounts Pod Identity associations name (each must exist, or the role is assumed by nobody). */
  readonly podIdentity?: readonly ObjectRef[];
  /** EKS managed add-ons by name. */
  readonly addons?: readonly string[];
}

/** The objects and Helm releases a synthesized regional stack applies, its Pod Identity associations and add-ons. */
export function clusterContents(template: Json): ClusterContents {
  const resources = Object.values<Json>(template.Resources ?? {});
  const objects = resources.filter((r) => r.Type === 'Custom::AWSCDK-EKS-KubernetesResource' && r.Properties?.Manifest !== undefined)
    .flatMap((r) => JSON.parse(flattenIntrinsics(r.Properties.Manifest)) as Json[]);
  const releases = resources.filter((r) => r.Type === 'Custom::AWSCDK-EKS-HelmChart').map((r) => ({
    chart: r.Properties.Chart as string, namespace: (r.Properties.Namespace as string | undefined) ?? 'default',
    createNamespace: r.Properties.CreateNamespace === true, values: r.Properties.Values ? JSON.parse(flattenIntrinsics(r.Properties.Values)) as Json : {},
  }));
  const podIdentity = resources.filter((r) => r.Type === 'AWS::EKS::PodIdentityAssociation')
    .map((r) => ({ kind: 'ServiceAccount', namespace: r.Properties.Namespace as string, name: r.Properties.ServiceAccount as string }));
  const addons = resources.filter((r) => r.Type === 'AWS::EKS::Addon').map((r) => r.Properties.AddonName as string);
  return { objects, releases, podIdentity, addons };
}

/** The pod spec of a workload object, if it has one. */
function podSpecOf(o: Json): Json | undefined {
  if (o.kind === 'Pod') return o.spec;
  if (o.kind === 'CronJob') return o.spec?.jobTemplate?.spec?.template?.spec;
  if (['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'].includes(o.kind)) return o.spec?.template?.spec;
  return undefined;
}

/**
 * Every object reference in `value` (a pod spec or Helm values), in namespace `ns`, by the
 * fields that name objects. `helm` adds the Helm conventions (`serviceAccount { create: false }`,
 * `existingSecret`).
 */
export function referencesIn(value: unknown, ns: string, helm = false): { ref: ObjectRef; via: string }[] {
  const out: { ref: ObjectRef; via: string }[] = [];
  const add = (kind: string, name: unknown, via: string, optional?: unknown) => {
    if (typeof name === 'string' && name !== '' && optional !== true) out.push({ ref: { kind, namespace: CLUSTER_SCOPED.has(kind) ? '' : ns, name }, via });
  };
  const walk = (v: unknown, path: string): void => {
    if (Array.isArray(v)) { v.forEach((x, i) => walk(x, `${path}[${i}]`)); return; }
    if (v === null || typeof v !== 'object') return;
    const o = v as Json;
    for (const [k, x] of Object.entries(o)) {
      const at = path ? `${path}.${k}` : k;
      if (k === 'configMap' && typeof x?.name === 'string') add('ConfigMap', x.name, at, x.optional);
      else if (k === 'secret' && typeof x === 'object' && x !== null) add('Secret', x.secretName ?? x.name, at, x.optional);
      else if (k === 'configMapRef' || k === 'configMapKeyRef') add('ConfigMap', x?.name, at, x?.optional);
      else if (k === 'secretRef' || k === 'secretKeyRef') add('Secret', x?.name, at, x?.optional);
      else if (k === 'persistentVolumeClaim') add('PersistentVolumeClaim', x?.claimName, at);
      else if (k === 'serviceAccountName') add('ServiceAccount', x, at);
      else if (k === 'priorityClassName') add('PriorityClass', x, at);
      else if (k === 'storageClassName') add('StorageClass', x, at);
      else if (k === 'imagePullSecrets' && Array.isArray(x)) x.forEach((s: Json, i) => add('Secret', typeof s === 'string' ? s : s?.name, `${at}[${i}]`));
      else if (helm && k === 'serviceAccount' && x?.create === false) add('ServiceAccount', x.name, at);
      else if (helm && (k === 'existingSecret' || k === 'existingSecretName')) add('Secret', x, at);
      // Prometheus-operator specs in the values (`alertmanagerSpec.secrets`, `prometheusSpec.configMaps`): names mounted into the pods.
      else if (helm && /Spec$/.test(path.split('.').pop() ?? '') && (k === 'secrets' || k === 'configMaps') && Array.isArray(x)) {
        x.forEach((n: unknown, i) => add(k === 'secrets' ? 'Secret' : 'ConfigMap', n, `${at}[${i}]`));
      }
      walk(x, at);
    }
  };
  walk(value, '');
  return out;
}

/** The ServiceAccounts a Helm release creates by name (`serviceAccount { name }` without `create: false`, at any depth). */
function helmServiceAccounts(r: HelmRelease): ObjectRef[] {
  const out: ObjectRef[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) { v.forEach(walk); return; }
    if (v === null || typeof v !== 'object') return;
    for (const [k, x] of Object.entries(v as Json)) {
      if (k === 'serviceAccount' && typeof x?.name === 'string' && x.create !== false) out.push({ kind: 'ServiceAccount', namespace: r.namespace, name: x.name });
      walk(x);
    }
  };
  walk(r.values);
  return out;
}

const id = (o: Json) => `${o.kind} ${o.metadata?.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata?.name}`;

/** Every reference of the cluster that resolves to nothing (empty = the platform starts). */
export function danglingReferences(contents: ClusterContents): DanglingRef[] {
  return checkReferences(contents).dangling;
}

/** Every reference of the cluster (`checked`) and those that resolve to nothing (`dangling`). */
export function checkReferences(contents: ClusterContents): { checked: DanglingRef[]; dangling: DanglingRef[] } {
  const { objects, releases } = contents;
  const exists = new Set<string>();
  const namespaces = new Set<string>();
  const put = (r: ObjectRef) => exists.add(key(r));
  for (const o of objects) {
    put({ kind: o.kind, namespace: CLUSTER_SCOPED.has(o.kind) ? '' : (o.metadata?.namespace ?? 'default'), name: o.metadata?.name });
    if (o.kind === 'Namespace') namespaces.add(o.metadata.name);
  }
  for (const a of contents.addons ?? []) if (ADDON_NAMESPACES[a]) namespaces.add(ADDON_NAMESPACES[a]);
  for (const r of releases) {
    if (r.createNamespace) namespaces.add(r.namespace);
    helmServiceAccounts(r).forEach(put);
  }
  for (const p of CLUSTER_PREREQUISITES) {
    if (p.kind === 'Namespace') namespaces.add(p.name);
    else if (p.namespace !== '*') put({ kind: p.kind, namespace: p.namespace, name: p.name });
  }
  const perNamespace = CLUSTER_PREREQUISITES.filter((p) => p.namespace === '*');
  for (const ns of namespaces) for (const p of perNamespace) put({ kind: p.kind, namespace: ns, name: p.name });

  const dangling: DanglingRef[] = [];
  const checked: DanglingRef[] = [];
  const check = (ref: ObjectRef, from: string, via: string) => {
    checked.push({ ...ref, from, via });
    if (!exists.has(key(ref))) dangling.push({ ...ref, from, via });
  };

  // An ExternalSecret produces its target Secret once its store exists (the store must exist either way).
  for (const o of objects.filter((x) => x.kind === 'ExternalSecret')) {
    const ns = o.metadata.namespace ?? 'default';
    const storeKind = o.spec?.secretStoreRef?.kind ?? 'SecretStore';
    const store = { kind: storeKind, namespace: storeKind === 'ClusterSecretStore' ? '' : ns, name: o.spec?.secretStoreRef?.name };
    check(store, id(o), 'spec.secretStoreRef');
    if (exists.has(key(store))) put({ kind: 'Secret', namespace: ns, name: o.spec?.target?.name ?? o.metadata.name });
  }
  for (const o of objects.filter((x) => x.kind === 'SecretStore')) {
    const sa = o.spec?.provider?.aws?.auth?.jwt?.serviceAccountRef?.name;
    if (sa) check({ kind: 'ServiceAccount', namespace: o.metadata.namespace, name: sa }, id(o), 'spec.provider.aws.auth.jwt.serviceAccountRef');
  }

  const hasDefaultClass = objects.some((o) => o.kind === 'StorageClass' && o.metadata?.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true');
  const claim = (spec: Json | undefined, from: string, via: string, ns: string) => {
    if (!spec) return;
    if (spec.storageClassName === undefined && !hasDefaultClass) {
      checked.push({ kind: 'StorageClass', namespace: '', name: '(default)', from, via });
      dangling.push({ kind: 'StorageClass', namespace: '', name: '(default)', from, via });
    } else for (const r of referencesIn({ storageClassName: spec.storageClassName }, ns)) check(r.ref, from, via);
  };
  for (const o of objects) {
    const ns = o.metadata?.namespace ?? 'default';
    if (!CLUSTER_SCOPED.has(o.kind) && !namespaces.has(ns)) dangling.push({ kind: 'Namespace', namespace: '', name: ns, from: id(o), via: 'metadata.namespace' });
    if (o.kind === 'PersistentVolumeClaim') claim(o.spec, id(o), 'spec.storageClassName', ns);
    const pod = podSpecOf(o);
    if (!pod) continue;
    check({ kind: 'ServiceAccount', namespace: ns, name: pod.serviceAccountName ?? 'default' }, id(o), 'serviceAccountName');
    const own = new Set<string>((o.spec?.volumeClaimTemplates ?? []).map((t: Json) => t.metadata?.name));
    for (const t of o.spec?.volumeClaimTemplates ?? []) claim(t.spec, id(o), `volumeClaimTemplates ${t.metadata?.name}`, ns);
    for (const r of referencesIn(pod, ns)) {
      if (r.ref.kind === 'ServiceAccount') continue; // checked above (with the default)
      if (r.ref.kind === 'PersistentVolumeClaim' && [...own].some((n) => r.ref.name.startsWith(`${n}-`))) continue;
      check(r.ref, id(o), r.via);
    }
  }
  for (const rel of releases) {
    for (const r of referencesIn(rel.values, rel.namespace, true)) check(r.ref, `HelmRelease ${rel.namespace}/${rel.chart}`, `values.${r.via}`);
  }
  for (const sa of contents.podIdentity ?? []) check(sa, `PodIdentityAssociation ${sa.namespace}/${sa.name}`, 'ServiceAccount');
  return { checked, dangling };
}

/** A dangling reference as one line: `Deployment verypay-api/payment-service → ConfigMap verypay-api/contract-artifacts (volume …)`. */
export function describeDangling(d: DanglingRef): string {
  return `${d.from} → ${d.kind} ${d.namespace ? `${d.namespace}/` : ''}${d.name} (${d.via})`;
}
