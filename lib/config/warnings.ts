/**
 * Every warning the library gives, with a stable id: plausibility warnings of the configuration
 * (a value AWS accepts but that is probably a mistake) and the constructs' advice. A warning can
 * be acknowledged in the configuration (`acknowledgedWarnings: [{ id, reason }]`); the reason is
 * recorded with the acknowledgement in the cloud assembly.
 */
export const PLATFORM_WARNINGS = {
  'payment-platform:node-group-above-quota': 'a node group may grow past the default EKS quota of 450 nodes per managed node group',
  'payment-platform:node-groups-above-vcpu-quota': 'the node groups of a region may together need more vCPUs than the default On-Demand quota',
  'payment-platform:cpu-request-above-node': 'a workload requests more CPU or memory than a node of its pool has, so its pods never schedule',
  'payment-platform:replicas-above-nodes': 'a workload may run more replicas than its pool has nodes, with one replica per node',
  'payment-platform:repository-name-prefix': 'a repository name starts with another platform repository\'s name, which the replication filter (a prefix match) already covers',
  'payment-platform:database-no-reader': 'the database has no same-region reader',
  'payment-platform:database-readers-share-zone': 'more database readers than the subnets have other zones',
  'payment-platform:database-reader-class': 'the reader is smaller than the writer it takes over from',
  'payment-platform:noAlertReceiver': 'Alertmanager has no receiver outside the cluster',
  'cdk-payment-platform:regionSwitchRto': 'the Region switch plan cannot meet the recovery time objective',
  'cdk-payment-platform:recoveryObjectives': 'the configuration cannot meet its recovery objectives',
  'cdk-payment-platform:healthCheckAlarmsRegion': 'the Route 53 health-check alarms are not in us-east-1, where the metrics are',
  'cdk-payment-platform:externalDnsZoneScope': "ExternalDNS's permissions reach beyond the platform zone",
  'cdk-payment-platform:nodeVolumeKeyPolicy': 'the node volumes key policy needs the Auto Scaling service-linked role',
  'cdk-payment-platform:kubernetesExtendedSupport': 'the Kubernetes version is in extended support (6× the control-plane price)',
  'cdk-payment-platform:kubernetesUnsupportedExisting': 'the Kubernetes version can no longer be created, but the cluster exists',
} as const;

/** A warning id of the registry. */
export type PlatformWarningId = keyof typeof PLATFORM_WARNINGS;

/** Every warning id. */
export const PLATFORM_WARNING_IDS = Object.keys(PLATFORM_WARNINGS) as PlatformWarningId[];

/** A warning found in the configuration: its id, the field it is about and what to do. */
export interface ConfigWarning {
  readonly id: PlatformWarningId;
  readonly field: string;
  readonly message: string;
}
