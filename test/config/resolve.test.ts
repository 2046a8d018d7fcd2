import { examplePlatformConfig } from '../../bin/example-config';
import { resolvePlatformConfig } from '../../lib/config/resolve';
import type { PlatformConfig } from '../../lib/config/platform-config';

describe('resolvePlatformConfig', () => {
  test('fills the seeds defaults into the example', () => {
    const cfg = resolvePlatformConfig(examplePlatformConfig);
    expect(cfg.cluster.kubernetesVersion).toBe('1.35');
    expect(cfg.cluster.nodeGroups.api).toEqual(expect.objectContaining({
      instanceType: 'm5.xlarge', minSize: 2, maxSize: 10, taints: [{ key: 'role', value: 'api', effect: 'NoSchedule' }],
    }));
    expect(cfg.database).toEqual(expect.objectContaining({ instanceClass: 'db.r6g.2xlarge', maxConnections: 1000, engineVersion: '17.9' }));
    expect(cfg.cache).toEqual(expect.objectContaining({ engine: 'valkey', snapshotWindow: '03:00-05:00' }));
    // Settings only a construct uses are passed through undecided: the construct's @default applies
    // (test/data/database-config.test.ts checks the synthesized values).
    expect([cfg.database.readerInstanceClass, cfg.database.backupRetentionDays, cfg.cache.engineVersion, cfg.cache.nodes, cfg.cache.snapshotRetentionDays])
      .toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(cfg.regions.map((r) => r.natGateways)).toEqual([3, 3, 3]);
    expect(cfg.retention.logRetentionDays).toBe(365);
  });

  test('a node group given in the configuration replaces the default, with role label by default', () => {
    const cfg = resolvePlatformConfig({
      ...examplePlatformConfig,
      cluster: { nodeGroups: { worker: { instanceType: 'c6i.2xlarge', minSize: 1, maxSize: 4, diskSizeGiB: 100 } } },
    });
    expect(cfg.cluster.nodeGroups.worker).toEqual({
      instanceType: 'c6i.2xlarge', minSize: 1, maxSize: 4, desiredSize: 1, diskSizeGiB: 100, labels: { role: 'worker' }, taints: [],
    });
  });

  test('the blockchain is on by default, with all four node groups', () => {
    const cfg = resolvePlatformConfig(examplePlatformConfig);
    expect(cfg.blockchain).toBe(true);
    expect(Object.keys(cfg.cluster.nodeGroups)).toEqual(['system', 'api', 'worker', 'blockchain']);
    expect(cfg.cluster.nodeGroups.blockchain).toEqual(expect.objectContaining({ instanceType: 'm5.4xlarge', labels: { role: 'blockchain' } }));
  });

  test('blockchain: false resolves without the blockchain node group', () => {
    const cfg = resolvePlatformConfig({
      ...examplePlatformConfig,
      blockchain: false,
      cluster: { nodeGroups: { worker: { instanceType: 'c6i.2xlarge', minSize: 1, maxSize: 4, diskSizeGiB: 100 } } },
    });
    expect(cfg.blockchain).toBe(false);
    expect(Object.keys(cfg.cluster.nodeGroups)).toEqual(['system', 'api', 'worker']);
    expect(cfg.cluster.nodeGroups.blockchain).toBeUndefined();
    expect(cfg.cluster.nodeGroups.worker.instanceType).toBe('c6i.2xlarge');
  });

  test('fails when blockchain is false and the blockchain node group is configured', () => {
    expect(() => resolvePlatformConfig({
      ...examplePlatformConfig,
      blockchain: false,
      cluster: { nodeGroups: { blockchain: { instanceType: 'm5.4xlarge', minSize: 2, maxSize: 5, diskSizeGiB: 500 } } },
    })).toThrow(/cluster\.nodeGroups\.blockchain: is configured but blockchain is false.*remove cluster\.nodeGroups\.blockchain or set blockchain: true/);
  });

  test('repositories: the built-in services, then a team\'s own, each once', () => {
    expect(resolvePlatformConfig(examplePlatformConfig).repositories).toEqual(['api-gateway', 'payment-service']);
    expect(resolvePlatformConfig({ ...examplePlatformConfig, repositories: ['ledger-service', 'api-gateway', 'fx-service'] }).repositories)
      .toEqual(['api-gateway', 'payment-service', 'ledger-service', 'fx-service']);
  });

  test('fails when the name has illegal characters, naming the field and the value', () => {
    expect(() => resolvePlatformConfig({ ...examplePlatformConfig, name: 'Very_Pay' })).toThrow(/name: .*lowercase.*\(got "Very_Pay"\)/);
  });
});

describe('recovery defaults (Region switch)', () => {
  const resolveWith = (patch: Partial<PlatformConfig>) => resolvePlatformConfig({ ...examplePlatformConfig, ...patch });
  test('production waits for an approval; the RTO is 5 minutes and the approval times out after 10', () => {
    expect(resolveWith({ environment: 'prod', recovery: undefined }).recovery).toEqual({ rpoSeconds: 1, rtoMinutes: 5, approval: true, approvalTimeoutMinutes: 10 });
    expect(resolveWith({ environment: 'production' }).recovery.approval).toBe(true);
  });
  test('other environments run without approval unless the configuration asks for it', () => {
    expect(resolveWith({ environment: 'staging' }).recovery.approval).toBe(false);
    expect(resolveWith({ environment: 'staging', recovery: { approval: true } }).recovery.approval).toBe(true);
    expect(resolveWith({ environment: 'prod', recovery: { approval: false, rtoMinutes: 4 } }).recovery).toMatchObject({ approval: false, rtoMinutes: 4 });
  });
});
