import type { PlatformConfig } from '../../lib/config/platform-config';
import type { PaymentPlatformOptions } from '../../lib/stacks/payment-platform';

/** One everyday change: the configuration (and options) before and after. */
export interface Day2Change {
  readonly name: string;
  /** The configuration after the change (from the baseline). */
  readonly config: (base: PlatformConfig) => PlatformConfig;
  /**
   * Platform options after the change.
   * @default - the baseline's
   */
  readonly options?: PaymentPlatformOptions;
  /**
   * The configuration before the change, when it is not the baseline (e.g. adding the blockchain
   * node pool to a platform that runs without it).
   * @default - the baseline
   */
  readonly from?: (base: PlatformConfig) => PlatformConfig;
  /**
   * Rewrites the baseline's templates into the "before" of this change, when the before cannot be
   * synthesized here (an older Kubernetes version needs its kubectl layer package).
   * @default - the baseline is the before
   */
  readonly before?: (template: string) => string;
}

const withGroups = (base: PlatformConfig, groups: NonNullable<NonNullable<PlatformConfig['cluster']>['nodeGroups']>): PlatformConfig => ({
  ...base, cluster: { ...base.cluster, nodeGroups: { ...base.cluster?.nodeGroups, ...groups } },
});

const worker = { instanceType: 'c5.2xlarge', minSize: 3, maxSize: 20, desiredSize: 5, diskSizeGiB: 200 };

/** The changes platform teams make every week, each as a delta on the example configuration. */
export const DAY2_CHANGES: readonly Day2Change[] = [
  { name: 'node-group instance type (worker c5.2xlarge → c6i.2xlarge)', config: (b) => withGroups(b, { worker: { ...worker, instanceType: 'c6i.2xlarge' } }) },
  { name: 'node-group sizes (worker desired 5 → 6, max 20 → 25)', config: (b) => withGroups(b, { worker: { ...worker, desiredSize: 6, maxSize: 25 } }) },
  { name: 'database instance class (db.r6g.2xlarge → db.r6g.4xlarge)', config: (b) => ({ ...b, database: { ...b.database, instanceClass: 'db.r6g.4xlarge', readerInstanceClass: 'db.r6g.4xlarge' } }) },
  { name: 'cache node type (cache.r6g.xlarge → cache.r6g.2xlarge)', config: (b) => ({ ...b, cache: { ...b.cache, nodeType: 'cache.r6g.2xlarge' } }) },
  {
    name: 'Kubernetes minor version (1.34 → 1.35)',
    config: (b) => b,
    // The 1.34 templates differ from the 1.35 ones in the control plane's and the node groups' Version.
    before: (t) => t.replace(/"Version":"1\.35"/g, '"Version":"1.34"'),
  },
  { name: 'alarm e-mail', config: (b) => ({ ...b, alarms: { email: 'oncall-payments@example.com' } }) },
  { name: 'WAF rate limit (2000 → 1500 per 5 min)', config: (b) => ({ ...b, edge: { ...b.edge, rateLimitPer5Minutes: 1500 } }) },
  {
    name: 'add a region (sa-east-1)',
    config: (b) => ({ ...b, regions: [...b.regions, { region: 'sa-east-1', role: 'secondary', cidr: '10.3.0.0/16', availabilityZones: ['sa-east-1a', 'sa-east-1b', 'sa-east-1c'] }] }),
  },
  {
    name: 'add a catalog service (ledger)',
    config: (b) => ({ ...b, repositories: [...(b.repositories ?? []), 'ledger'] }),
    options: {
      workloads: () => ({
        services: [{
          name: 'ledger', image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/verypay/ledger:v1.0.0', port: 4010, metricsPort: 9090, replicas: 2,
          resources: { cpu: { request: '250m', limit: '500m' }, memory: { request: '256Mi', limit: '512Mi' } },
        }],
      }),
    },
  },
  {
    // The pools are the four of the seeds; the one a platform adds later is the blockchain pool.
    name: 'add a node pool (blockchain on a platform that ran without it)',
    from: (b) => ({ ...b, blockchain: false }),
    config: (b) => ({ ...b, blockchain: true }),
  },
];
