/** CronJob schedules and IANA time zones. */

const MACROS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];
const FIELDS: readonly { name: string; min: number; max: number; names?: readonly string[] }[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] },
  { name: 'day of week', min: 0, max: 7, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
];

function fieldValue(token: string, f: (typeof FIELDS)[number]): number | undefined {
  if (/^\d+$/.test(token)) return Number(token);
  const i = f.names?.indexOf(token.toLowerCase()) ?? -1;
  return i >= 0 ? i + (f.name === 'month' ? 1 : 0) : undefined;
}

function fieldProblem(part: string, f: (typeof FIELDS)[number]): string | undefined {
  for (const item of part.split(',')) {
    const [range, step] = item.split('/');
    if (step !== undefined && !/^[1-9]\d*$/.test(step)) return `the ${f.name} step '${step}' is not a positive number`;
    if (range === '*' || range === '?') continue;
    const bounds = range.split('-');
    if (bounds.length > 2) return `the ${f.name} '${item}' is not a value, range or list`;
    for (const b of bounds) {
      const n = fieldValue(b, f);
      if (n === undefined || n < f.min || n > f.max) return `the ${f.name} '${b}' is outside ${f.min}-${f.max}`;
    }
  }
  return undefined;
}

/** A Kubernetes CronJob schedule: five fields (minute hour day-of-month month day-of-week) or a macro. */
export function cronRule(v: unknown): string | undefined {
  const fix = "use five fields 'minute hour day-of-month month day-of-week', e.g. '0 2 * * *' (02:00 daily), or a macro such as '@daily'";
  if (typeof v !== 'string' || v.trim() === '') return `must be a cron schedule; ${fix}`;
  if (/^TZ=|^CRON_TZ=/.test(v)) return `must not carry a time zone (Kubernetes rejects TZ= in the schedule); set the time zone separately and ${fix}`;
  if (v.startsWith('@')) return MACROS.includes(v) ? undefined : `is not a cron macro (${MACROS.join(', ')}); ${fix}`;
  const parts = v.trim().split(/\s+/);
  if (parts.length !== 5) return `has ${parts.length} fields; ${fix}`;
  for (let i = 0; i < 5; i++) {
    const problem = fieldProblem(parts[i], FIELDS[i]);
    if (problem) return `${problem}; ${fix}`;
  }
  return undefined;
}

let zones: ReadonlySet<string> | undefined;

/** The IANA time zones this runtime knows (`Intl.supportedValuesOf('timeZone')`, plus `UTC`). */
export function ianaTimeZones(): ReadonlySet<string> {
  zones ??= new Set([...Intl.supportedValuesOf('timeZone'), 'UTC', 'Etc/UTC']);
  return zones;
}

/** IANA links the runtime resolves but does not list (`Asia/Kolkata` is listed as `Asia/Calcutta`). */
function isTimeZoneAlias(v: string): boolean {
  if (!/^[A-Za-z_]+\/[A-Za-z_/+-]+$/.test(v)) return false;
  try {
    return ianaTimeZones().has(new Intl.DateTimeFormat('en-US', { timeZone: v }).resolvedOptions().timeZone);
  } catch {
    return false;
  }
}

/** An IANA time zone name such as `Asia/Kolkata` (not an abbreviation like `IST`). */
export function timeZoneRule(v: unknown): string | undefined {
  if (typeof v === 'string' && (ianaTimeZones().has(v) || isTimeZoneAlias(v))) return undefined;
  const hint = typeof v === 'string' && /^[A-Z]{2,5}$/.test(v)
    ? ` ('${v}' is an abbreviation, which is ambiguous: IST is India, Israel or Ireland)` : '';
  return `must be an IANA time zone name such as 'UTC', 'Asia/Kolkata' or 'Europe/London'${hint}`;
}
