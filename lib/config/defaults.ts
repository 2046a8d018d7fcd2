import type { NodeGroupName, ResolvedNodeGroupConfig, ResolvedImageConfig } from './platform-config';

/** Kubernetes version the library creates clusters with unless told otherwise. */
export const DEFAULT_KUBERNETES_VERSION = '1.35';

/** Node pools from the seeds (VeryPay eksctl config), each replaceable through the configuration. */
export const DEFAULT_NODE_GROUPS: Record<NodeGroupName, ResolvedNodeGroupConfig> = {
  system: { instanceType: 't3.medium', minSize: 2, maxSize: 5, desiredSize: 3, diskSizeGiB: 50, labels: { role: 'system' }, taints: [] },
  api: {
    instanceType: 'm5.xlarge', minSize: 2, maxSize: 10, desiredSize: 3, diskSizeGiB: 100,
    labels: { role: 'api' }, taints: [{ key: 'role', value: 'api', effect: 'NoSchedule' }],
  },
  worker: { instanceType: 'c5.2xlarge', minSize: 3, maxSize: 20, desiredSize: 5, diskSizeGiB: 200, labels: { role: 'worker' }, taints: [] },
  blockchain: {
    instanceType: 'm5.4xlarge', minSize: 2, maxSize: 5, desiredSize: 2, diskSizeGiB: 500,
    labels: { role: 'blockchain' }, taints: [{ key: 'role', value: 'blockchain', effect: 'NoSchedule' }],
  },
};

/**
 * What every pool carries whatever the configuration adds: the `role: <pool>` label the workloads
 * and add-ons select, and (api, blockchain) the `role=<pool>:NoSchedule` taint that keeps other
 * pods off. Configured `labels` and `taints` are added to these, never replace them.
 */
export const POOL_PLACEMENT: Record<NodeGroupName, Pick<ResolvedNodeGroupConfig, 'labels' | 'taints'>> = {
  system: { labels: { role: 'system' }, taints: [] },
  api: { labels: { role: 'api' }, taints: [{ key: 'role', value: 'api', effect: 'NoSchedule' }] },
  worker: { labels: { role: 'worker' }, taints: [] },
  blockchain: { labels: { role: 'blockchain' }, taints: [{ key: 'role', value: 'blockchain', effect: 'NoSchedule' }] },
};

/** Third-party images pinned by this library (the seeds' `ethereum/client-go:v1.13.4` is years old and exposed `personal`). */
export const DEFAULT_IMAGES: Record<'geth' | 'lighthouse' | 'postgresClient' | 'awsCli', ResolvedImageConfig> = {
  geth: { repository: 'ethereum/client-go', tag: 'v1.17.5', digest: 'sha256:523d3ba26623a619e912019068dc2784f02934070ac46bdae4d5b9df0d917814' },
  lighthouse: { repository: 'sigp/lighthouse', tag: 'v8.2.2', digest: 'sha256:9a62bb8705455136e1cf96613460960f80dc2faa9d75b5c16a3bfcc9210dcdd1' },
  postgresClient: { repository: 'postgres', tag: '17.6-alpine', digest: 'sha256:ef257d85f76e48da1c64832459b59fcaba1a4dac97bf5d7450c77753542eee94' },
  awsCli: { repository: 'amazon/aws-cli', tag: '2.37.5', digest: 'sha256:fb7ccfc7b4e3a05017e6c9ded4ba959b99af622130e211fb976c68c2f4d3f224' },
};

export const DEFAULT_DATABASE = {
  engineVersion: '17.9',
  allowMajorVersionUpgrade: false,
  instanceClass: 'db.r6g.2xlarge',
  // Same class as the writer: the reader is the failover target (the seeds' smaller replica would
  // halve capacity right after a failover).
  readerInstanceClass: 'db.r6g.2xlarge',
  readers: 1,
  databaseName: 'payments',
  masterUsername: 'payments_admin',
  maxConnections: 1000,
  backupRetentionDays: 35,
  preferredBackupWindow: '03:00-04:00',
  preferredMaintenanceWindow: 'sun:04:00-sun:05:00',
  slowQueryMillis: 1000,
} as const;

export const DEFAULT_CACHE = {
  engine: 'valkey',
  nodeType: 'cache.r6g.xlarge',
  nodes: 3,
  snapshotRetentionDays: 35,
  snapshotWindow: '03:00-05:00',
  maintenanceWindow: 'sun:05:00-sun:07:00',
} as const;

/** Default engine version per cache engine. */
export const DEFAULT_CACHE_ENGINE_VERSION = { valkey: '8.0', redis: '7.1' } as const;

export const DEFAULT_EDGE = { rateLimitPer5Minutes: 2000, shieldAdvanced: false, healthCheckPath: '/health' } as const;

/** PCI DSS 10.5.1: audit log history of at least twelve months. */
export const PCI_MIN_LOG_RETENTION_DAYS = 365;

export const DEFAULT_RETENTION = {
  logRetentionDays: PCI_MIN_LOG_RETENTION_DAYS,
  dumpExpirationDays: 30,
  noncurrentVersionExpirationDays: 90,
} as const;

export const DEFAULT_RECOVERY = { rpoSeconds: 1, rtoMinutes: 5, approvalTimeoutMinutes: 10 } as const;

/** Environments whose Region switch executions wait for an approval by default (`recovery.approval`). */
export const PRODUCTION_ENVIRONMENTS: readonly string[] = ['prod', 'production'];
