import { Testing } from 'cdk8s';
import { PaymentWorkloads } from '../../charts/payment-workloads';
import { workloadsChartId } from '../../charts/deploy-time';
import { resolvePlatformConfig } from '../../lib/config/resolve';
import { workloadsPropsFromConfig } from '../../lib/stacks/workloads-props';
import { examplePlatformConfig } from '../../bin/example-config';
import { loadCatalog } from '../../examples/catalogs/load';
import { drivoPayCharts } from '../../examples/drivopay/charts';
import { allFindings, type Manifest } from '../support/manifests';

/**
 * DrivoPay's and Advancia's catalogs as in their seeds (examples/catalogs/*.yaml) synthesize, pass the
 * manifest harness, and carry the seeds' properties: no limits the seed does not give, its probe
 * paths, CPU (and memory) targets, PDBs, namespaces and what each service may reach.
 */
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const get = (objs: Obj[], kind: string, name: string, ns?: string) => {
  const o = objs.find((x) => x.kind === kind && x.metadata?.name === name && (ns === undefined || x.metadata?.namespace === ns));
  if (!o) throw new Error(`no ${kind} ${ns ?? '*'}/${name}`);
  return o;
};
const container = (objs: Obj[], name: string) => get(objs, 'Deployment', name).spec.template.spec.containers[0];
const hpaMetrics = (objs: Obj[], name: string) => Object.fromEntries(get(objs, 'HorizontalPodAutoscaler', name).spec.metrics
  .map((m: Obj) => [m.resource.name, m.resource.target.averageUtilization]));
const egressOf = (objs: Obj[], name: string): Obj[] => get(objs, 'NetworkPolicy', name).spec.egress;
const internet = (objs: Obj[], name: string) => egressOf(objs, name).some((r) => r.to.some((p: Obj) => p.ipBlock?.cidr === '0.0.0.0/0'));
const reaches = (objs: Obj[], name: string, port: number) => egressOf(objs, name).some((r) => (r.ports ?? []).some((p: Obj) => p.port === port));

describe('DrivoPay (seed 002)', () => {
  const objs = Testing.synth(drivoPayCharts('/nonexistent').charts[0] as never) as Obj[];
  const services = ['api-gateway', 'auth-service', 'wallet-service', 'payment-service', 'transaction-service', 'platform-integration-service',
    'notification-service', 'audit-service', 'web-dashboard', 'core-api'];

  test('passes the schema, CRD, Pod Security and kube-linter checks (limits left out are annotated, not invented)', () => {
    expect(allFindings(objs as Manifest[])).toEqual([]);
  });

  test("every service runs in the seed's namespace drivopay-prod, which has Pod Security restricted, default-deny and its SecretStore", () => {
    expect(objs.filter((o) => o.kind === 'Deployment' && o.metadata.namespace === 'drivopay-prod').map((o) => o.metadata.name).sort()).toEqual([...services].sort());
    expect(get(objs, 'Namespace', 'drivopay-prod').metadata.labels).toMatchObject({ 'pod-security.kubernetes.io/enforce': 'restricted' });
    expect(get(objs, 'NetworkPolicy', 'default-deny', 'drivopay-prod').spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    expect(get(objs, 'SecretStore', 'aws-secrets-manager', 'drivopay-prod').spec.provider.aws.auth.jwt.serviceAccountRef.name).toBe('secrets-reader');
  });

  test("requests are the seed's per-pod figures; limits only where the seed's manifest has them (api-gateway)", () => {
    expect(container(objs, 'api-gateway').resources).toEqual({ requests: { cpu: '500m', memory: '512Mi' }, limits: { cpu: '1000m', memory: '1024Mi' } });
    expect(container(objs, 'transaction-service').resources).toEqual({ requests: { cpu: '400m', memory: '384Mi' } });
    for (const s of services.filter((x) => x !== 'api-gateway')) expect(container(objs, s).resources.limits).toBeUndefined();
  });

  test("the gateway's probe paths and the seed's HPA targets (CPU only where the seed gives only CPU)", () => {
    expect(container(objs, 'api-gateway').livenessProbe.httpGet.path).toBe('/api/v1/health/live');
    expect(container(objs, 'api-gateway').readinessProbe.httpGet.path).toBe('/api/v1/health/ready');
    expect(hpaMetrics(objs, 'api-gateway')).toEqual({ cpu: 70, memory: 80 });
    expect(hpaMetrics(objs, 'auth-service')).toEqual({ cpu: 70 });
    expect(hpaMetrics(objs, 'wallet-service')).toEqual({ cpu: 75 });
    expect(hpaMetrics(objs, 'payment-service')).toEqual({ cpu: 75 });
    expect(get(objs, 'HorizontalPodAutoscaler', 'api-gateway').spec).toMatchObject({ minReplicas: 3, maxReplicas: 10 });
  });

  test('one PDB (the seed\'s api-gateway minAvailable 2); core-api runs two fixed replicas without an HPA', () => {
    expect(objs.filter((o) => o.kind === 'PodDisruptionBudget').map((o) => [o.metadata.name, o.spec.minAvailable])).toEqual([['api-gateway', 2]]);
    expect(get(objs, 'Deployment', 'core-api').spec.replicas).toBe(2);
    expect(objs.some((o) => o.kind === 'HorizontalPodAutoscaler' && o.metadata.name === 'core-api')).toBe(false);
    expect(get(objs, 'Deployment', 'wallet-service').spec.replicas).toBeUndefined();
  });

  test('egress follows the declarations: internet 443 only for the services with provider hosts, PostgreSQL only for its clients', () => {
    expect(services.filter((s) => internet(objs, s)).sort()).toEqual(['auth-service', 'notification-service', 'payment-service']);
    expect(services.filter((s) => reaches(objs, s, 5432)).sort()).toEqual(['audit-service', 'auth-service', 'payment-service', 'platform-integration-service', 'transaction-service', 'wallet-service']);
    expect(services.filter((s) => reaches(objs, s, 6379)).sort()).toEqual(['api-gateway', 'auth-service', 'wallet-service']);
    const pay = get(objs, 'Deployment', 'payment-service').spec.template.metadata.annotations;
    expect(pay['payment-platform.io/egress-hosts']).toBe('api.razorpay.com');
    const rule = egressOf(objs, 'payment-service').find((r) => r.to.some((p: Obj) => p.ipBlock?.cidr === '0.0.0.0/0'))!;
    expect(rule.ports).toEqual([{ port: 443, protocol: 'TCP' }]);
    expect(rule.to[0].ipBlock.except).toEqual(expect.arrayContaining(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16']));
  });

  test('a declared call opens both sides; an undeclared one neither', () => {
    const toWallet = egressOf(objs, 'platform-integration-service').find((r) => r.to.some((p: Obj) => p.podSelector?.matchLabels?.['app.kubernetes.io/name'] === 'wallet-service'));
    expect(toWallet?.ports).toEqual([{ port: 4002, protocol: 'TCP' }]);
    const walletIn = get(objs, 'NetworkPolicy', 'wallet-service').spec.ingress;
    expect(walletIn.some((r: Obj) => r.from.some((p: Obj) => p.podSelector?.matchLabels?.['app.kubernetes.io/name'] === 'platform-integration-service'))).toBe(true);
    expect(walletIn.some((r: Obj) => r.from.some((p: Obj) => p.podSelector?.matchLabels?.['app.kubernetes.io/name'] === 'notification-service'))).toBe(false);
  });

  test("payment-service's Razorpay keys come from its own ExternalSecret in its namespace; libpq as its own login", () => {
    const es = get(objs, 'ExternalSecret', 'payment-service-razorpay', 'drivopay-prod');
    expect(es.spec.secretStoreRef).toEqual({ name: 'aws-secrets-manager', kind: 'SecretStore' });
    expect(es.spec.data.map((d: Obj) => d.remoteRef)).toEqual([
      { key: 'drivopay/prod/ap-south-1/services/payment-service/razorpay', property: 'key_id' },
      { key: 'drivopay/prod/ap-south-1/services/payment-service/razorpay', property: 'key_secret' },
      { key: 'drivopay/prod/ap-south-1/services/payment-service/razorpay', property: 'webhook_secret' },
    ]);
    // Mounted as files, never variables: RAZORPAY_KEY_ID becomes RAZORPAY_KEY_ID_FILE.
    expect(container(objs, 'payment-service').volumeMounts).toContainEqual({ mountPath: '/var/run/secrets/service/razorpay', name: 'secret-payment-service-razorpay', readOnly: true });
    expect(get(objs, 'ConfigMap', 'payment-service-config').data).toMatchObject({
      RAZORPAY_KEY_ID_FILE: '/var/run/secrets/service/razorpay/key_id', RAZORPAY_KEY_SECRET_FILE: '/var/run/secrets/service/razorpay/key_secret',
    });
    expect(JSON.stringify(container(objs, 'payment-service').env ?? [])).not.toContain('RAZORPAY');
    expect(get(objs, 'ConfigMap', 'wallet-service-config').data).toMatchObject({ PGUSER: 'wallet_service', PGSSLMODE: 'verify-full' });
    expect(get(objs, 'ConfigMap', 'rds-ca-bundle', 'drivopay-prod')).toBeDefined();
  });
});

describe('Advancia PayLedger (seed 004)', () => {
  const config = resolvePlatformConfig({ ...examplePlatformConfig, name: 'advancia', blockchain: false });
  const services = loadCatalog('advancia.yaml', '123456789012.dkr.ecr.us-east-1.amazonaws.com/advancia');
  const objs = Testing.synth(new PaymentWorkloads(Testing.app(), workloadsChartId(config, 'us-east-1'),
    workloadsPropsFromConfig(config, 'us-east-1', { builtInServices: false, services }))) as Obj[];
  const SEED: [string, number, number, number, number][] = [
    // name, port, HPA max, PDB minAvailable, CPU target (seed tables and "Autoscaling Configuration")
    ['api-gateway', 4000, 10, 2, 70], ['auth-service', 4001, 8, 2, 60], ['tenant-service', 4002, 8, 2, 60], ['billing-service', 4003, 8, 2, 60],
    ['metering-service', 4004, 6, 1, 60], ['web3-event-service', 4005, 6, 1, 60], ['monitoring-service', 4007, 6, 1, 60],
    ['notification-service', 4008, 6, 1, 60], ['security-service', 4009, 6, 1, 60], ['audit-log-service', 4010, 6, 1, 60],
  ];

  test('passes the schema, CRD, Pod Security and kube-linter checks', () => {
    expect(allFindings(objs as Manifest[])).toEqual([]);
  });

  test('eleven services, each in its own namespace with Pod Security restricted and default-deny', () => {
    const deployments = objs.filter((o) => o.kind === 'Deployment' && o.metadata.namespace.startsWith('advancia-') && o.metadata.namespace !== 'advancia-jobs');
    expect(deployments).toHaveLength(11);
    for (const d of deployments) {
      expect(d.metadata.namespace).toBe(`advancia-${d.metadata.name}`);
      expect(get(objs, 'Namespace', d.metadata.namespace).metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
      expect(get(objs, 'NetworkPolicy', 'default-deny', d.metadata.namespace)).toBeDefined();
    }
  });

  test.each(SEED)('%s: port %d, HPA ceiling %d, PDB minAvailable %d, CPU target %d %%', (name, port, max, minAvailable, cpu) => {
    expect(container(objs, name).ports[0].containerPort).toBe(port);
    expect(get(objs, 'HorizontalPodAutoscaler', name).spec.maxReplicas).toBe(max);
    expect(get(objs, 'PodDisruptionBudget', name).spec.minAvailable).toBe(minAvailable);
    expect(hpaMetrics(objs, name)).toEqual({ cpu });
    expect(container(objs, name).resources.limits).toBeUndefined();
    expect(container(objs, name).readinessProbe.httpGet.path).toBe('/ready');
  });

  test('the AI Orchestrator: memory-aware scaling at 80 %, the seed\'s 2 CPU / 4 GB limits, Redis and OpenAI only', () => {
    expect(hpaMetrics(objs, 'ai-orchestrator')).toEqual({ memory: 80 });
    expect(container(objs, 'ai-orchestrator').resources.limits).toEqual({ cpu: '2000m', memory: '4096Mi' });
    expect(internet(objs, 'ai-orchestrator')).toBe(true);
    expect(reaches(objs, 'ai-orchestrator', 6379)).toBe(true);
    expect(get(objs, 'Deployment', 'ai-orchestrator').spec.template.metadata.annotations['payment-platform.io/egress-hosts']).toBe('api.openai.com');
    expect(get(objs, 'ExternalSecret', 'redis-secret', 'advancia-ai-orchestrator')).toBeDefined();
  });

  test('internet egress only where the seed names an external API (Billing: Stripe; AI: OpenAI)', () => {
    const withInternet = objs.filter((o) => o.kind === 'NetworkPolicy' && o.spec.egress?.some((r: Obj) => r.to.some((p: Obj) => p.ipBlock?.cidr === '0.0.0.0/0')))
      .map((o) => o.metadata.name).filter((n) => !['cloudwatch-exporter', 'otel-collector'].includes(n)).sort();
    expect(withInternet).toEqual(['ai-orchestrator', 'billing-service']);
  });

  test('the gateway reaches the core services across namespaces, and they admit it', () => {
    const rule = egressOf(objs, 'api-gateway').find((r) => r.to.some((p: Obj) => p.podSelector?.matchLabels?.['app.kubernetes.io/name'] === 'auth-service'))!;
    expect(rule.to[0].namespaceSelector).toEqual({ matchLabels: { 'kubernetes.io/metadata.name': 'advancia-auth-service' } });
    const authIn = get(objs, 'NetworkPolicy', 'auth-service').spec.ingress;
    expect(authIn.some((r: Obj) => r.from.some((p: Obj) => p.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === 'advancia-api-gateway'))).toBe(true);
  });
});
