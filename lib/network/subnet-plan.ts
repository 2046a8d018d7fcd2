/**
 * Subnet sizes of the platform VPC. Pure functions, so the plan can be checked before any
 * construct exists.
 *
 * Three tiers per availability zone, allocated in this order (largest first, so the smaller
 * tiers never lose address space to alignment):
 * - `private` (private with egress): EKS nodes and pods (VPC CNI gives every pod a VPC address),
 *   so it gets about three quarters of the VPC;
 * - `public`: NAT gateways and the internet-facing ALB only;
 * - `database`: isolated, PostgreSQL and Redis.
 *
 * Default masks for a VPC of prefix `p` and `n` zones: private `p + ceil(log2(n / 0.75))`,
 * public and database `p + 3 + ceil(log2(n))`. For 3 zones that is a /18 + /21 + /21 per zone in a
 * /16 VPC and a /22 + /25 + /25 in a /20 VPC; every /16–/20 VPC with 2–6 zones fits.
 */
export interface SubnetMasks {
  /** Mask of each private-with-egress (application) subnet. */
  readonly private: number;
  /** Mask of each public subnet. */
  readonly public: number;
  /** Mask of each isolated (database) subnet. */
  readonly database: number;
}

import { invalidProp, parseCidr } from '../core/rules';

/** AWS accepts subnet masks from /16 to /28. */
const MIN_MASK = 16;
const MAX_MASK = 28;

/** The prefix length of an IPv4 CIDR such as `10.0.0.0/16` (the rules' CIDR parser). */
export function cidrPrefix(cidr: string): number {
  const parsed = parseCidr(cidr);
  if (typeof parsed === 'string') invalidProp('PlatformNetwork', 'region.cidr', cidr, parsed);
  return parsed.prefix;
}

/** The default masks for a VPC prefix and a number of availability zones. */
export function defaultSubnetMasks(vpcPrefix: number, zones: number): SubnetMasks {
  const zoneBits = Math.ceil(Math.log2(Math.max(zones, 1)));
  const small = vpcPrefix + 3 + zoneBits;
  return { private: vpcPrefix + Math.ceil(Math.log2(Math.max(zones, 1) / 0.75)), public: small, database: small };
}

/**
 * Throws unless `zones` subnets of each mask fit in the VPC when allocated in tier order with
 * natural alignment (as the CDK allocator does).
 */
export function checkSubnetPlan(cidr: string, zones: number, masks: SubnetMasks): void {
  const prefix = cidrPrefix(cidr);
  for (const [tier, mask] of Object.entries(masks) as [keyof SubnetMasks, number][]) {
    if (!Number.isInteger(mask) || mask < Math.max(MIN_MASK, prefix + 1) || mask > MAX_MASK) {
      invalidProp('PlatformNetwork', `subnetMasks.${tier}`, mask, `must be an integer from ${Math.max(MIN_MASK, prefix + 1)} to ${MAX_MASK} for the VPC ${cidr}`);
    }
  }
  const size = 2 ** (32 - prefix);
  let next = 0;
  for (const tier of ['private', 'public', 'database'] as const) {
    const block = 2 ** (32 - masks[tier]);
    next = Math.ceil(next / block) * block + zones * block;
  }
  if (next > size) {
    invalidProp('PlatformNetwork', 'subnetMasks', masks,
      `need ${next} addresses for ${zones} availability zones, but the VPC ${cidr} has ${size}; use larger masks (smaller subnets) or a larger VPC CIDR`);
  }
}

/** The subnet CIDRs of each tier, one per zone in zone order, as the CDK allocator assigns them (tier order, natural alignment). */
export function subnetCidrs(cidr: string, zones: number, masks: SubnetMasks): Record<keyof SubnetMasks, string[]> {
  checkSubnetPlan(cidr, zones, masks);
  const [a, b, c, d] = cidr.split('/')[0].split('.').map(Number);
  const base = ((a << 24) >>> 0) + (b << 16) + (c << 8) + d;
  const ip = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
  const out = { private: [] as string[], public: [] as string[], database: [] as string[] };
  let next = 0;
  for (const tier of ['private', 'public', 'database'] as const) {
    const block = 2 ** (32 - masks[tier]);
    next = Math.ceil(next / block) * block;
    for (let z = 0; z < zones; z++, next += block) out[tier].push(`${ip(base + next)}/${masks[tier]}`);
  }
  return out;
}
