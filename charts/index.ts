/**
 * The cdk8s side of `cdk-payment-platform`: the workload chart the cluster stack applies and
 * `cdk8s synth` writes for review, and the constructs it is built from. Helpers not listed here
 * are internal.
 *
 * @packageDocumentation
 * @module cdk-payment-platform/charts
 */
export { PaymentWorkloads, type PaymentWorkloadsProps, type WorkloadImages, type WorkloadRoleArns } from './payment-workloads';
export { DEPLOY_TIME_MARKER, deployTimePlaceholders, KAFKA_IAM_PORT, workloadsChartId, type DeployTimeValues } from './deploy-time';

// Services as data.
export { WorkloadService, type WorkloadServiceProps } from './lib/service';
export { ServiceCatalog, type CatalogNamespaceSetup, type ServiceCatalogProps } from './lib/catalog';
export { catalogProblems, parseServiceCatalog, SERVICE_SPEC_KEYS, validateServiceCatalog, type CatalogValidationOptions } from './lib/catalog-validation';
export {
  databaseUserOf, dependencyWiring, NON_PUBLIC_CIDRS, serviceCallRules, serviceSecretName, serviceSecretRemoteName,
  type CatalogPlatform, type DependencyWiring,
} from './lib/dependencies';
export { EGRESS_HOSTS_ANNOTATION, autoscalerMetrics } from './lib/service';
export {
  SERVICE_NAME_LABEL,
  type AutoscalingSpec, type ConfigMapMountSpec, type DisruptionBudgetSpec, type HttpProbeSpec, type NetworkPeerSpec,
  type NetworkPortSpec, type NetworkRuleSpec, type ResourceSpec, type ScrapeSpec, type SecretEnvSpec, type ServiceSpec,
  type StreamingUseSpec, type TolerationSpec, type DatabaseDependencySpec, type QuantitySpec, type ServiceDependencies,
  type ServiceSecretSpec,
} from './lib/service-spec';
export {
  resolveStreamingUse, streamingClients, withStreaming, type ResolvedStreamingUse, type StreamingEndpointSpec,
} from './lib/streaming';
export { PAYMENT_SERVICE_STREAMING } from './lib/platform-services';

// Scheduled jobs and the blockchain node.
export { PlatformCronJob, type ContainerResources, type CronJobContainer, type CronJobProps, type CronJobVolume } from './lib/cron-job';
export { PostgresBackup, type PostgresBackupProps } from './lib/postgres-backup';
export { GethNode, type GethNodeProps } from './lib/geth';
export { gethReadinessCommand, gethSyncedExpression } from './lib/geth-readiness';
export type { RpcClient } from './lib/geth-network-policy';
export type { EthereumNetwork } from './lib/geth-args';

// Cluster-wide pieces for teams composing their own chart.
export { PlatformNamespace, type PlatformNamespaceProps } from './lib/namespaces';
export {
  PlatformPriorityClasses, PRIORITY_TIERS, priorityClassName, type PlatformPriorityClassesProps, type PriorityTier,
} from './lib/priority-classes';
export { NamespaceNetworkPolicies, type NamespaceNetworkPoliciesProps } from './lib/network-policies';
export { RdsCaBundle, rdsCaBundle, RDS_CA, type RdsCaBundleProps } from './lib/rds-ca';
export { NamespaceSecretStore, type NamespaceSecretStoreProps } from './lib/external-secrets';
export { ApiIngress, type ApiIngressProps } from './lib/ingress';
export { AlbGroup, DEFAULT_SSL_POLICY, type AlbGroupProps, type DesyncMitigationMode } from './lib/alb-group';
export { PlatformSecrets, K8S_SECRETS, type PlatformSecretNames, type PlatformSecretsProps } from './lib/external-secrets';
export { PlatformAlerts, type PlatformAlertsProps } from './lib/prometheus-rules';
export type { AlertRuleSpec, AlertSeverity, RecordingRuleSpec, RuleGroupSpec } from './lib/alerts/types';
export type { ApiSloSpec } from './lib/alerts/slo';

// Observability: dashboards as data, the monitoring components, the metrics contract.
export { PlatformDashboards, type PlatformDashboardsProps, type ServicePanels } from './lib/dashboards/dashboards';
export { platformDashboards, type DashboardScope } from './lib/dashboards/platform-dashboards';
export type { DashboardSpec, PanelQuery, PanelSpec, RowSpec } from './lib/dashboards/types';
export { MonitoringComponents, type MonitoringComponentsProps } from './lib/observability/monitoring-components';
export { MONITORING_IMAGES } from './lib/observability/components';
export { SERVICE_METRICS, COMPONENT_METRICS, type CatalogMetric, type MetricSource } from './lib/observability/metric-catalog';
export type { PodSecurityLevel } from './lib/security';
