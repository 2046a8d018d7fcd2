import { expectRejected } from '../../support/invalid-case';
/** PaymentWorkloads variants: without the blockchain, with only a catalog, and the props it rejects. */
import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { PlatformNamespace } from '../../../charts/lib/namespaces';
import { AlbGroup } from '../../../charts/lib/alb-group';
import { ApiIngress } from '../../../charts/lib/ingress';
import { PlatformAlerts } from '../../../charts/lib/prometheus-rules';
import { PlatformSecrets, SyncedSecret } from '../../../charts/lib/external-secrets';
import { PaymentWorkloads, type PaymentWorkloadsProps } from '../../../charts/payment-workloads';
import type { ServiceSpec } from '../../../charts/lib/service-spec';
import { workloadsChartId } from '../../../charts/deploy-time';
import { workloadsPropsFromConfig } from '../../../lib/stacks/workloads-props';
import { resolvePlatformConfig } from '../../../lib/config/resolve';
import { examplePlatformConfig } from '../../../bin/example-config';
import { emptyChart, find, ofKind, resolvedExample, synth, type K8sObject } from './helpers';

const config = resolvedExample();

function build(overrides: Partial<PaymentWorkloadsProps> = {}, region = 'us-east-1'): K8sObject[] {
  const chart = new PaymentWorkloads(Testing.app(), workloadsChartId(config, region), { ...workloadsPropsFromConfig(config, region), ...overrides });
  return synth(chart);
}

describe('workloadsPropsFromConfig without the blockchain', () => {
  const off = resolvePlatformConfig({ ...examplePlatformConfig, blockchain: false });

  test('blockchain follows the configuration; no blockchain secret names', () => {
    expect(workloadsPropsFromConfig(config, 'us-east-1').blockchain).toBe(true);
    const props = workloadsPropsFromConfig(off, 'us-east-1');
    expect(props.blockchain).toBe(false);
    expect(Object.keys(props.secretNames).sort()).toEqual(['cacheAuthToken', 'jwtSigningKey', 'webhookSecret']);
  });
});

describe('PaymentWorkloads without the blockchain', () => {
  const off = resolvePlatformConfig({ ...examplePlatformConfig, blockchain: false });
  const objects = synth(new PaymentWorkloads(Testing.app(), workloadsChartId(off, 'us-east-1'), workloadsPropsFromConfig(off, 'us-east-1')));
  const kinds = (kind: string) => ofKind(objects, kind).map((o) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`).sort();

  test('no blockchain namespace, no geth or Lighthouse', () => {
    expect(kinds('Namespace')).toEqual(['/monitoring', '/verypay-api', '/verypay-jobs']);
    expect(kinds('StatefulSet')).toEqual([]);
    expect(kinds('Deployment')).toEqual(['monitoring/cloudwatch-exporter', 'monitoring/otel-collector', 'monitoring/redis-exporter', 'verypay-api/api-gateway', 'verypay-api/payment-service']);
    expect(kinds('CronJob')).toEqual(['verypay-jobs/postgres-backup']);
    expect(JSON.stringify(objects)).not.toMatch(/geth|lighthouse|blockchain|ethereum|contract/i);
  });

  test('no blockchain ExternalSecret', () => {
    expect(ofKind(objects, 'ExternalSecret').map((e) => `${e.metadata.namespace}/${e.metadata.name}`)).toEqual([
      'verypay-api/redis-secret', 'verypay-api/jwt-secret', 'verypay-api/webhook-secret',
      'monitoring/redis-exporter-auth',
    ]);
  });

  test('no geth, Ethereum or contract alerts; PodCrashLooping watches the api and jobs namespaces', () => {
    const rule = find(objects, 'PrometheusRule', 'payment-platform-alerts', 'monitoring');
    expect(rule.spec.groups.map((g: K8sObject) => g.name)).toEqual(['payment-api', 'payment-providers', 'payment-data', 'payment-backups', 'slo-api-availability', 'slo-api-latency']);
    const rules = rule.spec.groups.flatMap((g: K8sObject) => g.rules) as K8sObject[];
    expect(rules.map((r) => r.alert).filter((a) => /Ethereum|Blockchain|Contract|Gas/.test(a ?? ''))).toEqual([]);
    expect(rules.find((r) => r.alert === 'PodCrashLooping')!.expr).toContain('namespace=~"verypay-api|verypay-jobs"');
  });

  test('payment-service: no geth egress, no Web3 env, no contract ABI mount', () => {
    const np = find(objects, 'NetworkPolicy', 'payment-service', 'verypay-api').spec;
    // 9098: the Kafka brokers (the example runs streaming); 4317: the OpenTelemetry Collector.
    expect(np.egress.map((r: K8sObject) => r.ports[0].port)).toEqual([5432, 6379, 443, 80, 9098, 4317]);
    expect(np.egress).toContainEqual({ to: [{ ipBlock: { cidr: '169.254.170.23/32' } }], ports: [{ port: 80, protocol: 'TCP' }] });
    const container = find(objects, 'Deployment', 'payment-service', 'verypay-api').spec.template.spec.containers[0];
    expect(container.env).toBeUndefined();
    expect(Object.keys(find(objects, 'ConfigMap', 'payment-service-config').data).filter((k) => /WEB3|SIGNER|PRIVATE_KEY/.test(k))).toEqual([]);
    expect(JSON.stringify(container.volumeMounts)).not.toContain('blockchain');
    expect(JSON.stringify(container.volumeMounts ?? [])).not.toContain('/app/contracts');
  });

  test('a platform team can still mount its own ConfigMap into payment-service', () => {
    const own = synth(new PaymentWorkloads(Testing.app(), 'own', {
      ...workloadsPropsFromConfig(off, 'us-east-1'),
      paymentService: { configMapMounts: [{ configMap: 'fx-rates', mountPath: '/app/rates' }] },
    }));
    const container = find(own, 'Deployment', 'payment-service').spec.template.spec.containers[0];
    expect(container.volumeMounts).toContainEqual({ mountPath: '/app/rates', name: 'fx-rates', readOnly: true });
  });

  test('the blockchain secret names are ignored with blockchain false', () => {
    const props = workloadsPropsFromConfig(config, 'us-east-1', { blockchain: false });
    expect(props.secretNames.blockchainProviderUrl).toBe('verypay/prod/us-east-1/blockchain/provider-url');
    const objs = synth(new PaymentWorkloads(Testing.app(), 'ignored', props));
    expect(ofKind(objs, 'ExternalSecret').map((e) => e.metadata.name)).not.toContain('blockchain-secret');
  });
});

const RESOURCES: ServiceSpec['resources'] = { cpu: { request: '100m', limit: '200m' }, memory: { request: '128Mi', limit: '256Mi' } };
const spec = (name: string, port: number, extra: Partial<ServiceSpec> = {}): ServiceSpec =>
  ({ name, image: `registry.example.com/acme/${name}:v1.0.0`, port, resources: RESOURCES, ...extra });

describe('PaymentWorkloads with builtInServices: false', () => {
  const catalog = [spec('api-gateway', 8080, { ingress: [{ peers: [{ service: 'web' }] }] }), spec('web', 8081)];
  const objects = build({ builtInServices: false, services: catalog });

  test('only the catalog runs; the Ingress targets its api-gateway', () => {
    expect(ofKind(objects, 'Deployment').filter((d) => d.metadata.namespace !== 'monitoring').map((d) => d.metadata.name).sort()).toEqual(['api-gateway', 'web']);
    expect(find(objects, 'Deployment', 'api-gateway').spec.template.spec.containers[0].image).toBe('registry.example.com/acme/api-gateway:v1.0.0');
    const ingress = ofKind(objects, 'Ingress')[0];
    expect(ingress.spec.rules[0].http.paths[0].backend.service.name).toBe('api-gateway');
  });

  test("the catalog's api-gateway admits the ALB (public subnets) on its port, besides its own callers", () => {
    const np = find(objects, 'NetworkPolicy', 'api-gateway', 'verypay-api').spec;
    expect(np.ingress).toContainEqual({ from: ['10.0.192.0/21', '10.0.200.0/21', '10.0.208.0/21'].map((cidr) => ({ ipBlock: { cidr } })), ports: [{ port: 8080, protocol: 'TCP' }] });
    expect(np.ingress).toContainEqual({ from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'web' } } }], ports: [{ port: 8080, protocol: 'TCP' }] });
  });
});

describe('PaymentWorkloads fails when', () => {
  test('builtInServices is false and the catalog has no api-gateway', () => {
    expect(() => build({ builtInServices: false, services: [spec('web', 8081)] }))
      .toThrow("PaymentWorkloads: builtInServices is false but services has no service named 'api-gateway' (got web); add the catalog's api-gateway (the Ingress backend) or set builtInServices: true.");
    expect(() => build({ builtInServices: false })).toThrow(/no service named 'api-gateway' \(got none\)/);
  });

  test('builtInServices is false and a built-in service is overridden', () => {
    const services = [spec('api-gateway', 8080)];
    expect(() => build({ builtInServices: false, services, paymentService: { replicas: 2 } }))
      .toThrow('PaymentWorkloads: paymentService overrides a built-in service, but builtInServices is false; change that service in services instead, or set builtInServices: true.');
  });

  test('the blockchain is on but the provider URL secret is not named', () => {
    const off = resolvePlatformConfig({ ...examplePlatformConfig, blockchain: false });
    expect(() => new PaymentWorkloads(Testing.app(), 'x', { ...workloadsPropsFromConfig(off, 'us-east-1'), blockchain: true }))
      .toThrow('PaymentWorkloads: secretNames.blockchainProviderUrl is required with blockchain on; name the secret, or set blockchain: false for a platform without blockchain.');
  });

  test('the private-key signer without its secret, and a signer key secret the KMS signer would sync unused', () => {
    const props = workloadsPropsFromConfig(config, 'us-east-1');
    expect(() => build({ signer: { privateKeyFile: true } }))
      .toThrow("PaymentWorkloads: signer is { privateKeyFile: true } but secretNames.blockchainSignerKey is not set; name the signer key's secret, or sign through KMS (signer: { kmsKeyId }).");
    expect(() => build({ secretNames: { ...props.secretNames, blockchainSignerKey: 'verypay/prod/us-east-1/blockchain/signer-key' } }))
      .toThrow(/PaymentWorkloads: secretNames\.blockchainSignerKey is set but payment-service signs through KMS, so the private key would be synced into the cluster unused; drop blockchainSignerKey, or set signer: \{ privateKeyFile: true \}/);
  });

  test('the signer key is named without the provider URL', () => {
    const names = { cacheAuthToken: 'c', jwtSigningKey: 'j', webhookSecret: 'w', blockchainSignerKey: 'k' };
    expect(() => new PlatformSecrets(emptyChart(), 'S', { region: 'us-east-1', appNamespace: 'a', readerRoleArn: 'arn:aws:iam::123456789012:role/r', secretNames: names }))
      .toThrow('PlatformSecrets: secretNames.blockchainSignerKey is set but secretNames.blockchainProviderUrl is not; name the provider URL too, or neither for a platform without blockchain.');
  });

  test('an image is not pinned', () => {
    const props = workloadsPropsFromConfig(config, 'us-east-1');
    expect(() => build({ images: { ...props.images, geth: 'ethereum/client-go:latest' } })).toThrow(/PaymentWorkloads.images.geth: image 'ethereum\/client-go:latest' uses the mutable tag 'latest'/);
  });

  test('the VPC CIDR is malformed', () => {
    expectRejected(() => build({ vpcCidr: '10.0.0/16' }), { what: 'cidr', input: '10.0.0/16', field: 'vpcCidr', fix: "must be an IPv4 CIDR block like '10.0.0.0/16'" });
    expectRejected(() => build({ vpcCidr: '10.0.1.0/16' }), { what: 'host bits', input: '10.0.1.0/16', field: 'vpcCidr', fix: "has host bits set; use the network address '10.0.0.0/16'" });
  });

  test('the certificate ARN is not an ACM ARN', () => {
    const certificateArn = 'arn:aws:iam::123456789012:server-certificate/x';
    expectRejected(() => build({ certificateArn }), { what: 'certificate', input: certificateArn, field: 'certificateArn', fix: 'must be an ACM certificate ARN' });
    expect(() => build({ certificateArn })).toThrow(/^Invalid AlbGroup props \(1 problem\):/);
  });

  test('the web ACL ARN is not a regional WAFv2 ARN', () => {
    const wafAclArn = 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/a/b';
    expectRejected(() => build({ wafAclArn }), { what: 'waf', input: wafAclArn, field: 'wafAclArn', fix: 'must be a regional WAFv2 web ACL ARN' });
  });

  test('a hostname is not a DNS name', () => {
    expectRejected(() => build({ hostnames: { regional: 'api_us.example.com', global: 'API.example.com' } }),
      { what: 'regional', input: 'api_us.example.com', field: 'regionalHostname', fix: 'must be a DNS name of lowercase labels' });
    expect(() => build({ hostnames: { regional: 'api_us.example.com', global: 'API.example.com' } })).toThrow(/\(2 problems\):\n {2}- regionalHostname: .*\n {2}- globalHostname: /);
  });

  test('an override breaks a service rule', () => {
    expect(() => build({ paymentService: { disruptionBudget: { minAvailable: 6 } } })).toThrow(/services\[1\]\.disruptionBudget\.minAvailable: must be lower than autoscaling\.minReplicas \(6\)/);
  });

  test('unresolved deploy-time tokens are not validated', () => {
    const chart = emptyChart();
    const svc = new kplus.Service(chart, 'S', { ports: [{ port: 80 }] });
    expect(() => new ApiIngress(chart, 'I', {
      namespace: 'n', service: svc, regionalHostname: 'a.example.com',
      group: new AlbGroup({ name: 'g', certificateArn: '${Token[TOKEN.1]}', wafAclArn: '${Token[TOKEN.2]}', accessLogs: { bucket: '${Token[TOKEN.3]}' } }),
    })).not.toThrow();
  });

  test('a namespace name is not a DNS label', () => {
    expectRejected(() => new PlatformNamespace(emptyChart(), 'N', { name: 'Payments', tier: 'application', podSecurity: 'restricted' }),
      { what: 'namespace', input: 'Payments', field: 'name', fix: 'must be a Kubernetes namespace name' });
  });

  test('a synced secret has no keys', () => {
    expect(() => new SyncedSecret(emptyChart(), 'S', { namespace: 'n', name: 's', keys: [] })).toThrow(/SyncedSecret 's': keys is empty/);
  });

  test('alerts watch no namespace', () => {
    expect(() => new PlatformAlerts(emptyChart(), 'A', { namespace: 'm', appNamespace: 'a', blockchainNamespace: 'b', watchedNamespaces: [] })).toThrow(/PlatformAlerts: watchedNamespaces is empty/);
  });
});
