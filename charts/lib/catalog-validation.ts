import {
  cpuMillicores, cpuQuantityRule, dnsLabelRule, dnsSubdomainRule, formatPath, labelKeyRule, labelValueRule, memoryBytes, memoryQuantityRule,
  PlatformConfigError, portRule, taintEffectRule, unknownKeyMessage, type ConfigProblem,
} from '../../lib/core/rules';
import { dnsNameRule, parseCidr } from '../../lib/core/rules';
import type { ServiceSpec } from './service-spec';

/**
 * Validation of a service catalog as data: from TypeScript, JSON or YAML alike. Every problem is
 * reported at once, each with its path (`services[3].port`), the bad value and the fix, as one
 * `PlatformConfigError` ("Invalid service catalog"); keys that are not settings are problems
 * with a suggestion (`autoScaling` → `autoscaling`), so a typo never drops a setting silently.
 * The value checks are the shared rules of `lib/core/rules`.
 */

type Path = (string | number)[];
type Check = (value: unknown, path: Path, out: ConfigProblem[]) => void;

const add = (out: ConfigProblem[], path: Path, value: unknown, message: string): void => { out.push({ field: formatPath(path), value, message }); };
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function rule(r: (v: unknown) => string | undefined): Check {
  return (v, path, out) => { const m = r(v); if (m !== undefined) add(out, path, v, m); };
}
function str(example: string, extra?: (v: string) => string | undefined): Check {
  return (v, path, out) => {
    if (typeof v !== 'string' || v.length === 0) return add(out, path, v, `must be a non-empty string, e.g. ${JSON.stringify(example)}`);
    const m = extra?.(v);
    if (m !== undefined) add(out, path, v, m);
  };
}
function int(min: number, max: number, what: string): Check {
  return (v, path, out) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) add(out, path, v, `must be ${what}: an integer from ${min} to ${max}`);
  };
}
const bool: Check = (v, path, out) => { if (typeof v !== 'boolean') add(out, path, v, 'must be true or false'); };
function oneOf(values: readonly string[]): Check {
  return (v, path, out) => { if (!values.includes(v as string)) add(out, path, v, `must be one of ${values.map((x) => `'${x}'`).join(', ')}`); };
}
function list(item: Check, example: string): Check {
  return (v, path, out) => {
    if (!Array.isArray(v)) return add(out, path, v, `must be a list, e.g. ${example}`);
    v.forEach((x, i) => item(x, [...path, i], out));
  };
}
function record(key: (k: string) => string | undefined, value: Check, example: string): Check {
  return (v, path, out) => {
    if (!isObject(v)) return add(out, path, v, `must be an object, e.g. ${example}`);
    for (const [k, x] of Object.entries(v)) {
      const m = key(k);
      if (m !== undefined) add(out, [...path, k], k, m);
      else value(x, [...path, k], out);
    }
  };
}
/** An object with known keys: unknown keys are problems with a suggestion; `required` keys must be there. */
function object(fields: Record<string, Check>, required: readonly string[] = [], example = '{ … }'): Check {
  return (v, path, out) => {
    if (!isObject(v)) return add(out, path, v, `must be an object, e.g. ${example}`);
    for (const [k, x] of Object.entries(v)) {
      if (!(k in fields)) add(out, [...path, k], x, unknownKeyMessage(k, Object.keys(fields)));
      else if (x !== undefined) fields[k](x, [...path, k], out);
    }
    for (const k of required) if (v[k] === undefined) add(out, [...path, k], undefined, `is required: ${fieldHelp[k] ?? `set ${k}`}`);
  };
}

const fieldHelp: Record<string, string> = {
  name: "the service's DNS-1123 name, e.g. 'wallet-service'",
  image: "a pinned image, e.g. '123456789012.dkr.ecr.ap-south-1.amazonaws.com/drivopay/wallet-service:v2.4.0'",
  port: 'the container port, e.g. 4002',
  resources: "the requests, e.g. { cpu: { request: '500m' }, memory: { request: '512Mi' } }",
  request: "a request, e.g. '500m' or '512Mi'",
  minReplicas: 'the HPA floor, e.g. 2', maxReplicas: 'the HPA ceiling, e.g. 10',
  path: "an absolute path, e.g. '/health'", key: "a label key, e.g. 'role'", value: "a label value, e.g. 'api'", effect: "'NoSchedule'",
  peers: "at least one peer, e.g. [{ service: 'api-gateway' }]", configMap: "a ConfigMap name, e.g. 'contract-artifacts'",
  mountPath: "an absolute path, e.g. '/app/contracts'", secret: "a Secret name, e.g. 'jwt-secret'", env: "{ RAZORPAY_KEY_ID: 'key_id' }",
};

const ENV_VAR = /^[A-Za-z_][A-Za-z0-9_]*$/;
const envVarKey = (k: string) => (ENV_VAR.test(k) ? undefined : `is not an environment variable name: letters, digits and '_', not starting with a digit, e.g. 'RAZORPAY_KEY_ID'`);
const SQL_IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;
const TOPIC = /^[A-Za-z0-9._-]{1,249}$/;
const dnsName = dnsLabelRule('service name');
const nsName = dnsLabelRule('namespace name');

/** Largest CPU request a node of the platform's pools can hold (a quantity above it is almost always `'500'` meant as `'500m'`). */
const MAX_CPU_MILLICORES = 192_000;

const quantity = (kind: 'cpu' | 'memory'): Check => object({
  request: rule(kind === 'cpu' ? cpuRequestRule : memoryQuantityRule),
  limit: rule(kind === 'cpu' ? cpuRequestRule : memoryQuantityRule),
}, ['request'], kind === 'cpu' ? "{ request: '500m', limit: '1' }" : "{ request: '512Mi', limit: '1Gi' }");

function cpuRequestRule(v: unknown): string | undefined {
  const m = cpuQuantityRule(v);
  if (m !== undefined) return m;
  const milli = cpuMillicores(v)!;
  return milli > MAX_CPU_MILLICORES ? `is ${milli / 1000} CPUs, more than any node has; did you mean '${String(v)}m'?` : undefined;
}

const probe = object({
  path: str('/health', (p) => (p.startsWith('/') ? undefined : "must start with '/', e.g. '/health'")),
  port: rule(portRule), initialDelaySeconds: int(0, 3600, 'seconds'), periodSeconds: int(1, 3600, 'seconds'),
  timeoutSeconds: int(1, 3600, 'seconds'), failureThreshold: int(1, 100, 'a count'),
}, ['path'], "{ path: '/ready' }");

const port: Check = (v, path, out) => {
  if (!isObject(v)) return add(out, path, v, 'must be an object, e.g. { port: 443 }');
  object({ port: rule(portRule), protocol: oneOf(['TCP', 'UDP']) }, ['port'], '{ port: 443 }')(v, path, out);
};
const peer = object({
  service: rule(dnsName), namespace: rule(nsName), cidr: rule((v) => (typeof parseCidr(v) === 'string' ? parseCidr(v) as string : undefined)),
  except: list(rule((v) => (typeof parseCidr(v) === 'string' ? parseCidr(v) as string : undefined)), "['10.0.1.0/24']"),
  podLabels: record((k) => labelKeyRule(k), rule(labelValueRule), "{ app: 'x' }"),
}, [], "{ service: 'api-gateway' }");
const networkRule = object({ peers: list(peer, "[{ service: 'api-gateway' }]"), ports: list(port, '[{ port: 443 }]') }, ['peers']);

const pdbValue: Check = (v, path, out) => {
  if (typeof v === 'number' ? !Number.isInteger(v) || v < 0 : typeof v !== 'string' || !/^\d{1,3}%$/.test(v) || Number(v.slice(0, -1)) > 100) {
    add(out, path, v, "must be a non-negative count or a percentage like '50%'");
  }
};

const SERVICE_FIELDS: Record<string, Check> = {
  name: rule(dnsName),
  namespace: rule(nsName),
  image: str('registry/team/service:v1.0.0', imageProblem),
  port: rule(portRule),
  metricsPort: rule(portRule),
  replicas: int(1, 1000, 'a replica count'),
  autoscaling: object({
    minReplicas: int(1, 1000, 'a replica count'), maxReplicas: int(1, 1000, 'a replica count'),
    cpuUtilization: int(1, 100, 'a percentage'), memoryUtilization: int(1, 100, 'a percentage'),
  }, ['minReplicas', 'maxReplicas'], '{ minReplicas: 2, maxReplicas: 6, cpuUtilization: 60 }'),
  disruptionBudget: object({ minAvailable: pdbValue, maxUnavailable: pdbValue }, [], '{ minAvailable: 1 }'),
  resources: object({ cpu: quantity('cpu'), memory: quantity('memory') }, ['cpu', 'memory'], "{ cpu: { request: '500m' }, memory: { request: '512Mi' } }"),
  liveness: probe, readiness: probe,
  healthCheckPath: str('/health', (p) => (p.startsWith('/') ? undefined : "must start with '/', e.g. '/health'")),
  config: record(envVarKey, (v, path, out) => { if (typeof v !== 'string') add(out, path, v, "must be a string (quote numbers in YAML: '3000')"); }, "{ NODE_ENV: 'production' }"),
  envFromConfigMaps: list(rule(dnsSubdomainRule), "['shared-config']"),
  secretEnv: record(envVarKey, object({ secret: rule(dnsSubdomainRule), key: str('url') }, ['secret', 'key']), "{ REDIS_URL: { secret: 'redis-secret', key: 'url' } }"),
  configMapMounts: list(object({
    configMap: rule(dnsSubdomainRule), mountPath: str('/app/contracts', (p) => (p.startsWith('/') ? undefined : "must be an absolute path, e.g. '/app/contracts'")),
  }, ['configMap', 'mountPath']), "[{ configMap: 'contract-artifacts', mountPath: '/app/contracts' }]"),
  secretMounts: list(object({
    secret: rule(dnsSubdomainRule), mountPath: str('/var/run/secrets/app', (p) => (p.startsWith('/') ? undefined : "must be an absolute path, e.g. '/var/run/secrets/app'")),
  }, ['secret', 'mountPath']), "[{ secret: 'psp-keys', mountPath: '/var/run/secrets/psp' }]"),
  priorityClassName: rule(dnsSubdomainRule),
  tmpSizeLimit: rule(memoryQuantityRule),
  nodeSelector: record((k) => labelKeyRule(k), rule(labelValueRule), "{ role: 'worker' }"),
  tolerations: list(object({ key: rule(labelKeyRule), value: rule(labelValueRule), effect: rule(taintEffectRule) }, ['key', 'value', 'effect']),
    "[{ key: 'role', value: 'api', effect: 'NoSchedule' }]"),
  iamRoleArn: str('arn:aws:iam::123456789012:role/x', (a) => (/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/.test(a) ? undefined : 'must be an IAM role ARN, e.g. arn:aws:iam::123456789012:role/orders')),
  automountServiceAccountToken: bool,
  scrape: object({ annotations: bool, serviceMonitor: bool, path: str('/metrics'), interval: str('30s', (i) => (/^\d+(s|m)$/.test(i) ? undefined : "must be a duration like '30s'")) }),
  ingress: list(networkRule, "[{ peers: [{ service: 'api-gateway' }] }]"),
  egress: list(networkRule, "[{ peers: [{ cidr: '10.0.0.0/16' }], ports: [{ port: 443 }] }]"),
  dependencies: object({
    database: object({
      user: str('wallet_service', (u) => (SQL_IDENTIFIER.test(u) ? undefined : "must be a lowercase SQL identifier (letters, digits, '_'), e.g. 'wallet_service'")),
      access: oneOf(['read-write', 'read-only', 'schema-owner']),
    }, [], "{ access: 'read-write' }"),
    cache: bool,
    externalHosts: list(str('api.razorpay.com', (h) => (dnsNameRule(h) === undefined ? undefined : "must be a DNS hostname (no scheme, port or path), e.g. 'api.razorpay.com'")), "['api.razorpay.com']"),
    services: list(rule(dnsName), "['transaction-service']"),
  }, [], "{ database: {}, cache: true, externalHosts: ['api.razorpay.com'], services: ['wallet-service'] }"),
  streaming: object({
    produces: list(str('payment-events', (t) => (TOPIC.test(t) ? undefined : "must be a Kafka name (letters, digits, '.', '_', '-')")), "['payment-events']"),
    consumes: list(str('payment-events', (t) => (TOPIC.test(t) ? undefined : "must be a Kafka name (letters, digits, '.', '_', '-')")), "['payment-events']"),
    consumerGroups: list(str('ledger', (t) => (TOPIC.test(t) ? undefined : "must be a Kafka name (letters, digits, '.', '_', '-')")), "['ledger']"),
  }),
  secrets: list(object({ name: rule(dnsLabelRule('secret name', 40)), env: record(envVarKey, str('key_id'), "{ RAZORPAY_KEY_ID: 'key_id' }") }, ['name', 'env']),
    "[{ name: 'razorpay', env: { RAZORPAY_KEY_ID: 'key_id' } }]"),
  route: object({
    path: str('/api/v1/wallet', (p) => (/^\/[A-Za-z0-9._~/-]*$/.test(p) && p !== '/' ? undefined : "must be a path prefix other than '/' (the gateway's), e.g. '/api/v1/wallet'")),
    deregistrationDelaySeconds: int(0, 3600, 'seconds'),
    healthCheckTimeoutSeconds: int(2, 120, 'seconds'),
  }, ['path'], "{ path: '/api/v1/wallet' }"),
  runAsUser: int(1000, 2147483647, 'a non-system UID'),
  labels: record((k) => labelKeyRule(k), rule(labelValueRule), "{ team: 'payments' }"),
  alerts: list((v, path, out) => { if (!isObject(v)) add(out, path, v, "must be an alert rule object, e.g. { alert: 'OrdersDown', expr: '…', severity: 'critical' }"); }, '[{ alert: … }]'),
  tracing: bool,
  dashboardPanels: list((v, path, out) => { if (!isObject(v)) add(out, path, v, 'must be a panel object'); }, '[{ title: … }]'),
  metrics: list(str('orders_total'), "['orders_total']"),
};

/** The settings of a catalog service (for suggestions and documentation). */
export const SERVICE_SPEC_KEYS: readonly string[] = Object.keys(SERVICE_FIELDS);

function imageProblem(image: string): string | undefined {
  const ref = image.split('@')[0];
  const lastSlash = ref.lastIndexOf('/');
  const colon = ref.indexOf(':', lastSlash + 1);
  if (image.includes('@sha256:')) return undefined;
  if (colon < 0) return `has no tag; pin a version or digest, e.g. '${image}:v1.0.0'`;
  if (ref.slice(colon + 1) === 'latest') return `uses the mutable tag 'latest'; pin a version or digest, e.g. '${ref.slice(0, colon)}:v1.0.0'`;
  return undefined;
}

/** Checks across fields of one service (given its fields passed their own checks). */
function serviceProblems(s: Record<string, unknown>, path: Path, out: ConfigProblem[]): void {
  const at = (...p: (string | number)[]) => [...path, ...p];
  const hpa = isObject(s.autoscaling) ? s.autoscaling : undefined;
  if (hpa && typeof hpa.minReplicas === 'number' && typeof hpa.maxReplicas === 'number' && hpa.maxReplicas < hpa.minReplicas) {
    add(out, at('autoscaling', 'maxReplicas'), hpa.maxReplicas, `must be at least autoscaling.minReplicas (${hpa.minReplicas}); raise it or lower minReplicas`);
  }
  if (hpa && s.replicas !== undefined) {
    add(out, at('replicas'), s.replicas, 'is set together with autoscaling, but the HPA owns the replica count; drop replicas, set autoscaling.minReplicas to the count that must always run, or drop autoscaling for a fixed count');
  }
  const floor = typeof hpa?.minReplicas === 'number' ? hpa.minReplicas : typeof s.replicas === 'number' ? s.replicas : 2;
  const budget = isObject(s.disruptionBudget) ? s.disruptionBudget : undefined;
  if (budget) {
    const given = ['minAvailable', 'maxUnavailable'].filter((k) => budget[k] !== undefined);
    if (given.length !== 1) add(out, at('disruptionBudget'), budget, 'must set exactly one of minAvailable or maxUnavailable, e.g. { maxUnavailable: 1 }');
    if (typeof budget.minAvailable === 'number' && budget.minAvailable >= floor) {
      add(out, at('disruptionBudget', 'minAvailable'), budget.minAvailable,
        `must be lower than ${hpa ? 'autoscaling.minReplicas' : 'replicas'} (${floor}), otherwise no pod can be evicted and node drains hang; lower it, raise the replicas, or use maxUnavailable: 1`);
    }
    if (budget.maxUnavailable === 0 || budget.maxUnavailable === '0%') add(out, at('disruptionBudget', 'maxUnavailable'), budget.maxUnavailable, 'blocks every node drain; use at least 1');
    if (budget.minAvailable === '100%') add(out, at('disruptionBudget', 'minAvailable'), budget.minAvailable, 'blocks every node drain; use maxUnavailable: 1');
  }
  if (s.metricsPort !== undefined && s.metricsPort === s.port) {
    add(out, at('metricsPort'), s.metricsPort, 'collides with port; serve metrics on a separate port so the load balancer never exposes them');
  }
  const res = isObject(s.resources) ? s.resources : undefined;
  for (const kind of ['cpu', 'memory'] as const) {
    const q = isObject(res?.[kind]) ? res![kind] as Record<string, unknown> : undefined;
    const size = kind === 'cpu' ? cpuMillicores : memoryBytes;
    const req = size(q?.request);
    const lim = q?.limit === undefined ? undefined : size(q.limit);
    if (req !== undefined && lim !== undefined && req > lim) {
      add(out, at('resources', kind, 'limit'), q!.limit, `is below the request (${String(q!.request)}); raise the limit or lower the request`);
    }
  }
  const ports: unknown[] = [s.port, s.metricsPort].filter((p) => typeof p === 'number');
  for (const key of ['liveness', 'readiness'] as const) {
    const p = isObject(s[key]) ? s[key] as Record<string, unknown> : undefined;
    if (p?.port !== undefined && !ports.includes(p.port)) add(out, at(key, 'port'), p.port, `is not a port the container exposes (${ports.join(', ')}); probe the service port`);
  }
  const config = isObject(s.config) ? s.config : {};
  const secretEnv = isObject(s.secretEnv) ? s.secretEnv : {};
  for (const v of Object.keys(secretEnv)) if (v in config) add(out, at('secretEnv', v), v, 'is also set in config; a variable comes from one source only');
  const secrets = Array.isArray(s.secrets) ? s.secrets.filter(isObject) : [];
  const seen = new Set<string>();
  secrets.forEach((sec, i) => {
    if (typeof sec.name === 'string') {
      if (seen.has(sec.name)) add(out, at('secrets', i, 'name'), sec.name, 'names another secret of this service already; give each secret its own name');
      seen.add(sec.name);
    }
    for (const v of Object.keys(isObject(sec.env) ? sec.env : {})) {
      if (v in config || v in secretEnv) add(out, at('secrets', i, 'env', v), v, 'is also set in config or secretEnv; a variable comes from one source only');
    }
  });
  const paths = new Set(['/tmp']);
  for (const field of ['configMapMounts', 'secretMounts'] as const) {
    const mounts = Array.isArray(s[field]) ? (s[field] as unknown[]).filter(isObject) : [];
    mounts.forEach((m, i) => {
      if (typeof m.mountPath !== 'string') return;
      if (paths.has(m.mountPath)) add(out, at(field, i, 'mountPath'), m.mountPath, 'is already mounted; use a distinct path');
      paths.add(m.mountPath);
    });
  }
  const stream = isObject(s.streaming) ? s.streaming : undefined;
  if (stream && (Array.isArray(stream.produces) ? stream.produces.length : 0) + (Array.isArray(stream.consumes) ? stream.consumes.length : 0) === 0) {
    add(out, at('streaming'), stream, 'lists no topic; name topics in produces or consumes, or remove streaming');
  }
}

/** Options of {@link catalogProblems}. */
export interface CatalogValidationOptions {
  /**
   * Values every service inherits (the catalog's `defaults`), checked like a service's.
   * @default - none
   */
  readonly defaults?: unknown;
  /**
   * The catalog's namespace (services without one live there).
   * @default - not checked
   */
  readonly namespace?: string;
}

/** Every problem of a catalog (`services` as given: any shape), none thrown. */
export function catalogProblems(services: unknown, options: CatalogValidationOptions = {}): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  if (options.namespace !== undefined) rule(nsName)(options.namespace, ['namespace'], out);
  if (!Array.isArray(services)) {
    add(out, ['services'], services, "must be a list of services, e.g. [{ name: 'orders', image: 'team/orders:v1.0.0', port: 8080, resources: { … } }]");
    return out;
  }
  if (services.length === 0) add(out, ['services'], services, 'services is empty; list at least one service');
  const defaults = options.defaults;
  if (defaults !== undefined) object(SERVICE_FIELDS)(defaults, ['defaults'], out);
  const names = new Map<string, number>();
  services.forEach((raw, i) => {
    const merged = isObject(raw) && isObject(defaults) ? { ...defaults, ...raw } : raw;
    object(SERVICE_FIELDS, ['name', 'image', 'port', 'resources'], "{ name: 'orders', image: 'team/orders:v1.0.0', port: 8080, resources: { … } }")(raw, ['services', i], out);
    if (isObject(raw) && isObject(merged)) {
      serviceProblems(merged, ['services', i], out);
      if (typeof raw.name === 'string') {
        if (names.has(raw.name)) add(out, ['services', i, 'name'], raw.name, `service name '${raw.name}' appears twice (also services[${names.get(raw.name)}]); names must be unique in a catalog`);
        else names.set(raw.name, i);
      }
    }
  });
  // References: calls to services that do not exist.
  services.forEach((raw, i) => {
    const deps = isObject(raw) && isObject(raw.dependencies) ? raw.dependencies : undefined;
    (Array.isArray(deps?.services) ? deps!.services : []).forEach((target: unknown, j: number) => {
      if (typeof target !== 'string') return;
      if (!names.has(target)) {
        const known = [...names.keys()];
        const near = known.find((k) => unknownKeyMessage(target, known).includes(`\`${k}\`?`));
        add(out, ['services', i, 'dependencies', 'services', j], target, `is not a service of the catalog${near ? `; did you mean '${near}'?` : `; add it or remove the call (services: ${known.join(', ')})`}`);
      } else if (target === (raw as Record<string, unknown>).name) {
        add(out, ['services', i, 'dependencies', 'services', j], target, 'is the service itself; a service reaches its own pods without a declaration');
      }
    });
  });
  return out;
}

/** Throws one `PlatformConfigError` ("Invalid service catalog") listing every problem of `services`. */
export function validateServiceCatalog(services: unknown, options: CatalogValidationOptions = {}): void {
  const problems = catalogProblems(services, options);
  if (problems.length > 0) throw new PlatformConfigError(problems, 'service catalog');
}

/**
 * A catalog file's contents (parsed JSON or YAML: `{ services: [...] }`, plus `x-…` extension
 * fields for YAML anchors), validated like a
 * TypeScript catalog, top-level keys included: returns the services, or throws every problem.
 */
export function parseServiceCatalog(data: unknown): ServiceSpec[] {
  const out: ConfigProblem[] = [];
  if (!isObject(data)) {
    add(out, [], data, "must be an object with a 'services' list, e.g. { services: [{ name: 'orders', … }] }");
  } else {
    // `x-…` keys are YAML extension fields (anchors shared by several services), as in Compose files.
    for (const key of Object.keys(data)) if (key !== 'services' && !key.startsWith('x-')) add(out, [key], data[key], unknownKeyMessage(key, ['services']));
    if (data.services === undefined) add(out, ['services'], undefined, "is required: the list of services, e.g. [{ name: 'orders', … }]");
    else out.push(...catalogProblems(data.services));
  }
  if (out.length > 0) throw new PlatformConfigError(out, 'service catalog');
  return (data as { services: ServiceSpec[] }).services;
}
