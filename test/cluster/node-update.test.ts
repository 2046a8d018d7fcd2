/*
 * Rolling node-group update simulation: each node group of us-east-1 updated (new AMI, launch
 * template or Kubernetes minor) as EKS does it, with the UpdateConfig and ForceUpdateEnabled the
 * synthesized template gives it; every Deployment and StatefulSet must keep its PDB's minimum of
 * ready pods at every moment (test/support/node-update-model.ts).
 */
import { Template } from 'aws-cdk-lib/assertions';
import { App as Cdk8sApp } from 'cdk8s';
import { PaymentWorkloads } from '../../charts/payment-workloads';
import { workloadsPropsFromConfig } from '../../lib/stacks/workloads-props';
import { maxUnavailableNodes, simulateNodeGroupUpdate, type NodeUpdateConfig } from '../support/node-update-model';
import { monitoringWorkloadsOf, workloadsOf, type Workload } from '../support/scheduler-model';
import { clusterFixture } from './fixture';

/* eslint-disable @typescript-eslint/no-explicit-any */
let workloads: Workload[];
let cfg: ReturnType<typeof clusterFixture>['config'];
/** Per pool (by its `role` label): the node group's update settings from the template. */
const update: Record<string, NodeUpdateConfig> = {};
const GETH = 'StatefulSet verypay-blockchain/geth';

beforeAll(() => {
  const f = clusterFixture();
  cfg = f.config;
  const t = Template.fromStack(f.stack).toJSON();
  const chart = Object.values<any>(t.Resources).find((r) => r.Type === 'Custom::AWSCDK-EKS-HelmChart' && r.Properties.Chart === 'kube-prometheus-stack');
  workloads = [
    ...workloadsOf(new PaymentWorkloads(new Cdk8sApp(), 'W', workloadsPropsFromConfig(cfg, 'us-east-1')).toJson()),
    ...monitoringWorkloadsOf(JSON.parse(chart.Properties.Values), 'kube-prometheus-stack'),
  ];
  for (const r of Object.values<any>(t.Resources).filter((x) => x.Type === 'AWS::EKS::Nodegroup')) {
    const pool = r.Properties.Labels.role as string;
    update[pool] = { maxUnavailable: maxUnavailableNodes(r.Properties.UpdateConfig, r.Properties.ScalingConfig.DesiredSize), force: r.Properties.ForceUpdateEnabled };
  }
});

const zones = () => cfg.regions[0].availabilityZones;
/** geth's readiness waits for sync: a restarted node catches up for about ten minutes (two ticks). */
const catchUp = (ticks: number) => (w: Workload) => (w.id === GETH ? ticks : 1);

describe('rolling node-group update (us-east-1, the configured node groups)', () => {
  test('every node group updates without forcing past PDBs, at most a third of its nodes at a time', () => {
    expect(Object.keys(update).sort()).toEqual(['api', 'blockchain', 'system', 'worker']);
    for (const [pool, u] of Object.entries(update)) {
      expect([pool, u.force]).toEqual([pool, false]);
      expect(u.maxUnavailable).toBeGreaterThanOrEqual(1);
      expect(u.maxUnavailable).toBeLessThanOrEqual(Math.ceil(cfg.cluster.nodeGroups[pool as keyof typeof cfg.cluster.nodeGroups]!.desiredSize / 3));
    }
  });

  test.each(['system', 'api', 'worker', 'blockchain'])('the %s pool rolls to completion and every PDB holds throughout', (pool) => {
    const result = simulateNodeGroupUpdate(workloads, cfg.cluster.nodeGroups, zones(), pool, update[pool], catchUp(2));
    expect(result.completed).toBe(true);
    for (const row of result.rows) {
      expect([row.workload, row.keepsPdb, row.forced]).toEqual([row.workload, true, 0]);
    }
  });

  test('the blockchain pool: one geth node at a time, the other serves (the update table)', () => {
    const rows = simulateNodeGroupUpdate(workloads, cfg.cluster.nodeGroups, zones(), 'blockchain', update.blockchain, catchUp(2)).rows;
    expect(rows.find((r) => r.workload === GETH)).toEqual({ workload: GETH, replicas: 2, pdbMin: 1, minReady: 1, keepsPdb: true, forced: 0 });
  });
});

describe('rolling node-group update simulation catches', () => {
  test('ForceUpdateEnabled (the code as it was) with a geth that needs 25 minutes to catch up: both nodes down at once', () => {
    const forced = simulateNodeGroupUpdate(workloads, cfg.cluster.nodeGroups, zones(), 'blockchain', { ...update.blockchain, force: true }, catchUp(5));
    expect(forced.completed).toBe(true);
    expect(forced.rows.find((r) => r.workload === GETH)).toMatchObject({ pdbMin: 1, minReady: 0, keepsPdb: false, forced: 1 });
    // Without force the same update stops at the PDB instead (EKS reports PodEvictionFailure; rerun it later).
    const held = simulateNodeGroupUpdate(workloads, cfg.cluster.nodeGroups, zones(), 'blockchain', update.blockchain, catchUp(5));
    expect(held.completed).toBe(false);
    expect(held.failure).toMatch(/^PodEvictionFailure: StatefulSet verypay-blockchain\/geth pod \d kept on blockchain-\d by its PDB for 15 minutes$/);
    expect(held.rows.find((r) => r.workload === GETH)).toMatchObject({ minReady: 1, keepsPdb: true, forced: 0 });
  });

  test('draining the whole worker pool at once (maxUnavailable 100 %) takes payment-service below its PDB only with force', () => {
    const all = maxUnavailableNodes({ MaxUnavailablePercentage: 100 }, cfg.cluster.nodeGroups.worker!.desiredSize);
    const slow = (w: Workload) => (w.id === 'Deployment verypay-api/payment-service' ? 4 : 1);
    const forced = simulateNodeGroupUpdate(workloads, cfg.cluster.nodeGroups, zones(), 'worker', { maxUnavailable: all, force: true }, slow);
    const row = forced.rows.find((r) => r.workload === 'Deployment verypay-api/payment-service')!;
    expect(row.keepsPdb).toBe(false);
    expect(row.forced).toBeGreaterThan(0);
    const held = simulateNodeGroupUpdate(workloads, cfg.cluster.nodeGroups, zones(), 'worker', { maxUnavailable: all, force: false }, slow);
    expect(held.rows.every((r) => r.keepsPdb)).toBe(true);
  });
});
/* eslint-enable @typescript-eslint/no-explicit-any */
