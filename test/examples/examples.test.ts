import { Testing } from 'cdk8s';
import { drivoPayCharts } from '../../examples/drivopay/charts';
import { veryPayCharts } from '../../examples/verypay/charts';
import { allFindings, Manifest } from '../support/manifests';

/**
 * The examples' workload charts, synthesized in-process. The examples' CDK apps (every stack of
 * both platforms) are synthesized by `npm run examples` (scripts/examples.sh), which CI runs.
 */
const synth = (app: { charts: readonly unknown[] }): Record<string, Manifest[]> =>
  Object.fromEntries((app.charts as Parameters<typeof Testing.synth>[0][]).map((c) => [c.node.id, Testing.synth(c) as Manifest[]]));
// The platform's own workloads (the monitoring components run in every chart; see test/charts/observability).
const names = (objs: Manifest[], kind: string): string[] => objs.filter((o) => o.kind === kind && o.metadata?.namespace !== 'monitoring').map((o) => o.metadata?.name ?? '?').sort();

describe('examples/verypay: multi-region platform with geth', () => {
  const charts = synth(veryPayCharts('/nonexistent'));

  test('one chart per region, named for the dist/ file', () => {
    expect(Object.keys(charts)).toEqual(['verypay-prod-us-east-1', 'verypay-prod-eu-west-1', 'verypay-prod-ap-southeast-1']);
  });

  test.each(Object.keys(charts))('%s runs the gateway, the payment service, geth + Lighthouse and the nightly dump', (id) => {
    const objs = charts[id];
    expect(names(objs, 'Deployment')).toEqual(['api-gateway', 'payment-service']);
    expect(names(objs, 'StatefulSet')).toEqual(['geth']);
    expect(names(objs, 'CronJob')).toEqual(['postgres-backup']);
    const geth = objs.find((o) => o.kind === 'StatefulSet')!;
    const containers = (geth.spec as { template: { spec: { containers: { name: string }[] } } }).template.spec.containers.map((c) => c.name);
    expect(containers).toEqual(expect.arrayContaining(['geth', 'lighthouse']));
  });

  test.each(Object.keys(charts))('%s passes the schema, CRD, Pod Security and kube-linter checks', (id) => {
    expect(allFindings(charts[id])).toEqual([]);
  });
});

describe('examples/drivopay: the library chart with the ten-service catalog and blockchain: false', () => {
  const charts = synth(drivoPayCharts('/nonexistent'));
  const catalog = [
    'api-gateway', 'audit-service', 'auth-service', 'core-api', 'notification-service', 'payment-service',
    'platform-integration-service', 'transaction-service', 'wallet-service', 'web-dashboard',
  ];

  test('one chart per region', () => {
    expect(Object.keys(charts)).toEqual(['drivopay-prod-ap-south-1', 'drivopay-prod-ap-south-2']);
  });

  test.each(Object.keys(charts))('%s holds the ten services and nothing of the blockchain', (id) => {
    const objs = charts[id];
    expect(names(objs, 'Deployment')).toEqual(catalog);
    expect(names(objs, 'Service')).toEqual(catalog);
    expect(names(objs, 'NetworkPolicy')).toEqual(expect.arrayContaining(catalog));
    expect(names(objs, 'HorizontalPodAutoscaler')).toEqual(catalog.filter((s) => s !== 'core-api'));
    expect(names(objs, 'StatefulSet')).toEqual([]);
    // The catalog lives in the seed's namespace (drivopay-prod); the platform's app namespace keeps the platform's secrets.
    expect(names(objs, 'Namespace')).toEqual(['drivopay-api', 'drivopay-jobs', 'drivopay-prod', 'monitoring']);
    expect(names(objs, 'ExternalSecret')).toEqual(['jwt-secret', 'notification-service-providers', 'payment-service-razorpay', 'redis-secret', 'redis-secret', 'webhook-secret']);
    expect(JSON.stringify(objs)).not.toMatch(/geth|lighthouse|blockchain/);
  });

  test.each(Object.keys(charts))('%s runs the catalog images from the region\'s ECR, the nightly dump and no Ethereum alert', (id) => {
    const objs = charts[id];
    const region = id.replace('drivopay-prod-', '');
    const gateway = objs.find((o) => o.kind === 'Deployment' && o.metadata?.name === 'api-gateway')!;
    expect(JSON.stringify(gateway)).toContain(`"image":"210987654321.dkr.ecr.${region}.amazonaws.com/drivopay/api-gateway:v2.4.0"`);
    expect(names(objs, 'CronJob')).toEqual(['postgres-backup']);
    const rules = JSON.stringify(objs.find((o) => o.kind === 'PrometheusRule'));
    expect(rules).not.toMatch(/EthereumNodeDown|BlockchainSyncLag|ContractCallFailureRate/);
  });

  test('the Ingress serves the regional and global API hostnames with the deploy-time certificate placeholder', () => {
    const ingress = charts['drivopay-prod-ap-south-1'].find((o) => o.kind === 'Ingress')!;
    const spec = ingress.spec as { rules: { host: string; http: { paths: { backend: { service: { name: string } } }[] } }[] };
    expect(spec.rules.map((r) => r.host)).toEqual(['api-ap-south-1.drivopay.example.com', 'api.drivopay.example.com']);
    expect(spec.rules.map((r) => r.http.paths[0].backend.service.name)).toEqual(['api-gateway', 'api-gateway']);
    expect(ingress.metadata).toMatchObject({ namespace: 'drivopay-prod' });
    expect(JSON.stringify(ingress)).toContain('certificate/REPLACED-AT-DEPLOY');
  });

  test('api-gateway admits the ALB from its public subnets (not the whole VPC) on its container port', () => {
    const policy = charts['drivopay-prod-ap-south-2'].find((o) => o.kind === 'NetworkPolicy' && o.metadata?.name === 'api-gateway')!;
    expect(JSON.stringify(policy.spec)).toContain('{"from":[{"ipBlock":{"cidr":"10.31.192.0/21"}},{"ipBlock":{"cidr":"10.31.200.0/21"}},{"ipBlock":{"cidr":"10.31.208.0/21"}}],"ports":[{"port":3000,"protocol":"TCP"}]}');
    expect(JSON.stringify(policy.spec)).not.toContain('"cidr":"10.31.0.0/16"');
  });

  test.each(Object.keys(charts))('%s passes the schema, CRD, Pod Security and kube-linter checks', (id) => {
    expect(allFindings(charts[id])).toEqual([]);
  });
});
