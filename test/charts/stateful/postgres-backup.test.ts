import * as fs from 'fs';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { pgBackupScript, PostgresBackup, PostgresBackupProps } from '../../../charts/lib/postgres-backup';
import { allFindings, Manifest } from '../../support/manifests';

const BASE: PostgresBackupProps = {
  namespace: 'verypay-jobs',
  bucketName: 'verypay-prod-use1-backups-123456789012',
  region: 'us-east-1',
  vpcCidr: '10.0.0.0/16',
  postgresClientImage: 'postgres:17.6-alpine',
  awsCliImage: 'amazon/aws-cli:2.31.39',
  backupsKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/1111aaaa-22bb-33cc-44dd-555555eeeeee',
  database: { host: 'payments.cluster-abc.us-east-1.rds.amazonaws.com', databaseName: 'payments', user: 'payments_backup' },
};

/* eslint-disable @typescript-eslint/no-explicit-any */
function synth(overrides: Partial<PostgresBackupProps> = {}): any[] {
  const chart = new Chart(Testing.app(), 'test');
  new PostgresBackup(chart, 'Backup', { ...BASE, ...overrides });
  return Testing.synth(chart);
}
const find = (objs: any[], kind: string) => objs.find((o) => o.kind === kind);
/* eslint-enable @typescript-eslint/no-explicit-any */

describe('PostgresBackup', () => {
  const objs = synth();
  const cron = find(objs, 'CronJob');
  const pod = cron.spec.jobTemplate.spec.template.spec;
  const [token, dump] = pod.initContainers;
  const [upload] = pod.containers;

  test('nightly at 02:00 UTC, never overlapping, bounded in time and retries', () => {
    expect(cron.metadata).toMatchObject({ name: 'postgres-backup', namespace: 'verypay-jobs' });
    expect(cron.spec).toMatchObject({
      schedule: '0 2 * * *', timeZone: 'Etc/UTC', concurrencyPolicy: 'Forbid', startingDeadlineSeconds: 3600,
      successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 5,
    });
    expect(cron.spec.jobTemplate.spec).toMatchObject({ backoffLimit: 2, activeDeadlineSeconds: 7200 });
  });

  test('AWS access only through the postgres-backup ServiceAccount (Pod Identity), no credentials volume', () => {
    expect(pod.serviceAccountName).toBe('postgres-backup');
    const sa = find(objs, 'ServiceAccount');
    expect(sa.metadata).toEqual({ name: 'postgres-backup', namespace: 'verypay-jobs', labels: { 'app.kubernetes.io/name': 'postgres-backup' } });
    expect(sa.automountServiceAccountToken).toBe(false);
    expect(JSON.stringify(objs)).not.toMatch(/aws-credentials|AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|\/root\/\.aws/);
    expect(pod.volumes.map((v: { name: string }) => v.name)).toEqual(['script', 'backup', 'tmp', 'token', 'rds-ca']);
    expect(pod.volumes[3]).toEqual({ name: 'token', emptyDir: { medium: 'Memory', sizeLimit: '1Mi' } });
  });

  test('IRSA: the ServiceAccount is annotated with the role when one is given', () => {
    const sa = find(synth({ roleArn: 'arn:aws:iam::123456789012:role/verypay-prod-use1-postgres-backup' }), 'ServiceAccount');
    expect(sa.metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/verypay-prod-use1-postgres-backup' });
  });

  test('token stage: AWS CLI image writes an IAM token for the read-only backup user into memory', () => {
    expect(token.image).toBe('amazon/aws-cli:2.31.39');
    expect(token.command).toEqual(['/bin/sh', '/scripts/pg-backup.sh', 'token', '/token']);
    expect(token.env).toEqual(expect.arrayContaining([
      { name: 'PGHOST', value: 'payments.cluster-abc.us-east-1.rds.amazonaws.com' },
      { name: 'PGPORT', value: '5432' }, { name: 'PGUSER', value: 'payments_backup' }, { name: 'AWS_REGION', value: 'us-east-1' },
    ]));
    expect(token.volumeMounts).toContainEqual({ name: 'token', mountPath: '/token', readOnly: false });
  });

  test('dump stage: postgres client image, IAM token file, verify-full against the RDS CA bundle; no password anywhere', () => {
    expect(dump.image).toBe('postgres:17.6-alpine');
    expect(dump.command).toEqual(['/bin/sh', '/scripts/pg-backup.sh', 'dump', '/backup']);
    expect(dump.env).toEqual(expect.arrayContaining([
      { name: 'PGSSLMODE', value: 'verify-full' }, { name: 'PGSSLROOTCERT', value: '/etc/rds-ca/rds-ca-bundle.pem' },
      { name: 'PGPASSFILE', value: '/token/pgpass' }, { name: 'PGDATABASE', value: 'payments' }, { name: 'PGUSER', value: 'payments_backup' },
    ]));
    expect(JSON.stringify(cron)).not.toMatch(/PGPASSWORD|secretKeyRef|database-secret/);
    expect(dump.volumeMounts).toEqual([
      { name: 'script', mountPath: '/scripts', readOnly: true },
      { name: 'backup', mountPath: '/backup', readOnly: false },
      { name: 'tmp', mountPath: '/tmp', readOnly: false },
      { name: 'token', mountPath: '/token', readOnly: true },
      { name: 'rds-ca', mountPath: '/etc/rds-ca', readOnly: true },
    ]);
  });

  test('upload stage: AWS CLI image, bucket and prefix, no database credentials, read-only dump volume', () => {
    expect(upload.image).toBe('amazon/aws-cli:2.31.39');
    expect(upload.command).toEqual(['/bin/sh', '/scripts/pg-backup.sh', 'upload', '/backup']);
    expect(upload.env).toEqual(expect.arrayContaining([
      { name: 'BACKUP_BUCKET', value: 'verypay-prod-use1-backups-123456789012' },
      { name: 'BACKUP_PREFIX', value: 'postgres/' },
      { name: 'BACKUP_KMS_KEY_ID', value: 'arn:aws:kms:us-east-1:123456789012:key/1111aaaa-22bb-33cc-44dd-555555eeeeee' },
      { name: 'AWS_REGION', value: 'us-east-1' },
    ]));
    expect(JSON.stringify(upload.env)).not.toContain('secretKeyRef');
    expect(upload.volumeMounts).toContainEqual({ name: 'backup', mountPath: '/backup', readOnly: true });
  });

  test('the ConfigMap carries charts/scripts/pg-backup.sh verbatim', () => {
    const cm = find(objs, 'ConfigMap');
    expect(cm.metadata.name).toBe('postgres-backup-script');
    expect(cm.data['pg-backup.sh']).toBe(fs.readFileSync(path.resolve(__dirname, '../../../charts/scripts/pg-backup.sh'), 'utf8'));
    expect(pgBackupScript()).toContain('--sse aws:kms --sse-kms-key-id "$BACKUP_KMS_KEY_ID"');
    expect(pod.volumes[0]).toEqual({ name: 'script', configMap: { name: 'postgres-backup-script', defaultMode: 0o555 } });
  });

  test('no deletion in the script: retention is the bucket lifecycle rule', () => {
    expect(pgBackupScript()).not.toMatch(/aws s3 rm|delete-object/);
  });

  test('network: PostgreSQL in the data subnets, 443 to the endpoint subnets (S3, STS) and the Pod Identity Agent only; never the internet', () => {
    const np = find(synth({ dataCidrs: ['10.0.216.0/21'], endpointCidrs: ['10.0.0.0/18', '10.0.64.0/18'] }), 'NetworkPolicy');
    expect(np.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(np.spec.ingress).toBeUndefined();
    expect(np.spec.egress).toEqual([
      { to: [{ ipBlock: { cidr: '10.0.216.0/21' } }], ports: [{ protocol: 'TCP', port: 5432 }] },
      { to: [{ ipBlock: { cidr: '10.0.0.0/18' } }, { ipBlock: { cidr: '10.0.64.0/18' } }], ports: [{ protocol: 'TCP', port: 443 }] },
      { to: [{ ipBlock: { cidr: '169.254.170.23/32' } }], ports: [{ protocol: 'TCP', port: 80 }] },
    ]);
    expect(JSON.stringify(objs)).not.toContain('0.0.0.0/0');
  });

  test('passes every manifest check under Pod Security restricted', () => {
    expect(allFindings(objs as Manifest[], { namespaceLevels: { 'verypay-jobs': 'restricted' } })).toEqual([]);
  });

  test('snapshot (script content elided)', () => {
    expect(objs.map((o) => (o.kind === 'ConfigMap' ? { ...o, data: { 'pg-backup.sh': '(charts/scripts/pg-backup.sh)' } } : o))).toMatchSnapshot();
  });
});

describe('PostgresBackup fails when', () => {
  test.each<[string, Partial<PostgresBackupProps>, RegExp]>([
    ['the bucket name is invalid', { bucketName: 'Backups_Bucket' }, /bucketName 'Backups_Bucket' is not an S3 bucket name; use backupBucketName\(cfg, region\)/],
    ['the region is invalid', { region: 'useast1' }, /region 'useast1' is not an AWS region code/],
    ['the VPC CIDR is invalid', { vpcCidr: '10.0.0.0' }, /Invalid PostgresBackup props \(1 problem\):\n {2}- vpcCidr: must be an IPv4 CIDR block like '10\.0\.0\.0\/16'/],
    ['the VPC CIDR has an octet above 255 (the chart\'s own regex accepted it)', { vpcCidr: '10.0.0.300/16' }, /- vpcCidr: must be an IPv4 CIDR block/],
    ['the scratch size is not positive', { scratchSizeGiB: 0 }, /scratchSizeGiB must be a positive integer, got 0/],
    ['the schedule is invalid', { schedule: '0 2 * *' }, /schedule '0 2 \* \*' has 4 fields/],
    ['the client image is not pinned', { postgresClientImage: 'postgres' }, /containers\[dump\]\.image: image 'postgres' has no tag/],
    ['the AWS CLI image uses latest', { awsCliImage: 'amazon/aws-cli:latest' }, /containers\[token\]\.image: image 'amazon\/aws-cli:latest' uses the mutable tag 'latest'/],
    ['the backups key is an alias', { backupsKeyArn: 'alias/verypay-prod-backups' }, /PostgresBackup: backupsKeyArn 'alias\/verypay-prod-backups' is not a KMS key ARN/],
  ])('%s', (_name, overrides, message) => {
    expect(() => synth(overrides)).toThrow(message);
  });
});

describe('PostgresBackup writer gate', () => {
  /* eslint-disable @typescript-eslint/no-explicit-any */
  const envOf = (c: any) => Object.fromEntries(c.env.map((e: any) => [e.name, e.value]));
  const containers = (objs: any[]) => {
    const pod = find(objs, 'CronJob').spec.jobTemplate.spec.template.spec;
    return [...pod.initContainers, ...pod.containers].map(envOf);
  };
  /* eslint-enable @typescript-eslint/no-explicit-any */

  test('without it (one region) the job always dumps: no gate host, no region in the dump or upload stage', () => {
    for (const env of containers(synth())) {
      expect(env.BACKUP_WRITER_GATE_HOST).toBeUndefined();
      expect(env.BACKUP_REGION).toBeUndefined();
    }
  });

  test('with it the token and dump stages know the reader host, the dump and upload stages the region', () => {
    const reader = 'payments.cluster-ro-abc.us-east-1.rds.amazonaws.com';
    const [token, dump, upload] = containers(synth({ writerGate: { readerHost: reader } }));
    expect(token).toMatchObject({ BACKUP_WRITER_GATE_HOST: reader, AWS_REGION: 'us-east-1' });
    expect(dump).toMatchObject({ BACKUP_WRITER_GATE_HOST: reader, BACKUP_REGION: 'us-east-1', PGHOST: BASE.database.host });
    expect(upload).toMatchObject({ BACKUP_REGION: 'us-east-1' });
    expect(upload.BACKUP_WRITER_GATE_HOST).toBeUndefined();
  });
});
