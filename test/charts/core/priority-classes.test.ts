import { Testing } from 'cdk8s';
import { PaymentWorkloads } from '../../../charts/payment-workloads';
import { PlatformPriorityClasses, PRIORITY_TIERS } from '../../../charts/lib/priority-classes';
import { workloadsPropsFromConfig } from '../../../lib/stacks/workloads-props';
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
