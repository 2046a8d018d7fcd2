import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Testing } from 'cdk8s';
import { AlbGroup, DEFAULT_SSL_POLICY } from '../../charts/lib/alb-group';
import { workloadsChartId } from '../../charts/deploy-time';
import { PaymentWorkloads } from '../../charts/payment-workloads';
import type { ServiceSpec } from '../../charts/lib/service-spec';
import { LoadBalancerLogBucket } from '../../lib/edge/load-balancer-logs';
import { workloadsPropsFromConfig } from '../../lib/stacks/workloads-props';
import { ALB_SECURITY_POLICIES, deliveryRefusal, hardeningGaps, mergeGroups } from '../support/alb-model';
import { dependencyClosure, type Resources } from '../support/template-deps';
import { PlatformIam } from '../support/platform-iam';
import { resolvedExample } from '../charts/core/helpers';
import { examplePlatform } from './platform-fixture';

/**
 * The public ALB, which the AWS Load Balancer Controller builds at run time from the Ingress
 * annotations (so no cdk-nag rule sees it): the controller's merge of the group's members
 * (`alb-model.ts`) must give a hardened load balancer, the access-log bucket must accept Elastic
 * Load Balancing's deliveries (iam-simulate on the synthesized bucket policy) and nobody's deletes,
 * and the manifest must wait for that policy. Each check is shown to fail on the defect it guards.
 */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const ACCOUNT = '123456789012';
const config = resolvedExample();
const ORDERS: ServiceSpec = {
  name: 'orders', image: `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/orders:1.0.0`, port: 8080, route: { path: '/orders' },
  resources: { cpu: { request: '250m', limit: '1' }, memory: { request: '256Mi', limit: '512Mi' } },
};
const withRoute = (): Json[] => Testing.synth(new PaymentWorkloads(Testing.app(), workloadsChartId(config, 'us-east-1'),
  workloadsPropsFromConfig(config, 'us-east-1', { services: [ORDERS] }))) as Json[];
const PLACEHOLDER_BUCKET = 'verypay-prod-use1-alb-logs-REPLACED-AT-DEPLOY';
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));
const ingress = (objs: Json[], name: string) => objs.find((o) => o.kind === 'Ingress' && o.metadata.name === name)!;

describe('the ALB group (gateway + a routed catalog service) as the controller merges it', () => {
  const objects = withRoute();

  test('one group, no conflict, and the merged load balancer is hardened', () => {
    const groups = mergeGroups(objects);
    expect(groups.map((g) => [g.name, g.members])).toEqual([['verypay-prod', ['verypay-api/api-gateway', 'verypay-api/orders']]]);
    expect(hardeningGaps(groups[0], PLACEHOLDER_BUCKET)).toEqual([]);
  });

  test('every member carries the same load-balancer and listener annotations; only the gateway sets deletion protection', () => {
    const lb = (o: Json) => Object.fromEntries(Object.entries<string>(o.metadata.annotations)
      .filter(([k]) => ['scheme', 'listen-ports', 'ssl-redirect', 'certificate-arn', 'ssl-policy', 'wafv2-acl-arn', 'group.name'].some((s) => k === `alb.ingress.kubernetes.io/${s}`)));
    expect(lb(ingress(objects, 'orders'))).toEqual(lb(ingress(objects, 'api-gateway')));
    const attrs = (name: string) => ingress(objects, name).metadata.annotations['alb.ingress.kubernetes.io/load-balancer-attributes'];
    expect(attrs('api-gateway')).toBe(`deletion_protection.enabled=true,${attrs('orders')}`);
  });

  test('catches a member that differs (another log bucket): the controller rejects the whole group', () => {
    const bad = clone(objects);
    const o = ingress(bad, 'orders').metadata.annotations;
    o['alb.ingress.kubernetes.io/load-balancer-attributes'] = o['alb.ingress.kubernetes.io/load-balancer-attributes'].replace(PLACEHOLDER_BUCKET, 'someone-elses-bucket');
    expect(hardeningGaps(mergeGroups(bad)[0], PLACEHOLDER_BUCKET)).toEqual([
      `conflicting load balancer attributes access_logs.s3.bucket: ${PLACEHOLDER_BUCKET} | someone-elses-bucket (verypay-api/orders)`,
      `access logs go to someone-elses-bucket, not ${PLACEHOLDER_BUCKET}`,
    ]);
  });

  test.each([
    ['access_logs.s3.enabled=true,', 'access logs are off'],
    ['routing.http.drop_invalid_header_fields.enabled=true,', 'invalid header fields are forwarded'],
    ['routing.http.desync_mitigation_mode=strictest,', 'desync mitigation is the default (defensive), not strictest'],
    ['deletion_protection.enabled=true,', 'no deletion protection'],
  ])('catches an attribute removed from every member: %s', (attribute, gap) => {
    const bad = clone(objects);
    for (const ing of bad.filter((x) => x.kind === 'Ingress')) {
      const a = ing.metadata.annotations;
      a['alb.ingress.kubernetes.io/load-balancer-attributes'] = a['alb.ingress.kubernetes.io/load-balancer-attributes'].replace(attribute, '');
    }
    expect(hardeningGaps(mergeGroups(bad)[0], PLACEHOLDER_BUCKET)).toEqual([gap]);
  });
});

describe('the TLS policy', () => {
  test("is aws-cdk-lib's TLS13_12_RES_PQ: TLS 1.2+ with forward-secret suites only", () => {
    expect(DEFAULT_SSL_POLICY).toBe(elbv2.SslPolicy.TLS13_12_RES_PQ);
    const { protocols, ciphers } = ALB_SECURITY_POLICIES[DEFAULT_SSL_POLICY];
    expect(protocols).toEqual(['TLSv1.2', 'TLSv1.3']);
    expect(ciphers.filter((c) => !c.startsWith('TLS_') && !c.startsWith('ECDHE-'))).toEqual([]);
  });

  test('catches the policy as it was (ELBSecurityPolicy-TLS13-1-2-2021-06: RSA key exchange offered)', () => {
    const group = new AlbGroup({
      name: 'g', certificateArn: `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/c`, wafAclArn: `arn:aws:wafv2:us-east-1:${ACCOUNT}:regional/webacl/a/b`,
      accessLogs: { bucket: 'b-logs' }, sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
    });
    const ing = { kind: 'Ingress', metadata: { name: 'x', namespace: 'n', annotations: group.annotations(true) }, spec: { ingressClassName: 'alb' } };
    expect(hardeningGaps(mergeGroups([ing])[0], 'b-logs')).toEqual([
      'TLS policy ELBSecurityPolicy-TLS13-1-2-2021-06 offers non-forward-secret suites AES128-GCM-SHA256, AES128-SHA256, AES256-GCM-SHA384, AES256-SHA256',
    ]);
  });
});

describe.each([['us-east-1', '127311923021'], ['eu-west-1', '156460612806'], ['ap-southeast-1', '114774131450']])('%s: the access-log bucket', (region, elbAccount) => {
  const short = { 'us-east-1': 'use1', 'eu-west-1': 'euw1', 'ap-southeast-1': 'apse1' }[region]!;
  const bucketName = `verypay-prod-${short}-alb-logs-${ACCOUNT}`;
  let resources: Resources;
  let bucket: Json;
  let iam: PlatformIam;
  let policy: unknown;
  beforeAll(() => {
    const { platform, assembly } = examplePlatform();
    const stack = platform.regionalStack(region);
    const template = assembly.getStackByName(stack.stackName).template;
    resources = template.Resources;
    bucket = Object.values<Json>(resources).find((r) => r.Type === 'AWS::S3::Bucket' && r.Properties.BucketName === bucketName)!;
    iam = PlatformIam.of([template], region);
    policy = iam.bucketPolicy(bucketName);
    // The bucket the applied Ingress names is this one, and the merged ALB is hardened.
    expect(hardeningGaps(mergeGroups(stack.workloads!.toJson())[0], stack.edge.loadBalancerLogs.bucket.bucketName)).toEqual([]);
  });
  const object = `arn:aws:s3:::${bucketName}/alb/AWSLogs/${ACCOUNT}/elasticloadbalancing/${region}/2026/12/01/${ACCOUNT}_elasticloadbalancing_${region}_app.k8s-verypayprod-0123456789.abcdef_20261201T0000Z_10.0.0.1_x.log.gz`;
  const tls = { 'aws:SecureTransport': 'true', 's3:TlsVersion': '1.3' };
  const elbOwn = [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }];
  const put = (principal: string, resource = object, context: Record<string, string> = tls, p: unknown = policy) =>
    iam.principalCan(principal, principal.startsWith('arn:') ? elbOwn : [], 's3:PutObject', resource, context, p);

  test('SSE-S3 (the only encryption ALB access logs support), versioned, private, retained, kept 365 days', () => {
    expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration).toEqual([{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }]);
    expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect([bucket.DeletionPolicy, bucket.UpdateReplacePolicy]).toEqual(['Retain', 'Retain']);
    expect(bucket.Properties.LifecycleConfiguration.Rules).toEqual([expect.objectContaining({ ExpirationInDays: 365, NoncurrentVersionExpiration: { NoncurrentDays: 365 }, Status: 'Enabled' })]);
    expect(bucket.Properties.LoggingConfiguration).toEqual(expect.objectContaining({ LogFilePrefix: `${bucketName}/` }));
    expect(deliveryRefusal(bucket)).toBeUndefined();
  });

  test('catches SSE-KMS on the log bucket (ELB would refuse to deliver)', () => {
    const kms = clone(bucket);
    kms.Properties.BucketEncryption.ServerSideEncryptionConfiguration = [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'k' } }];
    expect(deliveryRefusal(kms)).toBe('default encryption aws:kms: ALB access logs support only SSE-S3 (AES256)');
  });

  test(`the region's ELB account (${elbAccount}) delivers under alb/AWSLogs/<account>/ over TLS; nothing else`, async () => {
    expect(await put(`arn:aws:iam::${elbAccount}:root`)).toBe('Allowed');
    expect(await put(`arn:aws:iam::${elbAccount}:root`, object, { 'aws:SecureTransport': 'false' })).toBe('ExplicitlyDenied');
    expect(await put(`arn:aws:iam::${elbAccount}:root`, `arn:aws:s3:::${bucketName}/alb/AWSLogs/210987654321/x.log.gz`)).toBe('ImplicitlyDenied');
    expect(await put(`arn:aws:iam::${elbAccount}:root`, `arn:aws:s3:::${bucketName}/other/x`)).toBe('ImplicitlyDenied');
    // Another region's ELB account, and the newer regions' service principal, are not this region's delivery.
    expect(await put(`arn:aws:iam::${elbAccount === '127311923021' ? '156460612806' : '127311923021'}:root`)).toBe('ImplicitlyDenied');
    expect(await put('logdelivery.elasticloadbalancing.amazonaws.com')).toBe('ImplicitlyDenied');
  });

  test('no principal deletes a log file or an earlier version, not even an administrator', async () => {
    const admin = [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }];
    for (const action of ['s3:DeleteObject', 's3:DeleteObjectVersion']) {
      expect(await iam.principalCan(`arn:aws:iam::${ACCOUNT}:role/Admin`, admin, action, object, tls, policy)).toBe('ExplicitlyDenied');
    }
  });

  test('catches a policy for the wrong principal (the service principal in a region that delivers as its ELB account)', async () => {
    const wrong = clone(policy) as Json;
    const stmt = wrong.Statement.find((s: Json) => s.Sid === 'ElasticLoadBalancingLogDelivery');
    stmt.Principal = { Service: 'logdelivery.elasticloadbalancing.amazonaws.com' };
    expect(await put(`arn:aws:iam::${elbAccount}:root`, object, tls, wrong)).toBe('ImplicitlyDenied');
  });

  test('the workloads manifest (which enables the access logs) waits for the bucket policy; catches it not waiting', () => {
    const bucketId = Object.keys(resources).find((id) => resources[id].Properties?.BucketName === bucketName)!;
    const policyId = Object.keys(resources).find((id) => resources[id].Type === 'AWS::S3::BucketPolicy' && resources[id].Properties.Bucket.Ref === bucketId)!;
    const manifest = Object.keys(resources).find((id) => resources[id].Type === 'Custom::AWSCDK-EKS-KubernetesResource' && id.includes('Workloads'))!;
    expect(dependencyClosure(resources, manifest).has(policyId)).toBe(true);
    const copy: Resources = clone(resources);
    copy[manifest].DependsOn = [copy[manifest].DependsOn ?? []].flat().filter((d) => d !== policyId);
    expect(dependencyClosure(copy, manifest).has(policyId)).toBe(false);
  });
});

describe('the access-log bucket in a region opened after August 2022 (eu-central-2)', () => {
  const stack = new Stack(new App(), 'S', { env: { account: ACCOUNT, region: 'eu-central-2' } });
  new LoadBalancerLogBucket(stack, 'Logs', { bucketName: 'zurich-alb-logs', retentionDays: 365 });
  const template = Template.fromStack(stack).toJSON();
  const iam = PlatformIam.of([template], 'eu-central-2');
  const object = `arn:aws:s3:::zurich-alb-logs/alb/AWSLogs/${ACCOUNT}/elasticloadbalancing/eu-central-2/x.log.gz`;

  test('the log-delivery service principal writes; no account principal is trusted', async () => {
    const policy = iam.bucketPolicy('zurich-alb-logs') as Json;
    expect(policy.Statement.find((s: Json) => s.Sid === 'ElasticLoadBalancingLogDelivery').Principal).toEqual({ Service: 'logdelivery.elasticloadbalancing.amazonaws.com' });
    expect(await iam.principalCan('logdelivery.elasticloadbalancing.amazonaws.com', [], 's3:PutObject', object, { 'aws:SecureTransport': 'true', 's3:TlsVersion': '1.3' }, policy)).toBe('Allowed');
  });
});

describe('fails when', () => {
  const stack = () => new Stack(new App(), 'S', { env: { account: ACCOUNT, region: 'us-east-1' } });
  test('the retention is shorter than PCI DSS 10.5.1 asks', () => {
    expect(() => new LoadBalancerLogBucket(stack(), 'L', { bucketName: 'b-logs', retentionDays: 90 })).toThrow(/LoadBalancerLogBucket props[\s\S]*retentionDays: must be a whole number of days of at least 365 \(PCI DSS 10\.5\.1/);
  });
  test('the prefix contains AWSLogs', () => {
    expect(() => new LoadBalancerLogBucket(stack(), 'L', { bucketName: 'b-logs', retentionDays: 365, prefix: 'x/AWSLogs' })).toThrow(/prefix 'x\/AWSLogs' .* must not contain 'AWSLogs'/);
  });
  test('the stack has no region', () => {
    expect(() => new LoadBalancerLogBucket(new Stack(new App(), 'S'), 'L', { bucketName: 'b-logs', retentionDays: 365 })).toThrow(/no concrete region/);
  });
  const group = (over: Partial<ConstructorParameters<typeof AlbGroup>[0]>) => new AlbGroup({
    name: 'g', certificateArn: `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/c`, wafAclArn: `arn:aws:wafv2:us-east-1:${ACCOUNT}:regional/webacl/a/b`, accessLogs: { bucket: 'b-logs' }, ...over,
  });
  test('the group names a malformed log bucket', () => {
    expect(() => group({ accessLogs: { bucket: 'Logs_Bucket' } })).toThrow("AlbGroup: accessLogs.bucket 'Logs_Bucket' is not an S3 bucket name");
  });
  test('the group names a log prefix ELB would refuse', () => {
    expect(() => group({ accessLogs: { bucket: 'b-logs', prefix: '/alb/' } })).toThrow(/AlbGroup: accessLogs.prefix '\/alb\/' must be a key prefix without leading or trailing/);
  });
  test('the group name is not a valid group name', () => {
    expect(() => group({ name: 'Verypay Prod' })).toThrow(/AlbGroup: name 'Verypay Prod' is not a valid group name/);
  });
});
