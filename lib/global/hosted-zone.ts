import { RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
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
 * parent domain). A created zone must be delegated (NS records at the registrar or parent zone) before
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
   * is not configured. A stack in the global stack's region references it through an ordinary
   * CloudFormation export.
   * @default - none: `domain.hostedZoneId` must be configured
   */
  readonly globalZone?: route53.IHostedZone;
  /**
   * Allow a reference to `globalZone` from a stack in another region. Both stacks must then be
   * created with `crossRegionReferences: true` (CDK writes the zone id to SSM parameters in the
   * consumer's region with a custom resource). Prefer configuring `domain.hostedZoneId`.
   * @default false
   */
  readonly allowCrossRegionReference?: boolean;
}

/**
 * The platform hosted zone as seen from a regional stack (for `ApiCertificate` / `ApiEdge`).
 *
 * - `domain.hostedZoneId` configured: imported by attributes. No reference to the global stack at
 *   all, so every region can be deployed on its own. The recommended production set-up: the zone
 *   must be delegated before certificates can validate, so its id is known by then anyway.
 * - not configured, same region as the global stack: a CloudFormation export of `globalZone`.
 * - not configured, another region: an error naming `domain.hostedZoneId`, unless
 *   `allowCrossRegionReference` is set (see there).
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
  const region = Stack.of(scope).region;
  if (!options.globalZone) {
    throw new Error(
      `platformHostedZone: domain.hostedZoneId is not configured and no globalZone was given for '${zoneName}'. ` +
        'Pass `globalZone: globalStack.hostedZone`, or set domain.hostedZoneId to the id of the existing zone.',
    );
  }
  const globalRegion = Stack.of(options.globalZone).region;
  if (!options.allowCrossRegionReference && (Token.isUnresolved(region) || region !== globalRegion)) {
    throw new Error(
      `platformHostedZone: domain.hostedZoneId is required for a stack in ${region}: the global stack creates the zone ` +
        `'${zoneName}' in ${globalRegion}, and CloudFormation cannot pass its id across regions. Deploy the global stack, ` +
        'delegate the zone to the name servers it outputs, then set domain.hostedZoneId to its HostedZoneId output ' +
        '(or opt in to allowCrossRegionReference with crossRegionReferences: true on both stacks).',
    );
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
