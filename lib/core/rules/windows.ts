/** Daily (`hh:mm-hh:mm`) and weekly (`ddd:hh:mm-ddd:hh:mm`) UTC windows of AWS services. */

const DAY_MINUTES = 24 * 60;
const WEEK_MINUTES = 7 * DAY_MINUTES;
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const HHMM = '([01]\\d|2[0-3]):([0-5]\\d)';
const DAILY = new RegExp(`^${HHMM}-${HHMM}$`);
const WEEKLY = new RegExp(`^(mon|tue|wed|thu|fri|sat|sun):${HHMM}-(mon|tue|wed|thu|fri|sat|sun):${HHMM}$`, 'i');

/** A window as start minute (of the day or week), length in minutes and period. */
export interface TimeWindow {
  readonly start: number;
  readonly length: number;
  readonly period: number;
}

/** Parses `hh:mm-hh:mm` (may cross midnight). */
export function parseDailyWindow(v: string): TimeWindow | undefined {
  const m = DAILY.exec(v);
  if (!m) return undefined;
  const start = Number(m[1]) * 60 + Number(m[2]);
  const end = Number(m[3]) * 60 + Number(m[4]);
  return { start, length: (end - start + DAY_MINUTES) % DAY_MINUTES, period: DAY_MINUTES };
}

/** Parses `ddd:hh:mm-ddd:hh:mm` (may cross the week's end). */
export function parseWeeklyWindow(v: string): TimeWindow | undefined {
  const m = WEEKLY.exec(v);
  if (!m) return undefined;
  const start = DAYS.indexOf(m[1].toLowerCase()) * DAY_MINUTES + Number(m[2]) * 60 + Number(m[3]);
  const end = DAYS.indexOf(m[4].toLowerCase()) * DAY_MINUTES + Number(m[5]) * 60 + Number(m[6]);
  return { start, length: (end - start + WEEK_MINUTES) % WEEK_MINUTES, period: WEEK_MINUTES };
}

/** Whether a daily window and a weekly window share any minute of the week. */
export function dailyOverlapsWeekly(daily: TimeWindow, weekly: TimeWindow): boolean {
  for (let day = 0; day < 7; day++) {
    const a = daily.start + day * DAY_MINUTES;
    for (const shift of [-WEEK_MINUTES, 0, WEEK_MINUTES]) {
      const b = weekly.start + shift;
      if (a < b + weekly.length && b < a + daily.length) return true;
    }
  }
  return false;
}

/** A UTC window of the given kind lasting at least `minMinutes`. */
export function windowRule(kind: 'daily' | 'weekly', minMinutes: number): (v: unknown) => string | undefined {
  const weekly = kind === 'weekly';
  const example = weekly ? 'sun:04:00-sun:05:00' : '03:00-04:00';
  const format = weekly ? "'ddd:hh:mm-ddd:hh:mm' (UTC, ddd one of mon..sun)" : "'hh:mm-hh:mm' (UTC)";
  return (v) => {
    const w = typeof v === 'string' ? (weekly ? parseWeeklyWindow(v) : parseDailyWindow(v)) : undefined;
    if (!w) return `must be a window in the form ${format}, e.g. '${example}'`;
    if (w.length < minMinutes) return `must last at least ${minMinutes} minutes; widen it, e.g. '${example}'`;
    return undefined;
  };
}

/** The problem when a daily window (e.g. backups) overlaps a weekly maintenance window. */
export function windowsOverlapRule(daily: unknown, weekly: unknown, dailyName: string): string | undefined {
  const d = typeof daily === 'string' ? parseDailyWindow(daily) : undefined;
  const w = typeof weekly === 'string' ? parseWeeklyWindow(weekly) : undefined;
  if (d && w && dailyOverlapsWeekly(d, w)) return `overlaps the ${dailyName} window ${String(daily)}; move one of the windows so they do not overlap`;
  return undefined;
}

/** Aurora's daily automated-backup window (at least 30 minutes). */
export const auroraBackupWindowRule = windowRule('daily', 30);

/** Aurora's weekly maintenance window (at least 30 minutes). */
export const auroraMaintenanceWindowRule = windowRule('weekly', 30);

/** ElastiCache's daily snapshot window (at least 60 minutes). */
export const cacheSnapshotWindowRule = windowRule('daily', 60);

/** ElastiCache's weekly maintenance window (at least 60 minutes). */
export const cacheMaintenanceWindowRule = windowRule('weekly', 60);
