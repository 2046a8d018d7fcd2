/**
 * Grafana dashboards as typed data: a dashboard is rows of panels, a panel is queries. The
 * renderer (`grafanaModel`) lays them out and writes Grafana's JSON model; nothing is pasted JSON.
 */

/** One PromQL query of a panel. */
export interface PanelQuery {
  readonly expr: string;
  /** Legend (`{{provider}}`). @default - the series labels */
  readonly legend?: string;
}

/** One panel. */
export interface PanelSpec {
  readonly title: string;
  /** @default 'timeseries' */
  readonly type?: 'timeseries' | 'stat' | 'gauge';
  /** Grafana unit (`reqps`, `s`, `percentunit`, `bytes`, `short`). @default 'short' */
  readonly unit?: string;
  readonly queries: readonly PanelQuery[];
  /** @default - none */
  readonly description?: string;
  /** Value from which the panel turns red (stat and gauge). @default - no threshold */
  readonly redAbove?: number;
}

/** A titled row of panels. */
export interface RowSpec {
  readonly title: string;
  readonly panels: readonly PanelSpec[];
}

/** One dashboard. */
export interface DashboardSpec {
  /** Stable id (the URL and the ConfigMap key): lower case, ≤ 40 characters. */
  readonly uid: string;
  readonly title: string;
  /** @default - none */
  readonly tags?: readonly string[];
  readonly rows: readonly RowSpec[];
}
