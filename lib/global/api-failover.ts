import { CrossStackReferences, Duration, ReferenceStrength, Tags } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import type { ResolvedPlatformConfig } from '../config/platform-config';
import { apiHostnames } from '../edge/hostnames';
import { FAILOVER_BUDGET } from './recovery-objectives';

/** Regions Route 53 health checkers run in (the `Regions` property accepts only these). */
export const ROUTE53_HEALTH_CHECKER_REGIONS = [
  'us-east-1', 'us-west-1', 'us-west-2', 'eu-west-1', 'ap-southeast-1', 'ap-southeast-2', 'ap-northeast-1', 'sa-east-1',
] as const;

/** Props of {@link ApiFailoverRouting}. */
export interface ApiFailoverRoutingProps {
  /** The validated configuration (`regions`, `domain`). */
  readonly config: ResolvedPlatformConfig;
  /** The platform hosted zone the records are created in. */
  readonly hostedZone: route53.IHostedZone;
  /**
   * The secondary region the SECONDARY failover record answers with — the region whose database the
   * runbook promotes. Changing it is how a third region takes over the standby role.
   * @default - the first region with role `secondary`
   */
  readonly failoverRegion?: string;
  /**
   * Health-check request interval: 30 s (standard) or 10 s (fast, extra cost). Changing it replaces
   * the health checks.
   * @default 30
   */
  readonly healthCheckIntervalSeconds?: 10 | 30;
  /**
   * Regions the health checkers probe from (at least three of {@link ROUTE53_HEALTH_CHECKER_REGIONS}).
   * @default ['us-east-1', 'eu-west-1', 'ap-southeast-1']
   */
  readonly healthCheckerRegions?: string[];
}

/**
 * DNS failover of the API.
 *
 * - One HTTPS health check per region on `https://api-<region>.<zone><edge.healthCheckPath>` (port 443, SNI,
 *   3 failures, latency measured), from three continents.
 * - `api.<zone>` as a failover CNAME pair, TTL 60 s: PRIMARY → the primary region's regional name,
 *   SECONDARY → the failover region's regional name, each with its region's health check. Route 53
 *   answers with the secondary by itself as soon as the primary's check is unhealthy, and returns to
 *   the primary when it is healthy again.
 *
 * The targets are host names, not load balancers: ExternalDNS in each cluster publishes
 * `api-<region>.<zone>` as an alias of the ALB the AWS Load Balancer Controller created, so this
 * stack needs no ALB ARN and never changes when an ALB is recreated. ExternalDNS must be limited to
 * the regional name (it must not manage `api.<zone>`, which these records own).
 *
 * Failover routing has exactly one PRIMARY and one SECONDARY per name. Further secondary regions get
 * health checks (and alarms) and keep their regional names, so they can take the standby role by
 * changing `failoverRegion` — or be put behind the SECONDARY answer as a latency set; see
 * docs/failover.md.
 */
export class ApiFailoverRouting extends Construct {
  /** Health check per region. */
  public readonly healthChecks: Record<string, route53.HealthCheck> = {};
  /** The PRIMARY record of `api.<zone>`. */
  public readonly primaryRecord: route53.CnameRecord;
  /** The SECONDARY record of `api.<zone>`, absent with a single region. */
  public readonly secondaryRecord?: route53.CnameRecord;
  /** The region the SECONDARY record points at. */
  public readonly failoverRegion?: string;
  /** The global API hostname. */
  public readonly apiHostname: string;

  constructor(scope: Construct, id: string, props: ApiFailoverRoutingProps) {
    super(scope, id);
    const { config } = props;
    const interval = props.healthCheckIntervalSeconds ?? 30;
    if (interval !== 10 && interval !== 30) {
      throw new Error(`ApiFailoverRouting: healthCheckIntervalSeconds ${String(interval)} must be 10 (fast) or 30 (standard), the only intervals Route 53 offers.`);
    }
    const checkerRegions = props.healthCheckerRegions ?? ['us-east-1', 'eu-west-1', 'ap-southeast-1'];
    const unknown = checkerRegions.filter((r) => !(ROUTE53_HEALTH_CHECKER_REGIONS as readonly string[]).includes(r));
    if (unknown.length > 0 || new Set(checkerRegions).size < 3) {
      throw new Error(
        `ApiFailoverRouting: healthCheckerRegions ${JSON.stringify(checkerRegions)} must name at least three distinct Route 53 ` +
          `health-checker regions from ${ROUTE53_HEALTH_CHECKER_REGIONS.join(', ')}.`,
      );
    }
    const primary = config.regions.find((r) => r.role === 'primary');
    if (!primary) throw new Error("ApiFailoverRouting: config.regions has no region with role 'primary'; mark exactly one.");
    const secondaries = config.regions.filter((r) => r.role === 'secondary').map((r) => r.region);
    const failoverRegion = props.failoverRegion ?? secondaries[0];
    if (props.failoverRegion !== undefined && !secondaries.includes(props.failoverRegion)) {
      throw new Error(
        `ApiFailoverRouting: failoverRegion '${props.failoverRegion}' is not a secondary region of the configuration; ` +
          `use one of ${JSON.stringify(secondaries)}.`,
      );
    }

    for (const region of config.regions) {
      const check = new route53.HealthCheck(this, `HealthCheck-${region.region}`, {
        type: route53.HealthCheckType.HTTPS,
        fqdn: apiHostnames(config, region.region).regional,
        port: 443,
        resourcePath: config.edge.healthCheckPath,
        enableSNI: true,
        requestInterval: Duration.seconds(interval),
        failureThreshold: FAILOVER_BUDGET.healthCheckFailureThreshold,
        measureLatency: true,
        regions: checkerRegions,
      });
      Tags.of(check).add('Name', `${config.name}-${config.environment} API ${region.region} (${region.role})`);
      // The us-east-1 alarm stack reads the ids across regions (Fn::GetStackOutput) when this stack is elsewhere.
      CrossStackReferences.of(check).produce(ReferenceStrength.WEAK);
      this.healthChecks[region.region] = check;
    }

    const names = apiHostnames(config, primary.region);
    this.apiHostname = names.global;
    this.primaryRecord = this.record('Primary', props.hostedZone, names.global, primary.region, route53.Failover.PRIMARY, config);
    if (failoverRegion !== undefined) {
      this.failoverRegion = failoverRegion;
      this.secondaryRecord = this.record('Secondary', props.hostedZone, names.global, failoverRegion, route53.Failover.SECONDARY, config);
    }
  }

  private record(
    id: string, zone: route53.IHostedZone, name: string, region: string, failover: route53.Failover, config: ResolvedPlatformConfig,
  ): route53.CnameRecord {
    return new route53.CnameRecord(this, id, {
      zone,
      recordName: `${name}.`,
      domainName: apiHostnames(config, region).regional,
      ttl: Duration.seconds(FAILOVER_BUDGET.dnsTtlSeconds),
      failover,
      setIdentifier: `${failover.toLowerCase()}-${region}`,
      healthCheck: this.healthChecks[region],
      comment: `API ${failover.toLowerCase()}: ${region}`,
    });
  }
}
