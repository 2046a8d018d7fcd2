import { Aws, Validations } from 'aws-cdk-lib';
import type * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import {
  platformNamespaces, regionSecretName, secretNamePrefix, SHARED_SECRET_PURPOSES, WORKLOAD_IDENTITIES, workloadRoleName,
  type NamingConfig, type SecretPurpose,
} from '../config/naming';
import { nagString } from './nag-ref';
import type { ResolvedPlatformConfig } from '../config/platform-config';
import { PodIdentityRole } from './pod-identity-role';

/** The secrets the payment-service reads (its own, nothing else); the `blockchain/*` ones only with the blockchain on. */
export const PAYMENT_SERVICE_SECRETS: SecretPurpose[] = ['app/jwt-signing-key', 'app/webhook-secret', 'blockchain/provider-url', 'blockchain/signer-key'];

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

/**
 * External Secrets Operator: read every secret of this platform in this region, nothing else —
 * plus, in a secondary region, the local replicas of the primary's shared secrets
 * (`SHARED_SECRET_PURPOSES`: database master, JWT signing key, webhook secret, signer key).
 */
export function externalSecretsStatements(
  cfg: NamingConfig & Pick<ResolvedPlatformConfig, 'regions'> & Partial<Pick<ResolvedPlatformConfig, 'blockchain'>>, region: string, secretsKey: kms.IKey,
): iam.PolicyStatement[] {
  const prefix = secretNamePrefix(cfg, region);
  // Without the blockchain there is no signer key to read.
  const replicas = SHARED_SECRET_PURPOSES.filter((p) => (cfg.blockchain ?? true) || !p.startsWith('blockchain/')).map((p) => regionSecretName(cfg, region, p)).filter((n) => !n.startsWith(prefix));
  return [
    new iam.PolicyStatement({
      actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret', 'secretsmanager:ListSecretVersionIds'],
      resources: [
        `arn:${Aws.PARTITION}:secretsmanager:${region}:${cfg.account}:secret:${prefix}*`,
        ...replicas.map((n) => secretArn(region, cfg.account, n)),
      ],
    }),
    decryptViaSecretsManager(secretsKey, region),
  ];
}

/** The acknowledgement id of the External Secrets prefix wildcard. */
export function externalSecretsWildcardId(cfg: NamingConfig, region: string): string {
  return `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:secretsmanager:${region}:${cfg.account}:secret:${secretNamePrefix(cfg, region)}*]`;
}

/** Props of `WorkloadIdentities`. */
export interface WorkloadIdentitiesProps {
  /** The cluster whose service accounts assume the roles. */
  readonly cluster: eks.ICluster;
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
  public readonly postgresBackup: PodIdentityRole;

  constructor(scope: Construct, id: string, props: WorkloadIdentitiesProps) {
    super(scope, id);
    const { config: cfg, region } = props;
    const ns = platformNamespaces(cfg);

    this.paymentService = new PodIdentityRole(this, 'PaymentService', {
      cluster: props.cluster,
      roleName: workloadRoleName(cfg, region, WORKLOAD_IDENTITIES.paymentService.workload),
      namespace: ns.api,
      serviceAccount: WORKLOAD_IDENTITIES.paymentService.serviceAccount,
    });
    new iam.ManagedPolicy(this, 'PaymentServicePolicy', {
      description: 'payment-service: read its own secrets',
      roles: [this.paymentService.role],
      statements: [
        new iam.PolicyStatement({
          actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
          resources: PAYMENT_SERVICE_SECRETS
            .filter((p) => (props.blockchain ?? true) || !p.startsWith('blockchain/'))
            .map((p) => secretArn(region, cfg.account, regionSecretName(cfg, region, p))),
        }),
        decryptViaSecretsManager(props.secretsKey, region),
      ],
    });

    this.postgresBackup = new PodIdentityRole(this, 'PostgresBackup', {
      cluster: props.cluster,
      roleName: workloadRoleName(cfg, region, WORKLOAD_IDENTITIES.postgresBackup.workload),
      namespace: ns.jobs,
      serviceAccount: WORKLOAD_IDENTITIES.postgresBackup.serviceAccount,
    });
    const dumps = `${props.backupBucket.bucketArn}/postgres/*`;
    // The job reads the database credentials from the Kubernetes Secret that External Secrets
    // syncs, so its role needs no Secrets Manager access at all. `aws s3 cp` uploads large dumps in
    // parts (SSE-KMS multipart needs kms:Decrypt) and the script verifies the upload (HeadObject
    // needs s3:GetObject).
    const backupPolicy = new iam.ManagedPolicy(this, 'PostgresBackupPolicy', {
      description: 'postgres-backup: write and verify dumps under postgres/ of the backups bucket',
      roles: [this.postgresBackup.role],
      statements: [
        new iam.PolicyStatement({ actions: ['s3:PutObject', 's3:GetObject', 's3:AbortMultipartUpload'], resources: [dumps] }),
        new iam.PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [props.backupsKey.keyArn] }),
      ],
    });
    Validations.of(backupPolicy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nagString(this, dumps)}]`,
      reason: 'Dump object names carry the date; the job may only write and verify objects under postgres/ of the backups bucket ' +
        '(no delete, no listing; bucket versioning keeps earlier dumps, PCI DSS 7.2.1).',
    });
  }
}
