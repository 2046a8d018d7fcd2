import * as fs from 'fs';
import * as path from 'path';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { WORKLOAD_IDENTITIES } from '../../lib/config/naming';
import type { ResolvedImageConfig } from '../../lib/config/platform-config';
import { ContainerResources, PlatformCronJob } from './cron-job';

/** Name of the Secret (kept in sync from Secrets Manager by an ExternalSecret) with keys host, port, username, password, dbname. */
export const DATABASE_CREDENTIALS_SECRET = 'database-credentials';

/**
 * The dump script, read from its one source of truth `charts/scripts/pg-backup.sh`. From the
 * sources `__dirname` is `charts/lib`; from the compiled package it is `build/charts/lib`, and the
 * package ships the script at `charts/scripts/` (package.json "files").
 */
export function pgBackupScript(): string {
  const candidates = [
    path.join(__dirname, '..', 'scripts', 'pg-backup.sh'),
    path.join(__dirname, '..', '..', '..', 'charts', 'scripts', 'pg-backup.sh'),
  ];
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) throw new Error(`pg-backup.sh not found (looked at ${candidates.join(', ')}); the package must ship charts/scripts/.`);
  return fs.readFileSync(found, 'utf8');
}

export interface PostgresBackupProps {
  /** Namespace of the job (`platformNamespaces(cfg).jobs`). */
  readonly namespace: string;
  /** Backups bucket of the region (`backupBucketName(cfg, region)`); dumps go under `postgres/`. */
  readonly bucketName: string;
  /** AWS region of the bucket. */
  readonly region: string;
  /** Image with pg_dump; its major version must be ≥ the server's. */
  readonly postgresClientImage: ResolvedImageConfig;
  /** AWS CLI v2 image. */
  readonly awsCliImage: ResolvedImageConfig;
  /** @default '0 2 * * *' (02:00, seed) */
  readonly schedule?: string;
  /** @default 'Etc/UTC' */
  readonly timeZone?: string;
  /** Secret with keys host, port, username, password, dbname. @default 'database-credentials' */
  readonly databaseSecretName?: string;
  /**
   * ServiceAccount bound to the job's IAM role by an EKS Pod Identity association (created by the
   * cluster stack). Changing it breaks the association.
   * @default 'postgres-backup' (WORKLOAD_IDENTITIES.postgresBackup)
   */
  readonly serviceAccountName?: string;
  /** Size limit of the scratch volume holding the dump, in GiB. @default 50 */
  readonly scratchSizeGiB?: number;
  /** @default 7200 (two hours) */
  readonly activeDeadlineSeconds?: number;
  /** @default 2 */
  readonly backoffLimit?: number;
  /** @default - requests 500m / 512 MiB, limits 2 CPU / 2 GiB */
  readonly dumpResources?: ContainerResources;
  /** @default - requests 250m / 256 MiB, limits 1 CPU / 1 GiB */
  readonly uploadResources?: ContainerResources;
}

/**
 * Nightly `pg_dump -Fc` of the payments database to `s3://<bucket>/postgres/<db>-<UTC timestamp>.dump`.
 *
 * - Two stages in one pod: an init container (postgres client image) dumps into an emptyDir and
 *   writes a sha256; the main container (AWS CLI) verifies it, uploads with `--sse aws:kms` (the
 *   bucket's customer-managed default key) and checks the stored object. The dump never touches a
 *   container that holds AWS credentials and the upload container never sees the DB password.
 * - AWS access comes from the `postgres-backup` ServiceAccount's IAM role through EKS Pod Identity:
 *   short-lived, rotated credentials scoped to `postgres/` of one bucket. The seed mounted an
 *   `aws-credentials` Secret instead — long-lived keys in etcd, readable by anyone who can read
 *   Secrets in the namespace, never rotated, and not attributable to the job in CloudTrail.
 * - Database credentials come from the ExternalSecret-managed Secret `database-credentials`
 *   (synced from Secrets Manager); TLS is required (`PGSSLMODE=require`).
 * - Retention is the backups bucket's lifecycle rule on `postgres/`, not a delete loop: the job has
 *   no s3:DeleteObject (a compromised job cannot erase backups) and pruning does not stop when the
 *   job fails.
 */
export class PostgresBackup extends Construct {
  public readonly cronJob: PlatformCronJob;
  public readonly serviceAccount: kplus.ServiceAccount;
  public readonly scriptConfigMap: kplus.ConfigMap;

  constructor(scope: Construct, id: string, props: PostgresBackupProps) {
    super(scope, id);
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(props.bucketName)) {
      throw new Error(`bucketName '${props.bucketName}' is not an S3 bucket name; use backupBucketName(cfg, region).`);
    }
    if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(props.region)) throw new Error(`region '${props.region}' is not an AWS region code like 'us-east-1'.`);
    const scratch = props.scratchSizeGiB ?? 50;
    if (!Number.isInteger(scratch) || scratch < 1) throw new Error(`scratchSizeGiB must be a positive integer, got ${scratch}.`);
    const name = 'postgres-backup';
    const secretName = props.databaseSecretName ?? DATABASE_CREDENTIALS_SECRET;
    const serviceAccountName = props.serviceAccountName ?? WORKLOAD_IDENTITIES.postgresBackup.serviceAccount;
    const labels = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': 'payment-platform' };

    this.serviceAccount = new kplus.ServiceAccount(this, 'ServiceAccount', {
      metadata: { name: serviceAccountName, namespace: props.namespace, labels },
      automountToken: false,
    });
    this.scriptConfigMap = new kplus.ConfigMap(this, 'Script', {
      metadata: { name: `${name}-script`, namespace: props.namespace, labels },
      data: { 'pg-backup.sh': pgBackupScript() },
      immutable: false,
    });

    const db = (key: string) => ({ secretName, key });
    this.cronJob = new PlatformCronJob(this, 'Resource', {
      name,
      namespace: props.namespace,
      labels,
      schedule: props.schedule ?? '0 2 * * *',
      timeZone: props.timeZone ?? 'Etc/UTC',
      backoffLimit: props.backoffLimit ?? 2,
      activeDeadlineSeconds: props.activeDeadlineSeconds ?? 7200,
      startingDeadlineSeconds: 3600,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 5,
      serviceAccountName,
      volumes: [
        { name: 'script', configMap: { name: this.scriptConfigMap.name, defaultMode: 0o555 } },
        { name: 'backup', emptyDir: { sizeLimitMiB: scratch * 1024 } },
        { name: 'tmp', emptyDir: { sizeLimitMiB: 64 } },
      ],
      initContainers: [{
        name: 'dump',
        image: props.postgresClientImage,
        command: ['/bin/sh', '/scripts/pg-backup.sh', 'dump', '/backup'],
        env: { PGSSLMODE: 'require', PGCONNECT_TIMEOUT: '15', HOME: '/tmp' },
        secretEnv: { PGHOST: db('host'), PGPORT: db('port'), PGUSER: db('username'), PGPASSWORD: db('password'), PGDATABASE: db('dbname') },
        mounts: { script: '/scripts', backup: '/backup', tmp: '/tmp' },
        writableMounts: ['backup', 'tmp'],
        resources: props.dumpResources ?? { cpuRequestMillis: 500, cpuLimitMillis: 2000, memoryRequestMiB: 512, memoryLimitMiB: 2048 },
      }],
      containers: [{
        name: 'upload',
        image: props.awsCliImage,
        command: ['/bin/sh', '/scripts/pg-backup.sh', 'upload', '/backup'],
        env: { BACKUP_BUCKET: props.bucketName, BACKUP_PREFIX: 'postgres/', AWS_REGION: props.region, HOME: '/tmp', AWS_PAGER: '' },
        mounts: { script: '/scripts', backup: '/backup', tmp: '/tmp' },
        writableMounts: ['tmp'],
        resources: props.uploadResources ?? { cpuRequestMillis: 250, cpuLimitMillis: 1000, memoryRequestMiB: 256, memoryLimitMiB: 1024 },
      }],
    });
  }
}
