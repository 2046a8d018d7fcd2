import type * as route53 from 'aws-cdk-lib/aws-route53';
import type { Construct } from 'constructs';
import { HEALTH_ALARMS_STACK_NAME, platformPrefix } from '../config/naming';
import { HealthCheckAlarms, ROUTE53_METRICS_REGION } from '../global/health-check-alarms';
import { PlatformStack, type PlatformStackProps } from './platform-stack';

/** Props of {@link HealthAlarmsStack}. */
export interface HealthAlarmsStackProps extends PlatformStackProps {
  /** The health checks of the global stack, by the region they probe (read with `Fn::GetStackOutput`). */
  readonly healthChecks: Record<string, route53.IHealthCheck>;
}

/**
 * The Route 53 health-check alarms, in us-east-1 — the only region Route 53 publishes health-check
 * metrics in — for a platform whose primary (and so global stack) region is another one:
 * `PaymentPlatform-health-alarms`. Its own encrypted topic; e-mail from `alarms.email`.
 */
export class HealthAlarmsStack extends PlatformStack {
  public readonly alarms: HealthCheckAlarms;

  constructor(scope: Construct, id: string, props: HealthAlarmsStackProps) {
    super(scope, id, {
      stackName: HEALTH_ALARMS_STACK_NAME,
      description: `${props.config.name} ${props.config.environment} payment platform, Route 53 health-check alarms (metrics exist only in ${ROUTE53_METRICS_REGION})`,
      ...props,
      env: { account: props.config.account, region: ROUTE53_METRICS_REGION },
    });
    this.alarms = new HealthCheckAlarms(this, 'HealthAlarms', {
      healthChecks: props.healthChecks,
      namePrefix: platformPrefix(props.config),
      email: props.config.alarms.email,
      healthCheckPath: props.config.edge.healthCheckPath,
    });
  }
}
