import { GRAFANA_DASHBOARD_LABEL, GRAFANA_FOLDER_ANNOTATION } from '../../../lib/core/identities';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { exportedSeries } from '../observability/metric-catalog';
import { metricNames } from '../observability/promql';
import { grafanaModel, validateDashboard } from './render';
import type { DashboardSpec, PanelSpec } from './types';

export { GRAFANA_DASHBOARD_LABEL, GRAFANA_FOLDER_ANNOTATION };

/** A catalog service's own panels. */
export interface ServicePanels {
  readonly service: string;
  readonly panels: readonly PanelSpec[];
  /** Metric names the service exports beyond the platform's contract. */
  readonly metrics: readonly string[];
}

/** Props of `PlatformDashboards`. */
export interface PlatformDashboardsProps {
  /** Namespace of the ConfigMaps (the sidecar searches it). */
  readonly namespace: string;
  readonly dashboards: readonly DashboardSpec[];
  /**
   * Catalog services' panels, one row per service on the "Catalog services" dashboard.
   * @default - none
   */
  readonly servicePanels?: readonly ServicePanels[];
  /** Series recorded by the platform's rules (`slo:…`), which panels may read too. */
  readonly recordedSeries: readonly string[];
  /** @default 'Payment platform' */
  readonly folder?: string;
}

/**
 * One ConfigMap per dashboard, labelled for the Grafana sidecar, holding the Grafana JSON model
 * rendered from typed data. Every query of a catalog service's panel must read series some
 * deployed component (or the service itself, through its `metrics`) exports: a misspelt metric
 * is an error at synth time, not an empty panel.
 */
export class PlatformDashboards extends Construct {
  /** The rendered dashboards by uid. */
  public readonly models: Record<string, Record<string, unknown>> = {};

  constructor(scope: Construct, id: string, props: PlatformDashboardsProps) {
    super(scope, id);
    const dashboards = [...props.dashboards];
    const panels = (props.servicePanels ?? []).filter((s) => s.panels.length > 0);
    if (panels.length > 0) {
      const known = new Set([...exportedSeries(), ...props.recordedSeries]);
      for (const s of panels) {
        const own = new Set(s.metrics.flatMap((m) => [m, `${m}_bucket`, `${m}_sum`, `${m}_count`]));
        s.panels.forEach((p, i) => p.queries.forEach((q) => {
          const unknown = metricNames(q.expr).filter((m) => !known.has(m) && !own.has(m));
          if (unknown.length > 0) {
            throw new Error(`ServiceSpec '${s.service}'.dashboardPanels[${i}] ('${p.title}'): the query reads ${unknown.map((u) => `'${u}'`).join(', ')}, ` +
              "which neither the platform's components nor the service export; add it to the service's metrics or fix the name.");
          }
        }));
      }
      dashboards.push({ uid: 'payments-catalog-services', title: 'Catalog services', tags: ['payments', 'catalog'], rows: panels.map((s) => ({ title: s.service, panels: s.panels })) });
    }
    const uids = new Set<string>();
    dashboards.forEach((d, i) => {
      validateDashboard(d, `PlatformDashboards.dashboards[${i}]`);
      if (uids.has(d.uid)) throw new Error(`PlatformDashboards.dashboards[${i}].uid: '${d.uid}' appears twice; dashboard uids must be unique.`);
      uids.add(d.uid);
      const model = grafanaModel(d);
      this.models[d.uid] = model;
      new k8s.KubeConfigMap(this, d.uid, {
        metadata: {
          name: `dashboard-${d.uid}`,
          namespace: props.namespace,
          labels: { ...GRAFANA_DASHBOARD_LABEL },
          annotations: { [GRAFANA_FOLDER_ANNOTATION]: props.folder ?? 'Payment platform' },
        },
        data: { [`${d.uid}.json`]: JSON.stringify(model) },
      });
    });
  }
}
