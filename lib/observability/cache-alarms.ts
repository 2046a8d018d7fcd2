import { Duration, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct, IConstruct } from 'constructs';

/** What the cache alarms need; `PaymentCache` provides it. */
export interface MonitorableCache extends IConstruct {
  /** Member cluster ids (`CacheClusterId` dimension), one per node. */
  readonly memberClusterIds: string[];
}

/** Thresholds of the cache alarms. */
export interface CacheAlarmOptions {
  /**
   * DatabaseMemoryUsagePercentage of the fullest node above this alarms (VeryPay seed: 90).
   * @default 90
   */
  readonly memoryPercent?: number;
  /**
   * EngineCPUUtilization (the single engine thread) of the busiest node above this alarms.
   * @default 80
   */
  readonly engineCpuPercent?: number;
  /**
   * Evictions per 5 minutes above this, for 15 minutes, alarm.
   * @default 0
   */
  readonly evictionsPer5Minutes?: number;
}

function check(prop: string, value: number, min: number, max: number): void {
  if (Token.isUnresolved(value)) return;
  if (!(value >= min && value <= max)) {
    throw new Error(`PlatformAlarms.monitorCache: ${prop} ${JSON.stringify(value)} is invalid: use a number between ${min} and ${max}.`);
  }
}

/** The worst node: MAX over the member clusters (the primary moves on failover). */
function worstNode(cache: MonitorableCache, metricName: string, statistic: string, label: string): cloudwatch.IMetric {
  const usingMetrics: Record<string, cloudwatch.IMetric> = {};
  cache.memberClusterIds.forEach((id, i) => {
    usingMetrics[`n${i + 1}`] = new cloudwatch.Metric({
      namespace: 'AWS/ElastiCache', metricName, statistic, period: Duration.minutes(5), dimensionsMap: { CacheClusterId: id },
    });
  });
  return new cloudwatch.MathExpression({
    expression: `MAX([${Object.keys(usingMetrics).join(',')}])`,
    usingMetrics,
    label,
    period: Duration.minutes(5),
  });
}

/**
 * Alarms on a Valkey/Redis replication group, each on the worst node. Missing data is not
 * breaching: ElastiCache publishes these metrics every minute while a node exists, and a node
 * being replaced is covered by the failover of the replication group itself.
 */
export function createCacheAlarms(scope: Construct, cache: MonitorableCache, options: CacheAlarmOptions): cloudwatch.Alarm[] {
  const memory = options.memoryPercent ?? 90;
  check('memoryPercent', memory, 1, 100);
  const cpu = options.engineCpuPercent ?? 80;
  check('engineCpuPercent', cpu, 1, 100);
  const evictions = options.evictionsPer5Minutes ?? 0;
  check('evictionsPer5Minutes', evictions, 0, Number.MAX_SAFE_INTEGER);
  return [
    new cloudwatch.Alarm(scope, 'Memory', {
      metric: worstNode(cache, 'DatabaseMemoryUsagePercentage', 'Maximum', 'Memory usage % (worst node)'),
      threshold: memory,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: `Cache memory above ${memory}% on a node. allkeys-lru starts evicting hot keys (sessions, rate-limit counters, ` +
        'idempotency keys): check key growth and missing TTLs (MEMORY STATS, --bigkeys), then scale the node type.',
    }),
    new cloudwatch.Alarm(scope, 'EngineCpu', {
      metric: worstNode(cache, 'EngineCPUUtilization', 'Average', 'Engine CPU % (worst node)'),
      threshold: cpu,
      evaluationPeriods: 2,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: `Cache engine thread above ${cpu}% for 10 minutes: latency rises for every client. Look for O(N) commands ` +
        '(KEYS, large SMEMBERS/HGETALL) in the slow log group; move reads to the reader endpoint or scale the node type.',
    }),
    new cloudwatch.Alarm(scope, 'Evictions', {
      metric: worstNode(cache, 'Evictions', 'Sum', 'Evictions (worst node)'),
      threshold: evictions,
      evaluationPeriods: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: 'Cache keys evicted for 15 minutes in a row: the working set no longer fits. Check memory usage and keys ' +
        'without TTL; scale the node type. Evicted idempotency or rate-limit keys weaken duplicate-payment and abuse protection.',
    }),
  ];
}
