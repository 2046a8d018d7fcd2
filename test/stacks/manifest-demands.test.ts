import { examplePlatformConfig } from '../../bin/example-config';
import type { PlatformConfig } from '../../lib/config/platform-config';
import { manifestDemands } from '../../lib/stacks/manifest-demands';
import { PaymentPlatform } from '../../lib/stacks/payment-platform';
import { TODAY } from '../app/platform-fixture';
import { testApp, withToday } from '../support/fixtures';

const container = (cpu: string, memory: string) => ({ resources: { requests: { cpu, memory } } });
const workload = (kind: string, name: string, spec: Record<string, unknown>) => ({ kind, metadata: { name, namespace: 'ns' }, spec });

describe('manifest demands', () => {
  test('a pod requests the sum of its containers, or its largest init container if that is more', () => {
    const [d] = manifestDemands([workload('StatefulSet', 'geth', {
      replicas: 2,
      template: { spec: { nodeSelector: { role: 'blockchain' }, containers: [container('2', '8Gi'), container('1000m', '4096Mi')], initContainers: [container('10m', '16Mi')] } },
    })]);
    expect(d).toEqual({ name: 'StatefulSet ns/geth', field: 'workloads (StatefulSet ns/geth)', cpuMillicores: 3000, memoryMiB: 12288, nodeSelector: { role: 'blockchain' }, maxReplicas: 2 });
    const [i] = manifestDemands([workload('Deployment', 'migrate', { template: { spec: { containers: [container('100m', '64Mi')], initContainers: [container('2', '1Gi')] } } })]);
    expect([i.cpuMillicores, i.memoryMiB, i.maxReplicas]).toEqual([2000, 1024, 1]);
  });

  test('the replicas are the autoscaler\'s maximum when one targets the workload', () => {
    const objects = [
      workload('Deployment', 'api', { replicas: 3, template: { spec: { containers: [container('250m', '256Mi')] } } }),
      { kind: 'HorizontalPodAutoscaler', metadata: { name: 'api', namespace: 'ns' }, spec: { maxReplicas: 12, scaleTargetRef: { kind: 'Deployment', name: 'api' } } },
      { kind: 'HorizontalPodAutoscaler', metadata: { name: 'api', namespace: 'other' }, spec: { maxReplicas: 99, scaleTargetRef: { kind: 'Deployment', name: 'api' } } },
    ];
    expect(manifestDemands(objects).map((d) => d.maxReplicas)).toEqual([12]);
  });

  test('skips named workloads and objects that run no pods', () => {
    const objects = [
      workload('Deployment', 'orders', { template: { spec: { containers: [container('1', '1Gi')] } } }),
      workload('DaemonSet', 'agent', { template: { spec: { containers: [container('50m', '64Mi')] } } }),
      { kind: 'Service', metadata: { name: 'orders' }, spec: {} },
      { kind: 'ConfigMap', metadata: { name: 'x' } },
    ];
    expect(manifestDemands(objects, new Set(['orders'])).map((d) => d.name)).toEqual(['DaemonSet ns/agent']);
  });
});

describe('capacity warnings of the chart\'s own workloads on the platform', () => {
  const [us] = examplePlatformConfig.regions;
  const warnings = (config: PlatformConfig) => new PaymentPlatform(withToday(testApp(), TODAY), { ...config, regions: [us] }, { applyWorkloads: false })
    .regionalStack(us.region).node.metadata.filter((m) => m.type === 'aws:cdk:warning').map((m) => String(m.data))
    .filter((w) => w.includes('payment-platform:cpu-request-above-node'));

  test('the example raises none', () => {
    expect(warnings(examplePlatformConfig)).toEqual([]);
  });

  test('geth and Lighthouse (3000m, 12Gi per pod) on a blockchain pool of m5.large (1930m allocatable) warn; they were not checked before', () => {
    const config: PlatformConfig = {
      ...examplePlatformConfig,
      cluster: { nodeGroups: { blockchain: { instanceType: 'm5.large', minSize: 2, maxSize: 5, diskSizeGiB: 200 } } },
    };
    expect(warnings(config)).toEqual([
      expect.stringContaining('workloads (StatefulSet verypay-blockchain/geth): StatefulSet verypay-blockchain/geth requests 3000m CPU and 12288Mi memory per pod, more than a node of the blockchain pool (m5.large)'),
    ]);
  });
});
