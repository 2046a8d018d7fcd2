/**
 * The public API of `cdk-payment-platform`: the configuration and its validation, the platform and
 * its stacks, the regional and global constructs, and the compliance checks. Everything else in
 * `lib/` is internal and may change in any release. The cdk8s charts are `cdk-payment-platform/charts`.
 *
 * @packageDocumentation
 * @module cdk-payment-platform
 */

// Configuration: types, validation, defaults and the deterministic names shared with the charts.
export type {
  AlarmsConfig, CacheConfig, ClusterConfig, DatabaseConfig, DomainConfig, EdgeConfig, ImageConfig, ImagesConfig,
  NodeGroupConfig, NodeGroupName, NodeTaintConfig, PathRateLimit, PlatformConfig, RecoveryConfig, RegionConfig,
  RegionRole, ResolvedImageConfig, ResolvedNodeGroupConfig, ResolvedPlatformConfig, ResolvedRegionConfig, RetentionConfig,
} from './config/platform-config';
export { NODE_GROUP_NAMES } from './config/platform-config';
export { resolvePlatformConfig } from './config/resolve';
export { validatePlatformConfig } from './config/resolve';
export { platformConfigSchema } from './config/schema';
export { PLATFORM_WARNINGS, PLATFORM_WARNING_IDS, type PlatformWarningId, type ConfigWarning } from './config/warnings';
export { PlatformConfigError, type ConfigProblem } from './config/errors';
export {
  DEFAULT_IMAGES, DEFAULT_KUBERNETES_VERSION, DEFAULT_NODE_GROUPS, PCI_MIN_LOG_RETENTION_DAYS,
} from './config/defaults';
export { AWS_COMMERCIAL_REGIONS, availabilityZonesOf, isKnownRegion } from './config/regions';
export * from './config/naming';

// The platform and its stacks.
export { PaymentPlatform, type PaymentPlatformOptions } from './stacks/payment-platform';
export { TODAY_CONTEXT_KEY } from './stacks/platform-context';
export { PlatformStack, type PlatformStackProps } from './stacks/platform-stack';
export { GlobalStack, type GlobalStackProps } from './stacks/global-stack';
export { RegionalBaseStack, type RegionalBaseStackProps } from './stacks/regional-base-stack';
export { RegionalStack, type RegionalStackProps } from './stacks/regional-stack';
export { addComplianceChecks, type ComplianceChecksOptions } from './compliance';
// The adapter from the configuration to the workload chart's props (the charts themselves know no configuration).
export { workloadsPropsFromConfig, type WorkloadsPropsOverrides } from './stacks/workloads-props';

// Regional constructs.
export { PlatformNetwork, type INetwork, type PlatformNetworkProps } from './network/platform-network';
export { PlatformKeys, KEY_PURPOSES, type IPlatformKeys, type PlatformKeysProps } from './security/platform-keys';
export { PaymentDatabase, type GlobalDatabaseMembership, type PaymentDatabaseProps } from './data/database';
export { PaymentCache, type CacheEndpoint, type CacheEngine, type PaymentCacheProps } from './data/cache';
export { paymentCacheSettings, paymentDatabaseSettings, type PaymentCacheSettings, type PaymentDatabaseSettings } from './data/database-config';
export { BackupBucket, DUMP_PREFIX, type BackupBucketProps, type BackupBucketReplication } from './data/backup-bucket';
export { ContainerRegistry, type ContainerRegistryProps, type IContainerRegistry } from './data/registry';
export { AppSecrets, APP_SECRET_PURPOSES, type AppSecretPurpose, type AppSecretsProps, type IAppSecrets } from './data/app-secrets';
export { PlatformAlarms, type PlatformAlarmsProps } from './observability/platform-alarms';
export { RegionalObservability, type RegionalObservabilityProps, type EdgeAlarmThresholds } from './observability/regional-observability';
export { alertmanagerConfig, type AlertRoutingSpec } from './observability/alert-routing';
export type { DatabaseAlarmOptions, MonitorableDatabase } from './observability/database-alarms';
export type { CacheAlarmOptions, MonitorableCache } from './observability/cache-alarms';
export { ApiEdge, type ApiEdgeProps } from './edge/api-edge';
export { ApiCertificate, type ApiCertificateProps } from './edge/api-certificate';
export { API_MANAGED_RULE_GROUPS, ApiWebAcl, type ApiWebAclProps } from './edge/api-web-acl';
export { ShieldAdvancedProtection, type ShieldAdvancedProtectionProps } from './edge/shield-protection';
export { apiHostnames, type ApiHostnames } from './edge/hostnames';
export { PaymentCluster, type ApplyWorkloadsOptions, type PaymentClusterProps } from './cluster/payment-cluster';
export { PaymentNodeGroups, type PaymentNodeGroupsProps } from './cluster/node-groups';
export { WorkloadIdentities, type WorkloadIdentitiesProps } from './cluster/workload-identities';
export { PodIdentityRole, type PodIdentityRoleProps } from './cluster/pod-identity-role';
export {
  checkKubernetesVersion, EKS_KUBERNETES_VERSIONS, EXTENDED_SUPPORT_WARNING_ID, RECOMMENDED_KUBERNETES_VERSION,
  type KubernetesSupportStatus, type KubernetesVersionCheck,
} from './cluster/kubernetes-version';
export { EKS_ADDON_VERSIONS, HELM_CHARTS, type HelmChartPin } from './cluster/addons/versions';

// Global constructs.
export { PlatformHostedZone, platformHostedZone, type PlatformHostedZoneProps, type PlatformHostedZoneReferenceOptions } from './global/hosted-zone';
export { ApiFailoverRouting, ROUTE53_HEALTH_CHECKER_REGIONS, type ApiFailoverRoutingProps } from './global/api-failover';
export { HealthCheckAlarms, type HealthCheckAlarmsProps } from './global/health-check-alarms';
export { PlatformGlobalDatabase, type GlobalDatabaseMembershipSpec, type PlatformGlobalDatabaseProps } from './global/global-database';
export { RegistryReplication, type RegistryReplicationProps } from './global/registry-replication';
export { backupReplicationTarget, type BackupReplicationTarget } from './global/replication';
export { checkRecoveryObjectives, type RecoveryObjectivesOptions } from './global/recovery-objectives';

// Event streaming (Amazon MSK), delivery identities (GitHub Actions) and the cost estimate.
export type { KafkaMonitoringLevel, KafkaTopicConfig, KafkaVersionInfo, ResolvedStreamingConfig, StreamingConfig } from './config/streaming-config';
export { KAFKA_MAX_PROVISIONED_THROUGHPUT, KAFKA_VERSIONS } from './config/streaming-config';
export type {
  DeliveryConfig, DeployRepositoryConfig, GitHubTrustConfig, ImagePushRepositoryConfig, ResolvedDeliveryConfig, ResolvedGitHubTrust,
} from './config/delivery-config';
export { KafkaCluster, KAFKA_EXPORTER_PORTS, KAFKA_PORTS, KAFKA_SERVER_PROPERTIES, type KafkaClusterProps } from './streaming/kafka-cluster';
export { KafkaScramSecret, SCRAM_SECRET_PREFIX, type KafkaScramSecretProps } from './streaming/kafka-scram';
export { kafkaAccessStatements, type KafkaAccess } from './streaming/kafka-access';
export { privateCaClientStatements, CLIENT_CERTIFICATE_TEMPLATE, KAFKA_TLS_PORT, PRIVATE_CA_ARN } from './streaming/kafka-tls-clients';
export { KafkaBrokerEndpoints, type KafkaBrokerEndpointsProps } from './streaming/broker-endpoints';
export { KafkaReplicator, type KafkaReplicatorProps } from './streaming/kafka-replicator';
export { PlatformStreaming, type PlatformStreamingProps } from './streaming/platform-streaming';
export { StreamingIdentities, type StreamingClient, type StreamingIdentitiesProps } from './streaming/streaming-identities';
export type { KafkaAlarmOptions, MonitorableKafka } from './observability/kafka-alarms';
export {
  CDK_BOOTSTRAP_ROLES, ECR_PUSH_ACTIONS, GITHUB_OIDC, GitHubActionsIdentities, githubSubjects, type GitHubActionsIdentitiesProps,
} from './delivery/github-actions-identities';
export { COST_COMMAND, type CostIo } from './cost/command';
export { COST_FAMILIES, estimateCost, FREE_RESOURCE_TYPES, type CostEstimate, type CostFamily, type CostLine, type StackTemplate } from './cost/estimate';
export { PRICE_PAGES, PRICE_TABLE, type PriceSource, type PriceTable, type RegionPrices } from './cost/price-table';
export { DEFAULT_USAGE, describeUsage, type UsageAssumptions } from './cost/usage';
export { readCloudAssembly } from './cost/assembly';
export { formatCostReport } from './cost/report';
