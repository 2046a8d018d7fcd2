import { Testing } from 'cdk8s';
import { PaymentWorkloads } from '../../../charts/payment-workloads';
import { GRAFANA_DASHBOARD_LABEL } from '../../../charts/lib/dashboards/dashboards';
import { platformDashboards } from '../../../charts/lib/dashboards/platform-dashboards';
import type { DashboardSpec } from '../../../charts/lib/dashboards/types';
import { COMPONENT_METRICS, exportedSeries, SERVICE_METRICS } from '../../../charts/lib/observability/metric-catalog';
import { metricNames } from '../../../charts/lib/observability/promql';
import { workloadsPropsFromConfig } from '../../../lib/stacks/workloads-props';
import { find, ofKind, resolvedExample, synth, type K8sObject } from '../core/helpers';

const props = workloadsPropsFromConfig(resolvedExample(), 'us-east-1');
const chart = new PaymentWorkloads(Testing.app(), 'verypay-prod-us-east-1', props);
const objects = synth(chart);
const rule = find(objects, 'PrometheusRule', 'payment-platform-alerts', 'monitoring');
const recorded = rule.spec.groups.flatMap((g: K8sObject) => g.rules).filter((r: K8sObject) => r.record).map((r: K8sObject) => r.record as string);
const known = new Set([...exportedSeries(), ...recorded]);

/** Every (dashboard, panel, metric) whose metric no deployed component exports. */
function unknownMetrics(dashboards: DashboardSpec[]): string[] {
  return dashboards.flatMap((d) => d.rows.flatMap((r) => r.panels.flatMap((p) => p.queries.flatMap((q) =>
    metricNames(q.expr).filter((m) => !known.has(m)).map((m) => `${d.uid} / ${p.title}: ${m}`)))));
}

describe('Grafana dashboards as data', () => {
  const scope = { appNamespace: 'verypay-api', blockchainNamespace: 'verypay-blockchain', platformNamespaces: ['verypay-api'] };

  test('the PromQL reader finds metric names, not functions, labels, keywords or durations', () => {
    expect(metricNames('histogram_quantile(0.95, sum by (job, le) (rate(http_request_duration_seconds_bucket{job="a", le="0.5"}[5m])))')).toEqual(['http_request_duration_seconds_bucket']);
    expect(metricNames('sum(rate(a_total[5m])) / on (x) group_left (y) b offset 1h > bool 0 or vector(0)')).toEqual(['a_total', 'b']);
    expect(metricNames('1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes')).toEqual(['node_memory_MemAvailable_bytes', 'node_memory_MemTotal_bytes']);
    expect(metricNames('slo:sli_error:ratio_rate1h{slo="x"} > 1.44e-2')).toEqual(['slo:sli_error:ratio_rate1h']);
  });

  test('every panel query reads only series a deployed component or service exports', () => {
    expect(unknownMetrics(platformDashboards(scope))).toEqual([]);
  });

  test('every alert and recording rule reads only exported series (so every rule can fire)', () => {
    const unknown = rule.spec.groups.flatMap((g: K8sObject) => g.rules.flatMap((r: K8sObject) =>
      metricNames(r.expr).filter((m) => !known.has(m)).map((m) => `${r.alert ?? r.record}: ${m}`)));
    expect(unknown).toEqual([]);
  });

  test('the check catches a panel reading a metric nothing exports (the seeds\' nodejs_active_handles_total)', () => {
    const broken = platformDashboards(scope);
    const panels = broken[0].rows[1].panels as DashboardSpec['rows'][number]['panels'][number][];
    (panels as unknown as { queries: { expr: string }[] }[])[1].queries = [{ expr: 'sum(nodejs_active_handles_total)' }];
    expect(unknownMetrics(broken)).toEqual(['payments-api-performance / Active connections (in-flight requests): nodejs_active_handles_total']);
  });

  test('every metric source says where its names come from', () => {
    for (const s of [...SERVICE_METRICS, ...COMPONENT_METRICS]) {
      expect(s.source.length).toBeGreaterThan(10);
      expect(s.metrics.length).toBeGreaterThan(0);
    }
  });

  test('one ConfigMap per dashboard, labelled for the Grafana sidecar, with a valid JSON model', () => {
    const maps = ofKind(objects, 'ConfigMap').filter((c) => c.metadata.labels?.grafana_dashboard === '1');
    expect(maps.map((m) => m.metadata.name)).toEqual([
      'dashboard-payments-api-performance', 'dashboard-payments-service-performance', 'dashboard-payments-business', 'dashboard-payments-providers',
      'dashboard-payments-data', 'dashboard-payments-infrastructure', 'dashboard-payments-security', 'dashboard-payments-blockchain',
    ]);
    for (const m of maps) {
      expect(m.metadata.namespace).toBe('monitoring');
      expect(m.metadata.annotations).toEqual({ grafana_folder: 'Payment platform' });
      const [key] = Object.keys(m.data);
      const model = JSON.parse(m.data[key]);
      expect(key).toBe(`${model.uid}.json`);
      for (const p of model.panels.filter((x: K8sObject) => x.type !== 'row')) {
        expect(p.datasource).toEqual({ type: 'prometheus', uid: 'prometheus' });
        expect(p.targets.length).toBeGreaterThan(0);
        expect(p.gridPos.x + p.gridPos.w).toBeLessThanOrEqual(24);
      }
    }
  });

  test('a catalog service adds its own panels; an unknown metric fails at synth with the fix', () => {
    const withPanels = (metrics: string[]) => new PaymentWorkloads(Testing.app(), 'x', {
      ...props,
      services: [{
        name: 'wallet', image: 'registry.example.com/wallet:v1.0.0', port: 8080,
        resources: { cpu: { request: '100m', limit: '500m' }, memory: { request: '128Mi', limit: '256Mi' } },
        metrics,
        dashboardPanels: [{ title: 'Withdrawals', queries: [{ expr: 'sum(rate(wallet_transactions_total{type="withdrawal"}[5m]))' }] }],
      }],
    });
    const objs = synth(withPanels(['wallet_transactions_total']));
    const model = JSON.parse(find(objs, 'ConfigMap', 'dashboard-payments-catalog-services').data['payments-catalog-services.json']);
    expect(model.panels.map((p: K8sObject) => p.title)).toEqual(['wallet', 'Withdrawals']);
    expect(() => withPanels([])).toThrow(/ServiceSpec 'wallet'.dashboardPanels\[0\] \('Withdrawals'\): the query reads 'wallet_transactions_total', which neither .* add it to the service's metrics/);
  });

  test('the Grafana sidecar selects exactly the label the charts put on the dashboards', () => {
    // The cluster's kube-prometheus-stack values use the same constants (test/cluster/monitoring-alerting.test.ts).
    const maps = ofKind(objects, 'ConfigMap').filter((c) => c.metadata.name.startsWith('dashboard-'));
    expect(maps.length).toBe(8);
    for (const m of maps) expect(m.metadata.labels?.grafana_dashboard).toBe(GRAFANA_DASHBOARD_LABEL.grafana_dashboard);
    expect(Object.keys(GRAFANA_DASHBOARD_LABEL)).toEqual(['grafana_dashboard']);
  });
});
