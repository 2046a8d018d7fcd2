import type { RuleGroupSpec } from './types';

/** Where the platform's alerts look. */
export interface PlatformRuleScope {
  /** Namespace of api-gateway and payment-service. */
  readonly appNamespace: string;
  /** Namespace of the Ethereum clients. @default - no blockchain rules */
  readonly blockchainNamespace?: string;
  /** Namespace of the nightly dump CronJob. */
  readonly jobsNamespace: string;
  /** Namespaces watched for crash loops and memory pressure. */
  readonly watchedNamespaces: readonly string[];
  /** Prometheus `job` labels (the Prometheus Operator sets `job` to the scraped Service's name). */
  readonly jobs: { readonly apiGateway: string; readonly paymentService: string; readonly geth: string; readonly postgres: string; readonly cache: string };
  /** Name of the nightly dump CronJob. */
  readonly backupCronJob: string;
  /** Connections at which the pool is considered exhausted (DrivoPay: 450). */
  readonly connectionPoolLimit: number;
  /** `max_connections` of the database instances. */
  readonly databaseMaxConnections: number;
  /** Hours without a successful dump before `PostgresBackupMissing` fires (a nightly job plus 2 h of slack: 26). */
  readonly backupMaxAgeHours: number;
}

/**
 * The seeds' alerts (VeryPay, Blytz, DrivoPay) with corrected PromQL:
 * - ratios instead of raw per-second rates (HighErrorRate, ContractCallFailureRate),
 * - `histogram_quantile` over `sum by (le) (rate(..._bucket[5m]))` instead of raw buckets,
 * - DatabaseConnectionsHigh as a ratio of the configured `max_connections`, from Aurora's CloudWatch
 *   `DatabaseConnections` (YACE: the database uses IAM authentication, so no exporter login exists),
 * - cache memory guarded against `maxmemory = 0`,
 * - geth sync lag from geth's own `chain_head_header - chain_head_block`,
 * - HighGasUsage from payment-service's gas histogram (gas per submitted transaction),
 * - FiuuCircuitBreakerOpen from the provider-labelled breaker gauge (the seed's merchant id was a placeholder),
 * - every selector scoped to the platform's jobs and namespaces.
 */
export function platformRuleGroups(s: PlatformRuleScope): RuleGroupSpec[] {
  const { jobs } = s;
  const apps = `job=~"${jobs.apiGateway}|${jobs.paymentService}", namespace="${s.appNamespace}"`;
  const pay = `job="${jobs.paymentService}", namespace="${s.appNamespace}"`;
  const watched = `namespace=~"${s.watchedNamespaces.join('|')}"`;
  const pg = `job="${jobs.postgres}"`;
  const cache = `job="${jobs.cache}"`;
  const jobSel = `namespace="${s.jobsNamespace}", job_name=~"${s.backupCronJob}-[0-9]+"`;
  const cronSel = `namespace="${s.jobsNamespace}", cronjob="${s.backupCronJob}"`;
  const maxAge = s.backupMaxAgeHours * 3600;

  const groups: RuleGroupSpec[] = [
    {
      name: 'payment-api',
      rules: [
        {
          alert: 'HighErrorRate', severity: 'warning', for: '5m',
          expr: `sum by (namespace, job) (rate(http_requests_total{${apps}, status=~"5.."}[5m]))\n  / sum by (namespace, job) (rate(http_requests_total{${apps}}[5m])) > 0.05`,
          summary: 'More than 5% of requests fail with 5xx',
          description: '{{ $labels.job }} answers {{ $value | humanizePercentage }} of requests with a 5xx status (5 minute rate).',
        },
        {
          alert: 'HighResponseTime', severity: 'warning', for: '5m',
          expr: `histogram_quantile(0.95, sum by (namespace, job, le) (rate(http_request_duration_seconds_bucket{${apps}}[5m]))) > 1`,
          summary: 'p95 latency above 1 s',
          description: 'The 95th percentile response time of {{ $labels.job }} is {{ $value | humanizeDuration }}.',
        },
        {
          alert: 'PaymentServiceDown', severity: 'critical', for: '1m',
          expr: `max by (namespace, job) (up{${pay}}) == 0 or absent(up{${pay}})`,
          summary: 'No payment-service instance is up',
          description: 'Prometheus has not scraped a healthy payment-service target for more than 1 minute.',
          labels: { outage: 'payment-service' },
        },
        {
          alert: 'PodCrashLooping', severity: 'warning', for: '15m',
          expr: `max_over_time(kube_pod_container_status_waiting_reason{${watched}, reason="CrashLoopBackOff"}[5m]) >= 1`,
          summary: 'A pod is crash looping',
          description: 'Container {{ $labels.container }} of {{ $labels.namespace }}/{{ $labels.pod }} has been in CrashLoopBackOff for 15 minutes.',
        },
        {
          alert: 'HighMemoryUsage', severity: 'warning', for: '5m',
          expr: `max by (namespace, pod, container) (container_memory_working_set_bytes{${watched}, container!=""})\n` +
            `  / max by (namespace, pod, container) (kube_pod_container_resource_limits{${watched}, resource="memory"} > 0) > 0.9`,
          summary: 'A container uses more than 90% of its memory limit',
          description: 'Container {{ $labels.container }} of {{ $labels.namespace }}/{{ $labels.pod }} uses {{ $value | humanizePercentage }} of its memory limit; the kernel kills it at 100%.',
        },
      ],
    },
    {
      name: 'payment-providers',
      rules: [
        {
          alert: 'FiuuCircuitBreakerOpen', severity: 'critical', for: '1m',
          expr: `max by (namespace, provider) (payment_provider_circuit_breaker_state{${pay}, provider="fiuu"}) == 1`,
          summary: 'The Fiuu circuit breaker is open',
          description: 'payment-service stopped calling Fiuu (circuit open for more than 1 minute); Fiuu payments fail until it closes.',
        },
      ],
    },
    {
      name: 'payment-data',
      rules: [
        {
          alert: 'DatabaseConnectionsHigh', severity: 'warning', for: '2m',
          expr: `max by (dimension_DBClusterIdentifier) (aws_rds_database_connections_maximum{${pg}})\n  / ${s.databaseMaxConnections} > 0.8`,
          summary: 'PostgreSQL connections above 80% of max_connections',
          description: `Aurora cluster {{ $labels.dimension_DBClusterIdentifier }} uses {{ $value | humanizePercentage }} of max_connections (${s.databaseMaxConnections}).`,
        },
        {
          alert: 'DatabaseConnectionPoolExhaustion', severity: 'critical', for: '2m',
          expr: `max by (dimension_DBClusterIdentifier) (aws_rds_database_connections_maximum{${pg}}) > ${s.connectionPoolLimit}`,
          summary: `More than ${s.connectionPoolLimit} PostgreSQL connections`,
          description: `{{ $value }} connections are open (limit ${s.connectionPoolLimit}); new connections are about to be refused.`,
        },
        {
          alert: 'DatabaseMetricsMissing', severity: 'warning', for: '15m',
          expr: `absent(aws_rds_database_connections_maximum{${pg}})`,
          summary: 'No database metrics from CloudWatch',
          description: 'The CloudWatch exporter reports no DatabaseConnections for the cluster: the database alerts are blind (exporter down, IAM, endpoint or network policy).',
        },
        {
          alert: 'RedisMemoryHigh', severity: 'critical', for: '5m',
          expr: `redis_memory_used_bytes{${cache}} / (redis_memory_max_bytes{${cache}} > 0) > 0.9`,
          summary: 'Cache memory above 90% of maxmemory',
          description: 'Cache {{ $labels.instance }} uses {{ $value | humanizePercentage }} of maxmemory; evictions follow.',
        },
        {
          alert: 'CacheExporterDown', severity: 'warning', for: '5m',
          expr: `max by (job) (redis_up{${cache}}) == 0 or absent(redis_up{${cache}})`,
          summary: 'redis_exporter cannot reach the cache',
          description: 'No redis_exporter reports redis_up == 1: the cache alerts are blind (AUTH token, TLS, network policy or cache down).',
        },
      ],
    },
    {
      name: 'payment-backups',
      rules: [
        {
          alert: 'PostgresBackupFailed', severity: 'critical', for: '5m',
          // The newest failed dump job started after the last successful one (0 when none ever succeeded).
          expr: `max by (namespace) (kube_job_status_start_time{${jobSel}} and on (namespace, job_name) (kube_job_status_failed{${jobSel}} > 0))\n` +
            `  > on (namespace) (max by (namespace) (kube_cronjob_status_last_successful_time{${cronSel}}) or max by (namespace) (kube_cronjob_created{${cronSel}}) * 0)`,
          summary: 'The nightly PostgreSQL dump failed',
          description: `The latest ${s.backupCronJob} job in {{ $labels.namespace }} failed and no dump has succeeded since; see the job's logs.`,
        },
        {
          alert: 'PostgresBackupMissing', severity: 'critical', for: '10m',
          expr: `time() - max by (namespace) (kube_cronjob_status_last_successful_time{${cronSel}}) > ${maxAge}\n` +
            `or (time() - max by (namespace) (kube_cronjob_created{${cronSel}}) > ${maxAge} unless on (namespace) max by (namespace) (kube_cronjob_status_last_successful_time{${cronSel}}))\n` +
            `or absent(kube_cronjob_created{${cronSel}})`,
          summary: `No successful PostgreSQL dump for ${s.backupMaxAgeHours} hours`,
          description: `The ${s.backupCronJob} CronJob has not completed a dump for more than ${s.backupMaxAgeHours} hours (or does not exist); the recovery point is growing.`,
        },
      ],
    },
  ];
  if (s.blockchainNamespace !== undefined) {
    const geth = `job="${jobs.geth}", namespace="${s.blockchainNamespace}"`;
    groups.push({
      name: 'payment-blockchain',
      rules: [
        {
          alert: 'EthereumNodeDown', severity: 'critical', for: '1m',
          expr: `up{${geth}} == 0`,
          summary: 'Ethereum execution client is down',
          description: 'geth {{ $labels.instance }} has not answered scrapes for more than 1 minute.',
          labels: { outage: 'ethereum-node' },
        },
        {
          alert: 'BlockchainSyncLag', severity: 'warning', for: '5m',
          expr: `chain_head_header{${geth}} - chain_head_block{${geth}} > 10`,
          summary: 'Ethereum node is behind the chain head',
          description: 'geth {{ $labels.instance }} is {{ $value }} blocks behind the best known header.',
        },
        {
          alert: 'ContractCallFailureRate', severity: 'critical', for: '5m',
          expr: `sum by (namespace) (rate(contract_call_failures_total{${pay}}[5m]))\n  / sum by (namespace) (rate(contract_calls_total{${pay}}[5m])) > 0.05`,
          summary: 'More than 5% of contract calls fail',
          description: '{{ $value | humanizePercentage }} of smart-contract calls failed over 5 minutes.',
        },
        {
          alert: 'HighGasUsage', severity: 'warning', for: '15m',
          expr: `sum by (namespace) (rate(contract_call_gas_used_sum{${pay}}[1h]))\n  / sum by (namespace) (rate(contract_call_gas_used_count{${pay}}[1h])) > 300000`,
          summary: 'Average gas per transaction above 300,000',
          description: 'Transactions of payment-service used {{ $value }} gas on average over the last hour (seed threshold 300,000).',
        },
      ],
    });
  }
  return groups;
}
