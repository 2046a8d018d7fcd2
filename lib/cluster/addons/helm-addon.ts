import { Duration } from 'aws-cdk-lib';
import type * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { PodIdentityRole } from '../pod-identity-role';
import type { HelmChartPin } from './versions';

/** The IAM side of a Helm add-on. */
export interface HelmAddonIdentity {
  /** Deterministic role name. */
  readonly roleName: string;
  /** Service account the chart creates (the chart values must use the same name). */
  readonly serviceAccount: string;
  /** Least-privilege statements, attached as a customer-managed policy (no inline policies, PCI DSS 7.2). */
  readonly statements: iam.PolicyStatement[];
}

/** Props of `HelmAddon`. */
export interface HelmAddonProps {
  readonly cluster: eks.Cluster;
  /**
   * The cluster's name as a literal, for the trust policy's `eks-cluster-name` condition.
   * @default - `cluster.clusterName` (a token)
   */
  readonly clusterName?: string;
  /** Chart, repository, pinned version, namespace and release. */
  readonly pin: HelmChartPin;
  /** Chart values. */
  readonly values: Record<string, unknown>;
  /**
   * Pod Identity role of the chart's service account.
   * @default - the add-on calls no AWS API
   */
  readonly identity?: HelmAddonIdentity;
  /**
   * Create the namespace.
   * @default true
   */
  readonly createNamespace?: boolean;
}

/**
 * One Helm chart installed by the kubectl provider at a pinned version, with its own Pod Identity
 * role. The chart waits for its pods (so CRDs and admission webhooks are ready before dependent
 * objects are applied) and is installed only after the role's association exists, because the Pod
 * Identity webhook injects credentials only into pods created after the association.
 */
export class HelmAddon extends Construct {
  public readonly chart: eks.HelmChart;
  /** Undefined when the add-on needs no AWS access. */
  public readonly identity?: PodIdentityRole;
  /** The customer-managed policy of the identity. */
  public readonly policy?: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: HelmAddonProps) {
    super(scope, id);
    const { pin } = props;
    this.chart = props.cluster.addHelmChart(`${id}Chart`, {
      chart: pin.chart,
      repository: pin.repository,
      version: pin.version,
      namespace: pin.namespace,
      release: pin.release,
      values: props.values,
      createNamespace: props.createNamespace ?? true,
      wait: true,
      atomic: true,
      timeout: Duration.minutes(10),
    });
    if (props.identity) {
      this.identity = new PodIdentityRole(this, 'Identity', {
        cluster: props.cluster,
        clusterName: props.clusterName,
        roleName: props.identity.roleName,
        namespace: pin.namespace,
        serviceAccount: props.identity.serviceAccount,
        description: `EKS Pod Identity of the ${pin.chart} Helm add-on`,
      });
      this.policy = new iam.ManagedPolicy(this, 'Policy', {
        description: `Least privilege of the ${pin.chart} Helm add-on`,
        statements: props.identity.statements,
        roles: [this.identity.role],
      });
      this.chart.node.addDependency(this.identity, this.policy);
    }
  }
}
