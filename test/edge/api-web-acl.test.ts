import { expectRejected } from '../support/invalid-case';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { EdgeConfig, RetentionConfig } from '../../lib/config/platform-config';
import { API_MANAGED_RULE_GROUPS, ApiWebAcl } from '../../lib/edge/api-web-acl';
import { nagFindings } from '../support/compliance';
import { exampleConfig, testStack } from '../support/fixtures';

interface Rule {
  Name: string;
  Priority: number;
  Action?: Record<string, unknown>;
  OverrideAction?: Record<string, unknown>;
  Statement: Record<string, unknown>;
}

function build(edge?: EdgeConfig, retention?: RetentionConfig) {
  const stack = testStack();
  const logsKey = new kms.Key(stack, 'LogsKey', { enableKeyRotation: true });
  // Resolved config with raw overrides: exercises the construct's own checks, not only the config validator's.
  const base = exampleConfig();
  const config = {
    ...base,
    edge: { ...base.edge, ...edge },
    retention: { ...base.retention, ...retention },
  };
  const acl = new ApiWebAcl(stack, 'WebAcl', { config, logsKey });
  return { stack, acl, logsKey, template: Template.fromStack(stack) };
}

function rules(template: Template): Rule[] {
  const acls = template.findResources('AWS::WAFv2::WebACL');
  const [acl] = Object.values(acls) as { Properties: { Rules: Rule[] } }[];
  return [...acl.Properties.Rules].sort((a, b) => a.Priority - b.Priority);
}

describe('ApiWebAcl', () => {
  test('is a regional web ACL that allows by default', () => {
    const { template } = build();
    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Name: 'verypay-prod-use1-api',
      Scope: 'REGIONAL',
      DefaultAction: { Allow: {} },
      VisibilityConfig: { CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true, MetricName: 'verypay-prod-use1-api' },
    });
  });

  test('orders the rules: global rate limit, per-path limits, managed groups (no geo rule by default)', () => {
    const { template } = build();
    const r = rules(template);
    expect(r.map((x) => [x.Priority, x.Name])).toEqual([
      [0, 'RateLimitPerIp'],
      [1, 'RateLimitPath1'],
      ...API_MANAGED_RULE_GROUPS.map((g, i) => [i + 2, g]),
    ]);
    expect(API_MANAGED_RULE_GROUPS).toEqual([
      'AWSManagedRulesAmazonIpReputationList',
      'AWSManagedRulesCommonRuleSet',
      'AWSManagedRulesKnownBadInputsRuleSet',
      'AWSManagedRulesSQLiRuleSet',
    ]);
  });

  test('global rate limit blocks per IP over a 5-minute window', () => {
    const r = rules(build().template);
    expect(r[0]).toMatchObject({
      Action: { Block: {} },
      Statement: { RateBasedStatement: { Limit: 2000, AggregateKeyType: 'IP', EvaluationWindowSec: 300 } },
    });
  });

  test('per-path limit is scoped down to URI paths starting with the prefix', () => {
    const r = rules(build().template);
    expect(r[1]).toEqual({
      Name: 'RateLimitPath1',
      Priority: 1,
      Action: { Block: {} },
      Statement: {
        RateBasedStatement: {
          Limit: 300,
          AggregateKeyType: 'IP',
          EvaluationWindowSec: 300,
          ScopeDownStatement: {
            ByteMatchStatement: {
              FieldToMatch: { UriPath: {} },
              PositionalConstraint: 'STARTS_WITH',
              SearchString: '/v1/payments',
              TextTransformations: [{ Priority: 0, Type: 'NONE' }],
            },
          },
        },
      },
      VisibilityConfig: { CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true, MetricName: 'RateLimitPath1' },
    });
  });

  test('managed groups use the AWS vendor, no override, and their own metrics', () => {
    const r = rules(build().template).slice(2);
    for (const [i, rule] of r.entries()) {
      expect(rule).toMatchObject({
        OverrideAction: { None: {} },
        Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: API_MANAGED_RULE_GROUPS[i] } },
      });
      expect(rule.Action).toBeUndefined();
    }
  });

  test('geo allow-list comes first and blocks every other country', () => {
    const r = rules(build({ geoAllowList: ['US', 'GB'], rateLimitPer5Minutes: 1500, pathRateLimits: [{ path: '/a', limit: 100 }, { path: '/b', limit: 50 }] }).template);
    expect(r.map((x) => x.Name)).toEqual(['GeoAllowList', 'RateLimitPerIp', 'RateLimitPath1', 'RateLimitPath2', ...API_MANAGED_RULE_GROUPS]);
    expect(r[0]).toMatchObject({
      Priority: 0,
      Action: { Block: {} },
      Statement: { NotStatement: { Statement: { GeoMatchStatement: { CountryCodes: ['US', 'GB'] } } } },
    });
    expect(r[1]).toMatchObject({ Priority: 1, Statement: { RateBasedStatement: { Limit: 1500 } } });
    expect(r[3]).toMatchObject({ Priority: 3, Statement: { RateBasedStatement: { Limit: 50, ScopeDownStatement: { ByteMatchStatement: { SearchString: '/b' } } } } });
  });

  test('logs to an aws-waf-logs- group, KMS-encrypted, kept a year, retained, with credentials redacted', () => {
    const { template, stack } = build();
    const keyId = stack.getLogicalId(stack.node.findChild('LogsKey').node.defaultChild as kms.CfnKey);
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: { LogGroupName: 'aws-waf-logs-verypay-prod-use1', RetentionInDays: 365, KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    template.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      ResourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^WebAcl'), 'Arn'] },
      LogDestinationConfigs: [
        // The bare log-group ARN: WAF rejects the `:*` suffix of the LogGroup's Arn attribute.
        'arn:aws:logs:us-east-1:123456789012:log-group:aws-waf-logs-verypay-prod-use1',
      ],
      RedactedFields: [{ SingleHeader: { Name: 'authorization' } }, { SingleHeader: { Name: 'cookie' } }],
    });
  });

  test('lets CloudWatch Logs of the region use the key for this log group only', () => {
    const { template } = build();
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'logs.us-east-1.amazonaws.com' },
            Condition: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': Match.anyValue() } },
          }),
        ]),
      },
    });
  });

  test('has no unacknowledged cdk-nag findings', () => {
    const { stack } = build();
    expect(nagFindings(stack)).toEqual([]);
  });

  describe('fails when (the rules of lib/core/rules, one PlatformConfigError)', () => {
    test.each<[string, EdgeConfig, string, string]>([
      ['the global rate limit is below WAF minimum', { rateLimitPer5Minutes: 5 }, 'edge.rateLimitPer5Minutes', 'must be an integer from 10 to 2000000000'],
      ['the global rate limit is fractional', { rateLimitPer5Minutes: 100.5 }, 'edge.rateLimitPer5Minutes', 'must be an integer from 10'],
      ['a path does not start with /', { pathRateLimits: [{ path: 'v1/pay', limit: 100 }] }, 'edge.pathRateLimits[0].path', "must be a path prefix starting with '/'"],
      ['a path contains a space', { pathRateLimits: [{ path: '/v1/ pay', limit: 100 }] }, 'edge.pathRateLimits[0].path', 'without spaces'],
      ['a path is listed twice', { pathRateLimits: [{ path: '/a', limit: 100 }, { path: '/a', limit: 20 }] }, 'edge.pathRateLimits[1].path', 'is listed twice'],
      ['a path limit is too low', { pathRateLimits: [{ path: '/a', limit: 9 }] }, 'edge.pathRateLimits[0].limit', 'must be an integer from 10 (the WAF minimum)'],
      ['a path limit is not below the global limit', { pathRateLimits: [{ path: '/a', limit: 2000 }] }, 'edge.pathRateLimits[0].limit', 'to below the global rateLimitPer5Minutes (2000)'],
      ['the geo allow-list is empty', { geoAllowList: [] }, 'edge.geoAllowList', 'must be a non-empty list of ISO 3166 country codes'],
      ['a country code is not ISO alpha-2', { geoAllowList: ['US', 'usa'] }, 'edge.geoAllowList[1]', 'must be a 2-letter upper-case ISO 3166 country code'],
    ])('%s', (what, edge, field, fix) => {
      expectRejected(() => build(edge), { what, input: edge, field, fix });
      expect(() => build(edge)).toThrow(/^Invalid ApiWebAcl props \(1 problem\):/);
    });

    test('the log retention is not a CloudWatch Logs value', () => {
      expectRejected(() => build(undefined, { logRetentionDays: 366 }),
        { what: 'retention', input: 366, field: 'retention.logRetentionDays', fix: 'must be a value CloudWatch Logs accepts: one of 365, 400' });
    });
  });
});
