import type { PlatformConfig, WorkloadsPropsOverrides } from '../../lib';
import { loadCatalog } from '../catalogs/load';

/**
 * A DrivoPay-like platform (seed 002): the seed runs in Mumbai (GCP asia-south1); here ap-south-1
 * serves traffic and ap-south-2 (Hyderabad) stands by, so data stays in India. No blockchain
 * (`blockchain: false`: no geth, no blockchain node group or secrets): the workloads are the
 * ten-service catalog of `examples/catalogs/drivopay.yaml` (the seed's values).
 */
export const drivoPayConfig: PlatformConfig = {
  name: 'drivopay',
  environment: 'prod',
  account: '210987654321',
  costCenter: 'drivopay-platform',
  blockchain: false,
  regions: [
    { region: 'ap-south-1', role: 'primary', cidr: '10.30.0.0/16', availabilityZones: ['ap-south-1a', 'ap-south-1b', 'ap-south-1c'] },
    { region: 'ap-south-2', role: 'secondary', cidr: '10.31.0.0/16', availabilityZones: ['ap-south-2a', 'ap-south-2b', 'ap-south-2c'] },
  ],
  domain: { zoneName: 'drivopay.example.com' },
  // Approved (production) Region switch executions are expected to take 330 s: a 6-minute objective.
  recovery: { rtoMinutes: 6 },
  images: {
    apiGateway: { tag: 'v2.4.0' },
    paymentService: { tag: 'v2.4.0' },
  },
  // ECR repositories drivopay/<service> for the rest of the catalog (api-gateway and
  // payment-service are built in).
  repositories: [
    'auth-service', 'wallet-service', 'transaction-service', 'platform-integration-service',
    'notification-service', 'audit-service', 'web-dashboard', 'core-api',
  ],
  // The seed's Cloud SQL (db-custom-4-16384) and Memorystore (5 GB) sizes.
  database: { instanceClass: 'db.r6g.xlarge', readerInstanceClass: 'db.r6g.xlarge' },
  cache: { nodeType: 'cache.r6g.large', nodes: 2 },
  alarms: { email: 'platform-oncall@drivopay.example.com' },
  // DrivoPay's gateway answers readiness (database and cache reachable) on its own path; the ALB
  // and Route 53 probe it (the catalog's api-gateway declares the same healthCheckPath).
  edge: { rateLimitPer5Minutes: 1000, pathRateLimits: [{ path: '/v1/wallet', limit: 200 }], healthCheckPath: '/api/v1/health/ready' },
};

/** The release all ten services run. */
export const DRIVOPAY_RELEASE = 'v2.4.0';

/**
 * What DrivoPay changes in the library's `PaymentWorkloads` chart of a region: the ten-service
 * catalog (`examples/catalogs/drivopay.yaml`) replaces the built-in api-gateway and payment-service
 * (`builtInServices: false`; the catalog's api-gateway is the Ingress backend). Images come from the region's ECR repositories
 * `drivopay/<service>`.
 */
export function drivoPayWorkloads(region: string): WorkloadsPropsOverrides {
  const registry = `${drivoPayConfig.account}.dkr.ecr.${region}.amazonaws.com/${drivoPayConfig.name}`;
  return { builtInServices: false, services: loadCatalog('drivopay.yaml', registry) };
}
