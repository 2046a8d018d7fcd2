import * as fs from 'fs';
import * as path from 'path';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { WORKLOAD_IDENTITIES } from '../../lib/core/naming';
import { ContainerResources, PlatformCronJob } from './cron-job';
import { POD_IDENTITY_AGENT_CIDR } from './network-policies';
import { RDS_CA, RDS_CA_FILE } from './rds-ca';
import { assertCidr } from './network-policies';

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

/** Props of {@link PostgresBackup}: where the dump goes and which images take and upload it. */
export interface PostgresBackupProps {
  /** Namespace of the job (`platformNamespaces(cfg).jobs`). */
  readonly namespace: string;
  /** Backups bucket of the region (`backupBucketName(cfg, region)`); dumps go under `postgres/`. */
  readonly bucketName: string;
  /** AWS region of the bucket. */
  readonly region: string;
  /** The region's VPC CIDR (the default of `dataCidrs` and `endpointCidrs`). */
  readonly vpcCidr: string;
  /**
   * Subnets of the database: the only place the job may open 5432 to.
   * @default - `[vpcCidr]`
   */
  readonly dataCidrs?: readonly string[];
  /**
   * Subnets of the interface VPC endpoints (S3, STS): the only place the job may open 443 to.
   * @default - `[vpcCidr]`
   */
  readonly endpointCidrs?: readonly string[];
  /** ARN of the backups key: the upload names it and verifies the stored object carries it. */
  readonly backupsKeyArn: string;
  /** Where and as whom the dump logs in (IAM database authentication; the user needs only read access). */
  readonly database: {
    readonly host: string;
    /** @default 5432 */
    readonly port?: number;
    readonly databaseName: string;
    readonly user: string;
  };
  /**
   * The database is a member of an Aurora global database: before dumping, the job asks the
   * region's own reader endpoint (`readerHost`) which region holds the writer
   * (`aurora_global_db_instance_status()`) and, in a standby region, exits 0 without dumping (one
   * log line, the pod's termination message). After a Region switch the new writer region's job
   * dumps. Uses the job's own IAM-authenticated login: no extra IAM permission, no RDS API call.
   * @default - no gate: the job always dumps (a single-region database is always the writer)
   */
  readonly writerGate?: {
    /** The region's own Aurora reader endpoint (reachable from the region's cluster). */
    readonly readerHost: string;
  };
  /** Image with pg_dump (`postgres:17.6-alpine`); its major version must be ≥ the server's. */
  readonly postgresClientImage: string;
  /** AWS CLI v2 image (`amazon/aws-cli:2.31.39`). */
  readonly awsCliImage: string;
  /** @default '0 2 * * *' (02:00, seed) */
  readonly schedule?: string;
  /** @default 'Etc/UTC' */
  readonly timeZone?: string;
  /**
   * ServiceAccount bound to the job's IAM role by an EKS Pod Identity association (created by the
   * cluster stack). Changing it breaks the association.
   * @default 'postgres-backup' (WORKLOAD_IDENTITIES.postgresBackup)
   */
  readonly serviceAccountName?: string;
  /**
   * IAM role for IRSA: annotates the ServiceAccount with `eks.amazonaws.com/role-arn`.
   * @default - none; an EKS Pod Identity association (cluster stack) binds the role
   */
  readonly roleArn?: string;
  /** Size limit of the scratch volume holding the dump, in GiB. @default 50 */
  readonly scratchSizeGiB?: number;
  /** PriorityClass of the job's pods (the platform's `batch` tier). @default - none (priority 0) */
  readonly priorityClassName?: string;
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
 * - Three stages in one pod: an init container (AWS CLI) writes an IAM database authentication
 *   token into a memory-backed volume; an init container (postgres client image) dumps into an
 *   emptyDir with it (`sslmode=verify-full` against the RDS CA bundle) and writes a sha256; the
 *   main container (AWS CLI) verifies it, uploads with `--sse aws:kms --sse-kms-key-id <backups
 *   key>` (the bucket policy refuses any other key) and checks the stored object's key id.
 * - AWS access comes from the `postgres-backup` ServiceAccount's IAM role through EKS Pod Identity:
 *   short-lived, rotated credentials scoped to `postgres/` of one bucket. The seed mounted an
 *   `aws-credentials` Secret instead — long-lived keys in etcd, readable by anyone who can read
 *   Secrets in the namespace, never rotated, and not attributable to the job in CloudTrail.
 * - The dump logs in as its own read-only user (`pg_read_all_data`, read-only sessions) with a
 *   15-minute IAM token: no password exists, none is synced into the cluster, rotation cannot
 *   break it, and the database master credential is never used.
 * - With `writerGate` (an Aurora global database) only the region that holds the writer dumps;
 *   a standby's job exits 0 after asking its own reader endpoint, so it neither fails nightly nor
 *   pages (`PostgresBackupFailed` watches failed jobs), and the writer's job keeps
 *   `PostgresBackupMissing` quiet. A gate that cannot get an answer fails the job.
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
    assertCidr(props.vpcCidr, 'vpcCidr', 'PostgresBackup props');
    if (!/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[\w-]+$/.test(props.backupsKeyArn) && !props.backupsKeyArn.includes('${Token[')) {
      throw new Error(`PostgresBackup: backupsKeyArn '${props.backupsKeyArn}' is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>); ` +
        'S3 reports the key ARN of a stored object, so an alias cannot be verified.');
    }
    const serviceAccountName = props.serviceAccountName ?? WORKLOAD_IDENTITIES.postgresBackup.serviceAccount;
    const labels = { 'app.kubernetes.io/name': name };

    this.serviceAccount = new kplus.ServiceAccount(this, 'ServiceAccount', {
      metadata: {
        name: serviceAccountName, namespace: props.namespace, labels,
        annotations: props.roleArn ? { 'eks.amazonaws.com/role-arn': props.roleArn } : undefined,
      },
      automountToken: false,
    });
    this.scriptConfigMap = new kplus.ConfigMap(this, 'Script', {
      metadata: { name: `${name}-script`, namespace: props.namespace, labels },
      data: { 'pg-backup.sh': pgBackupScript() },
      immutable: false,
    });

    const db = props.database;
    const pg = { PGHOST: db.host, PGPORT: String(db.port ?? 5432), PGUSER: db.user };
    const gate: Record<string, string> = props.writerGate ? { BACKUP_WRITER_GATE_HOST: props.writerGate.readerHost } : {};
    const region: Record<string, string> = props.writerGate ? { BACKUP_REGION: props.region } : {};
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
      priorityClassName: props.priorityClassName,
      volumes: [
        { name: 'script', configMap: { name: this.scriptConfigMap.name, defaultMode: 0o555 } },
        { name: 'backup', emptyDir: { sizeLimitMiB: scratch * 1024 } },
        { name: 'tmp', emptyDir: { sizeLimitMiB: 64 } },
        // The IAM token lives only in memory, for the minutes between the two init containers.
        { name: 'token', emptyDir: { sizeLimitMiB: 1, medium: 'Memory' } },
        { name: 'rds-ca', configMap: { name: RDS_CA.configMap, defaultMode: 0o444 } },
      ],
      initContainers: [{
        name: 'token',
        image: props.awsCliImage,
        command: ['/bin/sh', '/scripts/pg-backup.sh', 'token', '/token'],
        env: { ...pg, ...gate, AWS_REGION: props.region, HOME: '/tmp', AWS_PAGER: '' },
        mounts: { script: '/scripts', token: '/token', tmp: '/tmp' },
        writableMounts: ['token', 'tmp'],
        resources: { cpuRequestMillis: 50, cpuLimitMillis: 250, memoryRequestMiB: 64, memoryLimitMiB: 256 },
      }, {
        name: 'dump',
        image: props.postgresClientImage,
        command: ['/bin/sh', '/scripts/pg-backup.sh', 'dump', '/backup'],
        env: {
          ...pg, ...gate, ...region, PGDATABASE: db.databaseName, PGPASSFILE: '/token/pgpass',
          PGSSLMODE: 'verify-full', PGSSLROOTCERT: RDS_CA_FILE, PGCONNECT_TIMEOUT: '15', HOME: '/tmp',
        },
        mounts: { script: '/scripts', backup: '/backup', tmp: '/tmp', token: '/token', 'rds-ca': RDS_CA.mountPath },
        writableMounts: ['backup', 'tmp'],
        resources: props.dumpResources ?? { cpuRequestMillis: 500, cpuLimitMillis: 2000, memoryRequestMiB: 512, memoryLimitMiB: 2048 },
      }],
      containers: [{
        name: 'upload',
        image: props.awsCliImage,
        command: ['/bin/sh', '/scripts/pg-backup.sh', 'upload', '/backup'],
        env: {
          BACKUP_BUCKET: props.bucketName, BACKUP_PREFIX: 'postgres/', BACKUP_KMS_KEY_ID: props.backupsKeyArn,
          ...region, AWS_REGION: props.region, HOME: '/tmp', AWS_PAGER: '',
        },
        mounts: { script: '/scripts', backup: '/backup', tmp: '/tmp' },
        writableMounts: ['tmp'],
        resources: props.uploadResources ?? { cpuRequestMillis: 250, cpuLimitMillis: 1000, memoryRequestMiB: 256, memoryLimitMiB: 1024 },
      }],
    });

    // Egress beyond the namespace's DNS rule: PostgreSQL in the data subnets, the interface endpoints
    // (S3, STS) on 443 and the Pod Identity Agent. No ingress.
    const tcp = (port: number) => [{ protocol: 'TCP', port: kplus.k8s.IntOrString.fromNumber(port) }];
    new kplus.k8s.KubeNetworkPolicy(this, 'NetworkPolicy', {
      metadata: { name, namespace: props.namespace, labels },
      spec: {
        podSelector: { matchLabels: labels },
        policyTypes: ['Ingress', 'Egress'],
        egress: [
          { to: (props.dataCidrs ?? [props.vpcCidr]).map((cidr) => ({ ipBlock: { cidr } })), ports: tcp(db.port ?? 5432) },
          { to: (props.endpointCidrs ?? [props.vpcCidr]).map((cidr) => ({ ipBlock: { cidr } })), ports: tcp(443) },
          { to: [{ ipBlock: { cidr: POD_IDENTITY_AGENT_CIDR } }], ports: [{ protocol: 'TCP', port: kplus.k8s.IntOrString.fromNumber(80) }] },
        ],
      },
    });
  }
}
