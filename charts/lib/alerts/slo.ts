import type { AlertRuleSpec, RecordingRuleSpec, RuleGroupSpec } from './types';

/** Service-level objectives of the API gateway. */
export interface ApiSloSpec {
  /**
   * Fraction of requests answered without a 5xx status, over 30 days.
   * @default 0.999 (Advancia's 99.9 % SLA)
   */
  readonly availability?: number;
  /**
   * Fraction of requests answered within `latencyThresholdSeconds`, over 30 days.
   * @default 0.99
   */
  readonly latency?: number;
  /**
   * The latency objective's threshold; it must be a bucket boundary (`le`) of the gateway's
   * `http_request_duration_seconds` histogram.
   * @default 0.5
   */
  readonly latencyThresholdSeconds?: number;
}

/** The windows of the multi-window, multi-burn-rate alerts (Google SRE workbook, chapter 5). */
export const BURN_RATE_WINDOWS = [
  { severity: 'critical', long: '1h', short: '5m', factor: 14.4, for: '2m' },
  { severity: 'critical', long: '6h', short: '30m', factor: 6, for: '5m' },
  { severity: 'warning', long: '1d', short: '2h', factor: 3, for: '15m' },
  { severity: 'warning', long: '3d', short: '6h', factor: 1, for: '1h' },
] as const;

const WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'] as const;

function checkObjective(value: number, field: string): void {
  if (!(value > 0 && value < 1)) {
    throw new Error(`${field}: ${value} is not an objective; give a fraction between 0 and 1 such as 0.999 (99.9 %).`);
  }
}

/** `le` matcher for a threshold: Prometheus 3 writes integer bucket bounds as `1.0`, older clients as `1`. */
function leMatcher(seconds: number): string {
  return Number.isInteger(seconds) ? `le=~"${seconds}(\\\\.0)?"` : `le="${seconds}"`;
}

/**
 * Recording rules for the gateway's error ratios (5xx, and slower than the threshold) over seven
 * windows, and for each objective two alerts: a fast burn that pages (2 % of the 30-day budget in
 * 1 h, or 5 % in 6 h) and a slow burn that opens a ticket (10 % in 3 days, or 3 days at 1×). A long
 * window detects, a short one makes the alert stop soon after the burn stops.
 */
export function apiSloRuleGroups(slo: ApiSloSpec, sel: string): RuleGroupSpec[] {
  const availability = slo.availability ?? 0.999;
  const latency = slo.latency ?? 0.99;
  const threshold = slo.latencyThresholdSeconds ?? 0.5;
  checkObjective(availability, 'slo.availability');
  checkObjective(latency, 'slo.latency');
  if (!(threshold > 0)) throw new Error(`slo.latencyThresholdSeconds: ${threshold} must be a positive number of seconds (a bucket boundary such as 0.5).`);

  const objectives = [
    {
      slo: 'api-availability', objective: availability, alert: 'ApiAvailabilityBudgetBurn', what: 'answered with 5xx',
      ratio: (w: string) => `sum(rate(http_requests_total{${sel}, status=~"5.."}[${w}]))\n  / sum(rate(http_requests_total{${sel}}[${w}]))`,
    },
    {
      slo: 'api-latency', objective: latency, alert: 'ApiLatencyBudgetBurn', what: `slower than ${threshold} s`,
      ratio: (w: string) => `1 - (\n  sum(rate(http_request_duration_seconds_bucket{${sel}, ${leMatcher(threshold)}}[${w}]))\n` +
        `  / sum(rate(http_request_duration_seconds_count{${sel}}[${w}]))\n)`,
    },
  ];
  const record = (w: string) => `slo:sli_error:ratio_rate${w}`;
  return objectives.map((o) => {
    const recording: RecordingRuleSpec[] = WINDOWS.map((w) => ({ record: record(w), expr: o.ratio(w), labels: { slo: o.slo } }));
    const budget = Number((1 - o.objective).toPrecision(6));
    const alerts: AlertRuleSpec[] = (['critical', 'warning'] as const).map((severity) => {
      const windows = BURN_RATE_WINDOWS.filter((b) => b.severity === severity);
      const expr = windows.map((b) => {
        const limit = Number((b.factor * budget).toPrecision(6));
        return `(${record(b.long)}{slo="${o.slo}"} > ${limit} and ${record(b.short)}{slo="${o.slo}"} > ${limit})`;
      }).join('\nor\n');
      const fast = severity === 'critical';
      return {
        alert: `${o.alert}${fast ? 'Fast' : 'Slow'}`,
        severity,
        for: windows[0].for,
        expr,
        summary: `The gateway burns its ${o.slo} error budget ${fast ? 'fast' : 'steadily'} (objective ${(o.objective * 100).toFixed(2)} %)`,
        description: `{{ $value | humanizePercentage }} of requests are ${o.what}; at this rate the 30-day budget of ` +
          `${(budget * 100).toPrecision(3)} % is gone in ${fast ? 'hours' : 'days'}.`,
        labels: { slo: o.slo },
      };
    });
    return { name: `slo-${o.slo}`, rules: [...recording, ...alerts] };
  });
}
