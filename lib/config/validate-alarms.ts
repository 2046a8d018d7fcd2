/** Checks of the `alarms` section (see `validatePlatformConfig`). */

/** Where problems are collected. */
export interface ProblemSink {
  add(field: string, value: unknown, message: string): void;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
const SLACK_CHANNEL = /^#[a-z0-9][a-z0-9._-]{0,79}$/;

function checkFraction(p: ProblemSink, field: string, v: unknown, example: string): void {
  if (v === undefined) return;
  if (typeof v !== 'number' || !(v > 0 && v < 1)) p.add(field, v, `must be a fraction between 0 and 1, e.g. ${example}`);
}

/** E-mail, PagerDuty, Slack and the gateway's SLOs. */
export function checkAlarms(c: Obj, p: ProblemSink): void {
  const a = c.alarms;
  if (a === undefined) return;
  if (!isObj(a)) {
    p.add('alarms', a, "must be an object, e.g. { email: 'payments-oncall@example.com', pagerDuty: true }");
    return;
  }
  if (a.email !== undefined && (typeof a.email !== 'string' || !EMAIL.test(a.email))) {
    p.add('alarms.email', a.email, "must be an e-mail address like 'payments-oncall@example.com', or be omitted for no subscription");
  }
  if (a.pagerDuty !== undefined && typeof a.pagerDuty !== 'boolean') {
    p.add('alarms.pagerDuty', a.pagerDuty, 'must be true (page critical alerts through PagerDuty) or false');
  }
  if (a.slack !== undefined) {
    if (!isObj(a.slack)) p.add('alarms.slack', a.slack, "must be an object like { channel: '#payments-alerts' }");
    else if (typeof a.slack.channel !== 'string' || !SLACK_CHANNEL.test(a.slack.channel)) {
      p.add('alarms.slack.channel', a.slack.channel, "must be a Slack channel like '#payments-alerts' (lower case, starting with #)");
    }
  }
  if (a.slo !== undefined) {
    if (!isObj(a.slo)) {
      p.add('alarms.slo', a.slo, 'must be an object like { availability: 0.999 }');
      return;
    }
    checkFraction(p, 'alarms.slo.availability', a.slo.availability, '0.999 for 99.9 %');
    checkFraction(p, 'alarms.slo.latency', a.slo.latency, '0.99 for 99 % of requests within the threshold');
    const t = a.slo.latencyThresholdSeconds;
    if (t !== undefined && (typeof t !== 'number' || !(t > 0 && t <= 60))) {
      p.add('alarms.slo.latencyThresholdSeconds', t, 'must be a bucket boundary of http_request_duration_seconds in seconds (0 < t ≤ 60), e.g. 0.5');
    }
  }
}
