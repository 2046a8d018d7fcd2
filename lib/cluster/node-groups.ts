import { Annotations, Stack, Token, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import type { NodeTaintConfig, ResolvedNodeGroupConfig, ResolvedNodeGroups } from '../config/platform-config';
import { imageCachePullStatement } from '../data/image-cache';
import { pascalCase } from '../pascal-case';

const TAINT_EFFECTS: Record<NodeTaintConfig['effect'], eks.TaintEffect> = {
  NoSchedule: eks.TaintEffect.NO_SCHEDULE,
  PreferNoSchedule: eks.TaintEffect.PREFER_NO_SCHEDULE,
  NoExecute: eks.TaintEffect.NO_EXECUTE,
};

/** Props of `PaymentNodeGroups`. */
export interface PaymentNodeGroupsProps {
  /** The cluster the groups join. */
  readonly cluster: eks.Cluster;
  /** The groups, by name (from `config.cluster.nodeGroups`; without blockchain there is no blockchain group). */
  readonly nodeGroups: ResolvedNodeGroups;
  /** Key of the encrypted gp3 root volumes. */
  readonly volumeKey: kms.IKey;
  /** Subnets of the nodes. */
  readonly subnets: ec2.SubnetSelection;
  /**
   * Kubernetes version of the nodes: the control plane's, so an upgrade of `cluster.kubernetesVersion`
   * rolls the groups to the new version right after the control plane, in the same deploy.
   * @default - the control plane's version when the group is created, never upgraded afterwards
   */
  readonly kubernetesVersion?: string;
}

/**
 * The managed node groups of the cluster: one shared least-privilege node role, and per group a
 * launch template (IMDSv2 required with hop limit 1, encrypted gp3 root volume, detailed
 * monitoring) and an AL2023 managed node group with the group's sizes, labels and taints.
 *
 * Hop limit 1 keeps pods from reaching the node's instance metadata (and so the node role): pods
 * get AWS credentials from EKS Pod Identity, never from IMDS. AL2023 is the EKS default AMI family
 * since 1.30 with one root volume; Bottlerocket would need a second data volume and TOML settings.
 */
export class PaymentNodeGroups extends Construct {
  /** The node role shared by every group. */
  public readonly role: iam.Role;
  /** The node groups, by name. */
  public readonly groups: Record<string, eks.Nodegroup> = {};

  constructor(scope: Construct, id: string, props: PaymentNodeGroupsProps) {
    super(scope, id);
    const groups = Object.entries(props.nodeGroups).filter((e): e is [string, ResolvedNodeGroupConfig] => e[1] !== undefined);
    for (const [name, group] of groups) validateGroup(name, group);

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
      description: 'EKS managed node groups: join the cluster and pull images (CNI permissions live on the vpc-cni Pod Identity role)',
      managedPolicies: [
        iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonEKSWorkerNodePolicy'),
        iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonEC2ContainerRegistryPullOnly'),
      ],
    });
    for (const policy of ['AmazonEKSWorkerNodePolicy', 'AmazonEC2ContainerRegistryPullOnly']) {
      Validations.of(this.role).acknowledge({
        id: `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${policy}]`,
        reason: `EKS requires ${policy} on the node role; AWS maintains it for new EKS features. PCI DSS 7.2: nodes get nothing else ` +
          'but the pull-through cache imports (no CNI, no SSM); pods cannot use it because IMDS hop limit is 1.',
      });
    }

    this.grantVolumeKey(props.volumeKey);
    // Third-party images come through the region's ECR pull-through cache (ImageCache): the first
    // pull of an image creates its cache repository and imports it, under the cache prefixes only.
    const cacheStatement = imageCachePullStatement(Stack.of(this));
    const cachePolicy = new iam.ManagedPolicy(this, 'ImageCachePolicy', {
      description: 'EKS nodes: pull third-party images through the ECR pull-through cache (cache prefixes only)',
      roles: [this.role],
      statements: [cacheStatement],
    });
    const reason = 'PCI DSS 7.2.1: ECR creates a cache repository per upstream image on its first pull, so the names are known only as ' +
      '<cache prefix>/*; the policy allows only CreateRepository and BatchImportUpstreamImage, only under the pull-through cache prefixes of this region and account.';
    for (const resource of cacheStatement.resources) Validations.of(cachePolicy).acknowledge({ id: `AwsSolutions-IAM5[Resource::${resource}]`, reason });

    for (const [name, group] of groups) {
      const id = pascalCase(name);
      const template = new ec2.LaunchTemplate(this, `${id}LaunchTemplate`, {
        requireImdsv2: true,
        httpPutResponseHopLimit: 1,
        detailedMonitoring: true,
        blockDevices: [{
          deviceName: '/dev/xvda',
          volume: ec2.BlockDeviceVolume.ebs(group.diskSizeGiB, {
            volumeType: ec2.EbsDeviceVolumeType.GP3,
            encrypted: true,
            kmsKey: props.volumeKey,
            deleteOnTermination: true,
          }),
        }],
      });
      // No `nodegroupName`: CloudFormation names the group, so a change that replaces it (instance
      // type, AMI type, subnets, labels' removal of the launch template...) creates the new group
      // under a new name before deleting the old one. A fixed name makes that replacement fail
      // (aws-cdk#26931). Nothing looks groups up by name: the Cluster Autoscaler discovers them by
      // the `k8s.io/cluster-autoscaler/<cluster>` tag, workloads select nodes by the `role` label.
      this.groups[name] = props.cluster.addNodegroupCapacity(id, {
        nodeRole: this.role,
        subnets: props.subnets,
        amiType: eks.NodegroupAmiType.AL2023_X86_64_STANDARD,
        capacityType: eks.CapacityType.ON_DEMAND,
        instanceTypes: [new ec2.InstanceType(group.instanceType)],
        minSize: group.minSize,
        maxSize: group.maxSize,
        desiredSize: group.desiredSize,
        labels: group.labels,
        taints: group.taints.length > 0
          ? group.taints.map((t) => ({ key: t.key, value: t.value, effect: TAINT_EFFECTS[t.effect] }))
          : undefined,
        launchTemplateSpec: { id: template.launchTemplateId!, version: template.latestVersionNumber },
        maxUnavailablePercentage: 33,
        // An update (new AMI, launch template) drains nodes through the PodDisruptionBudgets and
        // fails rather than evicting past them (ForceUpdateEnabled would).
        forceUpdate: false,
        enableNodeAutoRepair: true,
      });
      if (props.kubernetesVersion) {
        // Not a prop of aws-eks-v2's Nodegroup. Allowed with a launch template that names no AMI;
        // the group's clusterName reference makes CloudFormation update the control plane first.
        (this.groups[name].node.defaultChild as eks.CfnNodegroup).version = props.kubernetesVersion;
      }
    }
  }

  /**
   * The Auto Scaling service-linked role launches the instances, so it must be able to use the
   * customer-managed key of the root volumes (otherwise instances terminate at launch).
   *
   * The role (`AWSServiceRoleForAutoScaling`) exists only after the account's first Auto Scaling
   * group, and KMS rejects a key policy whose principal does not exist ("invalid principals"), so
   * the statements do not name it as principal: they allow any principal of this account whose
   * `aws:PrincipalArn` is that role. Conditions are not resolved when the policy is written, so
   * the key is created on a fresh account too; at launch time only that role matches (only Auto
   * Scaling can assume a service-linked role). Granting to the account root instead would not
   * work: root delegates to IAM, and the role's AWS-managed policy carries no KMS permission.
   */
  private grantVolumeKey(key: kms.IKey): void {
    const stack = Stack.of(this);
    const onlyAutoScaling = {
      ArnEquals: { 'aws:PrincipalArn': autoScalingServiceLinkedRoleArn(stack) },
      StringEquals: { 'kms:CallerAccount': stack.account },
    };
    const use = key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'NodeRootVolumesAutoScaling',
      principals: [new iam.AnyPrincipal()],
      actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
      resources: ['*'],
      conditions: onlyAutoScaling,
    }));
    key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'NodeRootVolumesAutoScalingGrants',
      principals: [new iam.AnyPrincipal()],
      actions: ['kms:CreateGrant'],
      resources: ['*'],
      conditions: { ...onlyAutoScaling, Bool: { 'kms:GrantIsForAWSResource': true } },
    }));
    if (!use.statementAdded) {
      Annotations.of(this).addWarningV2('cdk-payment-platform:nodeVolumeKeyPolicy',
        'The node volume key is imported: allow AWSServiceRoleForAutoScaling to use it (Encrypt, Decrypt, ReEncrypt*, ' +
        'GenerateDataKey*, DescribeKey, CreateGrant for AWS resources) or node launches fail.');
    }
  }
}

/** ARN of the account's Auto Scaling service-linked role (created by AWS on first use). */
export function autoScalingServiceLinkedRoleArn(stack: Stack): string {
  return stack.formatArn({
    service: 'iam', region: '', resource: 'role', resourceName: 'aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling',
  });
}

function validateGroup(name: string, g: ResolvedNodeGroupConfig): void {
  const field = `cluster.nodeGroups.${name}`;
  const sizes = [g.minSize, g.maxSize, g.desiredSize];
  if (sizes.some((s) => Token.isUnresolved(s))) return;
  if (g.minSize < 0 || g.maxSize < 1 || g.minSize > g.maxSize || g.desiredSize < g.minSize || g.desiredSize > g.maxSize) {
    throw new Error(`${field}: sizes must satisfy 0 <= minSize <= desiredSize <= maxSize and maxSize >= 1 ` +
      `(got min ${g.minSize}, desired ${g.desiredSize}, max ${g.maxSize}); fix the sizes of the group.`);
  }
  if (!Token.isUnresolved(g.diskSizeGiB) && (g.diskSizeGiB < 20 || g.diskSizeGiB > 16384)) {
    throw new Error(`${field}.diskSizeGiB: must be 20–16384 GiB for a gp3 root volume (got ${g.diskSizeGiB}).`);
  }
}
