import { PlatformIam } from '../support/platform-iam';
import { examplePlatform } from './platform-fixture';

/**
 * IAM evaluation (iam-simulate) of the example platform's us-east-1 region: each workload's tasks
 * are allowed and its neighbours' are denied, with the synthesized identity, trust and bucket
 * policies. The "fails on defect" cases re-introduce a defect into a copy and show the harness sees it.
 */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const secret = (name: string) => `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:verypay/prod/${REGION}/${name}-AbCdEf`;
const BUCKET = `verypay-prod-use1-backups-${ACCOUNT}`;
const dump = (key: string) => `arn:aws:s3:::${BUCKET}/${key}`;

let templates: Json[];
let iam: PlatformIam;
let backupsKey: string;
beforeAll(() => {
  const { platform, assembly } = examplePlatform();
  const stack = platform.regionalStack(REGION);
  templates = [assembly.getStackByName(stack.stackName).template, assembly.getStackByName(`${stack.stackName}-base`).template];
  iam = PlatformIam.of(templates);
  backupsKey = iam.value(`${iam.find('AWS::KMS::Key', 'KeysBackups')}.Arn`);
});

describe('postgres-backup role', () => {
  const role = 'verypay-prod-use1-postgres-backup';
  const put = (key: string, ctx: Record<string, string>) => iam.roleCan(role, 's3:PutObject', dump(key), ctx, iam.bucketPolicy(BUCKET));
  const sse = (keyId?: string) => ({ 's3:x-amz-server-side-encryption': 'aws:kms', ...(keyId ? { 's3:x-amz-server-side-encryption-aws-kms-key-id': keyId } : {}) });

  test('puts postgres/<file> under the backups key', async () => {
    expect(await put('postgres/payments-20261201T020000Z.dump', sse(backupsKey))).toBe('Allowed');
  });
  test('the bucket refuses the dump under aws/s3 (`--sse aws:kms` without a key id) or any other key', async () => {
    expect(await put('postgres/payments.dump', sse())).toBe('ExplicitlyDenied');
    expect(await put('postgres/payments.dump', sse(`arn:aws:kms:${REGION}:${ACCOUNT}:key/0000-other`))).toBe('ExplicitlyDenied');
  });
  test('fails on defect: without the bucket policy statement, the aws/s3 upload goes through', async () => {
    const copy = JSON.parse(JSON.stringify(templates)) as Json[];
    for (const t of copy) {
      for (const r of Object.values<Json>(t.Resources)) {
        if (r.Type === 'AWS::S3::BucketPolicy') r.Properties.PolicyDocument.Statement = r.Properties.PolicyDocument.Statement.filter((st: Json) => st.Sid !== 'DenyDumpsUnderAnotherKey');
      }
    }
    const old = PlatformIam.of(copy);
    expect(await old.roleCan(role, 's3:PutObject', dump('postgres/payments.dump'), sse(), old.bucketPolicy(BUCKET))).toBe('Allowed');
  });
  test('no other prefix, no delete, no listing; logs in only as the backup user', async () => {
    expect(await put('other/payments.dump', sse(backupsKey))).toBe('ImplicitlyDenied');
    expect(await iam.roleCan(role, 's3:DeleteObject', dump('postgres/payments.dump'))).toBe('ImplicitlyDenied');
    expect(await iam.roleCan(role, 's3:ListBucket', `arn:aws:s3:::${BUCKET}`)).toBe('ImplicitlyDenied');
    expect(await iam.roleCan(role, 'rds-db:connect', `arn:aws:rds-db:${REGION}:${ACCOUNT}:dbuser:cluster-ABC/payments_backup`)).toBe('Allowed');
    expect(await iam.roleCan(role, 'rds-db:connect', `arn:aws:rds-db:${REGION}:${ACCOUNT}:dbuser:cluster-ABC/payments_admin`)).toBe('ImplicitlyDenied');
    expect(await iam.roleCan(role, 'secretsmanager:GetSecretValue', secret('database/master'))).toBe('ImplicitlyDenied');
  });
  test('kms:Decrypt on the data key is denied; on the backups key only through S3', async () => {
    const dataKey = iam.value(`${iam.find('AWS::KMS::Key', 'KeysData')}.Arn`);
    expect(await iam.roleCan(role, 'kms:Decrypt', dataKey, { 'kms:ViaService': `s3.${REGION}.amazonaws.com` })).toBe('ImplicitlyDenied');
  });
});

describe('External Secrets readers (one per namespace, IRSA)', () => {
  const app = 'verypay-prod-use1-secrets-verypay-api';
  const monitoring = 'verypay-prod-use1-secrets-kube-prometheus-stack';
  test("the application namespace's reader reads its namespace's secrets", async () => {
    for (const s of ['cache/auth-token', 'app/jwt-signing-key', 'app/webhook-secret', 'blockchain/provider-url']) {
      expect([s, await iam.roleCan(app, 'secretsmanager:GetSecretValue', secret(s))]).toEqual([s, 'Allowed']);
    }
  });
  test("…and not another namespace's secret, nor the database master credential", async () => {
    expect(await iam.roleCan(app, 'secretsmanager:GetSecretValue', secret('monitoring/grafana-admin'))).toBe('ImplicitlyDenied');
    expect(await iam.roleCan(app, 'secretsmanager:GetSecretValue', secret('database/master'))).toBe('ImplicitlyDenied');
    expect(await iam.roleCan(monitoring, 'secretsmanager:GetSecretValue', secret('monitoring/grafana-admin'))).toBe('Allowed');
    expect(await iam.roleCan(monitoring, 'secretsmanager:GetSecretValue', secret('app/jwt-signing-key'))).toBe('ImplicitlyDenied');
  });
  test('the External Secrets controller itself has no role at all', () => {
    expect(() => iam.roleId('verypay-prod-use1-external-secrets')).toThrow(/no role named/);
  });
  test('fails on defect: a reader widened to the region prefix would read the master credential', async () => {
    const widened = PlatformIam.of(JSON.parse(JSON.stringify(templates)).map((t: Json) => {
      for (const r of Object.values<Json>(t.Resources)) {
        if (r.Type === 'AWS::IAM::ManagedPolicy' && JSON.stringify(r).includes('Read the secrets of namespace verypay-api')) {
          r.Properties.PolicyDocument.Statement[0].Resource = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:verypay/prod/${REGION}/*`;
        }
      }
      return t;
    }));
    expect(await widened.roleCan(app, 'secretsmanager:GetSecretValue', secret('database/master'))).toBe('Allowed');
  });
});

describe('Pod Identity trust: only the role\'s cluster, namespace and service account', () => {
  const tags = (ns: string, sa: string, cluster = 'verypay-prod-use1') => ({
    'aws:SourceAccount': ACCOUNT, 'aws:RequestTag/eks-cluster-name': cluster,
    'aws:RequestTag/kubernetes-namespace': ns, 'aws:RequestTag/kubernetes-service-account': sa,
  });
  test('payment-service: its own pods only', async () => {
    const role = 'verypay-prod-use1-payment-service';
    expect(await iam.canAssume(role, 'pods.eks.amazonaws.com', tags('verypay-api', 'payment-service'))).toBe('Allowed');
    expect(await iam.canAssume(role, 'pods.eks.amazonaws.com', tags('verypay-api', 'payment-service'), 'sts:TagSession')).toBe('Allowed');
    expect(await iam.canAssume(role, 'pods.eks.amazonaws.com', tags('verypay-blockchain', 'payment-service'))).toBe('ImplicitlyDenied');
    expect(await iam.canAssume(role, 'pods.eks.amazonaws.com', tags('verypay-api', 'api-gateway'))).toBe('ImplicitlyDenied');
    expect(await iam.canAssume(role, 'pods.eks.amazonaws.com', tags('verypay-api', 'payment-service', 'someone-elses-cluster'))).toBe('ImplicitlyDenied');
  });
  test('every Pod Identity role of the region carries the three session-tag conditions and the source account', () => {
    const unconditioned = templates.flatMap((t) => Object.values<Json>(t.Resources)
      .filter((r) => r.Type === 'AWS::IAM::Role' && JSON.stringify(r.Properties.AssumeRolePolicyDocument).includes('pods.eks.amazonaws.com'))
      .filter((r) => {
        const c = r.Properties.AssumeRolePolicyDocument.Statement[0].Condition?.StringEquals ?? {};
        return !['aws:SourceAccount', 'aws:RequestTag/eks-cluster-name', 'aws:RequestTag/kubernetes-namespace', 'aws:RequestTag/kubernetes-service-account'].every((k) => c[k]);
      }).map((r) => r.Properties.RoleName));
    expect(unconditioned).toEqual([]);
  });
});

describe('database logins', () => {
  test('each service connects only as its own user', async () => {
    const user = (u: string) => `arn:aws:rds-db:${REGION}:${ACCOUNT}:dbuser:cluster-ABC/${u}`;
    expect(await iam.roleCan('verypay-prod-use1-payment-service', 'rds-db:connect', user('payment_service'))).toBe('Allowed');
    expect(await iam.roleCan('verypay-prod-use1-payment-service', 'rds-db:connect', user('api_gateway'))).toBe('ImplicitlyDenied');
    expect(await iam.roleCan('verypay-prod-use1-api-gateway', 'rds-db:connect', user('api_gateway'))).toBe('Allowed');
    expect(await iam.roleCan('verypay-prod-use1-api-gateway', 'rds-db:connect', user('payments_admin'))).toBe('ImplicitlyDenied');
  });
});

describe('every IAM action named anywhere exists in AWS\'s action list', () => {
  test('none unknown in any stack of the example', async () => {
    const { assembly } = examplePlatform();
    expect(await PlatformIam.unknownActions(assembly.stacks.map((s) => s.template))).toEqual([]);
  });
  test('fails on defect: a typo is caught', async () => {
    const typo = { Resources: { P: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: { Statement: [{ Action: ['secretsmanager:GetSecretValues', 's3:PutObject'] }] } } } } };
    expect(await PlatformIam.unknownActions([typo])).toEqual(['secretsmanager:GetSecretValues']);
  });
});
