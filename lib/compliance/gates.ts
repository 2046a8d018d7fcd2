import type { App } from 'aws-cdk-lib';

/**
 * The checks a synth can run, selectable with `cdk synth -c gates=…` (see {@link parseGates}):
 * - `aws-solutions`: cdk-nag's AwsSolutions pack;
 * - `pci-dss`: cdk-nag's PCI DSS 3.2.1 pack;
 * - `nist-800-53`: cdk-nag's NIST 800-53 R5 pack;
 * - `cfn-validation`: aws-cdk-lib's built-in CloudFormation validator;
 * - `control-tower`: the AWS Control Tower proactive controls (cfn-guard, optional peer).
 */
export const GATES = ['aws-solutions', 'pci-dss', 'nist-800-53', 'cfn-validation', 'control-tower'] as const;

/** One check of {@link GATES}. */
export type Gate = (typeof GATES)[number];

/** What a plain `cdk synth` runs: the three cdk-nag packs and the CloudFormation validator. */
export const DEFAULT_GATES: readonly Gate[] = ['aws-solutions', 'pci-dss', 'nist-800-53', 'cfn-validation'];

const isGate = (s: string): s is Gate => (GATES as readonly string[]).includes(s);

/**
 * Reads a gate selection: `all` (every gate, what CI runs), `none`, `default`
 * ({@link DEFAULT_GATES}), or a comma-separated list of gate names; an absent value is the default.
 * @throws Error naming the bad value and the accepted ones.
 */
export function parseGates(value: unknown, field = 'gates'): readonly Gate[] {
  if (value === undefined || value === null || value === '' || value === 'default') return DEFAULT_GATES;
  if (typeof value !== 'string') {
    throw new Error(`${field}: expected a comma-separated list of gates, got ${JSON.stringify(value)}. Use e.g. -c gates=all.`);
  }
  if (value === 'all') return GATES;
  if (value === 'none') return [];
  const names = value.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  const unknown = names.filter((n) => !isGate(n));
  if (unknown.length > 0 || names.length === 0) {
    throw new Error(`${field}: '${value}' names no known gate (${unknown.join(', ') || 'empty list'}). ` +
      `Use all, none, default, or a comma-separated list of ${GATES.join(', ')}.`);
  }
  return GATES.filter((g) => names.includes(g));
}

/**
 * The gates selected on the command line of `app` (`-c gates=…`; `-c controlTower=true`, the
 * older switch, adds `control-tower`).
 */
export function selectedGates(app: App): readonly Gate[] {
  const gates = parseGates(app.node.tryGetContext('gates'), '-c gates');
  const controlTower = app.node.tryGetContext('controlTower');
  return controlTower === true || controlTower === 'true' ? GATES.filter((g) => g === 'control-tower' || gates.includes(g)) : gates;
}
