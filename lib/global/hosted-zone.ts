import { CrossStackReferences, ReferenceStrength, RemovalPolicy, Token } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import type { ResolvedPlatformConfig } from '../config/platform-config';

/** Props of {@link PlatformHostedZone}. */
export interface PlatformHostedZoneProps {
  /** The validated configuration: `domain.zoneName`, and `domain.hostedZoneId` to import instead of create. */
  readonly config: ResolvedPlatformConfig;
}

/**
 * The platform's public hosted zone, in the global stack: imported when `domain.hostedZoneId` is set,
 * otherwise created (and retained on stack deletion, since its name servers are delegated to from the
 * parent domain). Other stacks reference a created zone weakly (`Fn::GetStackOutput`, which works
 * across regions). A created zone must be delegated (NS records at the registrar or parent zone) before
 * ACM can validate any regional certificate — see docs/failover.md, "Deploy order".
 */
export class PlatformHostedZone extends Construct {
  public readonly hostedZone: route53.IHostedZone;
  /** True when this construct created the zone. */
  public readonly created: boolean;
  /** Name servers of a created zone (to delegate to); undefined for an imported zone. */
  public readonly nameServers?: string[];

  constructor(scope: Construct, id: string, props: PlatformHostedZoneProps) {
    super(scope, id);
    const { zoneName, hostedZoneId } = props.config.domain;
    checkZoneName(zoneName);
    if (hostedZoneId !== undefined) {
      checkZoneId(hostedZoneId);
      this.hostedZone = route53.HostedZone.fromHostedZoneAttributes(this, 'Resource', { hostedZoneId, zoneName });
      this.created = false;
    } else {
      const zone = new route53.PublicHostedZone(this, 'Resource', {
        zoneName,
        comment: `${props.config.name} ${props.config.environment} payment platform (API failover records)`,
      });
      zone.applyRemovalPolicy(RemovalPolicy.RETAIN);
      // Regional stacks in other regions read the zone id with Fn::GetStackOutput (see platformHostedZone).
      CrossStackReferences.of(zone).produce(ReferenceStrength.WEAK);
      this.hostedZone = zone;
      this.created = true;
      this.nameServers = zone.hostedZoneNameServers;
    }
  }
}

/** Options of {@link platformHostedZone}. */
export interface PlatformHostedZoneReferenceOptions {
  /**
   * The zone the global stack created (`GlobalStack.hostedZone`), used when `domain.hostedZoneId`
   * is not configured.
   * @default - none: `domain.hostedZoneId` must be configured
   */
  readonly globalZone?: route53.IHostedZone;
}

/**
 * The platform hosted zone as seen from a regional stack (for `ApiCertificate` / `ApiEdge`).
 *
 * - `domain.hostedZoneId` configured: imported by attributes. No reference to the global stack at
 *   all, so every region can be deployed entirely on its own.
 * - not configured: a reference to `globalZone`. `PlatformHostedZone` makes every reference to the
 *   zone it creates *weak*, so CDK renders it as `Fn::GetStackOutput` with the global stack's name
 *   and region — CloudFormation reads the output across regions itself (no export, no custom
 *   resource, no SSM parameter) — and adds the stack dependency, so `cdk deploy --all` deploys the
 *   global stack first. The zone is retained and the global stack termination-protected, which covers
 *   the one risk of a weak reference (the producer disappearing under its consumers).
 */
export function platformHostedZone(
  scope: Construct,
  id: string,
  config: Pick<ResolvedPlatformConfig, 'domain'>,
  options: PlatformHostedZoneReferenceOptions = {},
): route53.IHostedZone {
  const { zoneName, hostedZoneId } = config.domain;
  if (hostedZoneId !== undefined) {
    checkZoneId(hostedZoneId);
    return route53.HostedZone.fromHostedZoneAttributes(scope, id, { hostedZoneId, zoneName });
  }
  if (!options.globalZone) {
    throw new Error(
      `platformHostedZone: domain.hostedZoneId is not configured and no globalZone was given for '${zoneName}'. ` +
        'Pass `globalZone: globalStack.hostedZone`, or set domain.hostedZoneId to the id of the existing zone.',
    );
  }
  if (!Token.isUnresolved(options.globalZone.zoneName) && options.globalZone.zoneName !== zoneName) {
    throw new Error(`platformHostedZone: globalZone '${options.globalZone.zoneName}' is not the platform zone '${zoneName}' (domain.zoneName).`);
  }
  return route53.HostedZone.fromHostedZoneAttributes(scope, id, { hostedZoneId: options.globalZone.hostedZoneId, zoneName });
}

function checkZoneName(zoneName: string): void {
  if (!/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(zoneName)) {
    throw new Error(`PlatformHostedZone: domain.zoneName '${zoneName}' is not a lower-case DNS name such as 'verypay.example.com' (no trailing dot).`);
  }
}

function checkZoneId(hostedZoneId: string): void {
  if (!Token.isUnresolved(hostedZoneId) && !/^Z[A-Z0-9]{1,31}$/.test(hostedZoneId)) {
    throw new Error(`PlatformHostedZone: domain.hostedZoneId '${hostedZoneId}' is not a Route 53 zone id such as 'Z0123456789ABCDEFGHIJ' (without '/hostedzone/').`);
  }
}
