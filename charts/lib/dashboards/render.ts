import type { DashboardSpec, PanelSpec } from './types';

/** Grafana's default Prometheus data source in kube-prometheus-stack (`grafana.sidecar.datasources.uid`). */
export const PROMETHEUS_DATASOURCE = { type: 'prometheus', uid: 'prometheus' } as const;

const WIDTH = 24;

function panelModel(p: PanelSpec, id: number, gridPos: Record<string, number>): Record<string, unknown> {
  const type = p.type ?? 'timeseries';
  return {
    id,
    type,
    title: p.title,
    description: p.description,
    gridPos,
    datasource: PROMETHEUS_DATASOURCE,
    fieldConfig: {
      defaults: {
        unit: p.unit ?? 'short',
        ...(p.redAbove !== undefined ? { thresholds: { mode: 'absolute', steps: [{ color: 'green', value: null }, { color: 'red', value: p.redAbove }] } } : {}),
      },
      overrides: [],
    },
    options: type === 'timeseries' ? { legend: { displayMode: 'list', placement: 'bottom' }, tooltip: { mode: 'multi' } } : { reduceOptions: { calcs: ['lastNotNull'] } },
    targets: p.queries.map((q, i) => ({ refId: String.fromCharCode(65 + i), expr: q.expr, legendFormat: q.legend ?? '__auto', datasource: PROMETHEUS_DATASOURCE })),
  };
}

/** Throws for a malformed dashboard (empty rows, panels without queries, bad uid). */
export function validateDashboard(d: DashboardSpec, field: string): void {
  if (!/^[a-z0-9][a-z0-9-]{0,39}$/.test(d.uid)) throw new Error(`${field}.uid: '${d.uid}' must be 1–40 lower-case letters, digits and hyphens.`);
  if (d.rows.length === 0) throw new Error(`${field}.rows: dashboard '${d.uid}' has no rows.`);
  d.rows.forEach((r, i) => {
    if (r.panels.length === 0) throw new Error(`${field}.rows[${i}]: row '${r.title}' of '${d.uid}' has no panels.`);
    r.panels.forEach((p, j) => {
      if (p.queries.length === 0 || p.queries.some((q) => q.expr.trim() === '')) {
        throw new Error(`${field}.rows[${i}].panels[${j}]: panel '${p.title}' of '${d.uid}' needs at least one non-empty query.`);
      }
      if (p.queries.length > 26) throw new Error(`${field}.rows[${i}].panels[${j}]: panel '${p.title}' has ${p.queries.length} queries; Grafana refIds allow 26.`);
    });
  });
}

/** Grafana's dashboard JSON model: a row panel per row, its panels two (or three) per line. */
export function grafanaModel(d: DashboardSpec): Record<string, unknown> {
  const panels: Record<string, unknown>[] = [];
  let id = 1;
  let y = 0;
  for (const row of d.rows) {
    panels.push({ id: id++, type: 'row', title: row.title, collapsed: false, gridPos: { h: 1, w: WIDTH, x: 0, y }, panels: [] });
    y += 1;
    const perLine = row.panels.length % 3 === 0 ? 3 : 2;
    const w = WIDTH / perLine;
    row.panels.forEach((p, i) => {
      const h = (p.type ?? 'timeseries') === 'timeseries' ? 8 : 5;
      panels.push(panelModel(p, id++, { h, w, x: (i % perLine) * w, y: y + Math.floor(i / perLine) * 8 }));
    });
    y += Math.ceil(row.panels.length / perLine) * 8;
  }
  return {
    uid: d.uid,
    title: d.title,
    tags: [...(d.tags ?? [])],
    editable: false,
    schemaVersion: 39,
    time: { from: 'now-6h', to: 'now' },
    refresh: '1m',
    timezone: 'utc',
    panels,
    templating: { list: [] },
    annotations: { list: [] },
  };
}
