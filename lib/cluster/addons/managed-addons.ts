import { Validations } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { workloadRoleName } from '../../config/naming';
import { PodIdentityRole } from '../pod-identity-role';
import type { AddonContext } from './context';
import { EKS_ADDON_VERSIONS, type EksAddonName } from './versions';
import { pascalCase } from '../../pascal-case';

/** Props of `ManagedAddons`. */
export interface ManagedAddonsProps {
  readonly context: AddonContext;
  /** Key of the encrypted EBS volumes the CSI driver creates. */
  readonly volumeKey: kms.IKey;
}

/** A role for an add-on's service account, associated through the add-on itself. */
interface AddonRole {
  readonly serviceAccount: string;
  readonly namespace: string;
  readonly managedPolicy: string;
}

const ADDON_ROLES: Partial<Record<EksAddonName, AddonRole>> = {
  'vpc-cni': { serviceAccount: 'aws-node', namespace: 'kube-system', managedPolicy: 'AmazonEKS_CNI_Policy' },
  'aws-ebs-csi-driver': { serviceAccount: 'ebs-csi-controller-sa', namespace: 'kube-system', managedPolicy: 'service-role/AmazonEBSCSIDriverPolicy' },
  'amazon-cloudwatch-observability': { serviceAccount: 'cloudwatch-agent', namespace: 'amazon-cloudwatch', managedPolicy: 'CloudWatchAgentServerPolicy' },
};

/**
 * Configuration of the vpc-cni add-on: `enableNetworkPolicy` starts the network-policy agent on
 * every node, which enforces Kubernetes NetworkPolicies with eBPF (without it EKS accepts the
 * policies and ignores them). The agent also enforces egress rules to addresses outside the
 * cluster (`ipBlock`), which is how the platform narrows who reaches PostgreSQL and the cache.
 */
export const VPC_CNI_CONFIGURATION = { enableNetworkPolicy: 'true' } as const;

/**
 * Add-ons whose software outlives their CloudFormation resource on delete (`PreserveOnDelete`):
 * CoreDNS, which the ALB controller needs while it deletes the load balancer on `cdk destroy`.
 * The others it needs (vpc-cni, kube-proxy, the Pod Identity agent) are dependencies of its chart,
 * which the workloads depend on, so they are deleted after the workloads anyway.
 */
export const PRESERVED_ON_DELETE: readonly EksAddonName[] = ['coredns'];

/** Add-ons the nodes need before they can become Ready. */
const BEFORE_NODES: EksAddonName[] = ['eks-pod-identity-agent', 'vpc-cni', 'kube-proxy'];

/**
 * The EKS managed add-ons at pinned versions (`EKS_ADDON_VERSIONS`). vpc-cni, the EBS CSI driver
 * and CloudWatch Observability get their own Pod Identity roles (so the node role carries no CNI
 * or storage permissions); the EBS CSI role may use the volume key for encrypted volumes.
 */
export class ManagedAddons extends Construct {
  public readonly addons = {} as Record<EksAddonName, eks.Addon>;
  /** Pod Identity roles of the add-ons that call AWS APIs. */
  public readonly roles: Partial<Record<EksAddonName, PodIdentityRole>> = {};

  constructor(scope: Construct, id: string, props: ManagedAddonsProps) {
    super(scope, id);
    const ctx = props.context;
    for (const [name, version] of Object.entries(EKS_ADDON_VERSIONS) as [EksAddonName, string][]) {
      // CoreDNS stays running when its add-on resource is deleted (`cdk destroy`), until the cluster
      // goes: the ALB controller needs DNS (the ELB API) to delete the Ingress's load balancer and
      // security groups while the workloads are deleted. A dependency of the workloads on CoreDNS
      // would do the same on delete but make the first deploy wait for it.
      const addon = new eks.Addon(this, pascalCase(name), {
        cluster: ctx.cluster, addonName: name, addonVersion: version, preserveOnDelete: PRESERVED_ON_DELETE.includes(name),
      });
      const cfn = addon.node.defaultChild as eks.CfnAddon;
      cfn.resolveConflicts = 'OVERWRITE';
      if (name === 'vpc-cni') cfn.configurationValues = JSON.stringify(VPC_CNI_CONFIGURATION);
      const spec = ADDON_ROLES[name];
      if (spec) {
        const role = new PodIdentityRole(this, `${pascalCase(name)}Role`, {
          cluster: ctx.cluster,
          clusterName: ctx.clusterName,
          roleName: workloadRoleName(ctx.config, ctx.region, name),
          namespace: spec.namespace,
          serviceAccount: spec.serviceAccount,
          associate: false,
          description: `EKS Pod Identity of the ${name} add-on`,
        });
        role.role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName(spec.managedPolicy));
        Validations.of(role.role).acknowledge({
          id: `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${spec.managedPolicy}]`,
          reason: `${spec.managedPolicy} is the AWS-maintained policy the ${name} add-on requires and tracks its releases; ` +
            `it is bound to one service account (${spec.namespace}/${spec.serviceAccount}) by Pod Identity (PCI DSS 7.2.1).`,
        });
        cfn.podIdentityAssociations = [{ roleArn: role.role.roleArn, serviceAccount: spec.serviceAccount }];
        this.roles[name] = role;
      }
      this.addons[name] = addon;
    }
    this.addons['vpc-cni'].node.addDependency(this.addons['eks-pod-identity-agent']);

    const ebs = this.roles['aws-ebs-csi-driver']!;
    new iam.ManagedPolicy(this, 'AwsEbsCsiDriverVolumeKey', {
      description: 'EBS CSI driver: create and attach volumes encrypted with the volume key',
      roles: [ebs.role],
      statements: [
        new iam.PolicyStatement({
          actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:GenerateDataKey',
            'kms:GenerateDataKeyWithoutPlaintext', 'kms:DescribeKey'],
          resources: [props.volumeKey.keyArn],
        }),
        new iam.PolicyStatement({
          actions: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'],
          resources: [props.volumeKey.keyArn],
          conditions: { Bool: { 'kms:GrantIsForAWSResource': true } },
        }),
      ],
    });
  }

  /** The add-ons that must be active before the node groups are created. */
  public get beforeNodes(): eks.Addon[] {
    return BEFORE_NODES.map((n) => this.addons[n]);
  }

  /** The add-ons that need running nodes to become active. */
  public get afterNodes(): eks.Addon[] {
    return (Object.keys(this.addons) as EksAddonName[]).filter((n) => !BEFORE_NODES.includes(n)).map((n) => this.addons[n]);
  }
}

