import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/** Props of `PodIdentityRole`. */
export interface PodIdentityRoleProps {
  /** The cluster whose pods assume the role. */
  readonly cluster: eks.ICluster;
  /** Deterministic role name (`workloadRoleName(...)`). Changing it replaces the role. */
  readonly roleName: string;
  /** Namespace of the service account. */
  readonly namespace: string;
  /** Service account bound to the role. */
  readonly serviceAccount: string;
  /** @default - none */
  readonly description?: string;
  /**
   * Create the `AWS::EKS::PodIdentityAssociation`. EKS managed add-ons pass `false` and
   * associate the role through the add-on's `podIdentityAssociations` instead.
   * @default true
   */
  readonly associate?: boolean;
}

/**
 * An IAM role assumed by one Kubernetes service account through EKS Pod Identity: trust in
 * `pods.eks.amazonaws.com` (sts:AssumeRole + sts:TagSession) and the association of
 * (cluster, namespace, service account) → role. No long-lived keys, no IMDS.
 */
export class PodIdentityRole extends Construct implements iam.IGrantable {
  public readonly role: iam.Role;
  public readonly grantPrincipal: iam.IPrincipal;
  public readonly namespace: string;
  public readonly serviceAccount: string;
  /** Undefined when `associate` is false. */
  public readonly association?: eks.CfnPodIdentityAssociation;

  constructor(scope: Construct, id: string, props: PodIdentityRoleProps) {
    super(scope, id);
    if (props.roleName.length > 64) {
      throw new Error(`roleName: IAM role names are at most 64 characters (got '${props.roleName}', ${props.roleName.length}); ` +
        'shorten the platform name or environment.');
    }
    this.namespace = props.namespace;
    this.serviceAccount = props.serviceAccount;
    this.role = new iam.Role(this, 'Resource', {
      roleName: props.roleName,
      description: props.description ?? `EKS Pod Identity: ${props.namespace}/${props.serviceAccount}`,
      assumedBy: new iam.SessionTagsPrincipal(new iam.ServicePrincipal('pods.eks.amazonaws.com')),
    });
    this.grantPrincipal = this.role;
    if (props.associate ?? true) {
      this.association = new eks.CfnPodIdentityAssociation(this, 'Association', {
        clusterName: props.cluster.clusterName,
        namespace: props.namespace,
        serviceAccount: props.serviceAccount,
        roleArn: this.role.roleArn,
      });
    }
  }
}
