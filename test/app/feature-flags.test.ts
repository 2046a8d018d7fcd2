import { withToday } from '../support/fixtures';
import { App } from 'aws-cdk-lib';
import { examplePlatformConfig } from '../../bin/example-config';
import { PLATFORM_FEATURE_FLAGS } from '../../lib/stacks/feature-flags';
import { PaymentPlatform } from '../../lib/stacks/payment-platform';
import { TODAY } from './platform-fixture';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const cdkJson = require('../../cdk.json') as { context: Record<string, unknown> };

type Templates = Record<string, { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> }>;

/** Synthesizes the example platform with the given app context; templates by stack name. */
function synth(context: Record<string, unknown>): Templates {
  const app = new App({ context, builtinCloudFormationValidation: false });
  new PaymentPlatform(withToday(app, TODAY), examplePlatformConfig, {});
  const asm = app.synth();
  return Object.fromEntries(asm.stacks.map((s) => [s.stackName, s.template]));
}

describe('a consumer without the cdk init feature flags gets the same platform', () => {
  const withFlags = synth({ ...cdkJson.context });
  const withoutFlags = synth({});
  const flipped = synth(Object.fromEntries(Object.entries(PLATFORM_FEATURE_FLAGS).map(([k, v]) => [k, typeof v === 'boolean' ? !v : 'strong'])));

  test.each(Object.keys(withFlags))('%s: identical resources with no feature flags and with the opposite values', (stack) => {
    expect(withoutFlags[stack]).toEqual(withFlags[stack]);
    expect(flipped[stack]).toEqual(withFlags[stack]);
  });

  test('the kubectl provider functions log to retained log groups under the logs key, whatever the flags', () => {
    for (const templates of [withoutFlags, flipped]) {
      const resources = Object.values(templates['PaymentPlatform-us-east-1'].Resources);
      const kubectlLogGroups = resources.filter((r) => r.Type === 'AWS::Logs::LogGroup' && JSON.stringify(r).includes('KubectlProvider'));
      expect(kubectlLogGroups.length).toBe(2);
      for (const lg of kubectlLogGroups) {
        expect(lg.Properties).toEqual(expect.objectContaining({ RetentionInDays: expect.any(Number), KmsKeyId: expect.anything() }));
        expect(lg.Properties!.RetentionInDays as number).toBeGreaterThanOrEqual(365);
      }
    }
  });

  test('references to the base stacks are weak (Fn::GetStackOutput), never exports that lock them', () => {
    const regional = JSON.stringify(withoutFlags['PaymentPlatform-us-east-1']);
    expect(regional).toContain('Fn::GetStackOutput');
    expect(regional).not.toContain('Fn::ImportValue');
  });
});
