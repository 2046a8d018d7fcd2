import { Arn, ArnFormat, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { regionalPrefix } from '../config/naming';
import {
  countryCodeRule, logRetentionDaysRule, pathRateLimitRule, PropChecks, repeatedIndexes, WAF_MAX_RATE, wafPathRule, wafRateLimitRule,
} from '../core/rules';
import type { PathRateLimit, ResolvedPlatformConfig } from '../config/platform-config';

/** AWS managed rule groups evaluated after the rate limits, in this order. */
export const API_MANAGED_RULE_GROUPS = [
  /** Addresses with a bad reputation (bots, scanners); cheapest, so first. */
  'AWSManagedRulesAmazonIpReputationList',
  /** OWASP-style common rules, including cross-site scripting (DrivoPay's XSS intent). */
  'AWSManagedRulesCommonRuleSet',
  /** Request patterns known to exploit vulnerabilities (Log4j, host-header injection, ...). */
  'AWSManagedRulesKnownBadInputsRuleSet',
  /** SQL injection (DrivoPay's SQLi intent). */
  'AWSManagedRulesSQLiRuleSet',
] as const;

/** Headers never written to the WAF logs (bearer tokens and session cookies are credentials). */
export const WAF_REDACTED_HEADERS = ['authorization', 'cookie'] as const;

/** Props of {@link ApiWebAcl}. */
export interface ApiWebAclProps {
  /**
   * The validated platform configuration. Read: `edge.rateLimitPer5Minutes`, `edge.pathRateLimits`,
   * `edge.geoAllowList`, `retention.logRetentionDays`, and the name/environment for resource names.
   */
  readonly config: ResolvedPlatformConfig;
  /**
   * Customer-managed key of the region's logs (the `logs` purpose key). It encrypts the WAF log group;
   * a statement allowing CloudWatch Logs of this region to use it for this log group only is added to
   * its key policy when the key is defined in this app.
   */
  readonly logsKey: kms.IKey;
  /**
   * The region (names the web ACL and log group).
   * @default - the region of the enclosing stack
   */
  readonly region?: string;
}

function visibility(metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty {
  return { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName };
}

/**
 * The regional WAF web ACL in front of the public ALB (the api-gateway Ingress annotation
 * `alb.ingress.kubernetes.io/wafv2-acl-arn` takes `webAclArn`). Default action allow; rules in order:
 *
 * 0. geo allow-list (only when `edge.geoAllowList` is set): block every other country;
 * 1. rate limit per client IP over 5 minutes (`edge.rateLimitPer5Minutes`, GlobalPay: 2,000);
 * 2. one tighter rate limit per `edge.pathRateLimits` entry, scoped down to URI paths starting with it;
 * then the AWS managed groups {@link API_MANAGED_RULE_GROUPS}.
 *
 * Every request is logged to the CloudWatch log group `aws-waf-logs-<prefix>` (WAF requires the prefix),
 * encrypted with the logs key, kept `retention.logRetentionDays` (PCI DSS 10.5.1), retained on stack
 * deletion, with the `authorization` and `cookie` headers redacted. WAF adds the log group's resource
 * policy for `delivery.logs.amazonaws.com` itself when the logging configuration is created.
 */
export class ApiWebAcl extends Construct {
  /** The web ACL. */
  public readonly webAcl: wafv2.CfnWebACL;
  /** ARN of the web ACL, for the ALB Ingress annotation. */
  public readonly webAclArn: string;
  /** The encrypted log group receiving the WAF logs. */
  public readonly logGroup: logs.ILogGroup;

  constructor(scope: Construct, id: string, props: ApiWebAclProps) {
    super(scope, id);
    const { config } = props;
    const stack = Stack.of(this);
    const region = props.region ?? stack.region;
    validateEdge(config);
    const prefix = Token.isUnresolved(region) ? `${config.name}-${config.environment}` : regionalPrefix(config, region);

    const rules: wafv2.CfnWebACL.RuleProperty[] = [];
    const geo = config.edge.geoAllowList;
    if (geo && geo.length > 0) {
      rules.push({
        name: 'GeoAllowList',
        priority: rules.length,
        action: { block: {} },
        statement: { notStatement: { statement: { geoMatchStatement: { countryCodes: [...geo] } } } },
        visibilityConfig: visibility('GeoAllowList'),
      });
    }
    rules.push({
      name: 'RateLimitPerIp',
      priority: rules.length,
      action: { block: {} },
      statement: {
        rateBasedStatement: { limit: config.edge.rateLimitPer5Minutes, aggregateKeyType: 'IP', evaluationWindowSec: 300 },
      },
      visibilityConfig: visibility('RateLimitPerIp'),
    });
    config.edge.pathRateLimits.forEach((p, i) => {
      rules.push({
        name: `RateLimitPath${i + 1}`,
        priority: rules.length,
        action: { block: {} },
        statement: {
          rateBasedStatement: {
            limit: p.limit,
            aggregateKeyType: 'IP',
            evaluationWindowSec: 300,
            scopeDownStatement: {
              byteMatchStatement: {
                fieldToMatch: { uriPath: {} },
                positionalConstraint: 'STARTS_WITH',
                searchString: p.path,
                textTransformations: [{ priority: 0, type: 'NONE' }],
              },
            },
          },
        },
        visibilityConfig: visibility(`RateLimitPath${i + 1}`),
      });
    });
    for (const group of API_MANAGED_RULE_GROUPS) {
      rules.push({
        name: group,
        priority: rules.length,
        overrideAction: { none: {} },
        statement: { managedRuleGroupStatement: { vendorName: 'AWS', name: group } },
        visibilityConfig: visibility(group),
      });
    }

    this.webAcl = new wafv2.CfnWebACL(this, 'Resource', {
      name: `${prefix}-api`,
      description: `${config.name} ${config.environment} API: geo, rate limits, AWS managed rules`,
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      rules,
      visibilityConfig: visibility(`${prefix}-api`),
    });
    this.webAclArn = this.webAcl.attrArn;

    const logGroupName = `aws-waf-logs-${prefix}`;
    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      logGroupName,
      encryptionKey: props.logsKey,
      retention: logRetentionDays(config) as logs.RetentionDays,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // CloudWatch Logs encrypts with the key; scoped to this log group through the encryption context.
    props.logsKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: `AllowCloudWatchLogs${logGroupName.replace(/[^A-Za-z0-9]/g, '')}`,
        principals: [new iam.ServicePrincipal(`logs.${region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnEquals: {
            'kms:EncryptionContext:aws:logs:arn': Arn.format(
              { service: 'logs', region, resource: 'log-group', resourceName: logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME },
              stack,
            ),
          },
        },
      }),
    );

    const logging = new wafv2.CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.webAcl.attrArn,
      // WAF rejects the `:*`-suffixed ARN that the log group's `Arn` attribute returns.
      logDestinationConfigs: [
        Arn.format({ service: 'logs', region, resource: 'log-group', resourceName: logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME }, stack),
      ],
      redactedFields: WAF_REDACTED_HEADERS.map((name) => ({ singleHeader: { Name: name } })),
    });
    logging.node.addDependency(this.logGroup);
  }
}

/**
 * The construct's own check of the settings it reads (for callers that build the configuration
 * themselves), with the rules the configuration schema uses; every problem at once.
 */
function validateEdge(config: ResolvedPlatformConfig): void {
  const { edge } = config;
  const checks = new PropChecks('ApiWebAcl', (v) => Token.isUnresolved(v));
  // A per-path limit is compared with the global one only when that is valid itself.
  const globalOk = checks.prop('edge.rateLimitPer5Minutes', edge.rateLimitPer5Minutes, wafRateLimitRule);
  const global = globalOk ? edge.rateLimitPer5Minutes : WAF_MAX_RATE + 1;
  edge.pathRateLimits.forEach((p: PathRateLimit, i) => {
    checks.prop(`edge.pathRateLimits[${i}].path`, p.path, wafPathRule);
    checks.prop(`edge.pathRateLimits[${i}].limit`, p.limit, pathRateLimitRule(global));
  });
  for (const i of repeatedIndexes(edge.pathRateLimits.map((p) => p.path))) {
    checks.add(`edge.pathRateLimits[${i}].path`, edge.pathRateLimits[i].path, 'is listed twice; keep one entry per path');
  }
  if (edge.geoAllowList !== undefined) {
    if (edge.geoAllowList.length === 0) {
      checks.add('edge.geoAllowList', [], "must be a non-empty list of ISO 3166 country codes such as ['US', 'GB'], or be omitted for no geo restriction (empty would block every country)");
    }
    edge.geoAllowList.forEach((c, i) => checks.prop(`edge.geoAllowList[${i}]`, c, countryCodeRule));
  }
  checks.prop('retention.logRetentionDays', logRetentionDays(config), logRetentionDaysRule);
  checks.done();
}

function logRetentionDays(config: ResolvedPlatformConfig): number {
  return config.retention.logRetentionDays;
}
