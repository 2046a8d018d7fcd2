import { Testing } from 'cdk8s';
import { PaymentWorkloads } from '../../../charts/payment-workloads';
import { PlatformPriorityClasses, PRIORITY_TIERS } from '../../../charts/lib/priority-classes';
import { workloadsPropsFromConfig } from '../../../lib/stacks/workloads-props';
import type { ServiceSpec } from '../../../charts/lib/service-spec';
import { expectRejected } from '../../support/invalid-case';
import { emptyChart, find, ofKind, resolvedExample, synth, type K8sObject } from './helpers';

/** Every pod template of the chart with its owner and priority class. */
function podClasses(objects: K8sObject[]): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const o of objects) {
    const pod = o.kind === 'CronJob' ? o.spec.jobTemplate.spec.template.spec : ['Deployment', 'StatefulSet'].includes(o.kind) ? o.spec.template.spec : undefined;
    if (pod) out[`${o.kind} ${o.metadata.namespace}/${o.metadata.name}`] = pod.priorityClassName;
  }
  return out;
}

describe('priority classes', () => {
  const objects = synth(new PaymentWorkloads(Testing.app(), 'w', workloadsPropsFromConfig(resolvedExample(), 'us-east-1')));

  test('three cluster-scoped classes: payment above blockchain above batch, none the global default, batch never preempts', () => {
    const classes = ofKind(objects, 'PriorityClass').map((c) => [c.metadata.name, c.value, c.preemptionPolicy, c.globalDefault]);
    expect(classes).toEqual([
      ['verypay-payment', 100000, 'PreemptLowerPriority', false],
      ['verypay-blockchain', 50000, 'PreemptLowerPriority', false],
      ['verypay-batch', 10000, 'Never', false],
    ]);
    // Above best-effort work (0), below the system classes (2,000,000,000 and up).
    for (const t of Object.values(PRIORITY_TIERS)) expect(t.value > 0 && t.value < 1_000_000_000).toBe(true);
  });

  test('the payment path, geth and the nightly dump each run in their class; the monitoring exporters stay best-effort', () => {
    expect(podClasses(objects)).toEqual({
      'Deployment verypay-api/api-gateway': 'verypay-payment',
      'Deployment verypay-api/payment-service': 'verypay-payment',
      'StatefulSet verypay-blockchain/geth': 'verypay-blockchain',
      'CronJob verypay-jobs/postgres-backup': 'verypay-batch',
      'Deployment monitoring/redis-exporter': undefined,
      'Deployment monitoring/cloudwatch-exporter': undefined,
      'Deployment monitoring/otel-collector': undefined,
    });
  });

  test('a catalog service may name another class; every other service gets the payment class', () => {
    const chart = new PaymentWorkloads(Testing.app(), 'w', workloadsPropsFromConfig(resolvedExample(), 'us-east-1', {
      paymentService: { priorityClassName: 'verypay-batch' },
    }));
    const classes = podClasses(synth(chart));
    expect(classes['Deployment verypay-api/payment-service']).toBe('verypay-batch');
    expect(classes['Deployment verypay-api/api-gateway']).toBe('verypay-payment');
  });

  test('fails at synth when a service names a PriorityClass nobody creates (its pods would be rejected at admission)', () => {
    const build = (overrides: object) => () => new PaymentWorkloads(Testing.app(), 'w', workloadsPropsFromConfig(resolvedExample(), 'us-east-1', overrides));
    expectRejected(build({ paymentService: { priorityClassName: 'critical' } }),
      { what: 'built-in override', input: undefined, field: 'paymentService.priorityClassName', fix: "is no PriorityClass of the cluster (the chart creates verypay-payment, verypay-blockchain, verypay-batch; Kubernetes has system-cluster-critical, system-node-critical), so payment-service's pods would be rejected" });
    const ledger: ServiceSpec = { name: 'ledger', image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/verypay/ledger:v1.0.0', port: 8080,
      resources: { cpu: { request: '250m' }, memory: { request: '256Mi' } }, priorityClassName: 'ledger-high' };
    expectRejected(build({ services: [ledger] }), { what: 'catalog service', input: undefined, field: 'services[0].priorityClassName', fix: 'or create the class and list it in externalPriorityClasses' });
    // Declared as created elsewhere, or a system class: accepted.
    expect(podClasses(synth(build({ services: [ledger], externalPriorityClasses: ['ledger-high'] })()))['Deployment verypay-api/ledger']).toBe('ledger-high');
    expect(() => build({ paymentService: { priorityClassName: 'system-cluster-critical' } })()).not.toThrow();
  });

  test('fails when the platform name cannot prefix a PriorityClass name', () => {
    expect(() => new PlatformPriorityClasses(emptyChart(), 'p', { platformName: 'Very_Pay' }))
      .toThrow("PlatformPriorityClasses: platformName 'Very_Pay' is not a DNS-1123 label; PriorityClass names are '<platformName>-<tier>'.");
  });

  test('kubelet node-pressure eviction ranks pods by priority: best-effort and batch go before the payment path', () => {
    // Among pods whose usage exceeds their requests, the kubelet evicts the lowest priority first
    // (https://kubernetes.io/docs/concepts/scheduling-eviction/node-pressure-eviction/).
    const value = (name?: string) => (name ? find(objects, 'PriorityClass', name).value as number : 0);
    const order = (classes: Record<string, string | undefined>) => Object.entries(classes).sort(([a, x], [b, y]) => value(x) - value(y) || a.localeCompare(b)).map(([k]) => k);
    const ranked = order(podClasses(objects));
    expect(ranked.slice(-2)).toEqual(['Deployment verypay-api/api-gateway', 'Deployment verypay-api/payment-service']);
    expect(ranked.indexOf('CronJob verypay-jobs/postgres-backup')).toBeLessThan(ranked.indexOf('StatefulSet verypay-blockchain/geth'));
    // Preemption on a full cluster after a zone loss is simulated in test/cluster/zone-loss.test.ts.
  });
});
