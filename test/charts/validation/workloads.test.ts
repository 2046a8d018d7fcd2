import { Testing } from 'cdk8s';
import { examplePlatformConfig } from '../../../bin/example-config';
import { resolvePlatformConfig } from '../../../lib/config/resolve';
import { PaymentWorkloads } from '../../../charts/payment-workloads';
import { workloadsChartId } from '../../../charts/deploy-time';
import { workloadsPropsFromConfig } from '../../../lib/stacks/workloads-props';
import { allFindings, crdFindings, kubeLinterFindings, Manifest, podSecurityFindings, schemaFindings } from '../../support/manifests';

const config = resolvePlatformConfig(examplePlatformConfig);

/** Every region's chart, built the way bin/charts.ts builds it for `cdk8s synth`. */
const regions = config.regions.map(({ region }) => {
  const app = Testing.app();
  const chart = new PaymentWorkloads(app, workloadsChartId(config, region), workloadsPropsFromConfig(config, region));
  return [region, Testing.synth(chart) as Manifest[]] as const;
});

describe.each(regions)('PaymentWorkloads for %s', (_region, objs) => {
  test('emits the stateful workloads', () => {
    const kinds = objs.map((o) => `${o.kind}/${o.metadata?.name}`);
    expect(kinds).toEqual(expect.arrayContaining(['StatefulSet/geth', 'CronJob/postgres-backup', 'ServiceMonitor/geth', 'PodDisruptionBudget/geth']));
  });

  test('every object is valid against the Kubernetes schemas, with no removed APIs or unknown fields', () => {
    expect(schemaFindings(objs)).toEqual([]);
  });

  test('every custom resource is valid against its CRD schema', () => {
    const custom = objs.filter((o) => /monitoring\.coreos\.com|external-secrets\.io/.test(o.apiVersion));
    expect(custom.length).toBeGreaterThan(5);
    expect(crdFindings(objs)).toEqual([]);
  });

  test('every namespace enforces Pod Security restricted and every pod passes it', () => {
    const namespaces = objs.filter((o) => o.kind === 'Namespace');
    expect(namespaces.map((n) => n.metadata?.labels?.['pod-security.kubernetes.io/enforce'])).toEqual(namespaces.map(() => 'restricted'));
    const podNamespaces = new Set(objs.filter((o) => ['Deployment', 'StatefulSet', 'CronJob'].includes(o.kind)).map((o) => o.metadata?.namespace));
    expect([...podNamespaces].every((ns) => namespaces.some((n) => n.metadata?.name === ns))).toBe(true);
    expect(podSecurityFindings(objs)).toEqual([]);
  });

  test('the kube-linter default checks find nothing', () => {
    expect(kubeLinterFindings(objs)).toEqual([]);
  });
});

describe('PaymentWorkloads without the blockchain', () => {
  const off = resolvePlatformConfig({ ...examplePlatformConfig, blockchain: false });
  const objs = Testing.synth(new PaymentWorkloads(Testing.app(), workloadsChartId(off, 'us-east-1'), workloadsPropsFromConfig(off, 'us-east-1'))) as Manifest[];

  test('the schema, CRD, Pod Security and kube-linter checks find nothing', () => {
    expect(objs.filter((o) => o.kind === 'StatefulSet')).toEqual([]);
    expect(objs.filter((o) => o.kind === 'Deployment' && o.metadata?.namespace !== 'monitoring').map((o) => o.metadata?.name)).toEqual(['api-gateway', 'payment-service']);
    expect(allFindings(objs)).toEqual([]);
  });
});
