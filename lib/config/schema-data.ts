import {
  auroraBackupWindowRule, auroraMaintenanceWindowRule, auroraPostgresVersionRule, cacheMaintenanceWindowRule, cacheNodeTypeRule,
  cacheSnapshotWindowRule, dbInstanceClassRule,
} from '../core/rules';
import { flag, integer, oneOf, pattern, section, text } from './schema-helpers';

/**
 * The data tier: the regional Aurora PostgreSQL cluster and the cache. Settings only a construct
 * uses have no default here: the construct's own `@default` applies (`PaymentDatabase`,
 * `PaymentCache`), so there is one default per setting.
 */

const PG_IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]{0,62}$/;
const RESERVED_DATABASE_NAMES = ['postgres', 'template0', 'template1', 'rdsadmin'];
const RESERVED_USERNAMES = ['admin', 'postgres', 'rdsadmin', 'rdsrepladmin', 'rds_superuser', 'public'];

function pgIdentifier(reserved: string[], example: string): (v: unknown) => string | undefined {
  return (v) => {
    if (typeof v !== 'string' || !PG_IDENTIFIER.test(v)) return `must be 1–63 letters, digits or '_', starting with a letter, e.g. '${example}'`;
    if (reserved.includes(v.toLowerCase())) return `'${v}' is reserved by PostgreSQL or RDS; choose another, e.g. '${example}'`;
    return undefined;
  };
}

/** The regional PostgreSQL database (Aurora PostgreSQL). */
export const databaseSchema = section({
  engineVersion: text(auroraPostgresVersionRule, 'Aurora PostgreSQL engine version offered by AWS, e.g. `17.9`. Changing the major version is an upgrade, not a replacement.').default('17.9'),
  allowMajorVersionUpgrade: flag('must be true or false (true only for the deploy that performs a major upgrade)',
    'Allow `engineVersion` to move to a new major version (the deploy that performs the upgrade only; `payment-platform upgrade-plan --database <version>` prints the order).').default(false),
  instanceClass: text(dbInstanceClassRule, 'Writer instance class.').default('db.r6g.2xlarge'),
  readerInstanceClass: text(dbInstanceClassRule,
    "Reader instance class (the same-region read replica and the Multi-AZ failover target). Default: the writer's class (`instanceClass`), so a failover keeps full capacity.").optional(),
  readers: integer(0, 15, 'Aurora allows up to 15 readers; 1 gives a same-region failover target',
    'Number of same-region readers (in other AZs than the writer). Default: `PaymentDatabase` default, 1.').optional(),
  databaseName: text(pgIdentifier(RESERVED_DATABASE_NAMES, 'payments'), 'Initial database name. Changing it replaces the cluster.').default('payments'),
  masterUsername: text(pgIdentifier(RESERVED_USERNAMES, 'payments_admin'),
    "Master user name. Changing it replaces the cluster. Default: `PaymentDatabase` default, 'payments_admin'.").optional(),
  maxConnections: integer(10, 262143, 'the PostgreSQL max_connections range, e.g. 1000', '`max_connections` parameter; the services size their pools from it.').default(1000),
  backupRetentionDays: integer(7, 35, 'PCI DSS: keep backups at least 7 days (35 recommended)',
    'Automated backup retention in days (7–35). Default: `PaymentDatabase` default, 35.').optional(),
  preferredBackupWindow: text(auroraBackupWindowRule, 'Daily backup window, UTC, `hh:mm-hh:mm` (at least 30 minutes, not overlapping the maintenance window).').default('03:00-04:00'),
  preferredMaintenanceWindow: text(auroraMaintenanceWindowRule, 'Weekly maintenance window, UTC, `ddd:hh:mm-ddd:hh:mm` (at least 30 minutes).').default('sun:04:00-sun:05:00'),
  slowQueryMillis: integer(0, 2_147_483_647, 'milliseconds, e.g. 1000 (an integer ≥ 0)',
    'Statements slower than this are logged (`log_min_duration_statement`). Default: `PaymentDatabase` default, 1000.').optional(),
  rotationDays: integer(1, 90, 'days between rotations of the master password, e.g. 30',
    'Days between automatic rotations of the master secret. Default: `PaymentDatabase` default, 30.').optional(),
}, "must be an object (or be omitted for the defaults), e.g. { instanceClass: 'db.r6g.2xlarge' }", 'The regional PostgreSQL database (Aurora PostgreSQL).');

/** The regional cache (ElastiCache replication group). */
export const cacheSchema = section({
  engine: oneOf(['valkey', 'redis'], "must be 'valkey' or 'redis'", 'Engine. Valkey is the open-source continuation of Redis OSS and is wire-compatible.').default('valkey'),
  engineVersion: pattern(/^\d+\.\d+$/, "must be an engine version 'major.minor' such as '8.0' (valkey) or '7.1' (redis)",
    "Engine version offered by ElastiCache. Default: `PaymentCache` default, '8.0' (valkey) / '7.1' (redis).").optional(),
  nodeType: text(cacheNodeTypeRule, "Node type. Default: `PaymentCache` default, 'cache.r6g.xlarge'.").optional(),
  nodes: integer(2, 6, 'automatic failover needs at least 2 nodes (one primary plus at most 5 replicas); 3 recommended',
    'Nodes in the replication group (one primary, the rest replicas), spread over the AZs. Default: `PaymentCache` default, 3.').optional(),
  snapshotRetentionDays: integer(1, 35, 'e.g. 7', 'Days to keep automatic snapshots (NIST 800-53 R5 CP-9: at least 15). Default: `PaymentCache` default, 35.').optional(),
  snapshotWindow: text(cacheSnapshotWindowRule, 'Daily snapshot window, UTC (at least 60 minutes, not overlapping the maintenance window).').default('03:00-05:00'),
  maintenanceWindow: text(cacheMaintenanceWindowRule, 'Weekly maintenance window, UTC (at least 60 minutes).').default('sun:05:00-sun:07:00'),
}, "must be an object (or be omitted for the defaults), e.g. { nodeType: 'cache.r6g.xlarge' }", 'The regional cache (ElastiCache replication group).');
