import { examplePlatform } from '../app/platform-fixture';
import { dependencyClosure, type Resources } from '../support/template-deps';

const waitsFor = dependencyClosure;

const primary = () => {
  const { platform, template } = examplePlatform();
  const stack = platform.regionalStack('us-east-1');
  return { stack, resources: template(stack).toJSON().Resources as Resources };
};
const ofType = (resources: Resources, type: string) => Object.entries(resources).filter(([, r]) => r.Type === type).map(([id]) => id);

describe('create and delete order inside a regional stack', () => {
  test('the first master-password rotation waits for the writer instance (it connects to it)', () => {
    const { resources } = primary();
    const [schedule] = ofType(resources, 'AWS::SecretsManager::RotationSchedule');
    const instances = ofType(resources, 'AWS::RDS::DBInstance');
    const writer = instances.find((id) => id.includes('Writer'))!;
    expect(waitsFor(resources, schedule).has(writer)).toBe(true);
  });

  test('on destroy, the workloads (their Ingress) go before the ALB controller, which deletes the load balancer', () => {
    const { resources, stack } = primary();
    const controller = stack.getLogicalId(stack.cluster.albController.chart.node.defaultChild as never);
    for (const id of ofType(resources, 'Custom::AWSCDK-EKS-KubernetesResource').filter((x) => x.includes('Workloads'))) {
      expect(waitsFor(resources, id).has(controller)).toBe(true);
    }
  });

  test('node groups roll to the control plane version after it (they reference the cluster)', () => {
    const { resources, stack } = primary();
    const cluster = stack.getLogicalId(stack.cluster.cluster.node.defaultChild as never);
    for (const id of ofType(resources, 'AWS::EKS::Nodegroup')) {
      expect((resources[id].Properties as { Version?: string }).Version).toBe((resources[cluster].Properties as { Version: string }).Version);
      expect(waitsFor(resources, id).has(cluster)).toBe(true);
    }
  });

  test('global members do not claim automatic minor upgrades; the global cluster carries the version', () => {
    const { resources } = primary();
    for (const id of ofType(resources, 'AWS::RDS::DBInstance')) expect((resources[id].Properties as { AutoMinorVersionUpgrade: boolean }).AutoMinorVersionUpgrade).toBe(false);
    const { platform, template } = examplePlatform();
    const global = Object.values(template(platform.globalStack).findResources('AWS::RDS::GlobalCluster'))[0] as { Properties: { EngineVersion: string } };
    expect(global.Properties.EngineVersion).toBe('17.9');
  });
});
