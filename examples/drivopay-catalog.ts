import type { ResourceSpec, ServiceSpec } from '../charts/lib/service-spec';

/**
 * DrivoPay's ten services (seed 002, "Service Details") as data for `ServiceCatalog`: ports,
 * replicas, HPA ranges and per-pod resources from the seed (requests = the seed's figure, limits =
 * twice that). The seed gives no PDBs; every autoscaled service keeps at most one pod down
 * (`maxUnavailable: 1`). Calls follow the seed's diagram and are declared on the callee.
 *
 * The seed-faithful catalog (no invented limits, PDBs or metrics ports; what each service uses) is
 * `examples/catalogs/drivopay.yaml`, which the DrivoPay example app runs; this one stays as the
 * TypeScript form of the same services, with calls declared on the callee.
 *
 * No new code: `new ServiceCatalog(chart, 'DrivoPay', { namespace: 'drivopay', services:
 * drivoPayCatalog('123456789012.dkr.ecr.ap-south-1.amazonaws.com/drivopay', 'v2.4.0') })`.
 */
function resources(cpuMillis: number, memoryMi: number): ResourceSpec {
  return {
    cpu: { request: `${cpuMillis}m`, limit: `${cpuMillis * 2}m` },
    memory: { request: `${memoryMi}Mi`, limit: `${memoryMi * 2}Mi` },
  };
}

const from = (...services: string[]) => [{ peers: services.map((service) => ({ service })) }];

export function drivoPayCatalog(registry: string, tag: string): ServiceSpec[] {
  const svc = (name: string, port: number, min: number, max: number | undefined, cpu: number, mem: number, callers: string[]): ServiceSpec => ({
    name,
    image: `${registry}/${name}:${tag}`,
    port,
    metricsPort: 9090,
    // A fixed count only without an HPA (the HPA owns the count otherwise).
    replicas: max === undefined ? min : undefined,
    autoscaling: max !== undefined ? { minReplicas: min, maxReplicas: max } : undefined,
    disruptionBudget: { maxUnavailable: 1 },
    resources: resources(cpu, mem),
    ingress: callers.length > 0 ? from(...callers) : undefined,
  });
  return [
    {
      ...svc('api-gateway', 3000, 3, 10, 500, 512, ['web-dashboard']),
      readiness: { path: '/api/v1/health/ready' },
      healthCheckPath: '/api/v1/health/ready',
    },
    svc('auth-service', 4001, 3, 8, 300, 256, ['api-gateway']),
    svc('wallet-service', 4002, 3, 10, 500, 512, ['api-gateway', 'platform-integration-service']),
    svc('payment-service', 4003, 3, 10, 500, 512, ['api-gateway']),
    svc('transaction-service', 4004, 3, 8, 400, 384, ['api-gateway', 'wallet-service', 'payment-service']),
    svc('platform-integration-service', 4005, 2, 6, 300, 256, ['api-gateway']),
    svc('notification-service', 4006, 2, 6, 300, 256, ['api-gateway', 'payment-service', 'auth-service']),
    svc('audit-service', 4007, 2, 4, 200, 256, ['api-gateway', 'transaction-service']),
    svc('web-dashboard', 4008, 2, 4, 400, 512, []),
    // Core API (legacy Go): two fixed replicas, no HPA in the seed.
    svc('core-api', 5000, 2, undefined, 300, 256, ['api-gateway']),
  ];
}
