/*
 * The synth-time checks of the Region switch plans: the RTO warning (true for a configuration
 * whose plans cannot meet it, silent when they can) and the cdk-nag acknowledgements of the
 * roles' wildcard ARNs (each acknowledges exactly the ARN AWS's format forces, nothing wider).
 */
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { PlatformConfig } from '../../lib/config/platform-config';
import type { ScalableWorkload } from '../../lib/global/region-switch-steps';
import { GlobalStack } from '../../lib/stacks/global-stack';
import { nagFindings } from '../support/compliance';
import { exampleConfig, testApp } from '../support/fixtures';

const WORKLOADS: ScalableWorkload[] = [
  { namespace: 'verypay-api', name: 'api-gateway', hpaName: 'api-gateway' },
  { namespace: 'verypay-api', name: 'payment-service', hpaName: 'payment-service' },
];

function build(overrides: Partial<PlatformConfig> = {}) {
  const config = exampleConfig(overrides);
  const stack = new GlobalStack(testApp(), 'Global', { config });
  const plans = stack.addRegionSwitchPlans(Object.fromEntries(config.regions.map((r) => [r.region, WORKLOADS])));
  return { stack, plans };
}

const RTO_WARNING = Match.stringLikeRegexp('regionSwitchRto|a Region switch execution is expected to take');

describe('regionSwitchRto warning', () => {
  test('the example (production, approval, 6 minutes) meets its RTO: no warning', () => {
    const { stack, plans } = build();
    expect(plans.expectedSeconds).toBe(330);
    Annotations.fromStack(stack).hasNoWarning('*', RTO_WARNING);
  });

  test('fails when an approved production plan keeps the 5-minute RTO: the warning names the field and the fix', () => {
    const { stack } = build({ recovery: { rtoMinutes: 5 } });
    Annotations.fromStack(stack).hasWarning('/Global/RegionSwitch', Match.stringLikeRegexp(
      '^recovery\\.rtoMinutes 5: a Region switch execution is expected to take 330 s .*Raise recovery\\.rtoMinutes to at least 6, or set recovery\\.approval to false\\.'));
  });

  test('5 minutes without approval (270 s expected) meets the RTO', () => {
    const { stack, plans } = build({ recovery: { rtoMinutes: 5, approval: false } });
    expect(plans.expectedSeconds).toBe(270);
    Annotations.fromStack(stack).hasNoWarning('*', RTO_WARNING);
  });
});

describe('Region switch roles and cdk-nag', () => {
  const iam5 = (stack: GlobalStack) => nagFindings(stack).filter((f) => f.startsWith('AwsSolutions-IAM5') && f.includes('/RegionSwitch/'));

  test('every wildcard ARN of the execution and approval policies is acknowledged', () => {
    expect(iam5(build().stack)).toEqual([]);
  });

  test('fails when a policy is widened beyond the acknowledged ARNs (a new wildcard is a finding)', () => {
    const { stack, plans } = build();
    const policy = plans.roles.executionRole.node.scope!.node.findChild('ExecutionPolicy') as iam.ManagedPolicy;
    policy.addStatements(new iam.PolicyStatement({ actions: ['rds:FailoverGlobalCluster'], resources: [`arn:${stack.partition}:rds::${stack.account}:global-cluster:*`] }));
    expect(iam5(stack)).toEqual([expect.stringMatching(/^AwsSolutions-IAM5\[Resource::arn:aws:rds::123456789012:global-cluster:\*\] @ Global\/RegionSwitch\/Roles\/ExecutionPolicy\/Resource$/)]);
  });
});
