import { App as Cdk8sApp } from 'cdk8s';
import { PaymentWorkloads } from '../../charts/payment-workloads';
import { workloadsPropsFromConfig } from '../../lib/stacks/workloads-props';
import { checkWorkloadPlacement, fitsPool } from '../../lib/cluster/placement';
import { exampleConfig } from '../support/fixtures';

const cfg = exampleConfig();
const pools = cfg.cluster.nodeGroups;
const chart = (overrides: Parameters<typeof workloadsPropsFromConfig>[2] = {}) =>
  new PaymentWorkloads(new Cdk8sApp(), 'W', workloadsPropsFromConfig(cfg, 'us-east-1', overrides)).toJson();

describe('workload placement (synth-time)', () => {
  test('every pod of the default chart fits a pool', () => {
    expect(() => checkWorkloadPlacement(chart(), pools)).not.toThrow();
  });

  test('toleration semantics: Equal needs key and value, Exists only the key, an empty effect matches all', () => {
    const api = pools.api;
    expect(fitsPool({ nodeSelector: { role: 'api' }, tolerations: [] }, api)).toBe(false);
    expect(fitsPool({ nodeSelector: { role: 'api' }, tolerations: [{ key: 'role', operator: 'Equal', value: 'api', effect: 'NoSchedule' }] }, api)).toBe(true);
    expect(fitsPool({ nodeSelector: { role: 'api' }, tolerations: [{ key: 'role', operator: 'Exists' }] }, api)).toBe(true);
    expect(fitsPool({ nodeSelector: { role: 'api' }, tolerations: [{ key: 'role', operator: 'Equal', value: 'worker', effect: 'NoSchedule' }] }, api)).toBe(false);
    expect(fitsPool({ nodeSelector: {}, tolerations: [] }, pools.worker)).toBe(true);
  });

  describe('fails when', () => {
    test('a node selector matches no pool (a typo leaves pods Pending)', () => {
      expect(() => checkWorkloadPlacement(chart({ paymentService: { nodeSelector: { role: 'workers' } } }), pools)).toThrow(
        'Deployment verypay-api/payment-service: nodeSelector {"role":"workers"} with tolerations [] fits no node pool',
      );
    });

    test('a pod selects a tainted pool without tolerating its taint', () => {
      expect(() => checkWorkloadPlacement(chart({ apiGateway: { tolerations: [] } }), pools)).toThrow(
        /Deployment verypay-api\/api-gateway: nodeSelector \{"role":"api"\} with tolerations \[\] fits no node pool[\s\S]*Node pools: system \{"role":"system"\}; api \{"role":"api"\} tainted role=api:NoSchedule/,
      );
    });

    test('a toleration matches no pool\'s taint', () => {
      expect(() => checkWorkloadPlacement(chart({ paymentService: { tolerations: [{ key: 'gpu', value: 'true', effect: 'NoSchedule' }] } }), pools)).toThrow(
        'Deployment verypay-api/payment-service: toleration {"effect":"NoSchedule","key":"gpu","operator":"Equal","value":"true"} matches no taint of any node pool',
      );
    });
  });
});
