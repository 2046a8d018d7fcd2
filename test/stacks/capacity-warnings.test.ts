import { examplePlatformConfig } from '../../bin/example-config';
import type { PlatformConfig } from '../../lib/config/platform-config';
import { DEFAULT_NODE_GROUPS } from '../../lib/config/defaults';
import { PLATFORM_WARNING_IDS } from '../../lib/config/warnings';
import { EC2_INSTANCE_TYPES, instanceTypeInfo, INSTANCE_TYPES_AS_OF } from '../../lib/core/rules';
import { capacityWarnings, type WorkloadDemand } from '../../lib/stacks/capacity-warnings';
import { PaymentPlatform } from '../../lib/stacks/payment-platform';
import { TODAY } from '../app/platform-fixture';
import { testApp, withToday } from '../support/fixtures';

const groups = { ...DEFAULT_NODE_GROUPS };
const pod = (patch: Partial<WorkloadDemand>): WorkloadDemand => ({
  name: "service 'orders'", field: 'services.orders.resources', cpuMillicores: 500, memoryMiB: 512, nodeSelector: { role: 'api' }, maxReplicas: 3, ...patch,
});

describe('instance-type data (dated, sourced)', () => {
  test('holds the pools\' and seeds\' families with vCPU, memory and allocatable values', () => {
    expect(INSTANCE_TYPES_AS_OF).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const f of ['m5', 'm6i', 'm7i', 'm6g', 'm7g', 'c5', 'c6i', 'c7i', 'r6i', 'r6g', 'r7g', 't3']) expect(EC2_INSTANCE_TYPES[f]).toBeDefined();
    expect(instanceTypeInfo('m5.xlarge')).toEqual({ vcpus: 4, memoryMiB: 16384, allocatable: { cpuMillicores: 3920, memoryMiB: 14162, pods: 58 } });
    for (const [family, sizes] of Object.entries(EC2_INSTANCE_TYPES)) {
      for (const [size, [vcpus, mem, cpuA, memA, pods]] of Object.entries(sizes)) {
        expect({ type: `${family}.${size}`, ok: cpuA < vcpus * 1000 && memA < mem && pods > 0 }).toEqual({ type: `${family}.${size}`, ok: true });
      }
    }
  });
});

describe('capacity warnings', () => {
  test('a request above what a node of the pinned pool offers warns (m5.xlarge offers 3920m)', () => {
    expect(capacityWarnings(groups, [pod({ cpuMillicores: 4000 })])).toEqual([expect.objectContaining({
      id: 'payment-platform:cpu-request-above-node', field: 'services.orders.resources',
      message: expect.stringContaining('more than a node of the api pool (m5.xlarge) offers pods (3920m, 14162Mi allocatable)'),
    })]);
    expect(capacityWarnings(groups, [pod({ memoryMiB: 15000 })]).map((w) => w.id)).toEqual(['payment-platform:cpu-request-above-node']);
    expect(capacityWarnings(groups, [pod({ cpuMillicores: 3900, memoryMiB: 14000 })])).toEqual([]);
  });

  test('without a pool selector a pod fits if one untainted pool fits it (worker c5.2xlarge: 7910m)', () => {
    expect(capacityWarnings(groups, [pod({ nodeSelector: undefined, cpuMillicores: 7000 })])).toEqual([]);
    expect(capacityWarnings(groups, [pod({ nodeSelector: undefined, cpuMillicores: 8000 })]).map((w) => w.message))
      .toEqual([expect.stringContaining('a node of the system/worker pool (c5.2xlarge)')]);
  });

  test('one pod per node with more replicas than the pool may have nodes warns', () => {
    expect(capacityWarnings(groups, [pod({ nodeSelector: { role: 'blockchain' }, onePerNode: true, maxReplicas: 6 })])).toEqual([expect.objectContaining({
      id: 'payment-platform:replicas-above-nodes', field: 'services.orders.replicas', message: expect.stringContaining('the blockchain pool has at most 5 nodes'),
    })]);
    expect(capacityWarnings(groups, [pod({ nodeSelector: { role: 'blockchain' }, onePerNode: true, maxReplicas: 5 })])).toEqual([]);
    expect(capacityWarnings(groups, [pod({ nodeSelector: { role: 'blockchain' }, maxReplicas: 50 })])).toEqual([]);
  });

  test('an instance type outside the data is not guessed at', () => {
    expect(capacityWarnings({ ...groups, api: { ...groups.api, instanceType: 'x2idn.16xlarge' } }, [pod({ cpuMillicores: 900000 })])).toEqual([]);
  });

  test('the ids are in the registry', () => {
    expect(PLATFORM_WARNING_IDS).toEqual(expect.arrayContaining(['payment-platform:cpu-request-above-node', 'payment-platform:replicas-above-nodes']));
  });
});

describe('capacity warnings on the platform', () => {
  const [us] = examplePlatformConfig.regions;
  // The api pool on t3.medium (1930m allocatable): api-gateway requests 250m, fits; the worker pool on t3.micro (548Mi allocatable) cannot hold payment-service's 1Gi.
  const small: PlatformConfig = {
    ...examplePlatformConfig, regions: [us],
    cluster: { nodeGroups: { worker: { instanceType: 't3.micro', minSize: 3, maxSize: 20, diskSizeGiB: 200 } } },
  };
  const warnings = (p: PaymentPlatform) => p.regionalStack(us.region).node.metadata.filter((m) => m.type === 'aws:cdk:warning').map((m) => String(m.data));

  test('a built-in service that cannot fit its pool warns on the regional stack, with its id and field', () => {
    const p = new PaymentPlatform(withToday(testApp(), TODAY), small, { applyWorkloads: false });
    expect(warnings(p).filter((w) => w.includes('payment-platform:cpu-request-above-node'))).toEqual([
      expect.stringContaining("services.payment-service.resources: service 'payment-service' requests 500m CPU and 1024Mi memory per pod, more than a node of the worker pool (t3.micro)"),
    ]);
  });

  test('an acknowledged capacity warning is not reported', () => {
    const p = new PaymentPlatform(withToday(testApp(), TODAY), {
      ...small, acknowledgedWarnings: [{ id: 'payment-platform:cpu-request-above-node', reason: 'payment-service runs on a Fargate profile in this account' }],
    }, { applyWorkloads: false });
    expect(warnings(p).filter((w) => w.includes('payment-platform:cpu-request-above-node'))).toEqual([]);
  });
});
