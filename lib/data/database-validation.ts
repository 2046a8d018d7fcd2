import { Annotations, Token } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { IConstruct } from 'constructs';
import {
  auroraBackupWindowRule, auroraMaintenanceWindowRule, auroraPostgresVersionRule, awsIdentifierRule, dbInstanceClassRule,
  integerRule, logRetentionDaysRule, PropChecks,
} from '../core/rules';

/**
 * Validation of `PaymentDatabase` props. The construct can be used without the platform
 * configuration, so it checks its own props, with the rules of `lib/core/rules` (the same the
 * configuration schema uses) and the library's one error type: every problem at once, each with
 * the prop, the value and the fix.
 */

/** Aurora allows at most 15 replicas per cluster. */
export const MAX_AURORA_READERS = 15;

/** The checks of one construct's props; tokens are skipped. */
export function propChecks(owner: string): PropChecks {
  return new PropChecks(owner, (v) => Token.isUnresolved(v));
}

/** The props `PaymentDatabase` checks, with their defaults applied. */
export interface DatabaseChecked {
  readonly engineVersion: string;
  readonly instanceClass: string;
  readonly readerInstanceClass?: string;
  readonly readers: number;
  readonly maxConnections: number;
  readonly slowQueryMillis: number;
  readonly backupRetentionDays: number;
  readonly rotationDays: number;
  readonly preferredBackupWindow: string;
  readonly preferredMaintenanceWindow: string;
  readonly logRetentionDays: number;
  readonly clusterIdentifier: string;
  readonly globalIdentifier?: string;
}

/** Adds every problem of the database props to `c`. */
export function checkDatabaseProps(c: PropChecks, v: DatabaseChecked): void {
  c.prop('engineVersion', v.engineVersion, auroraPostgresVersionRule);
  c.prop('instanceClass', v.instanceClass, dbInstanceClassRule);
  c.prop('readerInstanceClass', v.readerInstanceClass, dbInstanceClassRule);
  c.prop('readers', v.readers, integerRule(0, MAX_AURORA_READERS, "Aurora's replica limit is 15"));
  c.prop('maxConnections', v.maxConnections, integerRule(10, 262143, 'the PostgreSQL max_connections range, e.g. 1000'));
  c.prop('slowQueryMillis', v.slowQueryMillis, integerRule(0, 2147483647, 'milliseconds (0 logs every statement with its duration)'));
  c.prop('backupRetentionDays', v.backupRetentionDays, integerRule(1, 35, 'days (the Aurora limit)'));
  c.prop('rotationDays', v.rotationDays, integerRule(1, 90, 'days: a master password older than 90 days is a PCI DSS 8.3.9 finding'));
  c.prop('preferredBackupWindow', v.preferredBackupWindow, auroraBackupWindowRule);
  c.prop('preferredMaintenanceWindow', v.preferredMaintenanceWindow, auroraMaintenanceWindowRule);
  c.prop('logRetentionDays', v.logRetentionDays, logRetentionDaysRule);
  c.prop('clusterIdentifier', v.clusterIdentifier, awsIdentifierRule(63));
  c.prop('globalDatabase.identifier', v.globalIdentifier, awsIdentifierRule(63));
}

/** `'17.9'` → `'17'`. */
export function engineMajor(version: string): string {
  return version.split('.')[0];
}

/** `'db.r6g.2xlarge'` → `'r6g.2xlarge'` (the form `ec2.InstanceType` takes). */
export function ec2FormOfDbClass(value: string): string {
  return value.slice(3);
}

/** A checked retention, as the CloudWatch Logs enum. */
export function asRetention(days: number): logs.RetentionDays {
  return days as logs.RetentionDays;
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
