/**
 * Unit-test series for every alert of the example platform (`verypay`): each alert has cases in
 * which it fires with exactly the expected labels, and cases in which it stays quiet. Rendered
 * into a `promtool test rules` file by alert-rules.test.ts.
 */

/** Labels of one expected alert (besides `alertname`). */
export type Labels = Record<string, string>;

export interface AlertCase {
  /** What the case shows. */
  readonly name: string;
  readonly alert: string;
  /** Series (`metric{labels}`) → promtool values (`0+10x20`). */
  readonly series: Record<string, string>;
  /** Evaluation time (`15m`). */
  readonly at: string;
  /** The alerts expected to be firing at `at`; empty: the alert stays quiet. */
  readonly fires: Labels[];
  /** @default '1m' */
  readonly interval?: string;
}

const api = 'job="api-gateway", namespace="verypay-api"';
const pay = 'job="payment-service", namespace="verypay-api"';
const geth = 'job="geth", namespace="verypay-blockchain", instance="geth-0"';
const pg = 'job="cloudwatch-exporter", name="verypay-prod-use1-postgres", dimension_DBClusterIdentifier="verypay-prod-use1-postgres"';
const cluster = { dimension_DBClusterIdentifier: 'verypay-prod-use1-postgres' };
const redis = 'job="redis-exporter", instance="cache"';
const jobs = 'namespace="verypay-jobs"';
const cron = `${jobs}, cronjob="postgres-backup"`;
const job = (n: number) => `${jobs}, job_name="postgres-backup-${n}"`;
const pod = 'namespace="verypay-api", pod="payment-service-1", container="payment-service"';

const apiLabels = { namespace: 'verypay-api', job: 'api-gateway' };
const availability = { slo: 'api-availability' };
const latency = { slo: 'api-latency' };

export const ALERT_CASES: AlertCase[] = [
  // payment-api
  { name: '10% 5xx', alert: 'HighErrorRate', at: '15m', fires: [{ severity: 'warning', ...apiLabels }],
    series: { [`http_requests_total{${api}, status="500"}`]: '0+10x20', [`http_requests_total{${api}, status="200"}`]: '0+90x20' } },
  { name: '1% 5xx', alert: 'HighErrorRate', at: '15m', fires: [],
    series: { [`http_requests_total{${api}, status="500"}`]: '0+1x20', [`http_requests_total{${api}, status="200"}`]: '0+99x20' } },
  { name: '5xx of a job outside the platform', alert: 'HighErrorRate', at: '15m', fires: [],
    series: { 'http_requests_total{job="other", namespace="verypay-api", status="500"}': '0+10x20' } },
  { name: 'p95 about 2.4 s', alert: 'HighResponseTime', at: '15m', fires: [{ severity: 'warning', ...apiLabels }],
    series: {
      [`http_request_duration_seconds_bucket{${api}, le="1"}`]: '0+1x20',
      [`http_request_duration_seconds_bucket{${api}, le="2.5"}`]: '0+10x20',
      [`http_request_duration_seconds_bucket{${api}, le="+Inf"}`]: '0+10x20',
    } },
  { name: 'every request under 1 s', alert: 'HighResponseTime', at: '15m', fires: [],
    series: {
      [`http_request_duration_seconds_bucket{${api}, le="1"}`]: '0+10x20',
      [`http_request_duration_seconds_bucket{${api}, le="2.5"}`]: '0+10x20',
      [`http_request_duration_seconds_bucket{${api}, le="+Inf"}`]: '0+10x20',
    } },
  { name: 'target down', alert: 'PaymentServiceDown', at: '5m', fires: [{ severity: 'critical', outage: 'payment-service', job: 'payment-service', namespace: 'verypay-api' }],
    series: { [`up{${pay}, instance="a"}`]: '0x10' } },
  { name: 'no target at all', alert: 'PaymentServiceDown', at: '5m', fires: [{ severity: 'critical', outage: 'payment-service', job: 'payment-service', namespace: 'verypay-api' }],
    series: { 'up{job="api-gateway", namespace="verypay-api"}': '1x10' } },
  { name: 'one of two targets up', alert: 'PaymentServiceDown', at: '5m', fires: [],
    series: { [`up{${pay}, instance="a"}`]: '0x10', [`up{${pay}, instance="b"}`]: '1x10' } },
  { name: 'crash loop for 20 minutes', alert: 'PodCrashLooping', at: '20m', fires: [{ severity: 'warning', ...podLabels(), reason: 'CrashLoopBackOff' }],
    series: { [`kube_pod_container_status_waiting_reason{${pod}, reason="CrashLoopBackOff"}`]: '1x30' } },
  { name: 'crash loop in a namespace the platform does not watch', alert: 'PodCrashLooping', at: '20m', fires: [],
    series: { 'kube_pod_container_status_waiting_reason{namespace="other", pod="p", container="c", reason="CrashLoopBackOff"}': '1x30' } },
  { name: 'crash loop for only 10 minutes', alert: 'PodCrashLooping', at: '20m', fires: [],
    series: { [`kube_pod_container_status_waiting_reason{${pod}, reason="CrashLoopBackOff"}`]: '0x10 1x20' } },
  { name: '95% of the memory limit', alert: 'HighMemoryUsage', at: '8m', fires: [{ severity: 'warning', ...podLabels() }],
    series: { [`container_memory_working_set_bytes{${pod}}`]: '950x10', [`kube_pod_container_resource_limits{${pod}, resource="memory", unit="byte"}`]: '1000x10' } },
  { name: '50% of the memory limit', alert: 'HighMemoryUsage', at: '8m', fires: [],
    series: { [`container_memory_working_set_bytes{${pod}}`]: '500x10', [`kube_pod_container_resource_limits{${pod}, resource="memory", unit="byte"}`]: '1000x10' } },
  { name: 'no memory limit', alert: 'HighMemoryUsage', at: '8m', fires: [],
    series: { [`container_memory_working_set_bytes{${pod}}`]: '950x10', [`kube_pod_container_resource_limits{${pod}, resource="memory", unit="byte"}`]: '0x10' } },
  // payment-providers
  { name: 'Fiuu breaker open', alert: 'FiuuCircuitBreakerOpen', at: '3m', fires: [{ severity: 'critical', namespace: 'verypay-api', provider: 'fiuu' }],
    series: { [`payment_provider_circuit_breaker_state{${pay}, provider="fiuu", instance="a"}`]: '1x5' } },
  { name: 'Razorpay open, Fiuu closed', alert: 'FiuuCircuitBreakerOpen', at: '3m', fires: [],
    series: { [`payment_provider_circuit_breaker_state{${pay}, provider="razorpay"}`]: '1x5', [`payment_provider_circuit_breaker_state{${pay}, provider="fiuu"}`]: '0x5' } },
  { name: 'Fiuu half-open', alert: 'FiuuCircuitBreakerOpen', at: '3m', fires: [],
    series: { [`payment_provider_circuit_breaker_state{${pay}, provider="fiuu"}`]: '2x5' } },
  // payment-data
  { name: '850 of 1000 connections', alert: 'DatabaseConnectionsHigh', at: '5m', fires: [{ severity: 'warning', ...cluster }],
    series: { [`aws_rds_database_connections_maximum{${pg}}`]: '850x10' } },
  { name: '500 of 1000 connections', alert: 'DatabaseConnectionsHigh', at: '5m', fires: [],
    series: { [`aws_rds_database_connections_maximum{${pg}}`]: '500x10' } },
  { name: '460 connections', alert: 'DatabaseConnectionPoolExhaustion', at: '5m', fires: [{ severity: 'critical', ...cluster }],
    series: { [`aws_rds_database_connections_maximum{${pg}}`]: '460x10' } },
  { name: '400 connections', alert: 'DatabaseConnectionPoolExhaustion', at: '5m', fires: [],
    series: { [`aws_rds_database_connections_maximum{${pg}}`]: '400x10' } },
  { name: 'no CloudWatch metrics for 20 minutes', alert: 'DatabaseMetricsMissing', at: '20m', fires: [{ severity: 'warning', job: 'cloudwatch-exporter' }],
    series: { 'up{job="cloudwatch-exporter"}': '1x30' } },
  { name: 'CloudWatch metrics arrive', alert: 'DatabaseMetricsMissing', at: '20m', fires: [],
    series: { [`aws_rds_database_connections_maximum{${pg}}`]: '100x30' } },
  { name: '95 of 100 bytes', alert: 'RedisMemoryHigh', at: '8m', fires: [{ severity: 'critical', job: 'redis-exporter', instance: 'cache' }],
    series: { [`redis_memory_used_bytes{${redis}}`]: '95x10', [`redis_memory_max_bytes{${redis}}`]: '100x10' } },
  { name: 'maxmemory 0 (unknown)', alert: 'RedisMemoryHigh', at: '8m', fires: [],
    series: { [`redis_memory_used_bytes{${redis}}`]: '95x10', [`redis_memory_max_bytes{${redis}}`]: '0x10' } },
  { name: '50 of 100 bytes', alert: 'RedisMemoryHigh', at: '8m', fires: [],
    series: { [`redis_memory_used_bytes{${redis}}`]: '50x10', [`redis_memory_max_bytes{${redis}}`]: '100x10' } },
  { name: 'exporter cannot authenticate', alert: 'CacheExporterDown', at: '8m', fires: [{ severity: 'warning', job: 'redis-exporter' }],
    series: { [`redis_up{${redis}}`]: '0x10' } },
  { name: 'exporter reaches the cache', alert: 'CacheExporterDown', at: '8m', fires: [],
    series: { [`redis_up{${redis}}`]: '1x10' } },
  // payment-backups
  { name: 'latest run failed after the last success', alert: 'PostgresBackupFailed', at: '10m', fires: [{ severity: 'critical', namespace: 'verypay-jobs' }],
    series: {
      [`kube_job_status_start_time{${job(2)}}`]: '1000x20', [`kube_job_status_failed{${job(2)}, reason="BackoffLimitExceeded"}`]: '1x20',
      [`kube_job_status_start_time{${job(1)}}`]: '500x20', [`kube_job_status_failed{${job(1)}, reason="BackoffLimitExceeded"}`]: '0x20',
      [`kube_cronjob_status_last_successful_time{${cron}}`]: '600x20', [`kube_cronjob_created{${cron}}`]: '0x20',
    } },
  { name: 'first run failed, none ever succeeded', alert: 'PostgresBackupFailed', at: '10m', fires: [{ severity: 'critical', namespace: 'verypay-jobs' }],
    series: { [`kube_job_status_start_time{${job(1)}}`]: '1000x20', [`kube_job_status_failed{${job(1)}, reason="BackoffLimitExceeded"}`]: '1x20', [`kube_cronjob_created{${cron}}`]: '0x20' } },
  { name: 'an old failure kept in history, a newer run succeeded', alert: 'PostgresBackupFailed', at: '10m', fires: [],
    series: {
      [`kube_job_status_start_time{${job(1)}}`]: '1000x20', [`kube_job_status_failed{${job(1)}, reason="BackoffLimitExceeded"}`]: '1x20',
      [`kube_cronjob_status_last_successful_time{${cron}}`]: '2000x20', [`kube_cronjob_created{${cron}}`]: '0x20',
    } },
  { name: 'last dump 27 h ago', alert: 'PostgresBackupMissing', at: '28h', fires: [{ severity: 'critical', namespace: 'verypay-jobs' }],
    series: { [`kube_cronjob_status_last_successful_time{${cron}}`]: '3600x1700', [`kube_cronjob_created{${cron}}`]: '0x1700' } },
  { name: 'a dump every night', alert: 'PostgresBackupMissing', at: '28h', fires: [],
    series: { [`kube_cronjob_status_last_successful_time{${cron}}`]: '3600x1200 75600x500', [`kube_cronjob_created{${cron}}`]: '0x1700' } },
  { name: 'never succeeded in 27 h', alert: 'PostgresBackupMissing', at: '27h', fires: [{ severity: 'critical', namespace: 'verypay-jobs' }],
    series: { [`kube_cronjob_created{${cron}}`]: '0x1700' } },
  { name: 'new CronJob, no run due yet', alert: 'PostgresBackupMissing', at: '2h', fires: [],
    series: { [`kube_cronjob_created{${cron}}`]: '0x200' } },
  { name: 'CronJob deleted', alert: 'PostgresBackupMissing', at: '15m', fires: [{ severity: 'critical', namespace: 'verypay-jobs', cronjob: 'postgres-backup' }],
    series: { 'kube_cronjob_created{namespace="verypay-jobs", cronjob="other"}': '0x20' } },
  // payment-blockchain
  { name: 'geth down', alert: 'EthereumNodeDown', at: '3m', fires: [{ severity: 'critical', outage: 'ethereum-node', job: 'geth', namespace: 'verypay-blockchain', instance: 'geth-0' }],
    series: { [`up{${geth}}`]: '0x5' } },
  { name: 'geth up', alert: 'EthereumNodeDown', at: '3m', fires: [], series: { [`up{${geth}}`]: '1x5' } },
  { name: '20 blocks behind', alert: 'BlockchainSyncLag', at: '8m', fires: [{ severity: 'warning', job: 'geth', namespace: 'verypay-blockchain', instance: 'geth-0' }],
    series: { [`chain_head_header{${geth}}`]: '120x10', [`chain_head_block{${geth}}`]: '100x10' } },
  { name: '5 blocks behind', alert: 'BlockchainSyncLag', at: '8m', fires: [],
    series: { [`chain_head_header{${geth}}`]: '105x10', [`chain_head_block{${geth}}`]: '100x10' } },
  { name: '10% of contract calls fail', alert: 'ContractCallFailureRate', at: '15m', fires: [{ severity: 'critical', namespace: 'verypay-api' }],
    series: { [`contract_call_failures_total{${pay}}`]: '0+10x20', [`contract_calls_total{${pay}}`]: '0+100x20' } },
  { name: '1% of contract calls fail', alert: 'ContractCallFailureRate', at: '15m', fires: [],
    series: { [`contract_call_failures_total{${pay}}`]: '0+1x20', [`contract_calls_total{${pay}}`]: '0+100x20' } },
  { name: '400,000 gas per transaction', alert: 'HighGasUsage', at: '80m', fires: [{ severity: 'warning', namespace: 'verypay-api' }],
    series: { [`contract_call_gas_used_sum{${pay}}`]: '0+4000000x90', [`contract_call_gas_used_count{${pay}}`]: '0+10x90' } },
  { name: '200,000 gas per transaction', alert: 'HighGasUsage', at: '80m', fires: [],
    series: { [`contract_call_gas_used_sum{${pay}}`]: '0+2000000x90', [`contract_call_gas_used_count{${pay}}`]: '0+10x90' } },
  // SLO burn rates (99.9 % availability: budget 0.1 %; 99 % within 0.5 s: budget 1 %)
  { name: '5% errors: 50x the budget', alert: 'ApiAvailabilityBudgetBurnFast', at: '70m', fires: [{ severity: 'critical', ...availability }],
    series: { [`http_requests_total{${api}, status="500"}`]: '0+5x120', [`http_requests_total{${api}, status="200"}`]: '0+95x120' } },
  { name: '0.05% errors: inside the budget', alert: 'ApiAvailabilityBudgetBurnFast', at: '70m', fires: [],
    series: { [`http_requests_total{${api}, status="500"}`]: '0+1x120', [`http_requests_total{${api}, status="200"}`]: '0+1999x120' } },
  { name: 'errors stopped 35 min ago: the page resolves', alert: 'ApiAvailabilityBudgetBurnFast', at: '95m', fires: [],
    series: { [`http_requests_total{${api}, status="500"}`]: '0+50x60 3000x40', [`http_requests_total{${api}, status="200"}`]: '0+50x100' } },
  { name: '0.5% errors: 5x the budget is a ticket, not a page', alert: 'ApiAvailabilityBudgetBurnFast', at: '150m', fires: [],
    series: { [`http_requests_total{${api}, status="500"}`]: '0+5x180', [`http_requests_total{${api}, status="200"}`]: '0+995x180' } },
  { name: '0.5% errors: 5x the budget', alert: 'ApiAvailabilityBudgetBurnSlow', at: '150m', fires: [{ severity: 'warning', ...availability }],
    series: { [`http_requests_total{${api}, status="500"}`]: '0+5x180', [`http_requests_total{${api}, status="200"}`]: '0+995x180' } },
  { name: 'errors stopped 35 min ago: the ticket stays open', alert: 'ApiAvailabilityBudgetBurnSlow', at: '95m', fires: [{ severity: 'warning', ...availability }],
    series: { [`http_requests_total{${api}, status="500"}`]: '0+50x60 3000x40', [`http_requests_total{${api}, status="200"}`]: '0+50x100' } },
  { name: '0.05% errors', alert: 'ApiAvailabilityBudgetBurnSlow', at: '150m', fires: [],
    series: { [`http_requests_total{${api}, status="500"}`]: '0+1x180', [`http_requests_total{${api}, status="200"}`]: '0+1999x180' } },
  { name: '20% slower than 0.5 s', alert: 'ApiLatencyBudgetBurnFast', at: '70m', fires: [{ severity: 'critical', ...latency }],
    series: { [`http_request_duration_seconds_bucket{${api}, le="0.5"}`]: '0+80x90', [`http_request_duration_seconds_count{${api}}`]: '0+100x90' } },
  { name: '0.1% slower than 0.5 s', alert: 'ApiLatencyBudgetBurnFast', at: '70m', fires: [],
    series: { [`http_request_duration_seconds_bucket{${api}, le="0.5"}`]: '0+999x90', [`http_request_duration_seconds_count{${api}}`]: '0+1000x90' } },
  { name: '4% slower than 0.5 s', alert: 'ApiLatencyBudgetBurnSlow', at: '150m', fires: [{ severity: 'warning', ...latency }],
    series: { [`http_request_duration_seconds_bucket{${api}, le="0.5"}`]: '0+96x180', [`http_request_duration_seconds_count{${api}}`]: '0+100x180' } },
  { name: '0.1% slower than 0.5 s', alert: 'ApiLatencyBudgetBurnSlow', at: '150m', fires: [],
    series: { [`http_request_duration_seconds_bucket{${api}, le="0.5"}`]: '0+999x180', [`http_request_duration_seconds_count{${api}}`]: '0+1000x180' } },
];

function podLabels(): Labels {
  return { namespace: 'verypay-api', pod: 'payment-service-1', container: 'payment-service' };
}
