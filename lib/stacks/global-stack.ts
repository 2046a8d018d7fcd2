import { Annotations, CfnOutput, Fn } from 'aws-cdk-lib';
import type * as route53 from 'aws-cdk-lib/aws-route53';
import type { Construct } from 'constructs';
import { GLOBAL_STACK_NAME, platformPrefix } from '../config/naming';
import { ApiFailoverRouting } from '../global/api-failover';
import { PlatformGlobalDatabase } from '../global/global-database';
import type { GlobalDatabaseMembershipSpec } from '../global/global-database';
import { HealthCheckAlarms, ROUTE53_METRICS_REGION } from '../global/health-check-alarms';
import { PlatformHostedZone } from '../global/hosted-zone';
import { RegionSwitchPlans } from '../global/region-switch-plan';
import type { ScalableWorkload } from '../global/region-switch-steps';
import { checkRecoveryObjectives } from '../global/recovery-objectives';
import { GitHubActionsIdentities } from '../delivery/github-actions-identities';
import { PlatformStack, PlatformStackProps } from './platform-stack';

/** Props of the global stack. */
export interface GlobalStackProps extends PlatformStackProps {
  /**
   * The secondary region `api.<zone>` fails over to (and whose database the runbook promotes).
   * @default - the first region with role `secondary`
   */
  readonly failoverRegion?: string;
  /**
   * Route 53 health-check interval: 30 (standard) or 10 (fast; detects a failure in 30 s instead of 90 s).
   * @default 30
   */
  readonly healthCheckIntervalSeconds?: 10 | 30;
  /**
   * Create the health-check alarms here when the stack is in us-east-1 (Route 53 publishes its
   * metrics only there). Outside us-east-1 `PaymentPlatform` puts them in `HealthAlarmsStack`.
   * @default true
   */
  readonly healthCheckAlarms?: boolean;
}

/**
 * The cross-region layer, deployed once in the primary region as `PaymentPlatform-global`, before any
 * regional stack: the hosted zone, health checks and failover records of the API name, alarms on the
 * health checks and the (empty) Aurora global database the regional clusters join (ECR replication
 * is in `RegistryReplicationStack`, deployed after the regions). It references nothing regional (records point at host names ExternalDNS
 * publishes), so regions can be deployed, destroyed and failed over without updating it.
 */
export class GlobalStack extends PlatformStack {
  public readonly zone: PlatformHostedZone;
  /** The platform hosted zone (pass to `platformHostedZone()` for regional stacks). */
  public readonly hostedZone: route53.IHostedZone;
  public readonly failover: ApiFailoverRouting;
  /**
   * The health-check alarms, in this stack when it is in us-east-1 (Route 53 metrics exist only
   * there); otherwise `PaymentPlatform` creates them in `HealthAlarmsStack` and this is undefined.
   */
  public readonly alarms?: HealthCheckAlarms;
  public readonly globalDatabase: PlatformGlobalDatabase;
  private regionSwitchPlans?: RegionSwitchPlans;
  /** GitHub Actions OIDC provider and CI roles (only with `config.delivery`). IAM is global, so they live here. */
  public readonly delivery?: GitHubActionsIdentities;
  /** Warnings from `checkRecoveryObjectives`, also reported as synth warnings. */
  public readonly recoveryWarnings: string[];
  private readonly healthCheckIntervalSeconds: number;

  constructor(scope: Construct, id: string, props: GlobalStackProps) {
    const primary = props.config.regions.find((r) => r.role === 'primary');
    if (!primary) throw new Error("GlobalStack: config.regions has no region with role 'primary'; mark exactly one.");
    super(scope, id, {
      stackName: GLOBAL_STACK_NAME,
      description: `${props.config.name} ${props.config.environment} payment platform, global layer (DNS failover, global database)`,
      ...props,
      env: { account: props.config.account, region: primary.region },
    });
    const { config } = props;

    this.zone = new PlatformHostedZone(this, 'HostedZone', { config });
    this.hostedZone = this.zone.hostedZone;
    this.failover = new ApiFailoverRouting(this, 'ApiFailover', {
      config,
      hostedZone: this.hostedZone,
      failoverRegion: props.failoverRegion,
      healthCheckIntervalSeconds: props.healthCheckIntervalSeconds,
    });
    if ((props.healthCheckAlarms ?? true) && primary.region === ROUTE53_METRICS_REGION) {
      this.alarms = new HealthCheckAlarms(this, 'HealthAlarms', {
        healthChecks: this.failover.healthChecks,
        namePrefix: platformPrefix(config),
        email: config.alarms.email,
        healthCheckPath: config.edge.healthCheckPath,
      });
    }
    this.globalDatabase = new PlatformGlobalDatabase(this, 'GlobalDatabase', { config });

    this.healthCheckIntervalSeconds = props.healthCheckIntervalSeconds ?? 30;
    if (config.delivery) {
      this.delivery = new GitHubActionsIdentities(this, 'Delivery', {
        config, delivery: config.delivery, primaryRegion: primary.region, regions: config.regions.map((r) => r.region),
      });
    }

    this.recoveryWarnings = checkRecoveryObjectives(config, { healthCheckIntervalSeconds: props.healthCheckIntervalSeconds });
    for (const w of this.recoveryWarnings) Annotations.of(this).addWarningV2('cdk-payment-platform:recoveryObjectives', w);

    new CfnOutput(this, 'HostedZoneId', {
      value: this.hostedZone.hostedZoneId,
      description: 'Set domain.hostedZoneId to this value so regional stacks in other regions can validate their certificates.',
    });
    if (this.zone.nameServers) {
      new CfnOutput(this, 'NameServers', {
        value: Fn.join(',', this.zone.nameServers),
        description: 'Delegate the zone to these name servers (registrar or parent zone) before deploying any region.',
      });
    }
    new CfnOutput(this, 'GlobalClusterIdentifier', { value: this.globalDatabase.identifier });
    new CfnOutput(this, 'ApiHostname', { value: this.failover.apiHostname });
  }

  /**
   * Adds the ARC Region switch plans (one per secondary region) that scale `workloads`, the
   * warm-standby Deployments of each region's chart. `PaymentPlatform` calls it once the regional
   * charts exist.
   */
  public addRegionSwitchPlans(workloads: Record<string, readonly ScalableWorkload[]>): RegionSwitchPlans {
    if (this.regionSwitchPlans) throw new Error('GlobalStack.addRegionSwitchPlans: the plans exist already; call it once.');
    const plans = new RegionSwitchPlans(this, 'RegionSwitch', {
      config: this.config,
      workloads,
      // The health-check alarms live in us-east-1 (this stack or PaymentPlatform-health-alarms), by name.
      healthAlarmArns: Object.fromEntries(this.config.regions.map((r) => [r.region,
        `arn:${this.partition}:cloudwatch:${ROUTE53_METRICS_REGION}:${this.config.account}:alarm:${platformPrefix(this.config)}-api-health-${r.region}`])),
      healthCheckIntervalSeconds: this.healthCheckIntervalSeconds,
    });
    this.regionSwitchPlans = plans;
    for (const [secondary, plan] of Object.entries(plans.plans)) {
      new CfnOutput(this, `RegionSwitchPlanArn-${secondary}`, {
        value: plan.attrArn,
        description: `ARC Region switch plan between the primary and ${secondary} (payment-platform-region-switch starts it).`,
      });
    }
    return plans;
  }

  /** The ARC Region switch plans (`addRegionSwitchPlans`); absent for a single-region platform. */
  public get regionSwitch(): RegionSwitchPlans | undefined {
    return this.regionSwitchPlans;
  }

  /** The `globalDatabase` prop for the `PaymentDatabase` of `region`. */
  public globalDatabaseMembership(region: string): GlobalDatabaseMembershipSpec {
    return this.globalDatabase.membershipFor(region);
  }
}
