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
import { finding, type Manifest } from './manifest-base';

export { finding, manifestId, type Manifest } from './manifest-base';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Obj = Record<string, any>;
/* eslint-enable @typescript-eslint/no-explicit-any */

/** Where the CRDs live: `crds/` at the repository root, vendored with their provenance. */
export const CRD_DIR = path.resolve(__dirname, '../../crds');

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

import { podSecurityFindings, type PodSecurityOptions } from './pod-security';
import { kubeLinterFindings } from './kube-linter';

export * from './pod-security';
export * from './kube-linter';

/** All checks (a)–(d). */
export function allFindings(objs: readonly Manifest[], options: PodSecurityOptions = {}): string[] {
  return [...schemaFindings(objs), ...crdFindings(objs), ...podSecurityFindings(objs, options), ...kubeLinterFindings(objs)];
}
