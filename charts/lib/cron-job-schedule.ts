/** Field names, ranges and names accepted by the Kubernetes CronJob controller (robfig/cron, standard parser). */
const FIELDS: ReadonlyArray<{ readonly name: string; readonly min: number; readonly max: number; readonly names?: readonly string[] }> = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] },
  { name: 'day-of-week', min: 0, max: 7, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
];

const MACROS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

function value(token: string, field: (typeof FIELDS)[number], prop: string, expr: string): number {
  const named = field.names?.indexOf(token.toUpperCase()) ?? -1;
  const n = named >= 0 ? named + (field.name === 'month' ? 1 : 0) : /^\d+$/.test(token) ? Number(token) : NaN;
  if (Number.isNaN(n) || n < field.min || n > field.max) {
    throw new Error(`${prop} '${expr}': ${field.name} value '${token}' is outside ${field.min}-${field.max}.`);
  }
  return n;
}

/**
 * Validates a five-field cron expression (minute hour day-of-month month day-of-week) with
 * `*`, lists, ranges, steps and month/day names, and returns the five fields. Macros such as
 * `@daily` are rejected so the schedule a reviewer reads is explicit; `TZ=`/`CRON_TZ=` prefixes
 * are rejected because Kubernetes wants the time zone in `spec.timeZone`.
 */
export function validateCronSchedule(expr: string, prop = 'schedule'): [string, string, string, string, string] {
  const trimmed = expr.trim();
  if (/^(CRON_)?TZ=/.test(trimmed)) {
    throw new Error(`${prop} '${expr}' sets a time zone inline; Kubernetes rejects that — use the timeZone prop instead.`);
  }
  if (MACROS.has(trimmed)) {
    throw new Error(`${prop} '${expr}' is a macro; write the five fields (e.g. '0 2 * * *' for daily at 02:00).`);
  }
  const parts = trimmed.split(/\s+/);
  if (parts.length !== 5) {
    throw new Error(`${prop} '${expr}' has ${parts.length} fields; give 5 (minute hour day-of-month month day-of-week), e.g. '0 2 * * *'.`);
  }
  parts.forEach((part, i) => {
    const field = FIELDS[i];
    for (const item of part.split(',')) {
      const m = /^(\*|[A-Za-z0-9]+(?:-[A-Za-z0-9]+)?)(?:\/(\d+))?$/.exec(item);
      if (!m) throw new Error(`${prop} '${expr}': ${field.name} item '${item}' is not '*', a value, a range a-b, or a step x/n.`);
      if (m[2] !== undefined && (Number(m[2]) < 1 || Number(m[2]) > field.max)) {
        throw new Error(`${prop} '${expr}': ${field.name} step '${m[2]}' must be between 1 and ${field.max}.`);
      }
      if (m[1] === '*') continue;
      const [from, to] = m[1].split('-');
      const a = value(from, field, prop, expr);
      if (to !== undefined && value(to, field, prop, expr) < a) {
        throw new Error(`${prop} '${expr}': ${field.name} range '${m[1]}' runs backwards; write the smaller value first.`);
      }
    }
  });
  return parts as [string, string, string, string, string];
}
