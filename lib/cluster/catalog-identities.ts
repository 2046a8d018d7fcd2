import { Validations } from 'aws-cdk-lib';
import type * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { clusterName, secretsReaderWorkload, workloadRoleName, type NamingConfig } from '../core/naming';
import { PodIdentityRole } from './pod-identity-role';
import { SecretsReaderRole } from './secrets-reader-role';
import { databaseConnectStatement, secretArn } from './workload-identities';

/** What one catalog service needs from AWS, as its declarations say (`dependencies`, `secrets`). */
export interface CatalogServiceAccess {
  /** Service name = ServiceAccount name = role suffix. */
  readonly name: string;
  /** Namespace of its ServiceAccount: the Pod Identity association and its secrets reader are made there. */
  readonly namespace: string;
  /** @default - no database login */
  readonly databaseUser?: string;
  /** Secrets Manager names of its own secrets. @default - none */
  readonly secretNames?: readonly string[];
  /** It uses the cache (its namespace syncs the AUTH token). @default false */
  readonly cache?: boolean;
}

/** Props of {@link CatalogIdentities}. */
export interface CatalogIdentitiesProps {
  readonly cluster: eks.ICluster;
  /** The cluster's IAM OIDC provider (the namespaces' secrets readers use IRSA). */
  readonly oidcProvider: iam.IOpenIdConnectProvider;
  readonly config: NamingConfig;
  readonly region: string;
  readonly secretsKey: kms.IKey;
  /** The services that need anything (others are skipped). */
  readonly services: readonly CatalogServiceAccess[];
  /** The application namespace and its existing secrets reader, which gets the secrets of the services there. */
  readonly appNamespace: { readonly name: string; readonly reader: SecretsReaderRole };
  /** Secrets Manager name of the cache AUTH token (synced into every namespace with cache clients). */
  readonly cacheAuthTokenSecretName: string;
  /** @default - `[region]` */
  readonly databaseRegions?: readonly string[];
  /**
   * Roles that already exist for services of these names (the platform's payment-service and
   * api-gateway, bound where their ServiceAccounts are): they get the catalog login instead of a second role.
   * @default - none
   */
  readonly existingRoles?: Readonly<Record<string, iam.IRole>>;
}

/**
 * The AWS side of a catalog's declarations: a Pod Identity role per database client, bound in the
 * namespace of its ServiceAccount and allowed to log in as its own user only; and per namespace a
 * secrets reader allowed exactly the secrets its services declared (the application namespace's
 * existing reader gets those of its services).
 */
export class CatalogIdentities extends Construct {
  /** The Pod Identity role of each service that has one, by name. */
  public readonly roles: Record<string, iam.IRole> = {};
  /** The secrets reader of each namespace beyond the application namespace. */
  public readonly readers: Record<string, SecretsReaderRole> = {};

  constructor(scope: Construct, id: string, props: CatalogIdentitiesProps) {
    super(scope, id);
    const { config: cfg, region } = props;
    const regions = props.databaseRegions ?? [region];
    for (const s of props.services.filter((x) => x.databaseUser !== undefined)) {
      const role = props.existingRoles?.[s.name] ?? new PodIdentityRole(this, `${s.name}Role`, {
        cluster: props.cluster, clusterName: clusterName(cfg, region), roleName: workloadRoleName(cfg, region, s.name),
        namespace: s.namespace, serviceAccount: s.name,
      }).role;
      this.roles[s.name] = role;
      const policy = new iam.ManagedPolicy(this, `${s.name}Policy`, {
        description: `${s.name}: log in to PostgreSQL as its own user ${s.databaseUser}`,
        roles: [role],
        statements: [databaseConnectStatement(cfg.account, regions, s.databaseUser!)],
      });
      for (const r of regions) {
        Validations.of(policy).acknowledge({
          id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:rds-db:${r}:${cfg.account}:dbuser:*/${s.databaseUser}]`,
          reason: `IAM database authentication as the one login ${s.databaseUser} the catalog declared: the cluster resource id is unknown across ` +
            'regions of an Aurora global database, so it is *, limited to this account and the platform\'s regions (PCI DSS 7.2.1, 8.6.1).',
        });
      }
    }
    const namespaces = [...new Set(props.services.map((s) => s.namespace))];
    for (const ns of namespaces) {
      const here = props.services.filter((s) => s.namespace === ns);
      const names = here.flatMap((s) => s.secretNames ?? []);
      const arns = names.map((n) => secretArn(region, cfg.account, n));
      if (ns === props.appNamespace.name) {
        // The application namespace already syncs the cache token.
        props.appNamespace.reader.grantRead(arns);
        continue;
      }
      if (here.some((s) => s.cache)) arns.push(secretArn(region, cfg.account, props.cacheAuthTokenSecretName));
      if (arns.length === 0) continue;
      this.readers[ns] = new SecretsReaderRole(this, `Secrets-${ns}`, {
        oidcProvider: props.oidcProvider, roleName: workloadRoleName(cfg, region, secretsReaderWorkload(ns)),
        namespace: ns, secretArns: arns, secretsKey: props.secretsKey, region,
      });
    }
  }
}
