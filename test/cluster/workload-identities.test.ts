import { Template } from 'aws-cdk-lib/assertions';
import type * as iam from 'aws-cdk-lib/aws-iam';
import { WorkloadIdentities } from '../../lib/cluster/workload-identities';
import { nagFindings } from '../support/compliance';
import { clusterFixture, type ClusterFixture } from './fixture';

let f: ClusterFixture;
let ids: WorkloadIdentities;
let t: Template;
beforeAll(() => {
  f = clusterFixture();
  ids = new WorkloadIdentities(f.stack, 'Workloads', {
    cluster: f.cluster.cluster, oidcProvider: f.cluster.oidcProvider, config: f.config, region: 'us-east-1',
    secretsKey: f.keys.secrets, backupBucket: f.bucket, backupsKey: f.keys.backups,
  });
  t = Template.fromStack(f.stack);
});

const logicalId = (c: { node: { defaultChild?: unknown } }): string => f.stack.getLogicalId((c.node.defaultChild ?? c) as never);
const secret = (purpose: string): unknown => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:secretsmanager:us-east-1:123456789012:secret:verypay/prod/us-east-1/${purpose}-??????`]],
});
const connect = (user: string): unknown => ({
  Effect: 'Allow', Action: 'rds-db:connect',
  Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:rds-db:us-east-1:123456789012:dbuser:*/${user}`]] },
});
const decrypt = (): unknown => ({
  Effect: 'Allow', Action: 'kms:Decrypt', Resource: { 'Fn::GetAtt': [logicalId(f.keys.secrets), 'Arn'] },
  Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } },
});
function statementsOf(roleId: string): unknown[] {
  const policies = t.findResources('AWS::IAM::ManagedPolicy', { Properties: { Roles: [{ Ref: roleId }] } });
  return Object.values(policies).flatMap((p) => p.Properties.PolicyDocument.Statement as unknown[]);
}

test('payment-service: deterministic name, Pod Identity in the api namespace, only its three secrets (the signer is a KMS key)', () => {
  const roleId = logicalId(ids.paymentService.role);
  t.hasResourceProperties('AWS::IAM::Role', {
    RoleName: 'verypay-prod-use1-payment-service',
    AssumeRolePolicyDocument: { Statement: [{
      Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'],
      Condition: { StringEquals: {
        'aws:SourceAccount': '123456789012', 'aws:RequestTag/eks-cluster-name': 'verypay-prod-use1',
        'aws:RequestTag/kubernetes-namespace': 'verypay-api', 'aws:RequestTag/kubernetes-service-account': 'payment-service',
      } },
    }] },
  });
  t.hasResourceProperties('AWS::EKS::PodIdentityAssociation', {
    Namespace: 'verypay-api', ServiceAccount: 'payment-service', RoleArn: { 'Fn::GetAtt': [roleId, 'Arn'] },
  });
  expect(statementsOf(roleId)).toEqual([
    { Effect: 'Allow', Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
      Resource: ['app/jwt-signing-key', 'app/webhook-secret', 'blockchain/provider-url'].map(secret) },
    decrypt(),
    connect('payment_service'),
  ]);
});

test('with the private-key opt-in, payment-service and the namespace reader may read the signer key secret', () => {
  const g = clusterFixture();
  const opt = new WorkloadIdentities(g.stack, 'Ids', {
    cluster: g.cluster.cluster, oidcProvider: g.cluster.oidcProvider, config: g.config, region: 'us-east-1',
    secretsKey: g.keys.secrets, backupBucket: g.bucket, backupsKey: g.keys.backups, signerPrivateKey: true,
  });
  const doc = (id: string) => JSON.stringify(g.stack.resolve((opt.node.findChild(id) as iam.ManagedPolicy).document));
  expect(doc('PaymentServicePolicy')).toContain('blockchain/signer-key');
  expect(JSON.stringify(g.stack.resolve(opt.appSecretsReader.node.findAll().map((c) => (c as { document?: unknown }).document).filter(Boolean)))).toContain('blockchain/signer-key');
});

test('api-gateway: its own role, only rds-db:connect as api_gateway', () => {
  const roleId = logicalId(ids.apiGateway.role);
  t.hasResourceProperties('AWS::IAM::Role', { RoleName: 'verypay-prod-use1-api-gateway' });
  t.hasResourceProperties('AWS::EKS::PodIdentityAssociation', { Namespace: 'verypay-api', ServiceAccount: 'api-gateway', RoleArn: { 'Fn::GetAtt': [roleId, 'Arn'] } });
  expect(statementsOf(roleId)).toEqual([connect('api_gateway')]);
});

test('payment-service without the blockchain: only the two app/* secrets', () => {
  const off = clusterFixture({ blockchain: false });
  const offIds = new WorkloadIdentities(off.stack, 'Workloads', {
    cluster: off.cluster.cluster, oidcProvider: off.cluster.oidcProvider, config: off.config, region: 'us-east-1',
    secretsKey: off.keys.secrets, backupBucket: off.bucket, backupsKey: off.keys.backups, blockchain: false,
  });
  const template = Template.fromStack(off.stack);
  const roleId = off.stack.getLogicalId(offIds.paymentService.role.node.defaultChild as never);
  const statements = Object.values(template.findResources('AWS::IAM::ManagedPolicy', { Properties: { Roles: [{ Ref: roleId }] } }))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as { Resource: unknown }[]);
  expect(statements[0]).toEqual({
    Effect: 'Allow', Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
    Resource: ['app/jwt-signing-key', 'app/webhook-secret'].map(secret),
  });
  expect(JSON.stringify(statements)).not.toMatch(/blockchain/);
});

test('a built-in service the workloads do not run keeps its role but gets no Pod Identity association (no ServiceAccount is waiting for it)', () => {
  const g = clusterFixture();
  const absent = new WorkloadIdentities(g.stack, 'Workloads', {
    cluster: g.cluster.cluster, oidcProvider: g.cluster.oidcProvider, config: g.config, region: 'us-east-1',
    secretsKey: g.keys.secrets, backupBucket: g.bucket, backupsKey: g.keys.backups, absentServices: ['paymentService'],
  });
  const template = Template.fromStack(g.stack);
  const associations = Object.values(template.findResources('AWS::EKS::PodIdentityAssociation')).map((r) => r.Properties.ServiceAccount).sort();
  expect(associations).toEqual(['api-gateway', 'aws-load-balancer-controller', 'cluster-autoscaler', 'external-dns', 'postgres-backup']);
  expect(absent.paymentService.association).toBeUndefined();
  template.hasResourceProperties('AWS::IAM::Role', { RoleName: 'verypay-prod-use1-payment-service' });
  expect(Object.values(t.findResources('AWS::EKS::PodIdentityAssociation')).map((r) => r.Properties.ServiceAccount)).toContain('payment-service');
});

test('postgres-backup: writes and verifies only postgres/ in the backups bucket, logs in as the backup user; no Secrets Manager access', () => {
  const roleId = logicalId(ids.postgresBackup.role);
  t.hasResourceProperties('AWS::IAM::Role', { RoleName: 'verypay-prod-use1-postgres-backup' });
  t.hasResourceProperties('AWS::EKS::PodIdentityAssociation', { Namespace: 'verypay-jobs', ServiceAccount: 'postgres-backup' });
  expect(statementsOf(roleId)).toEqual([
    { Effect: 'Allow', Action: ['s3:AbortMultipartUpload', 's3:GetObject', 's3:PutObject'],
      Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalId(f.bucket), 'Arn'] }, '/postgres/*']] } },
    { Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: { 'Fn::GetAtt': [logicalId(f.keys.backups), 'Arn'] },
      Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } } },
    connect('payments_backup'),
  ]);
});

test('no role has an inline policy, an AWS-managed *FullAccess policy or an access key', () => {
  const json = JSON.stringify(t.toJSON());
  expect(json).not.toMatch(/FullAccess/);
  expect(Object.keys(t.findResources('AWS::IAM::AccessKey'))).toEqual([]);
  for (const role of [ids.paymentService.role, ids.postgresBackup.role]) {
    expect(t.toJSON().Resources[logicalId(role)].Properties.Policies).toBeUndefined();
  }
});

test('no unacknowledged nag findings in the workload identities', () => {
  expect(nagFindings(ids)).toEqual([]);
});

test('fails when a role name would exceed 64 characters, naming the prop', () => {
  const g = clusterFixture();
  expect(() => new WorkloadIdentities(g.stack, 'W', {
    cluster: g.cluster.cluster, oidcProvider: g.cluster.oidcProvider, config: { ...g.config, name: 'a'.repeat(40) }, region: 'ap-southeast-1',
    secretsKey: g.keys.secrets, backupBucket: g.bucket, backupsKey: g.keys.backups,
  })).toThrow(/roleName: IAM role names are at most 64 characters/);
});
