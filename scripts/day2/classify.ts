import { fullDiff, ResourceImpact } from '@aws-cdk/cloudformation-diff';

/** Resource types whose replacement loses data (or, for a key, everything encrypted with it). */
export const STATEFUL_TYPES: ReadonlySet<string> = new Set([
  'AWS::RDS::DBCluster', 'AWS::RDS::DBInstance', 'AWS::RDS::GlobalCluster', 'AWS::ElastiCache::ReplicationGroup',
  'AWS::S3::Bucket', 'AWS::KMS::Key', 'AWS::EC2::Volume', 'AWS::SecretsManager::Secret', 'AWS::Logs::LogGroup',
  'AWS::ECR::Repository', 'AWS::EKS::Cluster', 'AWS::DynamoDB::Table', 'AWS::EFS::FileSystem',
]);

/**
 * The property that carries a resource's physical name, by type. A replacement that keeps the
 * same name fails: CloudFormation creates the new resource before deleting the old one.
 */
export const NAME_PROPERTIES: Readonly<Record<string, string>> = {
  'AWS::IAM::Role': 'RoleName', 'AWS::IAM::ManagedPolicy': 'ManagedPolicyName', 'AWS::S3::Bucket': 'BucketName',
  'AWS::EKS::Cluster': 'Name', 'AWS::EKS::Nodegroup': 'NodegroupName', 'AWS::EKS::Addon': 'AddonName', 'AWS::EKS::AccessEntry': 'PrincipalArn',
  'AWS::EKS::PodIdentityAssociation': 'ServiceAccount', 'AWS::Logs::LogGroup': 'LogGroupName', 'AWS::SecretsManager::Secret': 'Name',
  'AWS::ECR::Repository': 'RepositoryName', 'AWS::RDS::DBCluster': 'DBClusterIdentifier', 'AWS::RDS::DBInstance': 'DBInstanceIdentifier',
  'AWS::RDS::GlobalCluster': 'GlobalClusterIdentifier', 'AWS::RDS::DBSubnetGroup': 'DBSubnetGroupName',
  'AWS::ElastiCache::ReplicationGroup': 'ReplicationGroupId', 'AWS::ElastiCache::SubnetGroup': 'CacheSubnetGroupName',
  'AWS::KMS::Alias': 'AliasName', 'AWS::SNS::Topic': 'TopicName', 'AWS::Lambda::Function': 'FunctionName',
  'AWS::WAFv2::WebACL': 'Name', 'AWS::CloudWatch::Alarm': 'AlarmName', 'AWS::EC2::LaunchTemplate': 'LaunchTemplateName',
  'AWS::Route53::HostedZone': 'Name', 'AWS::Route53::RecordSet': 'Name',
};

/** How one resource changes. */
export type ChangeKind = 'add' | 'update' | 'replace' | 'may-replace' | 'remove' | 'orphan';

/** One changed resource. */
export interface ResourceChange {
  readonly stack: string;
  readonly logicalId: string;
  readonly type: string;
  readonly kind: ChangeKind;
  /** The physical name both before and after, when fixed. */
  readonly fixedName?: string;
  /** Why this change does not deploy (or loses data), when it does not. */
  readonly blocker?: string;
}

const KIND: Partial<Record<ResourceImpact, ChangeKind>> = {
  [ResourceImpact.WILL_CREATE]: 'add', [ResourceImpact.WILL_UPDATE]: 'update', [ResourceImpact.WILL_REPLACE]: 'replace',
  [ResourceImpact.MAY_REPLACE]: 'may-replace', [ResourceImpact.WILL_DESTROY]: 'remove', [ResourceImpact.WILL_ORPHAN]: 'orphan',
};

type Template = { Resources?: Record<string, { Type: string; Properties?: Record<string, unknown>; DeletionPolicy?: string }> };

function literalName(resource: { Type: string; Properties?: Record<string, unknown> } | undefined): string | undefined {
  if (!resource) return undefined;
  const prop = NAME_PROPERTIES[resource.Type];
  const v = prop ? resource.Properties?.[prop] : undefined;
  return v === undefined ? undefined : typeof v === 'string' ? v : JSON.stringify(v);
}

/**
 * Classifies every resource change between two templates of one stack with
 * `@aws-cdk/cloudformation-diff` (what `cdk diff` uses), and says which ones cannot deploy or lose
 * data: a replacement of a stateful resource, or of a resource whose fixed name stays the same.
 * Removing a stateful resource without `DeletionPolicy: Retain`/`Snapshot` also loses data.
 */
export function classify(stack: string, before: Template, after: Template): ResourceChange[] {
  const diff = fullDiff(before as never, after as never);
  const out: ResourceChange[] = [];
  diff.resources.forEachDifference((logicalId, change) => {
    // A property change of a type the diff library has no spec for (custom resources such as the
    // kubectl provider's manifests) comes back as NO_CHANGE; CloudFormation sends it an Update.
    const impact = change.changeImpact === ResourceImpact.NO_CHANGE && change.isDifferent ? ResourceImpact.WILL_UPDATE : change.changeImpact;
    const kind = KIND[impact];
    if (!kind) return;
    const type = change.newResourceType ?? change.oldResourceType ?? 'unknown';
    const oldRes = before.Resources?.[logicalId];
    const newRes = after.Resources?.[logicalId];
    const oldName = literalName(oldRes);
    const fixedName = oldName !== undefined && oldName === literalName(newRes) ? oldName : undefined;
    let blocker: string | undefined;
    if ((kind === 'replace' || kind === 'may-replace') && STATEFUL_TYPES.has(type)) blocker = `replaces stateful ${type} (data lost)`;
    else if ((kind === 'replace' || kind === 'may-replace') && fixedName) blocker = `replaces ${type} under the same name '${fixedName}' (the new one cannot be created)`;
    else if (kind === 'remove' && STATEFUL_TYPES.has(type) && !['Retain', 'Snapshot', 'RetainExceptOnCreate'].includes(oldRes?.DeletionPolicy ?? '')) {
      blocker = `deletes stateful ${type} without Retain/Snapshot`;
    }
    out.push({ stack, logicalId, type, kind, fixedName, blocker });
  });
  return out;
}
