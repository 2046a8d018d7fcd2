import { ServiceCatalog } from '../../../charts/lib/catalog';
import type { ServiceSpec } from '../../../charts/lib/service-spec';
import { drivoPayCatalog } from '../../../examples/drivopay-catalog';
import { emptyChart, find, ofKind, synth, type K8sObject } from './helpers';

const REGISTRY = '123456789012.dkr.ecr.ap-south-1.amazonaws.com/drivopay';

function synthCatalog(services: ServiceSpec[]): K8sObject[] {
  const chart = emptyChart();
  new ServiceCatalog(chart, 'Catalog', { namespace: 'drivopay', services });
  return synth(chart);
}

describe('DrivoPay catalog as data', () => {
  const objects = synthCatalog(drivoPayCatalog(REGISTRY, 'v2.4.0'));
  const expected: [string, number, number, number | undefined][] = [
    ['api-gateway', 3000, 3, 10], ['auth-service', 4001, 3, 8], ['wallet-service', 4002, 3, 10], ['payment-service', 4003, 3, 10],
    ['transaction-service', 4004, 3, 8], ['platform-integration-service', 4005, 2, 6], ['notification-service', 4006, 2, 6],
    ['audit-service', 4007, 2, 4], ['web-dashboard', 4008, 2, 4], ['core-api', 5000, 2, undefined],
  ];

  test('ten Deployments, Services and PDBs; nine HPAs (core-api has fixed replicas)', () => {
    expect(ofKind(objects, 'Deployment').map((d) => d.metadata.name)).toEqual(expected.map(([n]) => n));
    expect(ofKind(objects, 'Service')).toHaveLength(10);
    expect(ofKind(objects, 'PodDisruptionBudget')).toHaveLength(10);
    expect(ofKind(objects, 'HorizontalPodAutoscaler')).toHaveLength(9);
  });

  test.each(expected)('%s: port %i, HPA %i–%s', (name, port, min, max) => {
    const deployment = find(objects, 'Deployment', name);
    expect(deployment.spec.template.spec.containers[0].ports[0]).toEqual({ containerPort: port, name: 'http' });
    expect(deployment.spec.template.spec.containers[0].image).toBe(`${REGISTRY}/${name}:v2.4.0`);
    if (max === undefined) {
      expect(deployment.spec.replicas).toBe(min);
    } else {
      const hpa = find(objects, 'HorizontalPodAutoscaler', name).spec;
      expect([hpa.minReplicas, hpa.maxReplicas]).toEqual([min, max]);
      expect(deployment.spec.replicas).toBeUndefined();
    }
  });

  test('a call declared on the callee opens both sides of the NetworkPolicy', () => {
    const wallet = find(objects, 'NetworkPolicy', 'wallet-service').spec;
    expect(wallet.ingress[0]).toEqual({
      from: [
        { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'api-gateway' } } },
        { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'platform-integration-service' } } },
      ],
      ports: [{ port: 4002, protocol: 'TCP' }],
    });
    const platform = find(objects, 'NetworkPolicy', 'platform-integration-service').spec;
    expect(platform.egress).toEqual([{ to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'wallet-service' } } }], ports: [{ port: 4002, protocol: 'TCP' }] }]);
    const gatewayEgressPorts = find(objects, 'NetworkPolicy', 'api-gateway').spec.egress.map((r: K8sObject) => r.ports[0].port);
    expect(gatewayEgressPorts).toEqual([4001, 4002, 4003, 4004, 4005, 4006, 4007, 5000]);
  });

  test('fails when a service name repeats', () => {
    const list = drivoPayCatalog(REGISTRY, 'v2.4.0');
    expect(() => synthCatalog([...list, list[0]])).toThrow(/service name 'api-gateway' appears twice/);
  });

  test('fails when a caller is not in the catalog', () => {
    const list = drivoPayCatalog(REGISTRY, 'v2.4.0').filter((s) => s.name !== 'web-dashboard');
    expect(() => synthCatalog(list)).toThrow(/service 'api-gateway' accepts calls from 'web-dashboard', which is not in the catalog/);
  });

  test('fails when the catalog is empty', () => {
    expect(() => synthCatalog([])).toThrow(/services is empty/);
  });
});

describe('Advancia catalog (seed 004) as data', () => {
  // Port, replicas, HPA range, PDB minAvailable, exactly as the seed's tables.
  const seed: [string, number, number, number, number, number][] = [
    ['api-gateway', 4000, 3, 2, 10, 2], ['auth-service', 4001, 3, 2, 8, 2], ['tenant-service', 4002, 3, 2, 8, 2],
    ['billing-service', 4003, 3, 2, 8, 2], ['metering-service', 4004, 2, 2, 6, 1], ['web3-event-service', 4005, 2, 2, 6, 1],
    ['ai-orchestrator', 4006, 2, 2, 6, 1], ['monitoring-service', 4007, 2, 2, 6, 1], ['notification-service', 4008, 2, 2, 6, 1],
    ['security-service', 4009, 2, 2, 6, 1], ['audit-log-service', 4010, 2, 2, 6, 1],
  ];
  const spec = ([name, port, , min, max, minAvailable]: (typeof seed)[number]): ServiceSpec => ({
    // The HPA owns the count: the seed's replica column only matters where it raises the floor.
    name, port, image: `registry.example.com/advancia/${name}:1.0.0`,
    autoscaling: { minReplicas: min, maxReplicas: max }, disruptionBudget: { minAvailable },
    resources: { cpu: { request: '250m', limit: '1' }, memory: { request: '256Mi', limit: '512Mi' } },
  });

  test('the seed values are rejected where minAvailable equals the HPA minimum (drains would hang)', () => {
    expect(() => synthCatalog(seed.map(spec))).toThrow(
      /services\[0\]\.disruptionBudget\.minAvailable: must be lower than autoscaling\.minReplicas \(2\), otherwise no pod can be evicted/,
    );
  });

  test('with the HPA minimum raised to the seed replica count, all eleven services synthesize', () => {
    const fixed = seed.map((s) => (s[5] >= s[3] ? ([s[0], s[1], s[2], s[2], s[4], s[5]] as (typeof seed)[number]) : s));
    const objects = synthCatalog(fixed.map(spec));
    expect(ofKind(objects, 'Deployment')).toHaveLength(11);
    expect(find(objects, 'HorizontalPodAutoscaler', 'billing-service').spec.minReplicas).toBe(3);
    expect(find(objects, 'PodDisruptionBudget', 'audit-log-service').spec.minAvailable).toBe(1);
    expect(find(objects, 'Deployment', 'audit-log-service').spec.template.spec.containers[0].ports).toEqual([{ containerPort: 4010, name: 'http' }]);
  });
});
