import { criticalPath, dependencyGraph, fullDeploy, type StackEstimate } from '../../scripts/bench/critical-path';
import { examplePlatform } from './platform-fixture';

type Resources = Record<string, { Type: string; DependsOn?: string | string[]; Properties?: Record<string, unknown> }>;

/**
 * The deploy critical path of the example, from its templates and the typical create times of
 * scripts/bench/create-times.ts: the EKS chain (control plane → nodes → operators → workloads)
 * must not serialize what can run side by side.
 */
describe('deploy critical path of the example platform', () => {
  const { assembly } = examplePlatform();
  const regional = assembly.stacks.filter((s) => /^PaymentPlatform-[a-z]+-[a-z]+-\d$/.test(s.stackName));
  const resourcesOf = (name: string): Resources => assembly.getStackByName(name).template.Resources as Resources;
  /** Minutes until the workloads are applied: the longest chain to them (control plane → nodes → operators → workloads). */
  const eksPath = (resources: Resources): number => untilCreated(resources, Object.keys(resources).find((id) => /^ClusterWorkloads/.test(id))!) / 60;

  test.each(['PaymentPlatform-us-east-1', 'PaymentPlatform-eu-west-1'])('%s: the EKS chain up to the workloads takes ≤ 25 min', (name) => {
    expect(eksPath(resourcesOf(name))).toBeLessThanOrEqual(25);
  });

  // A regression guard at today's figures, not the budget: issue 17's targets (25 min per region,
  // 50 min in all) are not met yet. The regional dashboard's alarm-status widget waits for the reader
  // alarm, which adds 10 s to the writer → reader chain (26.08 min).
  test('each regional stack ≤ 26.1 min (the Aurora writer → reader chain, then the dashboard, is the longest)', () => {
    for (const s of regional) expect(criticalPath(s.template.Resources as Resources).seconds / 60).toBeLessThanOrEqual(26.1);
  });

  test('re-serializing the node groups after the networking add-ons and the monitoring stack after External Secrets is caught', () => {
    const resources = structuredClone(resourcesOf('PaymentPlatform-us-east-1'));
    const ids = Object.keys(resources);
    const cni = ids.find((id) => /^ClusterAddonsVpcCni[0-9A-F]{8}$/.test(id))!;
    const eso = ids.find((id) => /^ClusterchartExternalSecretsChart/.test(id))!;
    const prerequisites = ids.find((id) => /^ClustermanifestMonitoringPrerequisites/.test(id))!;
    for (const id of ids) {
      const r = resources[id];
      if (r.Type === 'AWS::EKS::Nodegroup') r.DependsOn = [...[r.DependsOn ?? []].flat(), cni];
      if (/^ClusterchartKubePrometheusStackChart/.test(id)) r.DependsOn = [...[r.DependsOn ?? []].flat(), prerequisites, eso];
    }
    expect(eksPath(resources)).toBeGreaterThan(27);
  });

  test('a full first deploy with --concurrency follows the stack dependencies: global → primary → secondary', () => {
    const stacks = new Map<string, StackEstimate>(assembly.stacks.map((s) => [s.stackName, {
      seconds: criticalPath(s.template.Resources as Resources).seconds,
      dependencies: s.dependencies.map((d) => d.id),
    }]));
    const full = fullDeploy(stacks);
    // The chain starts with the global stack or with the failover region's base stack, which the
    // primary's base (its backups replicate there) and so every other base waits for.
    expect(['PaymentPlatform-global', 'PaymentPlatform-eu-west-1-base']).toContain(full.chain[0]);
    expect(full.chain).toContain('PaymentPlatform-us-east-1');
    expect(full.seconds / 60).toBeLessThanOrEqual(54.4);
  });
});

/** Seconds until `to` is created: the critical path of `to` and everything it transitively depends on. */
function untilCreated(resources: Resources, to: string): number {
  const graph = dependencyGraph(resources);
  const sub: Resources = {};
  const todo = [to];
  while (todo.length) {
    const id = todo.pop()!;
    if (id in sub) continue;
    sub[id] = resources[id];
    todo.push(...graph.get(id)!);
  }
  return criticalPath(sub).seconds;
}
