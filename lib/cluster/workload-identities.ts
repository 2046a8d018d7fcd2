import { Aws, Validations } from 'aws-cdk-lib';
import type * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import {
  clusterName, DATABASE_USERS, platformNamespaces, regionSecretName, secretName, secretsReaderWorkload, WORKLOAD_IDENTITIES, workloadRoleName,
  type NamingConfig, type SecretPurpose,
} from '../config/naming';
import { nagString } from './nag-ref';
import { PodIdentityRole } from './pod-identity-role';
import { SecretsReaderRole } from './secrets-reader-role';
import type { ResolvedPlatformConfig } from '../config/platform-config';

/** The secrets the payment-service reads (its own, nothing else); the `blockchain/*` ones only with the blockchain on, `blockchain/signer-key` only with the opt-in private-key signer. */
export const PAYMENT_SERVICE_SECRETS: SecretPurpose[] = ['app/jwt-signing-key', 'app/webhook-secret', 'blockchain/provider-url', 'blockchain/signer-key'];

/** The secrets External Secrets syncs into the application namespace (the `blockchain/*` ones only with the blockchain on). */
export const APP_NAMESPACE_SECRETS: SecretPurpose[] = ['cache/auth-token', 'app/jwt-signing-key', 'app/webhook-secret', 'blockchain/provider-url', 'blockchain/signer-key'];

/** ARN of a secret by name; `-??????` matches the random suffix Secrets Manager appends. */
export function secretArn(region: string, account: string, name: string): string {
  return `arn:${Aws.PARTITION}:secretsmanager:${region}:${account}:secret:${name}-??????`;
}

/** kms:Decrypt on the secrets key, only when Secrets Manager in this region calls it for the principal. */
export function decryptViaSecretsManager(key: kms.IKey, region: string): iam.PolicyStatement {
  return new iam.PolicyStatement({
    actions: ['kms:Decrypt'],
    resources: [key.keyArn],
    conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${region}.amazonaws.com` } },
  });
}

/** Props of `WorkloadIdentities`. */
export interface WorkloadIdentitiesProps {
  /** The cluster whose service accounts assume the roles. */
  readonly cluster: eks.ICluster;
  /** The cluster's IAM OIDC provider (`PaymentCluster.oidcProvider`): the application namespace's secrets reader trusts it (IRSA). */
  readonly oidcProvider: iam.IOpenIdConnectProvider;
  /** Names (platform, environment, account) and the regions (which region owns the shared secrets). */
  readonly config: NamingConfig & Pick<ResolvedPlatformConfig, 'regions'>;
  /** Region of the cluster. */
  readonly region: string;
  /** Key of the region's Secrets Manager secrets. */
  readonly secretsKey: kms.IKey;
  /** The backups bucket; the dump job writes only `postgres/`. */
  readonly backupBucket: s3.IBucket;
  /** Key of the backups bucket. */
  readonly backupsKey: kms.IKey;
  /**
   * The platform runs the blockchain (`config.blockchain`): payment-service may read the
   * `blockchain/*` secrets. Without it, those secrets do not exist and are not listed.
   * @default true
   */
  readonly blockchain?: boolean;
  /**
   * The opt-in private-key signer: payment-service and its namespace's reader may read
   * `blockchain/signer-key`. By default the signer is a KMS key (`BlockchainSignerKey.grantSign`).
   * @default false
   */
  readonly signerPrivateKey?: boolean;
  /**
   * Regions whose Aurora clusters the workloads may log in to with IAM tokens (`rds-db:connect`
   * as their own user only): the region itself, and with an Aurora global database every region
   * of it (the global writer endpoint can take clients to another region's cluster).
   * @default - `[region]`
   */
  readonly databaseRegions?: readonly string[];
  /**
   * Namespaces of the payment-service and api-gateway ServiceAccounts, when a catalog puts its own
   * services of those names elsewhere: their Pod Identity associations are made there.
   * @default - the platform's application namespace
   */
  readonly serviceNamespaces?: { readonly paymentService?: string; readonly apiGateway?: string };
  /**
   * Built-in services the workloads do not run (a catalog without its own payment-service or
   * api-gateway, with `builtInServices: false`): their roles stay (other constructs grant to them)
   * but get no Pod Identity association, so a ServiceAccount created later under that name does
   * not receive the role.
   * @default - none: both run
   */
  readonly absentServices?: readonly ('paymentService' | 'apiGateway')[];
}

/** `rds-db:connect` as one database user, on the platform's clusters in `regions` (cluster resource ids are `*`). */
export function databaseConnectStatement(account: string, regions: readonly string[], dbUser: string): iam.PolicyStatement {
  return new iam.PolicyStatement({
    actions: ['rds-db:connect'],
    resources: regions.map((r) => databaseUserArn(r, account, dbUser)),
  });
}

/** `arn:<partition>:rds-db:<region>:<account>:dbuser:*\/<user>`. */
export function databaseUserArn(region: string, account: string, dbUser: string): string {
  return `arn:${Aws.PARTITION}:rds-db:${region}:${account}:dbuser:*/${dbUser}`;
}

/**
 * IAM roles of the platform's workloads, with deterministic names (`workloadRoleName`) so the
 * cdk8s charts can name them too, each bound by EKS Pod Identity to one service account:
 * payment-service (its own secrets: four, or two without the blockchain) and the postgres-backup CronJob (write and verify dumps under
 * `postgres/` in the backups bucket; its database credentials come through External Secrets, an
 * add-on of `PaymentCluster`).
 */
export class WorkloadIdentities extends Construct {
  public readonly paymentService: PodIdentityRole;
  public readonly apiGateway: PodIdentityRole;
  public readonly postgresBackup: PodIdentityRole;
  /** The application namespace's External Secrets reader (IRSA): the namespace's secrets, nothing else. */
  public readonly appSecretsReader: SecretsReaderRole;
  /** External Secrets reader of the monitoring namespace: the cache AUTH token only (redis_exporter). */
  public readonly monitoringSecretsReader: SecretsReaderRole;

  constructor(scope: Construct, id: string, props: WorkloadIdentitiesProps) {
    super(scope, id);
    const { config: cfg, region } = props;
    const ns = platformNamespaces(cfg);
    const cluster = clusterName(cfg, region);
    const dbRegions = props.databaseRegions ?? [region];
    // One Pod Identity role per workload: its deterministic name, trusted by its service account only.
    const podIdentity = (cid: string, w: { readonly workload: string; readonly serviceAccount: string }, namespace: string, associate = true) => new PodIdentityRole(this, cid, {
      cluster: props.cluster, clusterName: cluster, roleName: workloadRoleName(cfg, region, w.workload), namespace, serviceAccount: w.serviceAccount, associate,
    });
    const runs = (service: 'paymentService' | 'apiGateway') => !(props.absentServices ?? []).includes(service);
    const connect = (user: string) => databaseConnectStatement(cfg.account, dbRegions, user);
    const exists = (p: SecretPurpose) => ((props.blockchain ?? true) || !p.startsWith('blockchain/')) && (p !== 'blockchain/signer-key' || props.signerPrivateKey === true);
    const acknowledgeConnect = (policy: iam.ManagedPolicy, user: string) => {
      for (const r of dbRegions) {
        Validations.of(policy).acknowledge({
          id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:rds-db:${r}:${cfg.account}:dbuser:*/${user}]`,
          reason: `IAM database authentication as the one login ${user} (no password exists for it): the cluster resource id is ` +
            'unknown across regions of an Aurora global database, so it is *, limited to this account and the platform\'s regions (PCI DSS 7.2.1, 8.6.1).',
        });
      }
    };

    this.paymentService = podIdentity('PaymentService', WORKLOAD_IDENTITIES.paymentService, props.serviceNamespaces?.paymentService ?? ns.api, runs('paymentService'));
    const paymentPolicy = new iam.ManagedPolicy(this, 'PaymentServicePolicy', {
      description: 'payment-service: read its own secrets, log in to PostgreSQL as its own user',
      roles: [this.paymentService.role],
      statements: [
        new iam.PolicyStatement({
          actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
          resources: PAYMENT_SERVICE_SECRETS.filter(exists).map((p) => secretArn(region, cfg.account, regionSecretName(cfg, region, p))),
        }),
        decryptViaSecretsManager(props.secretsKey, region),
        connect(DATABASE_USERS.paymentService),
      ],
    });
    acknowledgeConnect(paymentPolicy, DATABASE_USERS.paymentService);

    this.appSecretsReader = new SecretsReaderRole(this, 'AppSecretsReader', {
      oidcProvider: props.oidcProvider,
      roleName: workloadRoleName(cfg, region, secretsReaderWorkload(ns.api)),
      namespace: ns.api,
      secretArns: APP_NAMESPACE_SECRETS.filter(exists).map((p) => secretArn(region, cfg.account, regionSecretName(cfg, region, p))),
      secretsKey: props.secretsKey,
      region,
    });

    this.monitoringSecretsReader = new SecretsReaderRole(this, 'MonitoringSecretsReader', {
      oidcProvider: props.oidcProvider,
      roleName: workloadRoleName(cfg, region, secretsReaderWorkload(ns.monitoring)),
      namespace: ns.monitoring,
      secretArns: [secretArn(region, cfg.account, secretName(cfg, region, 'cache/auth-token'))],
      secretsKey: props.secretsKey,
      region,
    });

    this.apiGateway = podIdentity('ApiGateway', WORKLOAD_IDENTITIES.apiGateway, props.serviceNamespaces?.apiGateway ?? ns.api, runs('apiGateway'));
    const gatewayPolicy = new iam.ManagedPolicy(this, 'ApiGatewayPolicy', {
      description: 'api-gateway: log in to PostgreSQL as its own user',
      roles: [this.apiGateway.role],
      statements: [connect(DATABASE_USERS.apiGateway)],
    });
    acknowledgeConnect(gatewayPolicy, DATABASE_USERS.apiGateway);

    this.postgresBackup = podIdentity('PostgresBackup', WORKLOAD_IDENTITIES.postgresBackup, ns.jobs);
    const dumps = `${props.backupBucket.bucketArn}/postgres/*`;
    // The job logs in with an IAM token as the read-only backup user, so its role needs no Secrets
    // Manager access at all. `aws s3 cp` uploads large dumps in parts (SSE-KMS multipart needs
    // kms:Decrypt) and the script verifies the upload (HeadObject needs s3:GetObject); KMS use only
    // through S3 of this region.
    const backupPolicy = new iam.ManagedPolicy(this, 'PostgresBackupPolicy', {
      description: 'postgres-backup: log in as the read-only backup user, write and verify dumps under postgres/ of the backups bucket',
      roles: [this.postgresBackup.role],
      statements: [
        new iam.PolicyStatement({ actions: ['s3:PutObject', 's3:GetObject', 's3:AbortMultipartUpload'], resources: [dumps] }),
        new iam.PolicyStatement({
          actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [props.backupsKey.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `s3.${region}.amazonaws.com` } },
        }),
        connect(DATABASE_USERS.backup),
      ],
    });
    acknowledgeConnect(backupPolicy, DATABASE_USERS.backup);
    Validations.of(backupPolicy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nagString(this, dumps)}]`,
      reason: 'Dump object names carry the date; the job may only write and verify objects under postgres/ of the backups bucket ' +
        '(no delete, no listing; bucket versioning keeps earlier dumps, PCI DSS 7.2.1).',
    });
  }
}
