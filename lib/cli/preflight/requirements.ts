import { GLOBAL_STACK_NAME, REGISTRY_REPLICATION_STACK_NAME, regionalBaseStackName, regionalStackName } from '../../config/naming';
import type { ResolvedPlatformConfig, ResolvedRegionConfig } from '../../config/platform-config';
import { vcpuNeeds, type VcpuNeed } from './vcpus';

/** The bootstrap stack version the templates of aws-cdk-lib 2.x require (`BootstrapVersion` rule). */
export const MIN_BOOTSTRAP_VERSION = 6;
/** SSM parameter of the default bootstrap qualifier that holds the bootstrap version. */
export const BOOTSTRAP_VERSION_PARAMETER = '/cdk-bootstrap/hnb659fds/version';

/**
 * Service-linked roles the deploy relies on. AWS creates each on the service's first use when the
 * deploying role may call `iam:CreateServiceLinkedRole` (the CDK execution role may), and no
 * template names one as a principal (the node volume key admits the Auto Scaling role by a
 * condition), so a missing role is not a failure: it tells the deploying role needs that right.
 */
export const SERVICE_LINKED_ROLES = [
  { service: 'autoscaling.amazonaws.com', role: 'AWSServiceRoleForAutoScaling', usedBy: 'the EKS node groups (their Auto Scaling groups launch the nodes)' },
  { service: 'eks.amazonaws.com', role: 'AWSServiceRoleForAmazonEKS', usedBy: 'the EKS clusters' },
  { service: 'eks-nodegroup.amazonaws.com', role: 'AWSServiceRoleForAmazonEKSNodegroup', usedBy: 'the EKS managed node groups' },
  { service: 'rds.amazonaws.com', role: 'AWSServiceRoleForRDS', usedBy: 'the Aurora clusters' },
  { service: 'elasticache.amazonaws.com', role: 'AWSServiceRoleForElastiCache', usedBy: 'the cache replication groups' },
  { service: 'elasticloadbalancing.amazonaws.com', role: 'AWSServiceRoleForElasticLoadBalancing', usedBy: 'the ALB the controller creates' },
] as const;

/** Account-level prerequisites. */
export interface AccountRequirements {
  readonly account: string;
  /** The role the cluster access entry names, by name (`PlatformAdmin`). */
  readonly adminRole?: { readonly arn: string; readonly name: string };
  readonly serviceLinkedRoles: typeof SERVICE_LINKED_ROLES;
  /** The zone the platform uses and whether the global stack creates it. */
  readonly zone: { readonly name: string; readonly hostedZoneId?: string };
  /** Every stack, in deploy order. */
  readonly stacks: readonly string[];
  /** Region of the registry whose replication configuration the platform owns. */
  readonly replicationRegion?: string;
}

/** Per-region prerequisites. */
export interface RegionRequirements {
  readonly region: ResolvedRegionConfig;
  readonly vcpus: readonly VcpuNeed[];
  /** The platform's stacks in this region. */
  readonly stacks: readonly string[];
}

/** Splits an IAM role ARN into its name (the part after the last `/`, paths dropped). */
export function roleNameFromArn(arn: string): string {
  const m = /^arn:aws[a-z-]*:iam::\d{12}:role\/(?:.*\/)?([\w+=,.@-]+)$/.exec(arn);
  if (!m) throw new Error(`cluster.adminRoleArn '${arn}' is not an IAM role ARN such as 'arn:aws:iam::123456789012:role/PlatformAdmin'.`);
  return m[1];
}

/** What an account needs before the first deploy. */
export function accountRequirements(config: ResolvedPlatformConfig): AccountRequirements {
  const primary = config.regions.find((r) => r.role === 'primary')!;
  const others = config.regions.filter((r) => r !== primary);
  const arn = config.cluster.adminRoleArn;
  return {
    account: config.account,
    adminRole: arn ? { arn, name: roleNameFromArn(arn) } : undefined,
    serviceLinkedRoles: SERVICE_LINKED_ROLES,
    zone: { name: config.domain.zoneName, hostedZoneId: config.domain.hostedZoneId },
    stacks: [
      GLOBAL_STACK_NAME,
      ...config.regions.map((r) => regionalBaseStackName(r.region)),
      regionalStackName(primary.region),
      ...others.map((r) => regionalStackName(r.region)),
      ...(others.length > 0 ? [REGISTRY_REPLICATION_STACK_NAME] : []),
    ],
    replicationRegion: others.length > 0 ? primary.region : undefined,
  };
}

/** What each region needs before its first deploy. */
export function regionRequirements(config: ResolvedPlatformConfig): RegionRequirements[] {
  return config.regions.map((region) => ({
    region,
    vcpus: vcpuNeeds(config.cluster.nodeGroups),
    stacks: [
      ...(region.role === 'primary' ? [GLOBAL_STACK_NAME] : []),
      regionalBaseStackName(region.region),
      regionalStackName(region.region),
      ...(region.role === 'primary' && config.regions.length > 1 ? [REGISTRY_REPLICATION_STACK_NAME] : []),
    ],
  }));
}
