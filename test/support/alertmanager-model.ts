/**
 * A model of Alertmanager's inhibition and grouping, for the routing tests: which of a set of
 * firing alerts are notified, and in how many notification groups. Matchers use Alertmanager's
 * syntax (`name="v"`, `name=~"re"`, `!=`, `!~`); `equal` labels missing on both alerts count as equal.
 */

export type Alert = Record<string, string>;

interface InhibitRule {
  readonly source_matchers: string[];
  readonly target_matchers: string[];
  readonly equal?: string[];
}

function matcher(text: string): (labels: Alert) => boolean {
  const m = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"(.*)"\s*$/.exec(text);
  if (!m) throw new Error(`unsupported matcher ${text}`);
  const [, name, op, raw] = m;
  const value = raw.replace(/\\\\/g, '\\');
  const re = new RegExp(`^(?:${value})$`);
  return (labels) => {
    const v = labels[name] ?? '';
    switch (op) {
      case '=': return v === value;
      case '!=': return v !== value;
      case '=~': return re.test(v);
      default: return !re.test(v);
    }
  };
}

const matchesAll = (matchers: string[], labels: Alert) => matchers.every((m) => matcher(m)(labels));

/** The alerts left after inhibition. */
export function notAfterInhibition(alerts: Alert[], rules: InhibitRule[]): Alert[] {
  return alerts.filter((target) => !rules.some((rule) => matchesAll(rule.target_matchers, target) && alerts.some((source) =>
    source !== target && matchesAll(rule.source_matchers, source) && !matchesAll(rule.target_matchers, source) &&
    (rule.equal ?? []).every((l) => (source[l] ?? '') === (target[l] ?? '')))));
}

/** Notification groups of the alerts for `groupBy` labels. */
export function groups(alerts: Alert[], groupBy: string[]): Alert[][] {
  const byKey = new Map<string, Alert[]>();
  for (const a of alerts) {
    const key = groupBy.map((l) => `${l}=${a[l] ?? ''}`).join(',');
    byKey.set(key, [...(byKey.get(key) ?? []), a]);
  }
  return [...byKey.values()];
}
