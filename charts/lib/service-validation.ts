import { assertPinnedImage, DEFAULT_RUN_AS_USER } from './security';
import { cpuMillis, memoryMebibytes } from './quantities';
import type { DisruptionBudgetSpec, HttpProbeSpec, ServiceSpec } from './service-spec';

/**
 * Validation of a `ServiceSpec`, run by the `WorkloadService` constructor before anything is
 * created. Every error names the service, the field, the value and the fix.
 */

const DNS_LABEL = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
const PERCENT = /^(\d{1,3})%$/;

function fail(spec: Pick<ServiceSpec, 'name'>, field: string, message: string): never {
  throw new Error(`WorkloadService '${spec.name}': ${field} ${message}`);
}

function assertPort(spec: ServiceSpec, field: string, port: number): void {
  if (!Number.isInteger(port) || port < 1 || port > 65535) fail(spec, field, `is ${port}; use a port number between 1 and 65535.`);
}

/** The replica count the workload can fall to: the HPA minimum, else the fixed count. */
export function replicaFloor(spec: ServiceSpec): number {
  return spec.autoscaling?.minReplicas ?? spec.replicas ?? 2;
}

function validateBudget(spec: ServiceSpec, budget: DisruptionBudgetSpec): void {
  const given = [budget.minAvailable, budget.maxUnavailable].filter((v) => v !== undefined);
  if (given.length !== 1) {
    fail(spec, 'disruptionBudget', `must set exactly one of minAvailable or maxUnavailable (got ${JSON.stringify(budget)}).`);
  }
  const floor = replicaFloor(spec);
  const check = (field: 'minAvailable' | 'maxUnavailable', value: number | string): void => {
    if (typeof value === 'string') {
      const m = PERCENT.exec(value);
      if (!m || Number(m[1]) > 100) fail(spec, `disruptionBudget.${field}`, `is '${value}'; use a count or a percentage like '50%'.`);
      const pct = Number(m[1]);
      if (field === 'maxUnavailable' && pct === 0) fail(spec, 'disruptionBudget.maxUnavailable', `is '0%', which blocks every node drain; use at least 1.`);
      if (field === 'minAvailable' && pct === 100) fail(spec, 'disruptionBudget.minAvailable', `is '100%', which blocks every node drain; use maxUnavailable: 1.`);
      return;
    }
    if (!Number.isInteger(value) || value < 0) fail(spec, `disruptionBudget.${field}`, `is ${value}; use a non-negative integer.`);
    if (field === 'maxUnavailable' && value < 1) fail(spec, 'disruptionBudget.maxUnavailable', `is ${value}, which blocks every node drain; use at least 1.`);
    if (field === 'minAvailable' && value >= floor) {
      const source = spec.autoscaling ? `autoscaling.minReplicas (${floor})` : `replicas (${floor})`;
      fail(spec, 'disruptionBudget.minAvailable', `(${value}) must be lower than ${source}, otherwise no pod can ever be evicted and node drains hang; lower minAvailable, raise the replicas, or use maxUnavailable: 1.`);
    }
  };
  if (budget.minAvailable !== undefined) check('minAvailable', budget.minAvailable);
  if (budget.maxUnavailable !== undefined) check('maxUnavailable', budget.maxUnavailable);
}

function validateProbe(spec: ServiceSpec, field: string, probe: HttpProbeSpec | undefined): void {
  if (!probe) return;
  if (!probe.path.startsWith('/')) fail(spec, `${field}.path`, `is '${probe.path}'; it must start with '/'.`);
  const port = probe.port ?? spec.port;
  const ports = [spec.port, spec.metricsPort].filter((p): p is number => p !== undefined);
  if (!ports.includes(port)) fail(spec, `${field}.port`, `is ${port}, which the container does not expose (ports: ${ports.join(', ')}); probe the service port.`);
  for (const key of ['initialDelaySeconds', 'periodSeconds', 'timeoutSeconds', 'failureThreshold'] as const) {
    const v = probe[key];
    if (v !== undefined && (!Number.isInteger(v) || v < (key === 'initialDelaySeconds' ? 0 : 1))) fail(spec, `${field}.${key}`, `is ${v}; use a positive integer.`);
  }
}

function validateResources(spec: ServiceSpec): void {
  const { cpu, memory } = spec.resources;
  const cpuReq = cpuMillis(cpu.request, `WorkloadService '${spec.name}': resources.cpu.request`);
  const cpuLim = cpu.limit !== undefined ? cpuMillis(cpu.limit, `WorkloadService '${spec.name}': resources.cpu.limit`) : Infinity;
  const memReq = memoryMebibytes(memory.request, `WorkloadService '${spec.name}': resources.memory.request`);
  const memLim = memory.limit !== undefined ? memoryMebibytes(memory.limit, `WorkloadService '${spec.name}': resources.memory.limit`) : Infinity;
  if (cpuReq <= 0 || memReq <= 0) fail(spec, 'resources', 'requests must be greater than zero (the HPA computes utilization from them).');
  if (cpuReq > cpuLim) fail(spec, 'resources.cpu', `request (${cpu.request}) exceeds the limit (${cpu.limit}); lower the request or raise the limit.`);
  if (memReq > memLim) fail(spec, 'resources.memory', `request (${memory.request}) exceeds the limit (${memory.limit}); lower the request or raise the limit.`);
}

/** Throws on the first problem of `spec`. */
export function validateServiceSpec(spec: ServiceSpec): void {
  if (!DNS_LABEL.test(spec.name)) {
    throw new Error(`WorkloadService: name '${spec.name}' is not a DNS-1123 label (lowercase letters, digits, '-', at most 63 characters, starting with a letter).`);
  }
  assertPinnedImage(spec.image, `WorkloadService '${spec.name}': image`);
  assertPort(spec, 'port', spec.port);
  if (spec.metricsPort !== undefined) {
    assertPort(spec, 'metricsPort', spec.metricsPort);
    if (spec.metricsPort === spec.port) fail(spec, 'metricsPort', `(${spec.metricsPort}) collides with port; serve metrics on a separate port so the load balancer never exposes them.`);
  }
  if (spec.replicas !== undefined && (!Number.isInteger(spec.replicas) || spec.replicas < 1)) {
    fail(spec, 'replicas', `is ${spec.replicas}; use a positive integer.`);
  }
  const hpa = spec.autoscaling;
  if (hpa) {
    if (!Number.isInteger(hpa.minReplicas) || hpa.minReplicas < 1) fail(spec, 'autoscaling.minReplicas', `is ${hpa.minReplicas}; use a positive integer.`);
    if (!Number.isInteger(hpa.maxReplicas) || hpa.maxReplicas < hpa.minReplicas) {
      fail(spec, 'autoscaling.maxReplicas', `(${hpa.maxReplicas}) must be an integer ≥ minReplicas (${hpa.minReplicas}).`);
    }
    if (spec.replicas !== undefined) {
      fail(spec, 'replicas', `(${spec.replicas}) is set together with autoscaling (${hpa.minReplicas}–${hpa.maxReplicas}); the HPA owns the count and the Deployment has none, ` +
        `so drop replicas, set autoscaling.minReplicas to the count that must always run, or drop autoscaling for a fixed count.`);
    }
    for (const key of ['cpuUtilization', 'memoryUtilization'] as const) {
      const v = hpa[key];
      if (v !== undefined && (!Number.isInteger(v) || v < 1 || v > 100)) fail(spec, `autoscaling.${key}`, `is ${v}; use a percentage between 1 and 100.`);
    }
  }
  if (spec.disruptionBudget) validateBudget(spec, spec.disruptionBudget);
  validateResources(spec);
  validateProbe(spec, 'liveness', spec.liveness);
  validateProbe(spec, 'readiness', spec.readiness);
  const user = spec.runAsUser ?? DEFAULT_RUN_AS_USER;
  if (!Number.isInteger(user) || user < 1000) fail(spec, 'runAsUser', `is ${user}; run as a non-system UID ≥ 1000 (default ${DEFAULT_RUN_AS_USER}).`);
  const mountPaths = new Set<string>(['/tmp']);
  (spec.configMapMounts ?? []).forEach((m, i) => {
    if (!m.mountPath.startsWith('/')) fail(spec, `configMapMounts[${i}].mountPath`, `is '${m.mountPath}'; use an absolute path.`);
    if (mountPaths.has(m.mountPath)) fail(spec, `configMapMounts[${i}].mountPath`, `'${m.mountPath}' is already mounted; use a distinct path.`);
    mountPaths.add(m.mountPath);
  });
  (spec.secretMounts ?? []).forEach((m, i) => {
    if (!m.mountPath.startsWith('/')) fail(spec, `secretMounts[${i}].mountPath`, `is '${m.mountPath}'; use an absolute path.`);
    if (mountPaths.has(m.mountPath)) fail(spec, `secretMounts[${i}].mountPath`, `'${m.mountPath}' is already mounted; use a distinct path.`);
    mountPaths.add(m.mountPath);
  });
  const configKeys = new Set(Object.keys(spec.config ?? {}));
  for (const variable of Object.keys(spec.secretEnv ?? {})) {
    if (configKeys.has(variable)) fail(spec, `secretEnv.${variable}`, `is also set in config; a variable comes from one source only.`);
  }
}
