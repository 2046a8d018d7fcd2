/**
 * Prometheus rules as data. The platform's alerts and a catalog service's own alerts are values of
 * these types; `PlatformAlerts` renders them into one PrometheusRule, and the tests run every
 * rendered rule through `promtool check rules` and `promtool test rules`.
 */

/** Severity of an alert; Alertmanager routes on it (`critical` pages, `warning` goes to chat, `info` nowhere). */
export type AlertSeverity = 'critical' | 'warning' | 'info';

/** One alerting rule. */
export interface AlertRuleSpec {
  /** PascalCase alert name, unique in the platform. */
  readonly alert: string;
  /** PromQL; the alert fires for every series it returns. */
  readonly expr: string;
  /** How long `expr` must hold before the alert fires (`1m`, `2h`). */
  readonly for: string;
  readonly severity: AlertSeverity;
  /** One line for the page title. */
  readonly summary: string;
  /** What is wrong and where; may use `{{ $labels.x }}` and `{{ $value }}`. */
  readonly description: string;
  /**
   * More labels on the alert (routing, inhibition).
   * @default - only `severity`
   */
  readonly labels?: Record<string, string>;
}

/** One recording rule. */
export interface RecordingRuleSpec {
  /** `level:metric:operations` name of the recorded series. */
  readonly record: string;
  readonly expr: string;
  /** @default - none */
  readonly labels?: Record<string, string>;
}

/** A group of rules evaluated together. */
export interface RuleGroupSpec {
  readonly name: string;
  readonly rules: ReadonlyArray<AlertRuleSpec | RecordingRuleSpec>;
  /**
   * Evaluation interval of the group.
   * @default - Prometheus's global evaluation interval
   */
  readonly interval?: string;
}

/** True for an alerting rule. */
export function isAlert(rule: AlertRuleSpec | RecordingRuleSpec): rule is AlertRuleSpec {
  return (rule as AlertRuleSpec).alert !== undefined;
}

const DURATION = /^(\d+(ms|s|m|h|d|w|y))+$/;
const ALERT_NAME = /^[A-Z][A-Za-z0-9]*$/;
const RECORD_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** Throws a clear error for a malformed rule (what promtool would reject, caught at synth time). */
export function validateRuleGroups(groups: readonly RuleGroupSpec[], field: string): void {
  const alerts = new Set<string>();
  const groupNames = new Set<string>();
  groups.forEach((g, i) => {
    const at = `${field}[${i}]`;
    if (!/^[a-z0-9][-a-z0-9]*$/.test(g.name)) throw new Error(`${at}.name: '${g.name}' is not a lower-case group name like 'payment-api'.`);
    if (groupNames.has(g.name)) throw new Error(`${at}.name: group '${g.name}' appears twice; rule group names must be unique.`);
    groupNames.add(g.name);
    if (g.rules.length === 0) throw new Error(`${at}.rules: group '${g.name}' is empty; give it at least one rule or drop it.`);
    if (g.interval !== undefined && !DURATION.test(g.interval)) throw new Error(`${at}.interval: '${g.interval}' is not a Prometheus duration like '1m'.`);
    g.rules.forEach((r, j) => {
      const rat = `${at}.rules[${j}]`;
      if (r.expr.trim() === '') throw new Error(`${rat}.expr: the expression is empty.`);
      if (isAlert(r)) {
        if (!ALERT_NAME.test(r.alert)) throw new Error(`${rat}.alert: '${r.alert}' is not a PascalCase alert name like 'HighErrorRate'.`);
        if (alerts.has(r.alert)) throw new Error(`${rat}.alert: '${r.alert}' is defined twice; alert names must be unique (a catalog service's alerts share the namespace with the platform's).`);
        alerts.add(r.alert);
        if (!DURATION.test(r.for)) throw new Error(`${rat}.for: '${r.for}' is not a Prometheus duration like '5m'.`);
        if (!['critical', 'warning', 'info'].includes(r.severity)) throw new Error(`${rat}.severity: '${String(r.severity)}' must be critical, warning or info.`);
        if (r.labels?.severity !== undefined) throw new Error(`${rat}.labels.severity: set 'severity' on the rule, not in labels.`);
      } else if (!RECORD_NAME.test(r.record)) {
        throw new Error(`${rat}.record: '${r.record}' is not a metric name like 'slo:sli_error:ratio_rate5m'.`);
      }
    });
  });
}
