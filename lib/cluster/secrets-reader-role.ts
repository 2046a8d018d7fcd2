import { CfnJson } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/** The ServiceAccount External Secrets authenticates as in each namespace (`SECRETS_READER_SERVICE_ACCOUNT` of the charts). */
export const SECRETS_READER_SERVICE_ACCOUNT = 'secrets-reader';

/** Props of {@link SecretsReaderRole}. */
export interface SecretsReaderRoleProps {
  /** The IAM OIDC provider of the cluster whose issuer signs the service account's tokens (`PaymentCluster.oidcProvider`). */
  readonly oidcProvider: iam.IOpenIdConnectProvider;
  /** Deterministic role name (`workloadRoleName(cfg, region, secretsReaderWorkload(namespace))`). Changing it replaces the role. */
  readonly roleName: string;
  /** The namespace whose `secrets-reader` service account assumes the role. */
  readonly namespace: string;
  /** ARN patterns of the secrets of that namespace (the `-??????` suffix included). */
  readonly secretArns: readonly string[];
  /** Key of the secrets (decrypted only through Secrets Manager of `region`). */
  readonly secretsKey: kms.IKey;
  /** Region of the secrets. */
  readonly region: string;
}

/**
 * The IAM role one namespace's External Secrets SecretStore authenticates as: trusted through the
 * cluster's OIDC provider for exactly `system:serviceaccount:<namespace>:secrets-reader` with
 * audience `sts.amazonaws.com` (IRSA), and allowed to read exactly the listed secrets. A SecretStore
 * can only name service accounts of its own namespace, so no namespace can read another's secrets.
 */
export class SecretsReaderRole extends Construct implements iam.IGrantable {
  public readonly role: iam.Role;
  public readonly grantPrincipal: iam.IPrincipal;
  public readonly policy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: SecretsReaderRoleProps) {
    super(scope, id);
    if (props.secretArns.length === 0) throw new Error(`SecretsReaderRole: secretArns is empty for namespace '${props.namespace}'; list the secrets it syncs.`);
    const provider = props.oidcProvider;
    const issuer = provider.openIdConnectProviderIssuer;
    const conditions = new CfnJson(this, 'TrustConditions', {
      value: {
        [`${issuer}:sub`]: `system:serviceaccount:${props.namespace}:${SECRETS_READER_SERVICE_ACCOUNT}`,
        [`${issuer}:aud`]: 'sts.amazonaws.com',
      },
    });
    this.role = new iam.Role(this, 'Resource', {
      roleName: props.roleName,
      description: `External Secrets of namespace ${props.namespace}: read its secrets only (IRSA, ${props.namespace}/${SECRETS_READER_SERVICE_ACCOUNT})`,
      assumedBy: new iam.OpenIdConnectPrincipal(provider, { StringEquals: conditions }),
    });
    this.grantPrincipal = this.role;
    this.policy = new iam.ManagedPolicy(this, 'Policy', {
      description: `Read the secrets of namespace ${props.namespace}`,
      roles: [this.role],
      statements: [
        new iam.PolicyStatement({
          actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
          resources: [...props.secretArns],
        }),
        new iam.PolicyStatement({
          actions: ['kms:Decrypt'],
          resources: [props.secretsKey.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${props.region}.amazonaws.com` } },
        }),
      ],
    });
  }

  /** Lets the namespace's External Secrets read these secrets too (ARN patterns, `-??????` suffix included). */
  public grantRead(secretArns: readonly string[]): void {
    if (secretArns.length === 0) return;
    this.policy.addStatements(new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], resources: [...secretArns] }));
  }
}
