import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { examplePlatformConfig } from '../../bin/example-config';
import { PaymentPlatform } from '../../lib/stacks/payment-platform';
import type { PlatformConfig } from '../../lib/config/platform-config';
import { KAFKA_TLS_PORT as CHART_TLS_PORT } from '../../charts/deploy-time';
import { CLIENT_CERTIFICATE_TEMPLATE, KAFKA_TLS_PORT } from '../../lib/streaming/kafka-tls-clients';
import { examplePlatform, TODAY } from '../app/platform-fixture';
import { nagFindings } from '../support/compliance';
import { withToday } from '../support/fixtures';
import { PlatformIam } from '../support/platform-iam';
import { ReachabilityModel } from '../support/reachability';

/**
 * MSK mutual-TLS client authentication (`streaming.tlsClientAuthentication`): the cluster trusts
 * the region's Private CA, the TLS client port 9094 is open exactly for the services that declare
 * streaming (the reachability model over the template and the applied objects), and their Pod
 * Identity roles may obtain a client certificate from that CA and nothing more (iam-simulate).
 * Each property is shown to fail on the defect it guards; with the option off nothing of it exists.
 */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
// eslint-disable-next-line @typescript-eslint/no-require-imports
const cdkJson = require('../../cdk.json') as { context: Record<string, unknown> };
const ACCOUNT = '123456789012';
const CA = 'arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/11111111-2222-3333-4444-555555555555';
const OTHER_CA = 'arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/99999999-2222-3333-4444-555555555555';
const LEDGER = {
  name: 'ledger', image: 'ledger:1.0.0', port: 8080,
  resources: { cpu: { request: '100m', limit: '200m' }, memory: { request: '128Mi', limit: '256Mi' } },
  streaming: { consumes: ['payment-events'], produces: ['ledger-events'] },
};
const config: PlatformConfig = {
  ...examplePlatformConfig,
  regions: [examplePlatformConfig.regions[0]],
  streaming: {
    topics: [{ name: 'payment-events', partitions: 12 }, { name: 'ledger-events', partitions: 6 }],
    tlsClientAuthentication: { certificateAuthorityArns: { 'us-east-1': CA } },
  },
};
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));

const app = new App({ context: { ...cdkJson.context }, builtinCloudFormationValidation: false });
const platform = new PaymentPlatform(withToday(app, TODAY), config, { workloads: () => ({ services: [LEDGER] as never }) });
const stack = platform.regionalStack('us-east-1');
const template = Template.fromStack(stack).toJSON();
const resources = template.Resources as Record<string, Json>;
const objects = stack.workloads!.toJson() as Json[];
const role = (service: string) => `verypay-prod-use1-${service}`;
/** Pods (not host-network ones, which carry the node's identity and no Kafka client) that reach a destination. */
const reaching = (model: ReachabilityModel, to: 'kafka' | 'kafka-tls') => model.pods.filter((p) => !p.hostNetwork && model.can(p.id, to)).map((p) => p.id).sort();

describe('mutual TLS on', () => {
  test('the cluster trusts the region\'s Private CA, next to IAM; unauthenticated stays off', () => {
    const cluster = Object.values(resources).find((r) => r.Type === 'AWS::MSK::Cluster')!;
    expect(cluster.Properties.ClientAuthentication).toEqual({
      Sasl: { Iam: { Enabled: true }, Scram: { Enabled: false } },
      Tls: { CertificateAuthorityArnList: [CA], Enabled: true },
      Unauthenticated: { Enabled: false },
    });
  });

  test('9094 is reachable for exactly the services that declare streaming', () => {
    const model = ReachabilityModel.of(template, objects);
    expect(reaching(model, 'kafka-tls')).toEqual(['verypay-api/ledger', 'verypay-api/payment-service']);
    expect(reaching(model, 'kafka')).toEqual(['verypay-api/ledger', 'verypay-api/payment-service']);
    // The same services reach the Private CA's API (its interface endpoint) to get their certificate.
    expect(model.can('verypay-api/ledger', 'endpoints')).toBe(true);
    expect(Object.values(resources).some((r) => r.Type === 'AWS::EC2::VPCEndpoint' && JSON.stringify(r.Properties.ServiceName).includes('acm-pca'))).toBe(true);
  });

  test('catches the brokers\' security group without the 9094 rule', () => {
    const t = clone(template);
    for (const [id, r] of Object.entries<Json>(t.Resources)) if (r.Type === 'AWS::EC2::SecurityGroupIngress' && r.Properties.FromPort === 9094) delete t.Resources[id];
    expect(reaching(ReachabilityModel.of(t, objects), 'kafka-tls')).toEqual([]);
  });

  test('catches a NetworkPolicy that does not open 9094 for the service', () => {
    const o = clone(objects);
    for (const np of o.filter((x) => x.kind === 'NetworkPolicy')) {
      np.spec.egress = (np.spec.egress ?? []).filter((rule: Json) => !(rule.ports ?? []).some((p: Json) => p.port === 9094));
    }
    expect(reaching(ReachabilityModel.of(template, o), 'kafka-tls')).toEqual([]);
    expect(reaching(ReachabilityModel.of(template, o), 'kafka')).toEqual(['verypay-api/ledger', 'verypay-api/payment-service']);
  });

  test('the chart and the cluster agree on the port', () => expect(CHART_TLS_PORT).toBe(KAFKA_TLS_PORT));

  test('the declaring service gets the client settings; api-gateway gets none', () => {
    const ledger = stack.workloads!.services.specs.ledger;
    expect(ledger.config).toMatchObject({ KAFKA_TLS_CERTIFICATE_AUTHORITY_ARN: CA });
    expect(String(ledger.config!.KAFKA_TLS_BOOTSTRAP_SERVERS)).toMatch(/\$\{Token\[/);
    expect(stack.workloads!.services.specs['api-gateway'].config?.KAFKA_TLS_BOOTSTRAP_SERVERS).toBeUndefined();
  });

  describe('IAM (iam-simulate): a declaring service obtains its client certificate and nothing more', () => {
    const iam = PlatformIam.of([template], 'us-east-1');
    const issue = (service: string, templateArn = CLIENT_CERTIFICATE_TEMPLATE, ca = CA, policies = iam.identityPolicies(role(service))) =>
      iam.principalCan(`arn:aws:iam::${ACCOUNT}:role/${role(service)}`, policies, 'acm-pca:IssueCertificate', ca, { 'acm-pca:TemplateArn': templateArn });

    test.each(['ledger', 'payment-service'])('%s: client certificate yes; CA certificate, other CA, revocation no', async (service) => {
      expect(await issue(service)).toBe('Allowed');
      expect(await iam.roleCan(role(service), 'acm-pca:GetCertificate', CA)).toBe('Allowed');
      expect(await issue(service, 'arn:aws:acm-pca:::template/SubordinateCACertificate_PathLen0/V1')).toBe('ImplicitlyDenied');
      expect(await issue(service, CLIENT_CERTIFICATE_TEMPLATE, OTHER_CA)).toBe('ImplicitlyDenied');
      expect(await iam.roleCan(role(service), 'acm-pca:RevokeCertificate', CA)).toBe('ImplicitlyDenied');
      expect(await iam.roleCan(role(service), 'acm-pca:GetCertificateAuthorityCertificate', CA)).toBe('ImplicitlyDenied');
    });

    test('api-gateway (no streaming declaration) gets no certificate', async () => {
      expect(await issue('api-gateway')).toBe('ImplicitlyDenied');
    });

    test('catches the template condition removed (a client could mint a subordinate CA)', async () => {
      const widened = clone(iam.identityPolicies(role('ledger'))) as Json[];
      for (const doc of widened) for (const s of doc.Statement) if (s.Sid === 'IssueClientCertificate') delete s.Condition;
      expect(await issue('ledger', 'arn:aws:acm-pca:::template/SubordinateCACertificate_PathLen0/V1', CA, widened)).toBe('Allowed');
    });
  });

  test('is cdk-nag clean', () => {
    expect(nagFindings(app)).toEqual([]);
  });
});

describe('mutual TLS in three regions', () => {
  test("each region's cluster trusts its own region's CA", () => {
    const pca = (r: string) => `arn:aws:acm-pca:${r}:${ACCOUNT}:certificate-authority/11111111-2222-3333-4444-55555555555${r.length % 10}`;
    const regions = examplePlatformConfig.regions.map((r) => r.region);
    const three = new PaymentPlatform(withToday(new App({ context: { ...cdkJson.context }, builtinCloudFormationValidation: false }), TODAY), {
      ...examplePlatformConfig, streaming: { tlsClientAuthentication: { certificateAuthorityArns: Object.fromEntries(regions.map((r) => [r, pca(r)])) } },
    }, {});
    for (const r of regions) {
      const res = Object.values<Json>(Template.fromStack(three.regionalStack(r)).toJSON().Resources);
      expect([r, res.find((x) => x.Type === 'AWS::MSK::Cluster')!.Properties.ClientAuthentication.Tls.CertificateAuthorityArnList]).toEqual([r, [pca(r)]]);
    }
  });
});

describe('mutual TLS off (the default, the example)', () => {
  test('no TLS client authentication, no 9094, no Private CA permission or endpoint', () => {
    const { platform: example, template: tpl } = examplePlatform();
    const t = tpl(example.regionalStack('us-east-1')).toJSON();
    const res = Object.values<Json>(t.Resources);
    expect(res.find((r) => r.Type === 'AWS::MSK::Cluster')!.Properties.ClientAuthentication.Tls).toBeUndefined();
    expect(res.filter((r) => r.Type === 'AWS::EC2::SecurityGroupIngress' && r.Properties.FromPort === 9094)).toEqual([]);
    expect(JSON.stringify(t)).not.toContain('acm-pca');
    expect(reaching(ReachabilityModel.of(t, example.regionalStack('us-east-1').workloads!.toJson()), 'kafka-tls')).toEqual([]);
  });
});
