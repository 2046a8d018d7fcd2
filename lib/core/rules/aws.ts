/** AWS value rules: log retention, instance types, engine versions, identifiers. */
import { familySizes } from './instance-types';
import { closestMatch } from './suggest';

/** PCI DSS 10.5.1: audit log history of at least twelve months. */
export const PCI_MIN_LOG_RETENTION_DAYS = 365;

/** Every retention period CloudWatch Logs accepts (`RetentionInDays`). */
export const CLOUDWATCH_RETENTION_DAYS: readonly number[] = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

/** Retention periods CloudWatch Logs accepts that also meet PCI DSS 10.5.1 (≥ 365 days). */
export const PCI_LOG_RETENTION_DAYS: readonly number[] = CLOUDWATCH_RETENTION_DAYS.filter((d) => d >= PCI_MIN_LOG_RETENTION_DAYS);

/** A CloudWatch Logs retention of at least a year (PCI DSS 10.5.1). */
export function logRetentionDaysRule(v: unknown): string | undefined {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < PCI_MIN_LOG_RETENTION_DAYS) {
    return `must be at least ${PCI_MIN_LOG_RETENTION_DAYS} days (PCI DSS 10.5.1 keeps one year of audit logs); use 365 or longer`;
  }
  if (!PCI_LOG_RETENTION_DAYS.includes(v)) return `must be a value CloudWatch Logs accepts: one of ${PCI_LOG_RETENTION_DAYS.join(', ')}`;
  return undefined;
}

/** Days audit logs kept in S3 (lifecycle expiry): a whole number of at least a year (PCI DSS 10.5.1). */
export function auditLogDaysRule(v: unknown): string | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v >= PCI_MIN_LOG_RETENTION_DAYS
    ? undefined
    : `must be a whole number of days of at least ${PCI_MIN_LOG_RETENTION_DAYS} (PCI DSS 10.5.1 keeps one year of audit logs); use 365 or longer`;
}

/** EC2 instance families EKS managed node groups run on (x86 and Graviton, current generations). */
export const EC2_INSTANCE_FAMILIES: readonly string[] = [
  't3', 't3a', 't4g',
  'm5', 'm5a', 'm5ad', 'm5d', 'm5dn', 'm5n', 'm5zn', 'm6a', 'm6g', 'm6gd', 'm6i', 'm6id', 'm6idn', 'm6in',
  'm7a', 'm7g', 'm7gd', 'm7i', 'm7i-flex', 'm8a', 'm8g', 'm8gd', 'm8i', 'm8i-flex',
  'c5', 'c5a', 'c5ad', 'c5d', 'c5n', 'c6a', 'c6g', 'c6gd', 'c6gn', 'c6i', 'c6id', 'c6in',
  'c7a', 'c7g', 'c7gd', 'c7gn', 'c7i', 'c7i-flex', 'c8a', 'c8g', 'c8gd', 'c8i', 'c8i-flex',
  'r5', 'r5a', 'r5ad', 'r5b', 'r5d', 'r5dn', 'r5n', 'r6a', 'r6g', 'r6gd', 'r6i', 'r6id', 'r6idn', 'r6in',
  'r7a', 'r7g', 'r7gd', 'r7i', 'r7iz', 'r8a', 'r8g', 'r8gd', 'r8i', 'r8i-flex',
  'x2gd', 'x2idn', 'x2iedn', 'x8g', 'z1d', 'i3', 'i3en', 'i4g', 'i4i', 'i7i', 'i7ie', 'i8g', 'im4gn', 'is4gen', 'd3', 'd3en',
  'g5', 'g5g', 'g6', 'g6e', 'gr6', 'p4d', 'p5', 'p5e', 'inf2', 'trn1', 'trn2',
];

/** Sizes of the burstable families. */
const BURSTABLE_SIZES = ['nano', 'micro', 'small', 'medium', 'large', 'xlarge', '2xlarge'];
/** Sizes of the other families (each family offers a subset; AWS rejects a size it lacks at deploy). */
const SIZES = ['medium', 'large', 'xlarge', '2xlarge', '3xlarge', '4xlarge', '6xlarge', '8xlarge', '9xlarge', '12xlarge',
  '16xlarge', '18xlarge', '24xlarge', '32xlarge', '48xlarge', '96xlarge', 'metal', 'metal-16xl', 'metal-24xl', 'metal-32xl', 'metal-48xl'];

function familyAndSize(v: unknown, prefix: string): [string, string] | undefined {
  if (typeof v !== 'string' || !v.startsWith(prefix)) return undefined;
  const rest = v.slice(prefix.length);
  const dot = rest.indexOf('.');
  return dot > 0 ? [rest.slice(0, dot), rest.slice(dot + 1)] : undefined;
}

function sizeProblem(family: string, size: string, shown: string, what: string, example: string, known?: readonly string[]): string | undefined {
  // A family of the instance-type data offers exactly its listed sizes (bare metal is not listed there).
  const sizes = known ? [...known, ...SIZES.filter((x) => x.startsWith('metal'))] : /^t\d/.test(family) ? BURSTABLE_SIZES : SIZES;
  if (sizes.includes(size)) return undefined;
  const near = closestMatch(size, sizes);
  return `is not ${what}: the ${shown} family has no size '${size}'; use one of ${sizes.join(', ')}${near ? ` (did you mean '${near}'?)` : ''}, e.g. '${example}'`;
}

function typeRule(prefix: string, families: readonly string[], what: string, example: string): (v: unknown) => string | undefined {
  return (v) => {
    const parts = familyAndSize(v, prefix);
    if (!parts) return `must be ${what} '${prefix}<family>.<size>' such as '${example}'`;
    const [family, size] = parts;
    if (!families.includes(family)) {
      const near = closestMatch(family, families);
      return `is not ${what}: '${prefix}${family}' is no instance family we know${near ? `; did you mean '${prefix}${near}'?` : ''} (e.g. '${example}')`;
    }
    return sizeProblem(family, size, `${prefix}${family}`, what, example, prefix === '' ? familySizes(family) : undefined);
  };
}

/** An EC2 instance type for a node group, e.g. `m5.xlarge`. */
export const ec2InstanceTypeRule = typeRule('', EC2_INSTANCE_FAMILIES, 'an EC2 instance type', 'm5.xlarge');

/** Aurora PostgreSQL instance families (provisioned). */
export const DB_INSTANCE_FAMILIES: readonly string[] = ['t3', 't4g', 'r5', 'r6g', 'r6gd', 'r6i', 'r6id', 'r7g', 'r7i', 'r8g', 'x2g'];

/** An Aurora PostgreSQL instance class, e.g. `db.r6g.2xlarge`. */
export const dbInstanceClassRule = typeRule('db.', DB_INSTANCE_FAMILIES, "a DB instance class (starting with 'db.')", 'db.r6g.2xlarge');

/** ElastiCache node families. */
export const CACHE_NODE_FAMILIES: readonly string[] = ['t3', 't4g', 'm5', 'm6g', 'm7g', 'r5', 'r6g', 'r6gd', 'r7g', 'c7gn'];

/** An ElastiCache node type, e.g. `cache.r6g.xlarge`. */
export const cacheNodeTypeRule = typeRule('cache.', CACHE_NODE_FAMILIES, "an ElastiCache node type (starting with 'cache.')", 'cache.r6g.xlarge');

/** Lowest Aurora PostgreSQL major this library creates (older majors are out of standard support). */
export const MIN_AURORA_POSTGRES_MAJOR = 15;

/** Aurora PostgreSQL versions offered (15 and newer), newest last per major. */
export const AURORA_POSTGRES_VERSIONS: readonly string[] = [
  '15.2', '15.3', '15.4', '15.5', '15.6', '15.7', '15.8', '15.9', '15.10', '15.12', '15.13', '15.14', '15.15', '15.17',
  '16.1', '16.2', '16.3', '16.4', '16.5', '16.6', '16.8', '16.9', '16.10', '16.11', '16.13',
  '17.1', '17.2', '17.4', '17.5', '17.6', '17.7', '17.9',
];

/** An Aurora PostgreSQL `major.minor` version that Aurora offers. */
export function auroraPostgresVersionRule(v: unknown): string | undefined {
  const m = typeof v === 'string' ? /^(\d{2})\.(\d{1,2})$/.exec(v) : null;
  if (!m) return "must be an Aurora PostgreSQL version 'major.minor' such as '17.9' or '16.6'";
  if (Number(m[1]) < MIN_AURORA_POSTGRES_MAJOR) return `PostgreSQL ${m[1]} reaches end of standard support; use 16 or 17, e.g. '17.9'`;
  if (!AURORA_POSTGRES_VERSIONS.includes(v as string)) {
    const same = AURORA_POSTGRES_VERSIONS.filter((x) => x.startsWith(`${m[1]}.`));
    return same.length > 0
      ? `is not an Aurora PostgreSQL version AWS offers; use one of ${same.join(', ')} (newest: '${same[same.length - 1]}')`
      : `is not an Aurora PostgreSQL major AWS offers; use 15, 16 or 17, e.g. '17.9'`;
  }
  return undefined;
}

/**
 * Cache engine versions offered per engine that can require TLS (Redis OSS before 7.0 has no
 * `transitEncryptionMode: required`, so it is not offered here).
 */
export const CACHE_ENGINE_VERSIONS: Readonly<Record<'valkey' | 'redis', readonly string[]>> = {
  valkey: ['7.2', '8.0', '8.1'],
  redis: ['7.0', '7.1'],
};

/** A cache engine version offered for `engine`. */
export function cacheEngineVersionRule(engine: 'valkey' | 'redis'): (v: unknown) => string | undefined {
  return (v) => {
    if (typeof v !== 'string' || !/^\d+\.\d+$/.test(v)) return "must be an engine version 'major.minor' such as '8.0' (valkey) or '7.1' (redis)";
    const offered = CACHE_ENGINE_VERSIONS[engine];
    if (offered.includes(v)) return undefined;
    const tls = engine === 'redis' ? ' (requiring TLS, transitEncryptionMode, starts at redis 7.0), or switch to valkey' : '';
    return `is not a ${engine} version ElastiCache offers; use one of ${offered.join(', ')}${tls}`;
  };
}

/** A 12-digit AWS account id (a string: a number would lose leading zeros). */
export function accountIdRule(v: unknown): string | undefined {
  return typeof v === 'string' && /^\d{12}$/.test(v) ? undefined : "must be the 12-digit AWS account id as a string, e.g. '123456789012'";
}

const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

/** An e-mail address (as SNS e-mail subscriptions accept it). */
export function emailRule(v: unknown): string | undefined {
  return typeof v === 'string' && v.length <= 254 && EMAIL.test(v)
    ? undefined : "must be an e-mail address like 'payments-oncall@example.com', or be omitted for no subscription";
}

/**
 * An RDS/ElastiCache identifier: a letter first, lowercase letters, digits and single hyphens, no
 * trailing hyphen, at most `max` characters (63 for RDS clusters, 40 for cache replication groups).
 */
export function awsIdentifierRule(max: number): (v: unknown) => string | undefined {
  return (v) => (typeof v === 'string' && v.length <= max && /^[a-z](?!.*--)[a-z0-9-]*$/.test(v) && !v.endsWith('-')
    ? undefined
    : `must be 1–${max} lowercase letters, digits and single hyphens, starting with a letter and not ending with a hyphen, e.g. 'payments-prod'`);
}

/** An ACM certificate ARN. */
export function acmCertificateArnRule(v: unknown): string | undefined {
  return typeof v === 'string' && /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[\w-]+$/.test(v)
    ? undefined : "must be an ACM certificate ARN, 'arn:aws:acm:<region>:<account>:certificate/<id>'";
}

/** A regional AWS WAFv2 web ACL ARN (what an ALB associates with). */
export function regionalWebAclArnRule(v: unknown): string | undefined {
  return typeof v === 'string' && /^arn:aws[a-z-]*:wafv2:[a-z0-9-]+:\d{12}:regional\/webacl\/[\w-]+\/[\w-]+$/.test(v)
    ? undefined : "must be a regional WAFv2 web ACL ARN, 'arn:aws:wafv2:<region>:<account>:regional/webacl/<name>/<id>'";
}
