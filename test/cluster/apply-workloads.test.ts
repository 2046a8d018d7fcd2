import { Template } from 'aws-cdk-lib/assertions';
import * as cdk8s from 'cdk8s';
import { clusterFixture, type ClusterFixture } from './fixture';

let f: ClusterFixture;
let t: Template;
let manifestId: string;
beforeAll(() => {
  f = clusterFixture();
  const chart = new cdk8s.Chart(new cdk8s.App(), 'Workloads');
  new cdk8s.ApiObject(chart, 'Namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'verypay-api' } });
  new cdk8s.ApiObject(chart, 'Settings', {
    apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'payment-settings', namespace: 'verypay-api' }, data: { region: 'us-east-1' },
  });
  const manifest = f.cluster.applyWorkloads(chart);
  manifestId = f.stack.getLogicalId(manifest.node.defaultChild as never);
  t = Template.fromStack(f.stack);
});

const logicalId = (c: { node: { defaultChild?: unknown } }): string => f.stack.getLogicalId((c.node.defaultChild ?? c) as never);

test('the applied manifest contains the chart\'s objects', () => {
  const resource = t.toJSON().Resources[manifestId];
  expect(resource.Type).toBe('Custom::AWSCDK-EKS-KubernetesResource');
  const objects = JSON.parse(resource.Properties.Manifest) as { kind: string; metadata: { name: string }; data?: unknown }[];
  expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Namespace/verypay-api', 'ConfigMap/payment-settings']);
  expect(objects[1].data).toEqual({ region: 'us-east-1' });
});

test('it is applied after the operators whose CRDs it uses, the StorageClasses and the ALB controller', () => {
  expect(t.toJSON().Resources[manifestId].DependsOn).toEqual(expect.arrayContaining([
    logicalId(f.cluster.externalSecrets.chart), logicalId(f.cluster.monitoring.chart),
    logicalId(f.cluster.storageClasses), logicalId(f.cluster.albController.chart),
  ]));
});

test('the template stays far from CloudFormation limits (1 MB, 500 resources)', () => {
  const json = JSON.stringify(t.toJSON());
  const resources = Object.keys(t.toJSON().Resources).length;
  expect(json.length).toBeLessThan(200_000);
  expect(resources).toBeLessThan(150);
});
