import { App as Cdk8sApp, Testing } from 'cdk8s';
import { Template } from 'aws-cdk-lib/assertions';
import { DEPLOY_TIME_MARKER, workloadsChartId, workloadsPropsFromConfig } from '../../charts/workloads-props';
import { PaymentWorkloads } from '../../charts/payment-workloads';
import { examplePlatform } from './platform-fixture';

type K8sObject = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } };

/** Replaces deploy-time values (CDK tokens in the applied chart, placeholders in the YAML) by one marker. */
function normalize(value: unknown): unknown {
  if (typeof value === 'string') return value.includes('${Token[') || value.includes(DEPLOY_TIME_MARKER) ? '<deploy-time>' : value;
  if (Array.isArray(value)) return value.map(normalize);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalize(v)]));
  return value;
}

const key = (o: K8sObject) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;

describe('the cluster stack applies the objects of the reviewable YAML', () => {
  const { platform } = examplePlatform();

  for (const region of platform.config.regions.map((r) => r.region)) {
    test(`${region}: applied chart objects equal the cdk8s synth objects, deploy-time values aside`, () => {
      const stack = platform.regionalStack(region);
      const applied = stack.workloads!.toJson() as K8sObject[];
      const reviewed = Testing.synth(new PaymentWorkloads(new Cdk8sApp(), workloadsChartId(platform.config, region),
        workloadsPropsFromConfig(platform.config, region))) as K8sObject[];
      expect(applied.map(key).sort()).toEqual(reviewed.map(key).sort());
      expect(normalize(applied)).toEqual(normalize(reviewed));
    });
  }

  test('the applied manifest in the template holds every chart object and no placeholder', () => {
    const stack = platform.regionalStack('us-east-1');
    const manifests = Template.fromStack(stack).findResources('Custom::AWSCDK-EKS-KubernetesResource');
    const text = JSON.stringify(manifests);
    for (const o of stack.workloads!.toJson() as K8sObject[]) {
      expect(text).toContain(`\\"name\\":\\"${o.metadata.name}\\"`);
    }
    expect(text).not.toContain(DEPLOY_TIME_MARKER);
  });
});
