/** IPv4 addresses and CIDR blocks. */

/** A parsed CIDR block: network address as a number and prefix length. */
export interface Cidr {
  readonly network: number;
  readonly prefix: number;
}

/** `a.b.c.d` → number; undefined when not a canonical dotted quad. */
export function parseIpv4(s: string): number | undefined {
  const parts = s.split('.');
  if (parts.length !== 4 || parts.some((x) => !/^(0|[1-9]\d{0,2})$/.test(x) || Number(x) > 255)) return undefined;
  return parts.reduce((acc, x) => acc * 256 + Number(x), 0);
}

/** number → `a.b.c.d`. */
export function formatIpv4(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

/** Addresses in a block of this prefix. */
export function blockSize(prefix: number): number {
  return 2 ** (32 - prefix);
}

/** Parses `a.b.c.d/n`; returns the problem (with the fix) when it is not a canonical IPv4 CIDR. */
export function parseCidr(v: unknown, example = '10.0.0.0/16'): Cidr | string {
  const m = typeof v === 'string' ? /^([0-9.]+)\/(\d{1,2})$/.exec(v) : null;
  const address = m ? parseIpv4(m[1]) : undefined;
  const prefix = m ? Number(m[2]) : NaN;
  if (!m || address === undefined || prefix > 32) return `must be an IPv4 CIDR block like '${example}'`;
  const network = address - (address % blockSize(prefix));
  if (network !== address) return `has host bits set; use the network address '${formatIpv4(network)}/${prefix}'`;
  return { network, prefix };
}

/** Whether `inner` lies within `outer`. */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  return inner.prefix >= outer.prefix && inner.network >= outer.network
    && inner.network + blockSize(inner.prefix) <= outer.network + blockSize(outer.prefix);
}

/** Whether two blocks share an address. */
export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return a.network < b.network + blockSize(b.prefix) && b.network < a.network + blockSize(a.prefix);
}

/** The private address ranges of RFC 1918. */
export const RFC1918_BLOCKS: readonly Cidr[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map((c) => parseCidr(c) as Cidr);

/** Any canonical IPv4 CIDR block. */
export function cidrRule(example = '10.0.0.0/16'): (v: unknown) => string | undefined {
  return (v) => {
    const parsed = parseCidr(v, example);
    return typeof parsed === 'string' ? parsed : undefined;
  };
}

/** A VPC block: RFC 1918, /16 to /20 (a VPC allows at most /16; smaller leaves too few pod addresses). */
export function vpcCidrRule(v: unknown): string | undefined {
  const cidr = parseCidr(v, '10.0.0.0/16');
  if (typeof cidr === 'string') return cidr;
  if (!RFC1918_BLOCKS.some((block) => cidrContains(block, cidr))) {
    return "must be a private (RFC 1918) block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16, e.g. '10.0.0.0/16'";
  }
  if (cidr.prefix < 16 || cidr.prefix > 20) {
    return "must have a prefix from /16 to /20 (a VPC allows at most /16; smaller than /20 leaves too few addresses for EKS pods); e.g. '10.0.0.0/16'";
  }
  return undefined;
}

/** A CIDR allowed to reach a public endpoint: canonical, and not the whole internet. */
export function publicAccessCidrRule(v: unknown): string | undefined {
  if (v === '::/0') return "opens the Kubernetes API to the whole internet; list your office/VPN CIDRs (e.g. '203.0.113.0/24') or omit the list for a private endpoint";
  const parsed = parseCidr(v, '203.0.113.0/24');
  if (typeof parsed === 'string') return `${parsed}; list your office/VPN CIDRs`;
  if (parsed.prefix === 0) {
    return "opens the Kubernetes API to the whole internet; list your office/VPN CIDRs (e.g. '203.0.113.0/24') or omit the list for a private endpoint";
  }
  return undefined;
}

/** The fix shown for a region's zone list of the wrong length. */
export const ZONE_COUNT_FIX = 'must list 2 to 6 availability zones of the region (3 recommended), e.g. ["us-east-1a","us-east-1b","us-east-1c"]';

/** A region's availability zones: 2 to 6 of them. */
export function zoneCountRule(v: unknown): string | undefined {
  return Array.isArray(v) && v.length >= 2 && v.length <= 6 ? undefined : ZONE_COUNT_FIX;
}

/** NAT gateways of a VPC spanning `zones` availability zones. */
export function natGatewaysRule(zones: number): (v: unknown) => string | undefined {
  return (v) => (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= zones ? undefined
    : `must be an integer from 1 to ${zones} (the number of availability zones); private subnets need a NAT gateway for egress, and one per AZ avoids a cross-zone dependency`);
}

const DNS_NAME_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** A DNS name of at least two lowercase labels (a hosted zone or a hostname), at most 253 characters, no trailing dot. */
export function dnsNameRule(v: unknown): string | undefined {
  return typeof v === 'string' && v.length <= 253 && v.includes('.') && v.split('.').every((l) => DNS_NAME_LABEL.test(l))
    ? undefined
    : "must be a DNS name of lowercase labels separated by dots, at most 253 characters, without a trailing dot, e.g. 'verypay.example.com'";
}
