import { Annotations, Token } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { IConstruct } from 'constructs';

/**
 * Validation of `PaymentDatabase` props. The construct can be used without the platform
 * configuration, so it checks its own props; every error names the prop, shows the value and
 * says the fix.
 */

/** Lowest Aurora PostgreSQL major this library creates (14 and older are out of standard support). */
export const MIN_AURORA_POSTGRES_MAJOR = 15;

/** Aurora allows at most 15 replicas per cluster. */
export const MAX_AURORA_READERS = 15;

/** A parsed `major.minor` Aurora PostgreSQL version. */
export interface ParsedEngineVersion {
  readonly full: string;
  readonly major: string;
}

/** Throws the library's standard validation error: owner, prop, value, fix. */
export function invalidProp(owner: string, prop: string, value: unknown, fix: string): never {
  throw new Error(`${owner}: ${prop} ${JSON.stringify(value)} is invalid: ${fix}`);
}

function fail(prop: string, value: unknown, fix: string): never {
  return invalidProp('PaymentDatabase', prop, value, fix);
}

/** `'17.9'` → `{ full: '17.9', major: '17' }`; rejects other shapes and unsupported majors. */
export function parseAuroraPostgresVersion(version: string): ParsedEngineVersion {
  const m = /^(\d+)\.(\d+)$/.exec(version);
  if (!m) fail('engineVersion', version, "use an Aurora PostgreSQL 'major.minor' version such as '17.9'.");
  if (Number(m[1]) < MIN_AURORA_POSTGRES_MAJOR) {
    fail('engineVersion', version, `use major ${MIN_AURORA_POSTGRES_MAJOR} or newer; older majors are out of Aurora standard support (extended support is billed extra).`);
  }
  return { full: version, major: m[1] };
}

/** `'db.r6g.2xlarge'` → `'r6g.2xlarge'` (the form `ec2.InstanceType` takes). */
export function parseDbInstanceClass(prop: string, value: string): string {
  if (!/^db\.[a-z0-9-]+\.[a-z0-9]+$/.test(value)) fail(prop, value, "use an RDS instance class such as 'db.r6g.2xlarge' (with the 'db.' prefix).");
  return value.slice(3);
}

/** Integer in [min, max], unless a token. */
export function checkInteger(prop: string, value: number, min: number, max: number, fix: string, owner = 'PaymentDatabase'): void {
  if (Token.isUnresolved(value)) return;
  if (!Number.isInteger(value) || value < min || value > max) invalidProp(owner, prop, value, fix);
}

/** `hh:mm-hh:mm` */
export function checkDailyWindow(prop: string, value: string, owner = 'PaymentDatabase'): void {
  if (Token.isUnresolved(value)) return;
  if (!/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/.test(value)) invalidProp(owner, prop, value, "use a UTC window 'hh:mm-hh:mm' such as '03:00-04:00'.");
}

/** `ddd:hh:mm-ddd:hh:mm` */
export function checkWeeklyWindow(prop: string, value: string, owner = 'PaymentDatabase'): void {
  if (Token.isUnresolved(value)) return;
  const part = '(mon|tue|wed|thu|fri|sat|sun):([01]\\d|2[0-3]):[0-5]\\d';
  if (!new RegExp(`^${part}-${part}$`).test(value)) invalidProp(owner, prop, value, "use a UTC window 'ddd:hh:mm-ddd:hh:mm' such as 'sun:04:00-sun:05:00'.");
}

/** The retention periods CloudWatch Logs accepts, from one year up (PCI DSS 10.5.1). */
export function logRetention(owner: string, prop: string, days: number): logs.RetentionDays {
  const allowed = (Object.values(logs.RetentionDays).filter((v) => typeof v === 'number') as number[]).filter((v) => v >= 365);
  if (!allowed.includes(days)) {
    throw new Error(`${owner}: ${prop} ${JSON.stringify(days)} is invalid: use a CloudWatch Logs retention of at least 365 days (PCI DSS 10.5.1), one of ${allowed.join(', ')}.`);
  }
  return days as logs.RetentionDays;
}

/** RDS identifiers: letter first, lowercase letters, digits, single hyphens, ≤ 63 characters. */
export function checkIdentifier(prop: string, value: string): void {
  if (Token.isUnresolved(value)) return;
  if (!/^[a-z](?!.*--)[a-z0-9-]{0,62}$/.test(value) || value.endsWith('-')) {
    fail(prop, value, 'use 1–63 lowercase letters, digits and single hyphens, starting with a letter and not ending with a hyphen.');
  }
}

/** Warns when the readers cannot each sit in their own availability zone. */
export function warnOnPlacement(scope: IConstruct, readers: number, zones: string[]): void {
  if (readers === 0) {
    Annotations.of(scope).addWarningV2('payment-platform:database-no-reader',
      'readers is 0: the cluster has no same-region replica, so a writer failure means creating a new instance (minutes, not ~30 s). Use readers >= 1 in production.');
  } else if (zones.length > 0 && readers > zones.length - 1) {
    Annotations.of(scope).addWarningV2('payment-platform:database-readers-share-zone',
      `readers is ${readers} but the subnets span ${zones.length} availability zones: some instances share a zone with another instance, so one zone failure removes more than one. Use at most ${zones.length - 1} readers or subnets in more zones.`);
  }
}
