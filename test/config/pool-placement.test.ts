import { examplePlatformConfig } from '../../bin/example-config';
import type { NodeGroupConfig } from '../../lib/config/platform-config';
import { resolvePlatformConfig } from '../../lib/config/resolve';

const group = (patch: Partial<NodeGroupConfig>): NodeGroupConfig => ({ instanceType: 'm5.xlarge', minSize: 2, maxSize: 10, diskSizeGiB: 100, ...patch });
const resolve = (name: 'api' | 'worker', g: NodeGroupConfig) => resolvePlatformConfig({ ...examplePlatformConfig, cluster: { nodeGroups: { [name]: g } } });

describe('node pools keep the label and taint the workloads select', () => {
  test('labels a user adds are added to role: <pool>, never replace it (the code as it was dropped role)', () => {
    const cfg = resolve('worker', group({ labels: { team: 'payments', 'example.com/tier': 'gold' } }));
    expect(cfg.cluster.nodeGroups.worker.labels).toEqual({ team: 'payments', 'example.com/tier': 'gold', role: 'worker' });
  });

  test('taints a user adds come after the pool\'s own role taint; repeating it is harmless', () => {
    const own = { key: 'role', value: 'api', effect: 'NoSchedule' } as const;
    const spot = { key: 'example.com/spot', value: 'true', effect: 'PreferNoSchedule' } as const;
    expect(resolve('api', group({ taints: [spot] })).cluster.nodeGroups.api.taints).toEqual([own, spot]);
    expect(resolve('api', group({ taints: [own, spot] })).cluster.nodeGroups.api.taints).toEqual([own, spot]);
    expect(resolve('api', group({})).cluster.nodeGroups.api.taints).toEqual([own]);
  });

  describe('fails when', () => {
    test('labels.role names another pool', () => {
      expect(() => resolve('worker', group({ labels: { role: 'batch' } })))
        .toThrow("cluster.nodeGroups.worker.labels.role: is the label the workloads and add-ons select the worker pool by and is always 'worker'; remove it (it is added for you) or set it to 'worker' (got \"batch\")");
    });

    test('a role taint differs from the pool\'s own', () => {
      expect(() => resolve('api', group({ taints: [{ key: 'role', value: 'api', effect: 'NoExecute' }] })))
        .toThrow("cluster.nodeGroups.api.taints[0]: changes the 'role' taint the workloads tolerate: the api pool always has role=api:NoSchedule (added for you); use another key for your own taint (got \"role=api:NoExecute\")");
      expect(() => resolve('worker', group({ taints: [{ key: 'role', value: 'worker', effect: 'NoSchedule' }] })))
        .toThrow("cluster.nodeGroups.worker.taints[0]: changes the 'role' taint the workloads tolerate: the worker pool has no role taint (its workloads do not tolerate one); use another key for your own taint (got \"role=worker:NoSchedule\")");
    });
  });
});

describe('the configuration defaults take the pools\' placement from lib/core/placement (one declaration)', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { DEFAULT_NODE_GROUPS, POOL_PLACEMENT } = require('../../lib/config/defaults') as typeof import('../../lib/config/defaults');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const core = require('../../lib/core/placement') as typeof import('../../lib/core/placement');

  test.each(['system', 'api', 'worker', 'blockchain'] as const)('%s: default group and POOL_PLACEMENT equal the core placement', (pool) => {
    expect(DEFAULT_NODE_GROUPS[pool].labels).toEqual(core.POOL_PLACEMENT[pool].labels);
    expect(DEFAULT_NODE_GROUPS[pool].taints).toEqual(core.POOL_PLACEMENT[pool].taints);
    expect(POOL_PLACEMENT[pool]).toEqual({ labels: core.POOL_PLACEMENT[pool].labels, taints: core.POOL_PLACEMENT[pool].taints });
  });

  test('no pool label or taint is written as a literal in lib/config (the code as it was repeated them in defaults.ts)', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const fs = require('fs') as typeof import('fs');
    const dir = `${__dirname}/../../lib/config`;
    const offenders = fs.readdirSync(dir).filter((f) => /labels: \{ role: '|taints: \[\{ key: 'role'/.test(fs.readFileSync(`${dir}/${f}`, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
