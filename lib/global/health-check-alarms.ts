import { Annotations, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as route53 from 'aws-cdk-lib/aws-route53';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { limitGrantsToAwsServices } from '../security/platform-keys';
import { emailRule, PropChecks } from '../core/rules';

/** Route 53 publishes health-check metrics only in this region. */
export const ROUTE53_METRICS_REGION = 'us-east-1';

/** Props of {@link HealthCheckAlarms}. */
export interface HealthCheckAlarmsProps {
  /** Health checks to alarm on, by the region they probe. */
  readonly healthChecks: Record<string, route53.IHealthCheck>;
  /** Prefix of the alarm and topic names, e.g. `verypay-prod`. */
  readonly namePrefix: string;
  /**
   * E-mail address subscribed to the alarm topic.
   * @default - no subscription
   */
  readonly email?: string;
  /**
   * The path the health checks probe (named in the alarm description).
   * @default '/health'
   */
  readonly healthCheckPath?: string;
}

/**
 * Alarms on each Route 53 health check's `HealthCheckStatus` (minimum < 1 over one minute, missing
 * data is breaching), notifying an SNS topic encrypted with its own customer-managed key. Each alarm
 * also notifies when the check recovers. Route 53 metrics exist only in us-east-1 and an alarm cannot
 * watch another region's metric, so in a stack outside us-east-1 no alarm is created and a warning
 * says so (the topic is still created).
 */
export class HealthCheckAlarms extends Construct {
  public readonly topic: sns.ITopic;
  public readonly key: kms.IKey;
  /** Alarm per region; empty outside us-east-1. */
  public readonly alarms: Record<string, cloudwatch.Alarm> = {};

  constructor(scope: Construct, id: string, props: HealthCheckAlarmsProps) {
    super(scope, id);
    const checks = new PropChecks('HealthCheckAlarms', (v) => Token.isUnresolved(v));
    checks.prop('email', props.email, emailRule);
    checks.done();
    const key = new kms.Key(this, 'Key', {
      description: `${props.namePrefix} Route 53 health-check alarm topic`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    limitGrantsToAwsServices(key);
    // CloudWatch alarms publish to the encrypted topic with this key.
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    const topic = new sns.Topic(this, 'Topic', {
      topicName: `${props.namePrefix}-api-health`,
      displayName: `${props.namePrefix} API health`,
      masterKey: key,
      enforceSSL: true,
    });
    if (props.email) topic.addSubscription(new subs.EmailSubscription(props.email));
    this.topic = topic;
    this.key = key;

    const region = Stack.of(this).region;
    if (Token.isUnresolved(region) || region !== ROUTE53_METRICS_REGION) {
      Annotations.of(this).addWarningV2(
        'cdk-payment-platform:healthCheckAlarmsRegion',
        `Route 53 health-check metrics exist only in ${ROUTE53_METRICS_REGION}; this stack is in ${region}, so no health-check ` +
          'alarm was created. PaymentPlatform creates them in the us-east-1 stack PaymentPlatform-health-alarms (HealthAlarmsStack).',
      );
      return;
    }
    for (const [probed, check] of Object.entries(props.healthChecks)) {
      const alarm = new cloudwatch.Alarm(this, `Alarm-${probed}`, {
        alarmName: `${props.namePrefix}-api-health-${probed}`,
        alarmDescription: `API in ${probed} fails its Route 53 health check (https://...${props.healthCheckPath ?? '/health'}). If it is the primary, ` +
          'Route 53 already answers with the secondary; follow docs/failover.md to promote the secondary database.',
        metric: new cloudwatch.Metric({
          namespace: 'AWS/Route53',
          metricName: 'HealthCheckStatus',
          dimensionsMap: { HealthCheckId: check.healthCheckId },
          statistic: 'Minimum',
          period: Duration.minutes(1),
          region: ROUTE53_METRICS_REGION,
        }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.BREACHING,
        actionsEnabled: true,
      });
      alarm.addAlarmAction(new actions.SnsAction(topic));
      alarm.addOkAction(new actions.SnsAction(topic));
      this.alarms[probed] = alarm;
    }
  }
}
