import { Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/** Props of `PodIdentityRole`. */
export interface PodIdentityRoleProps {
  /** The cluster whose pods assume the role. */
  readonly cluster: eks.ICluster;
  /**
   * The cluster's name as a literal (`clusterName(cfg, region)`), matched against the
   * `eks-cluster-name` session tag in the trust policy.
   * @default - `cluster.clusterName`
   */
  readonly clusterName?: string;
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
 * The trust conditions of a Pod Identity role: the session tags EKS Pod Identity sets on every
 * AssumeRole (`eks-cluster-name`, `kubernetes-namespace`, `kubernetes-service-account`) must name
 * exactly this cluster, namespace and service account, and the request must come from this account
 * (`aws:SourceAccount`). Without them any Pod Identity association of the account (any cluster,
 * any namespace) could be pointed at the role.
 */
export function podIdentityTrustConditions(account: string, clusterName: string, namespace: string, serviceAccount: string): Record<string, Record<string, string>> {
  return {
    StringEquals: {
      'aws:SourceAccount': account,
      'aws:RequestTag/eks-cluster-name': clusterName,
      'aws:RequestTag/kubernetes-namespace': namespace,
      'aws:RequestTag/kubernetes-service-account': serviceAccount,
    },
  };
}

/**
 * An IAM role assumed by one Kubernetes service account through EKS Pod Identity: trust in
 * `pods.eks.amazonaws.com` (sts:AssumeRole + sts:TagSession) restricted by the session tags to one
 * cluster, namespace and service account of this account (`podIdentityTrustConditions`), and the
 * association of (cluster, namespace, service account) → role. No long-lived keys, no IMDS.
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
    const conditions = podIdentityTrustConditions(Stack.of(this).account, props.clusterName ?? props.cluster.clusterName,
      props.namespace, props.serviceAccount);
    this.role = new iam.Role(this, 'Resource', {
      roleName: props.roleName,
      description: props.description ?? `EKS Pod Identity: ${props.namespace}/${props.serviceAccount}`,
      assumedBy: new iam.PrincipalWithConditions(new iam.SessionTagsPrincipal(new iam.ServicePrincipal('pods.eks.amazonaws.com')), conditions),
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
