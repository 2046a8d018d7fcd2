import { examplePlatform } from './platform-fixture';

/**
 * One small, deliberate snapshot per stack: the resource inventory (count per CloudFormation type)
 * and the outputs. It changes when resources are added or removed, not when a property moves;
 * properties are asserted field by field in the construct tests.
 */
describe('stack inventory snapshots', () => {
  const { assembly } = examplePlatform();
  for (const stack of assembly.stacks) {
    test(stack.stackName, () => {
      const template = stack.template as { Resources: Record<string, { Type: string }>; Outputs?: Record<string, unknown> };
      const types: Record<string, number> = {};
      for (const r of Object.values(template.Resources)) types[r.Type] = (types[r.Type] ?? 0) + 1;
      const sorted = Object.fromEntries(Object.entries(types).sort(([a], [b]) => a.localeCompare(b)));
      expect({ resources: sorted, outputs: Object.keys(template.Outputs ?? {}).sort() }).toMatchSnapshot();
    });
  }
});
