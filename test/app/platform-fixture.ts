import { withToday } from '../support/fixtures';
import { App, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { examplePlatformConfig } from '../../bin/example-config';
import { PaymentPlatform } from '../../lib/stacks/payment-platform';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const cdkJson = require('../../cdk.json') as { context: Record<string, unknown> };

/** The date the Kubernetes version guard sees in these tests (1.35 is in standard support). */
export const TODAY = new Date('2026-11-22T00:00:00Z');

export interface BuiltPlatform {
  readonly app: App;
  readonly platform: PaymentPlatform;
  readonly assembly: CloudAssembly;
  /**
   * The synthesized template of a stack. Use this, not `Template.fromStack`, which synthesizes
   * the app again (and so runs every validation plugin again).
   */
  readonly template: (stack: Stack) => Template;
}

const built = new Map<boolean, BuiltPlatform>();

/**
 * The example platform, built and synthesized once per test file (the four stacks take a few
 * seconds), with the project's feature flags. The built-in CloudFormation validator is off unless
 * asked for (`{ cloudFormationValidation: true }`, built separately once): its engine costs about
 * 3.5 s of CPU to start in every test file and as much again to check the templates, and only the
 * suites that read its report need it. cdk-nag runs once, through `nagFindings` in the tests
 * (`addComplianceChecks` itself is tested in test/compliance; the Control Tower controls run in
 * CI's `npm run synth:control-tower`).
 */
export function examplePlatform(options: { readonly cloudFormationValidation?: boolean } = {}): BuiltPlatform {
  const validation = options.cloudFormationValidation ?? false;
  let b = built.get(validation);
  if (!b) {
    const app = new App({ context: { ...cdkJson.context }, builtinCloudFormationValidation: validation });
    const platform = new PaymentPlatform(withToday(app, TODAY), examplePlatformConfig, {});
    const assembly = app.synth();
    b = { app, platform, assembly, template: (stack) => Template.fromJSON(assembly.getStackArtifact(stack.artifactId).template) };
    built.set(validation, b);
  }
  return b;
}
