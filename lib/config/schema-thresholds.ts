import { numeric, section } from './schema-helpers';

/**
 * Alarm thresholds. None has a default here: each alarm construct's own `@default` applies
 * (`DatabaseAlarmOptions`, `CacheAlarmOptions`, `KafkaAlarmOptions`, `EdgeAlarmThresholds`).
 */

function bounded(min: number, max: number, unit: string, description: string) {
  return numeric((v) => (typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max ? undefined
    : `must be a number from ${min} to ${max} (${unit})`), description).optional();
}

const percent = (description: string) => bounded(1, 100, 'percent', description);
const GIB = 2 ** 30;

/** Thresholds of the CloudWatch alarms of every region. */
export const thresholdsSchema = section({
  database: section({
    cpuPercent: percent('Aurora CPUUtilization above this (two 5-minute periods) alarms. Default: 80.'),
    connectionsPercent: percent('DatabaseConnections above this percentage of `max_connections` alarms. Default: 80.'),
    freeableMemoryBytes: bounded(1, 1024 * GIB, 'bytes', 'FreeableMemory below this alarms. Default: 2 GiB.'),
    freeLocalStorageBytes: bounded(1, 1024 * GIB, 'bytes', 'FreeLocalStorage below this alarms. Default: 10 GiB.'),
    replicaLagMillis: bounded(1, 3_600_000, 'milliseconds', 'Aurora replica and global replication lag above this alarms. Default: 1000 (the RPO target of 1 s).'),
    volumeBytesUsed: bounded(1, 128 * 1024 * GIB, 'bytes', 'VolumeBytesUsed above this alarms (a cost signal). Default: no alarm.'),
  }, 'must be an object such as { cpuPercent: 70 }', 'Thresholds of the database alarms.').optional(),
  cache: section({
    memoryPercent: percent('DatabaseMemoryUsagePercentage above this alarms. Default: 90.'),
    engineCpuPercent: percent('EngineCPUUtilization above this alarms. Default: 80.'),
    evictionsPer5Minutes: bounded(0, 1e9, 'evictions per 5 minutes', 'Evictions above this alarm. Default: 0 (any eviction).'),
  }, 'must be an object such as { memoryPercent: 85 }', 'Thresholds of the cache alarms.').optional(),
  kafka: section({
    diskUsedPercent: percent('Broker data-volume use above this alarms. Default: 80.'),
    cpuPercent: percent('Broker CPU (user + system) above this alarms. Default: 60.'),
  }, 'must be an object such as { diskUsedPercent: 75 }', 'Thresholds of the Kafka alarms (with streaming).').optional(),
  edge: section({
    nodeCpuPercent: percent('Average node CPU of the cluster (Container Insights) above this alarms. Default: 80.'),
    alb5xxPer5Minutes: bounded(1, 1e9, 'answers per 5 minutes', 'Target 5xx answers of the load balancers above this alarm. Default: 50.'),
    albLatencySeconds: bounded(0.01, 60, 'seconds', 'Average target response time above this (three 5-minute periods) alarms. Default: 1.'),
    wafBlockedPer5Minutes: bounded(1, 1e9, 'requests per 5 minutes', 'Requests the web ACL blocked above this alarm (an attack or a rule blocking customers). Default: 1000.'),
  }, 'must be an object such as { nodeCpuPercent: 75 }', 'Thresholds of the edge and cluster alarms.').optional(),
}, 'must be an object such as { database: { cpuPercent: 70 } }', 'Alarm thresholds; each defaults to its alarm construct\'s default.');
