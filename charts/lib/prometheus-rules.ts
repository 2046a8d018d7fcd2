import { Construct } from 'constructs';
import { PrometheusRule, PrometheusRuleSpecGroupsRulesExpr } from '../imports/prometheusrule-monitoring.coreos.com';
import { platformRuleGroups } from './alerts/platform-rules';
import { apiSloRuleGroups, type ApiSloSpec } from './alerts/slo';
import { isAlert, validateRuleGroups, type RuleGroupSpec } from './alerts/types';

/** Props of `PlatformAlerts`. */
export interface PlatformAlertsProps {
  /** Namespace of the PrometheusRule (the monitoring namespace). */
  readonly namespace: string;
  /** Namespace of api-gateway and payment-service. */
  readonly appNamespace: string;
  /**
   * Namespace of the Ethereum clients; when given, the `payment-blockchain` group (EthereumNodeDown,
   * BlockchainSyncLag, ContractCallFailureRate, HighGasUsage) is added.
   * @default - no blockchain alerts
   */
  readonly blockchainNamespace?: string;
  /**
   * Namespace of the nightly dump CronJob (`PostgresBackupFailed`, `PostgresBackupMissing`).
   * @default - the first of `watchedNamespaces` that ends in `-jobs`, else `jobs`
   */
  readonly jobsNamespace?: string;
  /** Namespaces watched for crash-looping pods and memory pressure. */
  readonly watchedNamespaces: string[];
  /**
   * Prometheus `job` labels (the Prometheus Operator sets `job` to the scraped Service's name).
   * @default { apiGateway: 'api-gateway', paymentService: 'payment-service', geth: 'geth', postgres: 'cloudwatch-exporter', cache: 'redis-exporter' }
   */
  readonly jobs?: {
    readonly apiGateway?: string; readonly paymentService?: string; readonly geth?: string; readonly postgres?: string; readonly cache?: string;
  };
  /**
   * The gateway's service-level objectives (multi-window burn-rate alerts).
   * @default - 99.9 % availability, 99 % of requests within 0.5 s
   */
  readonly slo?: ApiSloSpec;
  /**
   * Open connections at which `DatabaseConnectionPoolExhaustion` pages.
   * @default 450 (DrivoPay)
   */
  readonly connectionPoolLimit?: number;
  /**
   * `max_connections` of the database (DatabaseConnectionsHigh fires above 80 % of it).
   * @default 1000
   */
  readonly databaseMaxConnections?: number;
  /**
   * Hours without a successful nightly dump before `PostgresBackupMissing` pages.
   * @default 26
   */
  readonly backupMaxAgeHours?: number;
  /**
   * More rule groups (a catalog service's own alerts), validated like the platform's.
   * @default - none
   */
  readonly extraGroups?: readonly RuleGroupSpec[];
  /**
   * Labels on the PrometheusRule, matched by Prometheus's `ruleSelector`.
   * @default - none
   */
  readonly ruleLabels?: Record<string, string>;
  /**
   * Base URL of the runbooks; each alert gets `runbook_url: <base>/<alert-name>`.
   * @default - no runbook_url
   */
  readonly runbookBaseUrl?: string;
}

/**
 * The platform's alerting and recording rules as one PrometheusRule: the seeds' alerts (see
 * `platformRuleGroups`), the exporters' health, the nightly dump, the gateway's SLO burn rates and
 * any `extraGroups`. Every rule is data (`RuleGroupSpec`), validated at synth time.
 *
 * Metric names the services must expose are listed in `SERVICE_METRICS` (`metric-catalog.ts`).
 */
export class PlatformAlerts extends Construct {
  /** The alert names, in order. */
  public readonly alertNames: string[];
  /** The rule groups as rendered. */
  public readonly groups: readonly RuleGroupSpec[];

  constructor(scope: Construct, id: string, props: PlatformAlertsProps) {
    super(scope, id);
    if (props.watchedNamespaces.length === 0) throw new Error('PlatformAlerts: watchedNamespaces is empty; list the namespaces whose pods PodCrashLooping watches.');
    const limit = props.connectionPoolLimit ?? 450;
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`PlatformAlerts: connectionPoolLimit ${limit} must be a positive integer (open connections).`);
    const maxAge = props.backupMaxAgeHours ?? 26;
    if (!(maxAge >= 1)) throw new Error(`PlatformAlerts: backupMaxAgeHours ${maxAge} must be at least 1 (a nightly job needs 24 plus slack, e.g. 26).`);
    const jobs = {
      apiGateway: props.jobs?.apiGateway ?? 'api-gateway',
      paymentService: props.jobs?.paymentService ?? 'payment-service',
      geth: props.jobs?.geth ?? 'geth',
      postgres: props.jobs?.postgres ?? 'cloudwatch-exporter',
      cache: props.jobs?.cache ?? 'redis-exporter',
    };
    const jobsNamespace = props.jobsNamespace ?? props.watchedNamespaces.find((n) => n.endsWith('-jobs')) ?? 'jobs';
    const groups: RuleGroupSpec[] = [
      ...platformRuleGroups({
        appNamespace: props.appNamespace, blockchainNamespace: props.blockchainNamespace, jobsNamespace,
        watchedNamespaces: props.watchedNamespaces, jobs, backupCronJob: 'postgres-backup', connectionPoolLimit: limit, backupMaxAgeHours: maxAge,
        databaseMaxConnections: props.databaseMaxConnections ?? 1000,
      }),
      ...apiSloRuleGroups(props.slo ?? {}, `job="${jobs.apiGateway}", namespace="${props.appNamespace}"`),
      ...(props.extraGroups ?? []),
    ];
    validateRuleGroups(groups, 'PlatformAlerts.groups');
    this.groups = groups;
    this.alertNames = groups.flatMap((g) => g.rules.filter(isAlert).map((r) => r.alert));
    const runbook = props.runbookBaseUrl?.replace(/\/$/, '');

    new PrometheusRule(this, 'Resource', {
      metadata: { name: 'payment-platform-alerts', namespace: props.namespace, labels: props.ruleLabels },
      spec: {
        groups: groups.map((g) => ({
          name: g.name,
          interval: g.interval,
          rules: g.rules.map((r) => isAlert(r)
            ? {
              alert: r.alert,
              expr: PrometheusRuleSpecGroupsRulesExpr.fromString(r.expr),
              for: r.for,
              labels: { ...r.labels, severity: r.severity },
              annotations: {
                summary: r.summary,
                description: r.description,
                ...(runbook ? { runbook_url: `${runbook}/${r.alert}` } : {}),
              },
            }
            : { record: r.record, expr: PrometheusRuleSpecGroupsRulesExpr.fromString(r.expr), labels: r.labels }),
        })),
      },
    });
  }
}
