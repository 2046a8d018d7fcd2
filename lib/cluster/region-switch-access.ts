import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct } from 'constructs';

/** Props of {@link RegionSwitchAccess}. */
export interface RegionSwitchAccessProps {
  /** The region's cluster. */
  readonly cluster: eks.ICluster;
  /** ARN of the Region switch execution role (`regionSwitchExecutionRoleName`). */
  readonly roleArn: string;
  /** Namespaces of the Deployments the plans scale; the access is limited to them. */
  readonly namespaces: readonly string[];
}

/**
 * The EKS access entry of the Region switch execution role, associated with the AWS-managed
 * `AmazonARCRegionSwitchScalingPolicy` (get/update `*\/scale`, get `*\/status`, get/patch
 * HorizontalPodAutoscalers) scoped to the namespaces of the scaled Deployments: the role can
 * change replica counts there and nothing else, in no other namespace. Region switch's plan
 * evaluation checks for this association (`eks:ListAssociatedAccessPolicies`); a Kubernetes RBAC
 * group could narrow further to named Deployments, but Region switch requires the managed policy.
 */
export class RegionSwitchAccess extends Construct {
  public readonly accessEntry: eks.AccessEntry;

  constructor(scope: Construct, id: string, props: RegionSwitchAccessProps) {
    super(scope, id);
    if (props.namespaces.length === 0) {
      throw new Error('RegionSwitchAccess: namespaces is empty; name the namespaces of the Deployments the Region switch plans scale.');
    }
    this.accessEntry = new eks.AccessEntry(this, 'Resource', {
      cluster: props.cluster,
      principal: props.roleArn,
      accessPolicies: [eks.AccessPolicy.fromAccessPolicyName('AmazonARCRegionSwitchScalingPolicy', {
        accessScopeType: eks.AccessScopeType.NAMESPACE,
        namespaces: [...props.namespaces],
      })],
    });
  }
}
