import { parseServiceCatalog, validateServiceCatalog } from '../../charts/lib/catalog-validation';
import { expectRejected, type InvalidCase } from '../support/invalid-case';

/**
 * The catalog half of the invalid-input table (the platform half is test/config/invalid-inputs.test.ts):
 * each input is rejected with one error naming the path and the fix, nothing accepted silently,
 * no stack frames. Catalogs come as data (TypeScript, JSON or YAML alike).
 */
const ok = {
  name: 'orders', image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/team/orders:v1.0.0', port: 8080,
  resources: { cpu: { request: '250m' }, memory: { request: '256Mi' } },
};
const svc = (extra: Record<string, unknown>, base: Record<string, unknown> = ok) => ({ ...base, ...extra });
const one = (extra: Record<string, unknown>) => [svc(extra)];
const two = (extra: Record<string, unknown>) => [svc({ name: 'gateway', port: 3000 }), svc(extra)];
const without = (key: string) => { const s: Record<string, unknown> = { ...ok }; delete s[key]; return [s]; };

const CASES: InvalidCase[] = [
  // Keys that are not settings: a typo never drops a setting silently.
  { what: 'autoScaling (typo of autoscaling)', input: one({ autoScaling: { minReplicas: 2, maxReplicas: 4 } }), field: 'services[0].autoScaling', fix: 'did you mean `autoscaling`?' },
  { what: 'replica (typo of replicas)', input: one({ replica: 2 }), field: 'services[0].replica', fix: 'did you mean `replicas`?' },
  { what: 'dependancies (typo of dependencies)', input: one({ dependancies: {} }), field: 'services[0].dependancies', fix: 'did you mean `dependencies`?' },
  { what: 'resource (typo of resources) and resources missing', input: [svc({ resource: ok.resources }, { name: 'orders', image: ok.image, port: 8080 })], field: 'services[0].resource', fix: 'did you mean `resources`?' },
  { what: 'a nested typo: autoscaling.maxReplica', input: one({ autoscaling: { minReplicas: 2, maxReplica: 4 } }), field: 'services[0].autoscaling.maxReplica', fix: 'did you mean `maxReplicas`?' },
  { what: 'a nested typo: resources.cpu.requests', input: one({ resources: { cpu: { requests: '1' }, memory: { request: '1Gi' } } }), field: 'services[0].resources.cpu.requests', fix: 'did you mean `request`?' },
  { what: 'a nested typo: dependencies.databse', input: one({ dependencies: { databse: {} } }), field: 'services[0].dependencies.databse', fix: 'did you mean `database`?' },
  { what: 'a nested typo: dependencies.externalHost', input: one({ dependencies: { externalHost: ['api.stripe.com'] } }), field: 'services[0].dependencies.externalHost', fix: 'did you mean `externalHosts`?' },
  { what: 'a nested typo: liveness.pth', input: one({ liveness: { pth: '/health', path: '/health' } }), field: 'services[0].liveness.pth', fix: 'did you mean `path`?' },
  { what: 'a nested typo: disruptionBudget.minAvailble', input: one({ disruptionBudget: { minAvailble: 1 } }), field: 'services[0].disruptionBudget.minAvailble', fix: 'did you mean `minAvailable`?' },
  { what: 'a nested typo: route.pat', input: one({ route: { pat: '/x', path: '/x' } }), field: 'services[0].route.pat', fix: 'did you mean `path`?' },
  { what: 'a nested typo: secrets[0].environment', input: one({ secrets: [{ name: 'psp', env: { K: 'k' }, environment: {} }] }), field: 'services[0].secrets[0].environment', fix: 'not a setting' },
  { what: 'a key with no near setting', input: one({ colour: 'blue' }), field: 'services[0].colour', fix: 'not a setting' },
  // Shape.
  { what: 'the catalog is not a list', input: { orders: ok }, field: 'services', fix: 'must be a list of services' },
  { what: 'the catalog is empty', input: [], field: 'services', fix: 'list at least one service' },
  { what: 'a service is not an object', input: ['orders'], field: 'services[0]', fix: 'must be an object' },
  { what: 'name is missing', input: without('name'), field: 'services[0].name', fix: "is required: the service's DNS-1123 name" },
  { what: 'image is missing', input: without('image'), field: 'services[0].image', fix: 'is required: a pinned image' },
  { what: 'port is missing', input: without('port'), field: 'services[0].port', fix: 'is required: the container port' },
  { what: 'resources are missing', input: without('resources'), field: 'services[0].resources', fix: 'is required: the requests' },
  { what: 'a CPU request is missing', input: one({ resources: { cpu: { limit: '1' }, memory: { request: '1Gi' } } }), field: 'services[0].resources.cpu.request', fix: 'is required' },
  // Names and images.
  { what: 'the name has capitals', input: one({ name: 'Orders' }), field: 'services[0].name', fix: 'lowercase letters, digits' },
  { what: 'the name has an underscore', input: one({ name: 'order_service' }), field: 'services[0].name', fix: "e.g. 'payments'" },
  { what: 'the name is too long', input: one({ name: 'a'.repeat(64) }), field: 'services[0].name', fix: 'at most 63' },
  { what: 'a name repeats (blamed on the second)', input: [svc({}), svc({ port: 9000 })], field: 'services[1].name', fix: 'appears twice (also services[0])' },
  { what: 'the image uses latest', input: one({ image: 'team/orders:latest' }), field: 'services[0].image', fix: "pin a version or digest, e.g. 'team/orders:v1.0.0'" },
  { what: 'the image has no tag', input: one({ image: 'registry:5000/team/orders' }), field: 'services[0].image', fix: 'has no tag' },
  { what: 'the image is not a string', input: one({ image: 42 }), field: 'services[0].image', fix: 'must be a non-empty string' },
  { what: 'the namespace is not a DNS label', input: one({ namespace: 'Team_A' }), field: 'services[0].namespace', fix: 'namespace name' },
  // Ports: a bad port is blamed on its own service.
  { what: 'the port is out of range (second service)', input: two({ port: 70000 }), field: 'services[1].port', fix: 'port number from 1 to 65535' },
  { what: 'the port is a string (YAML quoting)', input: one({ port: '8080' }), field: 'services[0].port', fix: 'port number from 1 to 65535' },
  { what: 'the port is zero', input: one({ port: 0 }), field: 'services[0].port', fix: 'port number' },
  { what: 'the metrics port collides with the port', input: one({ metricsPort: 8080 }), field: 'services[0].metricsPort', fix: 'serve metrics on a separate port' },
  { what: 'the metrics port is out of range', input: one({ metricsPort: -1 }), field: 'services[0].metricsPort', fix: 'port number' },
  { what: 'a probe targets a port the container does not expose', input: one({ readiness: { path: '/ready', port: 9999 } }), field: 'services[0].readiness.port', fix: 'probe the service port' },
  // Replicas and the HPA.
  { what: 'replicas together with autoscaling', input: one({ replicas: 3, autoscaling: { minReplicas: 2, maxReplicas: 6 } }), field: 'services[0].replicas', fix: 'set autoscaling.minReplicas to the count that must always run' },
  { what: 'replicas is zero', input: one({ replicas: 0 }), field: 'services[0].replicas', fix: 'an integer from 1 to 1000' },
  { what: 'replicas is fractional', input: one({ replicas: 2.5 }), field: 'services[0].replicas', fix: 'integer' },
  { what: 'maxReplicas below minReplicas', input: one({ autoscaling: { minReplicas: 5, maxReplicas: 3 } }), field: 'services[0].autoscaling.maxReplicas', fix: 'must be at least autoscaling.minReplicas (5)' },
  { what: 'minReplicas missing', input: one({ autoscaling: { maxReplicas: 3 } }), field: 'services[0].autoscaling.minReplicas', fix: 'is required: the HPA floor' },
  { what: 'minReplicas is zero', input: one({ autoscaling: { minReplicas: 0, maxReplicas: 3 } }), field: 'services[0].autoscaling.minReplicas', fix: 'an integer from 1' },
  { what: 'a CPU target above 100 %', input: one({ autoscaling: { minReplicas: 2, maxReplicas: 4, cpuUtilization: 150 } }), field: 'services[0].autoscaling.cpuUtilization', fix: 'a percentage' },
  { what: 'a memory target of 0 %', input: one({ autoscaling: { minReplicas: 2, maxReplicas: 4, memoryUtilization: 0 } }), field: 'services[0].autoscaling.memoryUtilization', fix: 'from 1 to 100' },
  { what: 'a target given as a string', input: one({ autoscaling: { minReplicas: 2, maxReplicas: 4, cpuUtilization: '70%' } }), field: 'services[0].autoscaling.cpuUtilization', fix: 'a percentage' },
  // Disruption budgets.
  { what: 'PDB minAvailable equals the HPA floor', input: one({ autoscaling: { minReplicas: 2, maxReplicas: 6 }, disruptionBudget: { minAvailable: 2 } }), field: 'services[0].disruptionBudget.minAvailable', fix: 'node drains hang' },
  { what: 'PDB minAvailable equals the fixed replicas', input: one({ replicas: 2, disruptionBudget: { minAvailable: 2 } }), field: 'services[0].disruptionBudget.minAvailable', fix: 'must be lower than replicas (2)' },
  { what: 'PDB with both fields', input: one({ disruptionBudget: { minAvailable: 1, maxUnavailable: 1 } }), field: 'services[0].disruptionBudget', fix: 'exactly one of minAvailable or maxUnavailable' },
  { what: 'PDB with neither field', input: one({ disruptionBudget: {} }), field: 'services[0].disruptionBudget', fix: 'exactly one of minAvailable or maxUnavailable' },
  { what: 'PDB maxUnavailable 0', input: one({ disruptionBudget: { maxUnavailable: 0 } }), field: 'services[0].disruptionBudget.maxUnavailable', fix: 'use at least 1' },
  { what: 'PDB minAvailable 100%', input: one({ disruptionBudget: { minAvailable: '100%' } }), field: 'services[0].disruptionBudget.minAvailable', fix: 'use maxUnavailable: 1' },
  { what: 'PDB value not a percentage', input: one({ disruptionBudget: { maxUnavailable: 'half' } }), field: 'services[0].disruptionBudget.maxUnavailable', fix: "a percentage like '50%'" },
  // Resources.
  { what: "cpu: '500' (meant 500m)", input: one({ resources: { cpu: { request: '500' }, memory: { request: '1Gi' } } }), field: 'services[0].resources.cpu.request', fix: "is 500 CPUs, more than any node has; did you mean '500m'?" },
  { what: 'a CPU request with a space', input: one({ resources: { cpu: { request: '250 m' }, memory: { request: '1Gi' } } }), field: 'services[0].resources.cpu.request', fix: "such as '250m'" },
  { what: 'a CPU request of zero', input: one({ resources: { cpu: { request: '0' }, memory: { request: '1Gi' } } }), field: 'services[0].resources.cpu.request', fix: 'greater than 0' },
  { what: "memory '512M' (decimal megabytes; the chart renders binary units)", input: one({ resources: { cpu: { request: '1' }, memory: { request: '512M' } } }), field: 'services[0].resources.memory.request', fix: "whole number of Ki, Mi or Gi" },
  { what: "memory '1GB' (not a Kubernetes unit)", input: one({ resources: { cpu: { request: '1' }, memory: { request: '1GB' } } }), field: 'services[0].resources.memory.request', fix: "such as '512Mi'" },
  { what: "memory '512m' (milli, not mega)", input: one({ resources: { cpu: { request: '1' }, memory: { request: '512m' } } }), field: 'services[0].resources.memory.request', fix: "'m' is milli, not mega" },
  { what: 'a CPU limit below the request', input: one({ resources: { cpu: { request: '2', limit: '500m' }, memory: { request: '1Gi' } } }), field: 'services[0].resources.cpu.limit', fix: 'is below the request (2)' },
  { what: 'a memory limit below the request', input: one({ resources: { cpu: { request: '1' }, memory: { request: '2Gi', limit: '1Gi' } } }), field: 'services[0].resources.memory.limit', fix: 'raise the limit or lower the request' },
  { what: 'tmpSizeLimit is not a quantity', input: one({ tmpSizeLimit: 'big' }), field: 'services[0].tmpSizeLimit', fix: 'memory quantity' },
  // Probes.
  { what: 'a relative probe path', input: one({ readiness: { path: 'ready' } }), field: 'services[0].readiness.path', fix: "must start with '/'" },
  { what: 'a probe without a path', input: one({ liveness: { periodSeconds: 10 } }), field: 'services[0].liveness.path', fix: 'is required' },
  { what: 'a probe period of zero', input: one({ readiness: { path: '/ready', periodSeconds: 0 } }), field: 'services[0].readiness.periodSeconds', fix: 'an integer from 1' },
  { what: 'a relative health-check path', input: one({ healthCheckPath: 'health' }), field: 'services[0].healthCheckPath', fix: "must start with '/'" },
  // Environment and mounts.
  { what: 'a config value that is a number (YAML)', input: one({ config: { PORT: 3000 } }), field: 'services[0].config.PORT', fix: "quote numbers in YAML" },
  { what: 'a config key that is not a variable name', input: one({ config: { 'log-level': 'info' } }), field: 'services[0].config.log-level', fix: 'environment variable name' },
  { what: 'a variable from config and a secret', input: one({ config: { TOKEN: 'x' }, secretEnv: { TOKEN: { secret: 's', key: 'k' } } }), field: 'services[0].secretEnv.TOKEN', fix: 'from one source only' },
  { what: 'a secretEnv without its key', input: one({ secretEnv: { TOKEN: { secret: 's' } } }), field: 'services[0].secretEnv.TOKEN.key', fix: 'is required' },
  { what: 'a relative mount path', input: one({ configMapMounts: [{ configMap: 'c', mountPath: 'app' }] }), field: 'services[0].configMapMounts[0].mountPath', fix: 'absolute path' },
  { what: 'a mount over /tmp', input: one({ configMapMounts: [{ configMap: 'c', mountPath: '/tmp' }] }), field: 'services[0].configMapMounts[0].mountPath', fix: 'is already mounted' },
  { what: 'a relative secret mount path', input: one({ secretMounts: [{ secret: 'psp-keys', mountPath: 'psp' }] }), field: 'services[0].secretMounts[0].mountPath', fix: 'absolute path' },
  { what: 'a secret mounted over a ConfigMap', input: one({ configMapMounts: [{ configMap: 'c', mountPath: '/etc/x' }], secretMounts: [{ secret: 's', mountPath: '/etc/x' }] }), field: 'services[0].secretMounts[0].mountPath', fix: 'is already mounted' },
  { what: 'a secret mount without the secret', input: one({ secretMounts: [{ mountPath: '/etc/psp' }] }), field: 'services[0].secretMounts[0].secret', fix: 'a Secret name' },
  { what: 'a priority class that is no Kubernetes name', input: one({ priorityClassName: 'Payment_High' }), field: 'services[0].priorityClassName', fix: 'lowercase' },
  { what: 'runAsUser is root', input: one({ runAsUser: 0 }), field: 'services[0].runAsUser', fix: 'a non-system UID' },
  // Scheduling and labels.
  { what: 'a toleration effect that does not exist', input: one({ tolerations: [{ key: 'role', value: 'api', effect: 'NoScheduling' }] }), field: 'services[0].tolerations[0].effect', fix: "'NoSchedule', 'PreferNoSchedule' or 'NoExecute'" },
  { what: 'a toleration without a value', input: one({ tolerations: [{ key: 'role', effect: 'NoSchedule' }] }), field: 'services[0].tolerations[0].value', fix: 'is required' },
  { what: 'a node selector value with a space', input: one({ nodeSelector: { role: 'api pool' } }), field: 'services[0].nodeSelector.role', fix: 'invalid Kubernetes label value' },
  { what: 'a label key with two slashes', input: one({ labels: { 'a/b/c': 'x' } }), field: 'services[0].labels.a/b/c', fix: 'invalid Kubernetes label key' },
  // Network rules.
  { what: 'a malformed CIDR in egress', input: one({ egress: [{ peers: [{ cidr: '10.0.0.0/33' }] }] }), field: 'services[0].egress[0].peers[0].cidr', fix: '10.0.0.0/16' },
  { what: 'an egress rule without peers', input: one({ egress: [{ ports: [{ port: 443 }] }] }), field: 'services[0].egress[0].peers', fix: 'is required' },
  { what: 'an ingress port out of range', input: one({ ingress: [{ peers: [{ service: 'gateway' }], ports: [{ port: 99999 }] }] }), field: 'services[0].ingress[0].ports[0].port', fix: 'port number' },
  { what: 'a protocol that is not TCP or UDP', input: one({ egress: [{ peers: [{ cidr: '10.0.0.0/16' }], ports: [{ port: 53, protocol: 'ICMP' }] }] }), field: 'services[0].egress[0].ports[0].protocol', fix: "'TCP', 'UDP'" },
  // Dependencies.
  { what: 'a call to a service that is not in the catalog (near a name)', input: two({ dependencies: { services: ['gatway'] } }), field: 'services[1].dependencies.services[0]', fix: "did you mean 'gateway'?" },
  { what: 'a call to an unknown service', input: two({ dependencies: { services: ['ledger'] } }), field: 'services[1].dependencies.services[0]', fix: 'add it or remove the call' },
  { what: 'a service calling itself', input: one({ dependencies: { services: ['orders'] } }), field: 'services[0].dependencies.services[0]', fix: 'is the service itself' },
  { what: 'an external host with a scheme', input: one({ dependencies: { externalHosts: ['https://api.razorpay.com'] } }), field: 'services[0].dependencies.externalHosts[0]', fix: "no scheme, port or path" },
  { what: 'an external host with a port', input: one({ dependencies: { externalHosts: ['api.stripe.com:443'] } }), field: 'services[0].dependencies.externalHosts[0]', fix: "e.g. 'api.razorpay.com'" },
  { what: 'external hosts as a string', input: one({ dependencies: { externalHosts: 'api.stripe.com' } }), field: 'services[0].dependencies.externalHosts', fix: 'must be a list' },
  { what: 'a database user that is not an SQL identifier', input: one({ dependencies: { database: { user: 'Orders-Svc' } } }), field: 'services[0].dependencies.database.user', fix: 'lowercase SQL identifier' },
  { what: 'a database access level that does not exist', input: one({ dependencies: { database: { access: 'admin' } } }), field: 'services[0].dependencies.database.access', fix: "'read-write', 'read-only', 'schema-owner'" },
  { what: 'cache given as a string', input: one({ dependencies: { cache: 'yes' } }), field: 'services[0].dependencies.cache', fix: 'must be true or false' },
  { what: 'streaming without a topic', input: one({ streaming: {} }), field: 'services[0].streaming', fix: 'lists no topic' },
  { what: 'a topic with a space', input: one({ streaming: { produces: ['payment events'] } }), field: 'services[0].streaming.produces[0]', fix: 'Kafka name' },
  // Secrets and routes.
  { what: 'a secret without env', input: one({ secrets: [{ name: 'psp' }] }), field: 'services[0].secrets[0].env', fix: 'is required' },
  { what: 'a secret name that is not a DNS label', input: one({ secrets: [{ name: 'PSP_keys', env: { K: 'k' } }] }), field: 'services[0].secrets[0].name', fix: 'secret name' },
  { what: 'two secrets with one name', input: one({ secrets: [{ name: 'psp', env: { A: 'a' } }, { name: 'psp', env: { B: 'b' } }] }), field: 'services[0].secrets[1].name', fix: 'give each secret its own name' },
  { what: 'a secret variable also in config', input: one({ config: { KEY: 'x' }, secrets: [{ name: 'psp', env: { KEY: 'k' } }] }), field: 'services[0].secrets[0].env.KEY', fix: 'from one source only' },
  { what: "a route at '/' (the gateway's)", input: one({ route: { path: '/' } }), field: 'services[0].route.path', fix: "other than '/'" },
  { what: 'a route health-check timeout of 1 s', input: one({ route: { path: '/orders', healthCheckTimeoutSeconds: 1 } }), field: 'services[0].route.healthCheckTimeoutSeconds', fix: 'from 2 to 120' },
  { what: 'an IAM role that is not an ARN', input: one({ iamRoleArn: 'orders-role' }), field: 'services[0].iamRoleArn', fix: 'IAM role ARN' },
];

describe('invalid catalog inputs are rejected with the path and the fix', () => {
  test.each(CASES.map((c) => [c.what, c] as const))('%s', (_what, c) => {
    expectRejected(() => validateServiceCatalog(c.input), c);
  });
});

describe('catalog files (JSON/YAML) too', () => {
  const FILE_CASES: InvalidCase[] = [
    { what: 'a top-level typo', input: { servcies: [ok] }, field: 'servcies', fix: 'did you mean `services`?' },
    { what: 'no services list', input: {}, field: 'services', fix: 'is required' },
    { what: 'a service typo inside a file', input: { services: [svc({ autoScaling: {} })] }, field: 'services[0].autoScaling', fix: 'did you mean `autoscaling`?' },
    { what: 'the file is a list, not an object', input: [ok], field: '(config)', fix: "with a 'services' list" },
  ];
  test.each(FILE_CASES.map((c) => [c.what, c] as const))('%s', (_what, c) => {
    expectRejected(() => parseServiceCatalog(c.input), c);
  });

  test('x- extension fields (YAML anchors) are not settings and pass', () => {
    expect(parseServiceCatalog({ 'x-requests': { cpu: '1' }, services: [ok] })).toEqual([ok]);
  });
});

test('every problem at once: three services, four problems, one error', () => {
  const input = [svc({ port: 70000 }), svc({ name: 'b', autoScaling: {} }), svc({ name: 'c', replicas: 3, autoscaling: { minReplicas: 2, maxReplicas: 1 } })];
  let error: unknown;
  try { validateServiceCatalog(input); } catch (e) { error = e; }
  expect((error as { problems: { field: string }[] }).problems.map((p) => p.field)).toEqual([
    'services[0].port', 'services[1].autoScaling', 'services[2].autoscaling.maxReplicas', 'services[2].replicas',
  ]);
  expect((error as Error).message).toMatch(/^Invalid service catalog \(4 problems\):\n {2}- services\[0\]\.port: /);
});

test('a valid catalog passes (the table tests the checks, not a validator that rejects everything)', () => {
  expect(() => validateServiceCatalog([ok, svc({
    name: 'gateway', port: 3000, autoscaling: { minReplicas: 3, maxReplicas: 10, cpuUtilization: 70 }, disruptionBudget: { minAvailable: 2 },
    dependencies: { database: {}, cache: true, externalHosts: ['api.razorpay.com'], services: ['orders'] },
    secrets: [{ name: 'razorpay', env: { RAZORPAY_KEY_ID: 'key_id' } }], route: { path: '/api/v1/orders' },
  })])).not.toThrow();
});

test(`the table holds at least 60 catalog cases (${CASES.length + 4})`, () => {
  expect(CASES.length + 4).toBeGreaterThanOrEqual(60);
});
