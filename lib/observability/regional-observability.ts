import { Duration, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import type { PlatformAlarms } from './platform-alarms';

/** Thresholds of the edge and cluster alarms. */
export interface EdgeAlarmThresholds {
  /** Average node CPU of the cluster (Container Insights), percent, two 5-minute periods. @default 80 (GlobalPay) */
  readonly nodeCpuPercent?: number;
  /** Target 5xx answers of the region's load balancers per 5 minutes. @default 50 (GlobalPay) */
  readonly alb5xxPer5Minutes?: number;
  /** Average target response time, seconds, three 5-minute periods. @default 1 */
  readonly albLatencySeconds?: number;
  /** Requests the web ACL blocked per 5 minutes (an attack or a rule blocking customers). @default 1000 */
  readonly wafBlockedPer5Minutes?: number;
}

/** Props of `RegionalObservability`. */
export interface RegionalObservabilityProps {
  /** The region's alarm topic; the new alarms join it. */
  readonly alarms: PlatformAlarms;
  readonly region: string;
  /** EKS cluster name (`ClusterName` of Container Insights). */
  readonly clusterName: string;
  /** Aurora cluster and instance identifiers. */
  readonly database: { readonly clusterIdentifier: string; readonly instanceIdentifiers: string[] };
  /** `CacheClusterId` of each cache node. */
  readonly cacheNodeIds: string[];
  /** Name of the regional web ACL (`WebACL` dimension). */
  readonly webAclName: string;
  /** CloudWatch dashboard name. Changing it replaces the dashboard. */
  readonly dashboardName: string;
  /** @default - the seeds' thresholds */
  readonly thresholds?: EdgeAlarmThresholds;
}

const FIVE_MINUTES = Duration.minutes(5);

/**
 * The load balancers are created by the AWS Load Balancer Controller from the Ingress, so their
 * `LoadBalancer` dimension is unknown at synth time: a Metrics Insights query over every load
 * balancer of the account in the region reads them (the platform's account runs only the
 * ingress group's load balancer; a shared account should narrow the query).
 */
function albQuery(fn: 'SUM' | 'AVG', metric: string, label: string): cloudwatch.MathExpression {
  return new cloudwatch.MathExpression({
    expression: `SELECT ${fn}(${metric}) FROM SCHEMA("AWS/ApplicationELB", LoadBalancer)`,
    usingMetrics: {},
    period: FIVE_MINUTES,
    label,
  });
}

function check(field: string, value: number | undefined, min: number, max: number): number | undefined {
  if (value === undefined || Token.isUnresolved(value)) return value;
  if (!(value >= min && value <= max)) throw new Error(`RegionalObservability: thresholds.${field} is ${value}; give a number from ${min} to ${max}.`);
  return value;
}

/**
 * The AWS side of a region's observability: GlobalPay's CloudWatch dashboard (Aurora, Valkey,
 * load balancer, EKS nodes, WAF) and the alarms the data-tier alarms lacked — node CPU, load
 * balancer 5xx and latency, WAF blocked-request spikes — each on the region's alarm topic.
 */
export class RegionalObservability extends Construct {
  public readonly dashboard: cloudwatch.Dashboard;
  public readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: RegionalObservabilityProps) {
    super(scope, id);
    const t = props.thresholds ?? {};
    const cpu = check('nodeCpuPercent', t.nodeCpuPercent, 1, 100) ?? 80;
    const alb5xx = check('alb5xxPer5Minutes', t.alb5xxPer5Minutes, 1, 1e9) ?? 50;
    const latency = check('albLatencySeconds', t.albLatencySeconds, 0.01, 60) ?? 1;
    const blocked = check('wafBlockedPer5Minutes', t.wafBlockedPer5Minutes, 1, 1e9) ?? 1000;

    const node = (metricName: string, statistic = 'Average') => new cloudwatch.Metric({
      namespace: 'ContainerInsights', metricName, dimensionsMap: { ClusterName: props.clusterName }, statistic, period: FIVE_MINUTES,
    });
    const waf = (metricName: string) => new cloudwatch.Metric({
      namespace: 'AWS/WAFV2', metricName, dimensionsMap: { WebACL: props.webAclName, Region: props.region, Rule: 'ALL' }, statistic: 'Sum', period: FIVE_MINUTES,
    });
    const rds = (metricName: string, statistic = 'Average') => new cloudwatch.Metric({
      namespace: 'AWS/RDS', metricName, dimensionsMap: { DBClusterIdentifier: props.database.clusterIdentifier }, statistic, period: FIVE_MINUTES,
    });
    const cache = (metricName: string) => props.cacheNodeIds.map((nodeId) => new cloudwatch.Metric({
      namespace: 'AWS/ElastiCache', metricName, dimensionsMap: { CacheClusterId: nodeId }, statistic: 'Maximum', period: FIVE_MINUTES, label: nodeId,
    }));
    const alb5xxCount = albQuery('SUM', 'HTTPCode_Target_5XX_Count', 'Target 5xx');
    const albLatency = albQuery('AVG', 'TargetResponseTime', 'Target response time');

    const alarm = (cid: string, metric: cloudwatch.IMetric, threshold: number, periods: number, description: string) =>
      props.alarms.addAlarm(new cloudwatch.Alarm(this, cid, {
        metric, threshold, evaluationPeriods: periods, datapointsToAlarm: periods,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      }));
    this.alarms = [
      alarm('NodeCpu', node('node_cpu_utilization'), cpu, 2,
        `EKS nodes of ${props.clusterName} average above ${cpu}% CPU for 10 minutes: check the Cluster Autoscaler (max size) and the busiest pods.`),
      alarm('Alb5xx', alb5xxCount, alb5xx, 1,
        `More than ${alb5xx} target 5xx answers in 5 minutes at the load balancer: see the API performance dashboard and the gateway's logs.`),
      alarm('AlbLatency', albLatency, latency, 3,
        `Average target response time above ${latency} s for 15 minutes: check the database, the cache and the payment providers.`),
      alarm('WafBlocked', waf('BlockedRequests'), blocked, 1,
        `The web ACL blocked more than ${blocked} requests in 5 minutes: an attack, or a rule blocking customers (see the WAF logs).`),
    ];

    const graph = (title: string, left: cloudwatch.IMetric[], width = 8) => new cloudwatch.GraphWidget({ title, left, width, height: 6 });
    this.dashboard = new cloudwatch.Dashboard(this, 'Resource', {
      dashboardName: props.dashboardName,
      defaultInterval: Duration.hours(6),
      widgets: [
        [new cloudwatch.TextWidget({ markdown: `# ${props.dashboardName}\nAurora, cache, load balancer, EKS nodes and WAF of ${props.region}. Alarms go to the region's alarm topic.`, width: 24, height: 2 })],
        [new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: props.alarms.alarms, width: 24, height: 4 })],
        [graph('Aurora: CPU %', [rds('CPUUtilization')]), graph('Aurora: connections', [rds('DatabaseConnections', 'Maximum')]),
          graph('Aurora: freeable memory', [rds('FreeableMemory', 'Minimum')])],
        [graph('Aurora: replica lag (ms)', [rds('AuroraReplicaLagMaximum', 'Maximum')]), graph('Cache: memory %', cache('DatabaseMemoryUsagePercentage')),
          graph('Cache: engine CPU %', cache('EngineCPUUtilization'))],
        [graph('Load balancer: requests', [albQuery('SUM', 'RequestCount', 'Requests')]), graph('Load balancer: target 5xx', [alb5xxCount]),
          graph('Load balancer: response time (s)', [albLatency])],
        [graph('EKS nodes: CPU %', [node('node_cpu_utilization')]), graph('EKS nodes: memory %', [node('node_memory_utilization')]),
          graph('EKS: nodes', [node('cluster_node_count')])],
        [graph('WAF: allowed and blocked', [waf('AllowedRequests'), waf('BlockedRequests')], 12), graph('Cache: evictions', cache('Evictions'), 12)],
      ],
    });
  }
}
