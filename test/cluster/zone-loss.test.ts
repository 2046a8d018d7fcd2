/*
 * Zone-loss simulation: every zone of the region lost in turn, at the configured node-group sizes;
 * every Deployment and StatefulSet must keep its PodDisruptionBudget's minimum and reschedule to its
 * full replica count on the capacity left (test/support/scheduler-model.ts).
 */
import { Template } from 'aws-cdk-lib/assertions';
import { App as Cdk8sApp } from 'cdk8s';
import { PaymentWorkloads } from '../../charts/payment-workloads';
import { workloadsPropsFromConfig } from '../../lib/stacks/workloads-props';
import { Cluster, monitoringWorkloadsOf, nodesOf, simulateZoneLoss, workloadsOf, type Workload } from '../support/scheduler-model';
import { clusterFixture } from './fixture';

/* eslint-disable @typescript-eslint/no-explicit-any */
let objects: any[];
let monitoring: Workload[];
let cfg: ReturnType<typeof clusterFixture>['config'];
beforeAll(() => {
  const f = clusterFixture();
  cfg = f.config;
  objects = new PaymentWorkloads(new Cdk8sApp(), 'W', workloadsPropsFromConfig(cfg, 'us-east-1')).toJson();
  const t = Template.fromStack(f.stack).toJSON();
  const chart = Object.values<any>(t.Resources).find((r) => r.Type === 'Custom::AWSCDK-EKS-HelmChart' && r.Properties.Chart === 'kube-prometheus-stack');
  monitoring = monitoringWorkloadsOf(JSON.parse(chart.Properties.Values), 'kube-prometheus-stack');
});

const zones = () => cfg.regions[0].availabilityZones;

describe('zone-loss simulation (us-east-1, the configured node-group sizes)', () => {
  test('the zone-loss table: every workload keeps its PDB minimum and heals with one zone gone', () => {
    const rows = simulateZoneLoss([...workloadsOf(objects), ...monitoring], cfg.cluster.nodeGroups, zones());
    expect(rows).toEqual([
      { workload: 'Deployment verypay-api/api-gateway', replicas: 3, pdbMin: 2, leftWorstZone: 2, keepsPdb: true, heals: true },
      { workload: 'Deployment verypay-api/payment-service', replicas: 6, pdbMin: 3, leftWorstZone: 4, keepsPdb: true, heals: true },
      { workload: 'Deployment monitoring/redis-exporter', replicas: 1, pdbMin: 0, leftWorstZone: 0, keepsPdb: true, heals: true },
      { workload: 'Deployment monitoring/cloudwatch-exporter', replicas: 1, pdbMin: 0, leftWorstZone: 0, keepsPdb: true, heals: true },
      { workload: 'Deployment monitoring/otel-collector', replicas: 2, pdbMin: 0, leftWorstZone: 1, keepsPdb: true, heals: true },
      // Chain data lives on zonal volumes: the pod whose volume is in the lost zone waits for it
      // (or is re-created empty and checkpoint-syncs); the other node serves.
      { workload: 'StatefulSet verypay-blockchain/geth', replicas: 2, pdbMin: 1, leftWorstZone: 1, keepsPdb: true, heals: false, reason: 'us-east-1a lost: pod 0 stays Pending' },
      // The monitoring namespace's components share the system nodes, so Prometheus's pod 0 lands in the second zone.
      { workload: 'StatefulSet kube-prometheus-stack/prometheus', replicas: 2, pdbMin: 1, leftWorstZone: 1, keepsPdb: true, heals: false, reason: 'us-east-1b lost: pod 0 stays Pending' },
      { workload: 'StatefulSet kube-prometheus-stack/alertmanager', replicas: 3, pdbMin: 2, leftWorstZone: 2, keepsPdb: true, heals: true },
      { workload: 'Deployment kube-prometheus-stack/grafana', replicas: 1, pdbMin: 0, leftWorstZone: 0, keepsPdb: true, heals: true },
    ]);
  });

  test('the stateless workloads and everything without a zonal volume heal from every zone lost', () => {
    const rows = simulateZoneLoss([...workloadsOf(objects), ...monitoring], cfg.cluster.nodeGroups, zones());
    const volumeBound = new Set(['StatefulSet verypay-blockchain/geth', 'StatefulSet kube-prometheus-stack/prometheus']);
    for (const row of rows) {
      expect([row.workload, row.keepsPdb]).toEqual([row.workload, true]);
      if (!volumeBound.has(row.workload)) expect([row.workload, row.heals]).toEqual([row.workload, true]);
    }
  });
});

describe('zone loss on a full cluster: priority classes let the payment path preempt best-effort work', () => {
  /** Every workload placed, then best-effort filler pods on the worker nodes until nothing more fits; zone a lost; replacements scheduled. */
  function fullClusterZoneLoss(workloads: Workload[]) {
    const cluster = new Cluster(nodesOf(cfg.cluster.nodeGroups, zones()));
    for (const w of workloads) for (let i = 0; i < w.replicas; i++) expect(cluster.schedule(w, i)).toBe(true);
    const filler: Workload = {
      id: 'Deployment batch/best-effort', replicas: 0, pdbMin: 0, cpuMillis: 250, memMiB: 256, nodeSelector: { role: 'worker' },
      tolerations: [], spread: [], zonalVolumes: false, priority: 0,
    };
    let n = 0;
    while (cluster.schedule(filler, n)) n++;
    cluster.loseZone(zones()[0]);
    const pay = workloads.find((w) => w.id === 'Deployment verypay-api/payment-service')!;
    const missing = Array.from({ length: pay.replicas }, (_, i) => i).filter((i) => !cluster.running(pay).some((p) => p.index === i));
    const placed = missing.filter((i) => cluster.schedule(pay, i));
    return { fillers: n, missing, placed, preempted: cluster.preempted, running: cluster.running(pay).length, replicas: pay.replicas };
  }

  test('payment-service heals to its full count by preempting best-effort pods', () => {
    const r = fullClusterZoneLoss(workloadsOf(objects));
    expect(r.fillers).toBeGreaterThan(0);
    expect(r.missing.length).toBeGreaterThan(0);
    expect(r.placed).toEqual(r.missing);
    expect(r.running).toBe(r.replicas);
    expect(r.preempted.length).toBeGreaterThan(0);
    expect(new Set(r.preempted.map((p) => p.victim.split(' pod ')[0]))).toEqual(new Set(['Deployment batch/best-effort']));
  });

  test('the code as it was (no priority classes): the replacements stay Pending behind best-effort work', () => {
    const r = fullClusterZoneLoss(workloadsOf(objects).map((w) => ({ ...w, priority: 0 })));
    expect(r.placed).toEqual([]);
    expect(r.running).toBeLessThan(r.replicas);
    expect(r.preempted).toEqual([]);
  });
});

describe('zone-loss simulation catches', () => {
  const withZoneSpread = (whenUnsatisfiable: string, extra: Record<string, unknown> = {}) => objects.map((o) => {
    if (o.kind !== 'Deployment') return o;
    const c = JSON.parse(JSON.stringify(o));
    c.spec.template.spec.topologySpreadConstraints = c.spec.template.spec.topologySpreadConstraints.map((s: any) => (s.topologyKey === 'topology.kubernetes.io/zone'
      ? { ...s, whenUnsatisfiable, nodeTaintsPolicy: undefined, ...extra } : s));
    return c;
  });

  test('the code as it was: DoNotSchedule with maxSkew 1 leaves replacements Pending while the lost zone\'s nodes are registered', () => {
    const rows = simulateZoneLoss(workloadsOf(withZoneSpread('DoNotSchedule')), cfg.cluster.nodeGroups, zones());
    const row = (id: string) => rows.find((r) => r.workload === id)!;
    expect(row('Deployment verypay-api/api-gateway')).toMatchObject({ heals: false, reason: 'us-east-1a lost: pod 0 stays Pending' });
    expect(row('Deployment verypay-api/payment-service')).toMatchObject({ heals: false, reason: 'us-east-1a lost: pod 0 stays Pending' });
  });

  test('minDomains does not rescue DoNotSchedule (it only raises the skew when domains are missing)', () => {
    const rows = simulateZoneLoss(workloadsOf(withZoneSpread('DoNotSchedule', { minDomains: 3 })), cfg.cluster.nodeGroups, zones());
    expect(rows.find((r) => r.workload === 'Deployment verypay-api/payment-service')).toMatchObject({ heals: false });
  });

  test('a PDB floor above what one zone loss leaves (payment-service 6 pods, minAvailable 5)', () => {
    const changed = objects.map((o) => (o.kind === 'PodDisruptionBudget' && o.metadata.name === 'payment-service' ? { ...o, spec: { ...o.spec, minAvailable: 5 } } : o));
    const rows = simulateZoneLoss(workloadsOf(changed), cfg.cluster.nodeGroups, zones());
    expect(rows.find((r) => r.workload === 'Deployment verypay-api/payment-service')).toMatchObject({ pdbMin: 5, leftWorstZone: 4, keepsPdb: false });
  });

  test('the monitoring stack as it was: one Prometheus, one Alertmanager, one Grafana, each on a zonal volume', () => {
    const single = monitoringWorkloadsOf({
      prometheus: { prometheusSpec: { storageSpec: {}, nodeSelector: { role: 'system' } } },
      alertmanager: { alertmanagerSpec: { storage: {}, nodeSelector: { role: 'system' } } },
      grafana: { persistence: { enabled: true }, nodeSelector: { role: 'system' } },
    }, 'kube-prometheus-stack');
    const rows = simulateZoneLoss(single, cfg.cluster.nodeGroups, zones());
    expect(rows.map((r) => [r.workload, r.leftWorstZone, r.heals])).toEqual([
      ['StatefulSet kube-prometheus-stack/prometheus', 0, false],
      ['StatefulSet kube-prometheus-stack/alertmanager', 0, false],
      ['Deployment kube-prometheus-stack/grafana', 0, false],
    ]);
  });
});
/* eslint-enable @typescript-eslint/no-explicit-any */
