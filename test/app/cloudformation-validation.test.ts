import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { examplePlatformConfig } from '../../bin/example-config';
import { PaymentPlatform } from '../../lib/stacks/payment-platform';
import { withToday } from '../support/fixtures';
import { TODAY } from './platform-fixture';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const cdkJson = require('../../cdk.json') as { context: Record<string, unknown> };

/**
 * aws-cdk-lib's built-in CloudFormation validator over the whole example, once: with the
 * project's `validateAgainstDefaultRules` flag a finding fails the synth, so a synth that returns
 * is a clean one (every finding the platform accepts is acknowledged on its construct). The other
 * suites synthesize the example with the validator off (platform-fixture.ts).
 */
describe('built-in CloudFormation validation of the example platform', () => {
  test('the whole example synthesizes with the validator on and no unacknowledged finding', () => {
    const app = new App({ context: { ...cdkJson.context } });
    new PaymentPlatform(withToday(app, TODAY), examplePlatformConfig, {});
    const assembly = app.synth();
    expect(assembly.stacks.map((s) => s.stackName)).toEqual(expect.arrayContaining(['PaymentPlatform-global', 'PaymentPlatform-us-east-1']));
  });

  test('fails on a template the validator rejects (the check is live)', () => {
    const app = new App({ context: { ...cdkJson.context } });
    const stack = new Stack(app, 'Broken', { env: { account: '123456789012', region: 'us-east-1' } });
    new ec2.CfnSecurityGroup(stack, 'Group', { groupDescription: 'probe', vpcId: 'vpc-1234', securityGroupIngress: [{ ipProtocol: 'tcp', fromPort: 70000, toPort: 70000, cidrIp: '10.0.0.0/8' }] });
    expect(() => app.synth()).toThrow(/\(CloudFormation Validate\)/);
  });
});
