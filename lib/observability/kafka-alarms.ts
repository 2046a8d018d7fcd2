import { Duration, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct, IConstruct } from 'constructs';

/** What the Kafka alarms need; `KafkaCluster` provides it. */
export interface MonitorableKafka extends IConstruct {
  /** The MSK cluster name (`Cluster Name` dimension). */
  readonly clusterName: string;
  /** Broker ids (`Broker ID` dimension), 1 … number of brokers. */
  readonly brokerIds: number[];
}

/** Thresholds of the Kafka alarms. */
export interface KafkaAlarmOptions {
  /**
   * `KafkaDataLogsDiskUsed` of the fullest broker above this alarms (MSK best practice: 85).
   * @default 80
   */
  readonly diskUsedPercent?: number;
  /**
   * `CpuUser + CpuSystem` of the busiest broker above this for 15 minutes alarms (MSK best
   * practice: stay under 60 so a broker can take over a zone's partitions).
   * @default 60
   */
  readonly cpuPercent?: number;
}

/** Metric math may combine at most this many metrics in one alarm. */
export const MAX_ALARM_METRICS = 10;

function check(prop: string, value: number): void {
  if (Token.isUnresolved(value)) return;
  if (!(value >= 1 && value <= 100)) {
    throw new Error(`PlatformAlarms.monitorKafka: ${prop} ${JSON.stringify(value)} is invalid: use a percentage between 1 and 100.`);
  }
}

function brokerMetric(kafka: MonitorableKafka, metricName: string, broker: number, statistic: string): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: 'AWS/Kafka', metricName, statistic, period: Duration.minutes(5),
    dimensionsMap: { 'Cluster Name': kafka.clusterName, 'Broker ID': String(broker) },
  });
}

/** Splits the brokers into groups whose alarm stays within `MAX_ALARM_METRICS` metrics. */
function groups(ids: number[], metricsPerBroker: number): number[][] {
  const size = Math.floor(MAX_ALARM_METRICS / metricsPerBroker);
  const out: number[][] = [];
  for (let i = 0; i < ids.length; i += size) out.push(ids.slice(i, i + size));
  return out;
}

function label(group: number[]): string {
  return group.length === 1 ? `broker ${group[0]}` : `brokers ${group[0]}-${group[group.length - 1]}`;
}

function suffix(group: number[], all: number[][]): string {
  return all.length === 1 ? '' : `${group[0]}to${group[group.length - 1]}`;
}

/**
 * Alarms on an MSK cluster: the fullest broker's data disk, the busiest broker's CPU, partitions
 * under-replicated for 15 minutes (a rolling patch produces a few minutes of them) and any offline
 * partition. Worst-broker alarms use metric math; more brokers than one expression may hold are
 * split into several alarms.
 */
export function createKafkaAlarms(scope: Construct, kafka: MonitorableKafka, options: KafkaAlarmOptions): cloudwatch.Alarm[] {
  const disk = options.diskUsedPercent ?? 80;
  check('diskUsedPercent', disk);
  const cpu = options.cpuPercent ?? 60;
  check('cpuPercent', cpu);
  const alarms: cloudwatch.Alarm[] = [];

  const diskGroups = groups(kafka.brokerIds, 1);
  for (const group of diskGroups) {
    const usingMetrics = Object.fromEntries(group.map((b) => [`d${b}`, brokerMetric(kafka, 'KafkaDataLogsDiskUsed', b, 'Maximum')]));
    alarms.push(new cloudwatch.Alarm(scope, `DiskUsed${suffix(group, diskGroups)}`, {
      metric: new cloudwatch.MathExpression({ expression: `MAX([${Object.keys(usingMetrics).join(',')}])`, usingMetrics, label: `Data disk used % (${label(group)})`, period: Duration.minutes(5) }),
      threshold: disk,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      alarmDescription: `A Kafka broker's data volume is above ${disk}% (${label(group)}). A full volume stops the broker: ` +
        'grow streaming.volumeSizeGiB (volumes only grow) or shorten topic retention.',
    }));
  }

  const cpuGroups = groups(kafka.brokerIds, 2);
  for (const group of cpuGroups) {
    const usingMetrics: Record<string, cloudwatch.IMetric> = {};
    for (const b of group) {
      usingMetrics[`u${b}`] = brokerMetric(kafka, 'CpuUser', b, 'Average');
      usingMetrics[`s${b}`] = brokerMetric(kafka, 'CpuSystem', b, 'Average');
    }
    alarms.push(new cloudwatch.Alarm(scope, `Cpu${suffix(group, cpuGroups)}`, {
      metric: new cloudwatch.MathExpression({
        expression: `MAX([${group.map((b) => `u${b}+s${b}`).join(',')}])`, usingMetrics, label: `CPU user+system % (${label(group)})`, period: Duration.minutes(5),
      }),
      threshold: cpu,
      evaluationPeriods: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: `Kafka broker CPU (user + system) above ${cpu}% for 15 minutes (${label(group)}): losing a zone would overload ` +
        'the others. Add brokers (streaming.brokersPerZone) or a larger streaming.brokerInstanceType.',
    }));
  }

  const urpGroups = groups(kafka.brokerIds, 1);
  for (const group of urpGroups) {
    const usingMetrics = Object.fromEntries(group.map((b) => [`r${b}`, brokerMetric(kafka, 'UnderReplicatedPartitions', b, 'Maximum')]));
    alarms.push(new cloudwatch.Alarm(scope, `UnderReplicatedPartitions${suffix(group, urpGroups)}`, {
      metric: new cloudwatch.MathExpression({ expression: `SUM([${Object.keys(usingMetrics).join(',')}])`, usingMetrics, label: `Under-replicated partitions (${label(group)})`, period: Duration.minutes(5) }),
      threshold: 0,
      evaluationPeriods: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: `Kafka partitions under-replicated for 15 minutes (${label(group)}): writes with acks=all wait or fail once ` +
        'fewer than min.insync.replicas copies remain. Check the broker\'s health, disk and network in the MSK console.',
    }));
  }

  alarms.push(new cloudwatch.Alarm(scope, 'OfflinePartitions', {
    metric: new cloudwatch.Metric({
      namespace: 'AWS/Kafka', metricName: 'OfflinePartitionsCount', statistic: 'Maximum', period: Duration.minutes(1),
      dimensionsMap: { 'Cluster Name': kafka.clusterName },
    }),
    threshold: 0,
    evaluationPeriods: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    alarmDescription: 'A Kafka partition has no leader: producers and consumers of its topic are stopped. Page the on-call engineer.',
  }));
  return alarms;
}
