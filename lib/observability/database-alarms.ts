import { Duration, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct, IConstruct } from 'constructs';

/** What the database alarms need; `PaymentDatabase` provides it. */
export interface MonitorableDatabase extends IConstruct {
  /** `DBClusterIdentifier` dimension. */
  readonly clusterIdentifier: string;
  /** `DBInstanceIdentifier` dimensions, writer first. */
  readonly instanceIdentifiers: string[];
  /** `max_connections` of the instances. */
  readonly maxConnections: number;
  /** Number of readers (no replica-lag alarm without readers). */
  readonly readers: number;
  /**
   * Role in an Aurora global database.
   * @default - a standalone cluster (no global replication-lag alarm)
   */
  readonly globalRole?: 'primary' | 'secondary';
}

/** Thresholds of the database alarms. */
export interface DatabaseAlarmOptions {
  /**
   * CPUUtilization (average over 5 min, two periods in a row) above this percentage alarms.
   * @default 80
   */
  readonly cpuPercent?: number;
  /**
   * DatabaseConnections above this percentage of `max_connections` alarms.
   * @default 80
   */
  readonly connectionsPercent?: number;
  /**
   * FreeableMemory below this many bytes alarms.
   * @default 2 GiB
   */
  readonly freeableMemoryBytes?: number;
  /**
   * FreeLocalStorage (temporary files, sorts, logs on the instance) below this many bytes alarms.
   * @default 10 GiB
   */
  readonly freeLocalStorageBytes?: number;
  /**
   * AuroraReplicaLagMaximum and AuroraGlobalDBReplicationLag above this many milliseconds alarm.
   * @default 1000 (the RPO target of 1 s)
   */
  readonly replicaLagMillis?: number;
  /**
   * VolumeBytesUsed above this many bytes alarms (a cost and quota signal).
   * @default - no alarm: the Aurora volume grows by itself (up to 128 TiB), so there is no "free storage" to run out of
   */
  readonly volumeBytesUsed?: number;
}

const GIB = 1024 ** 3;

function check(prop: string, value: number, min: number, max: number): void {
  if (Token.isUnresolved(value)) return;
  if (!(value >= min && value <= max)) {
    throw new Error(`PlatformAlarms.monitorDatabase: ${prop} ${JSON.stringify(value)} is invalid: use a number between ${min} and ${max}.`);
  }
}

function rds(metricName: string, dimensionsMap: Record<string, string>, statistic: string, period: Duration): cloudwatch.Metric {
  return new cloudwatch.Metric({ namespace: 'AWS/RDS', metricName, dimensionsMap, statistic, period });
}

/**
 * Alarms on an Aurora PostgreSQL cluster. Aurora has no `FreeStorageSpace` (the cluster volume
 * grows automatically), so storage is watched per instance with `FreeLocalStorage` (temporary
 * space that sorts and hash joins spill to; when it runs out queries fail) and, optionally, with
 * the cluster's `VolumeBytesUsed`.
 *
 * Missing data: utilisation alarms treat it as not breaching — no datapoints is not high load,
 * and a failed or replaced instance is reported by RDS events and by the lag alarms; the global
 * replication lag treats it as breaching — a secondary that stops reporting lag has an unknown RPO.
 */
export function createDatabaseAlarms(scope: Construct, db: MonitorableDatabase, options: DatabaseAlarmOptions): cloudwatch.Alarm[] {
  const cpu = options.cpuPercent ?? 80;
  check('cpuPercent', cpu, 1, 100);
  const connectionsPercent = options.connectionsPercent ?? 80;
  check('connectionsPercent', connectionsPercent, 1, 100);
  const memory = options.freeableMemoryBytes ?? 2 * GIB;
  check('freeableMemoryBytes', memory, 1, Number.MAX_SAFE_INTEGER);
  const localStorage = options.freeLocalStorageBytes ?? 10 * GIB;
  check('freeLocalStorageBytes', localStorage, 1, Number.MAX_SAFE_INTEGER);
  const lag = options.replicaLagMillis ?? 1000;
  check('replicaLagMillis', lag, 1, 3_600_000);
  const connections = Math.ceil((db.maxConnections * connectionsPercent) / 100);

  const alarms: cloudwatch.Alarm[] = [];
  db.instanceIdentifiers.forEach((instance, i) => {
    const role = i === 0 ? 'Writer' : `Reader${i}`;
    const dims = { DBInstanceIdentifier: instance };
    alarms.push(
      new cloudwatch.Alarm(scope, `${role}Cpu`, {
        metric: rds('CPUUtilization', dims, 'Average', Duration.minutes(5)),
        threshold: cpu,
        evaluationPeriods: 2,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: `Database ${role.toLowerCase()} CPU above ${cpu}% for 10 minutes. Check Performance Insights (top SQL, waits) ` +
          'for a new or regressed query; kill runaway sessions; if load is organic, move reads to the reader endpoint or scale the instance class.',
      }),
      new cloudwatch.Alarm(scope, `${role}Connections`, {
        metric: rds('DatabaseConnections', dims, 'Maximum', Duration.minutes(1)),
        threshold: connections,
        evaluationPeriods: 3,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: `Database ${role.toLowerCase()} connections above ${connections} (${connectionsPercent}% of max_connections ` +
          `${db.maxConnections}) for 3 minutes. Look for a connection leak or a pod scale-out without pooling (pg_stat_activity by ` +
          'application_name); cap pool sizes or add a pooler before new connections are refused.',
      }),
      new cloudwatch.Alarm(scope, `${role}FreeableMemory`, {
        metric: rds('FreeableMemory', dims, 'Minimum', Duration.minutes(5)),
        threshold: memory,
        evaluationPeriods: 2,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: `Database ${role.toLowerCase()} freeable memory below ${memory} bytes for 10 minutes. Check connection count and ` +
          'work_mem-heavy queries in Performance Insights; memory pressure precedes swapping and restarts. Scale the instance class if sustained.',
      }),
      new cloudwatch.Alarm(scope, `${role}FreeLocalStorage`, {
        metric: rds('FreeLocalStorage', dims, 'Minimum', Duration.minutes(5)),
        threshold: localStorage,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: `Database ${role.toLowerCase()} local storage below ${localStorage} bytes. Temporary files of large sorts or hash ` +
          'joins (pg_stat_database.temp_bytes) or log volume fill it; find the query, raise work_mem for it, or scale the instance class.',
      }),
    );
  });

  if (db.globalRole !== 'secondary' && db.readers > 0) {
    alarms.push(new cloudwatch.Alarm(scope, 'ReplicaLag', {
      metric: rds('AuroraReplicaLagMaximum', { DBClusterIdentifier: db.clusterIdentifier }, 'Maximum', Duration.minutes(1)),
      threshold: lag,
      evaluationPeriods: 5,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.MISSING,
      alarmDescription: `Aurora replica lag above ${lag} ms for 5 minutes: readers serve stale data and a failover target is behind. ` +
        'Check the readers\' CPU and long-running queries on them; a reader that cannot keep up restarts by itself.',
    }));
  }
  if (db.globalRole === 'secondary') {
    alarms.push(new cloudwatch.Alarm(scope, 'GlobalReplicationLag', {
      metric: rds('AuroraGlobalDBReplicationLag', { DBClusterIdentifier: db.clusterIdentifier }, 'Maximum', Duration.minutes(1)),
      threshold: lag,
      evaluationPeriods: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      alarmDescription: `Aurora global database replication lag to this region above ${lag} ms for 3 minutes (or not reported): the ` +
        'RPO target is not met. Check the primary region\'s write volume and the global database status (aurora_global_db_status()); ' +
        'do not fail over to this region without accepting the reported lag as data loss.',
    }));
  }
  if (options.volumeBytesUsed !== undefined) {
    check('volumeBytesUsed', options.volumeBytesUsed, 1, Number.MAX_SAFE_INTEGER);
    alarms.push(new cloudwatch.Alarm(scope, 'VolumeBytesUsed', {
      metric: rds('VolumeBytesUsed', { DBClusterIdentifier: db.clusterIdentifier }, 'Maximum', Duration.hours(1)),
      threshold: options.volumeBytesUsed,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: `Aurora cluster volume above ${options.volumeBytesUsed} bytes. Storage is billed per GB-month and capped at the ` +
        'engine\'s volume limit: check table and index bloat (vacuum), partitions due for archiving, and the growth trend.',
    }));
  }
  return alarms;
}
