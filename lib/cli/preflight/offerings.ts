import type * as Ec2 from '@aws-sdk/client-ec2';
import type { ResolvedPlatformConfig } from '../../config/platform-config';
import { instanceTypeInfo } from '../../core/rules';
import { loadSdk } from '../sdk';
import { errorName, isAccessDenied } from './aws-errors';
import type { CheckResult } from './result';

/**
 * Whether EC2 offers each node-group instance type in each region and in each availability zone
 * the platform uses there. The configuration checks families and sizes offline (dated data); which
 * types a region and its zones offer is only known to EC2 (`DescribeInstanceTypeOfferings`, as the
 * account sees its zone names). A managed node group spans the private subnet of every configured
 * zone, so a type missing in one zone fails that node group.
 */

/** `c6i.2xlarge` → class `c`, generation 6, attributes `i`, size `2xlarge`. */
const TYPE = /^([a-z]+)(\d+)([a-z0-9-]*)\.([a-z0-9-]+)$/;

/** The node-group instance types of the configuration, each with the groups that use it. */
export function nodeGroupTypes(config: ResolvedPlatformConfig): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [name, g] of Object.entries(config.cluster.nodeGroups)) {
    if (g) out.set(g.instanceType, [...(out.get(g.instanceType) ?? []), name]);
  }
  return out;
}

/** Graviton (arm64) families carry a `g` among their attributes (c6g, m7gd, t4g, im4gn). */
function isArm(type: string): boolean {
  return TYPE.exec(type)?.[3].includes('g') ?? false;
}

/** The hand command that lists the offerings of `types` in `zones`. */
export function offeringsCommand(region: string, types: readonly string[], zones: readonly string[]): string {
  return `aws ec2 describe-instance-type-offerings --region ${region} --location-type availability-zone ` +
    `--filters Name=instance-type,Values=${types.join(',')} Name=location,Values=${zones.join(',')} --query 'InstanceTypeOfferings[].[InstanceType,Location]'`;
}

type Offered = Map<string, Set<string>>;

/** Type → locations offering it (all pages). */
async function offerings(ec2: typeof Ec2, client: Ec2.EC2Client, locationType: 'region' | 'availability-zone', types: readonly string[], zones?: readonly string[]): Promise<Offered> {
  const out: Offered = new Map();
  let token: string | undefined;
  do {
    const res = await client.send(new ec2.DescribeInstanceTypeOfferingsCommand({
      LocationType: locationType, NextToken: token,
      Filters: [{ Name: 'instance-type', Values: [...types] }, ...(zones ? [{ Name: 'location', Values: [...zones] }] : [])],
    }));
    for (const o of res.InstanceTypeOfferings ?? []) {
      if (o.InstanceType && o.Location) out.set(o.InstanceType, (out.get(o.InstanceType) ?? new Set()).add(o.Location));
    }
    token = res.NextToken;
  } while (token);
  return out;
}

/** A type missing somewhere: where, and which groups use it. */
interface Missing {
  readonly region: string;
  readonly type: string;
  readonly groups: readonly string[];
  /** Configured zones that lack it (all of them when the region lacks it). */
  readonly zones: readonly string[];
  /** Zones of the region that offer it. */
  readonly offeredZones: readonly string[];
  readonly inRegion: boolean;
}

/**
 * Types of the same class and size (and architecture) as `type` that every region offers in
 * every configured zone, those with the same vCPUs and memory first, newest generation first.
 * Empty when a lookup is denied.
 */
async function alternatives(ec2: typeof Ec2, config: ResolvedPlatformConfig, type: string): Promise<string[]> {
  const m = TYPE.exec(type);
  if (!m) return [];
  const [, cls, , , size] = m;
  let common: string[] | undefined;
  for (const r of config.regions) {
    let found: Offered;
    try {
      found = await offerings(ec2, new ec2.EC2Client({ region: r.region }), 'availability-zone', [`${cls}*.${size}`], r.availabilityZones);
    } catch (e) {
      if (isAccessDenied(e)) return [];
      throw e;
    }
    const everywhere = [...found].filter(([, zones]) => r.availabilityZones.every((z) => zones.has(z))).map(([t]) => t);
    common = common ? common.filter((t) => everywhere.includes(t)) : everywhere;
  }
  const want = instanceTypeInfo(type);
  const same = (t: string) => { const i = instanceTypeInfo(t); return want && i && i.vcpus === want.vcpus && i.memoryMiB === want.memoryMiB ? 0 : 1; };
  const generation = (t: string) => Number(TYPE.exec(t)?.[2] ?? 0);
  return (common ?? [])
    .filter((t) => t !== type && TYPE.exec(t)?.[1] === cls && isArm(t) === isArm(type))
    .sort((a, b) => same(a) - same(b) || generation(b) - generation(a) || a.localeCompare(b));
}

function groupsText(groups: readonly string[]): string {
  return groups.length === 1 ? `node group ${groups[0]}` : `node groups ${groups.join(', ')}`;
}

function fixOf(config: ResolvedPlatformConfig, miss: Missing, alts: readonly string[]): string {
  const setting = miss.groups.map((g) => `cluster.nodeGroups.${g}.instanceType`).join(' and ');
  const regions = config.regions.map((r) => r.region).join(', ');
  const m = TYPE.exec(miss.type);
  const region = config.regions.find((r) => r.region === miss.region)!;
  let fix = alts.length > 0
    ? `set ${setting} to ${alts[0]} (offered in every configured zone of ${regions}${alts.length > 1 ? `; also: ${alts.slice(1, 4).join(', ')}` : ''})`
    : `set ${setting} to a type offered in every configured zone of ${regions}; list the ${m ? `${m[1]}-class ${m[4]} types` : 'candidates'} with ` +
      offeringsCommand(miss.region, [m ? `${m[1]}*.${m[4]}` : miss.type], region.availabilityZones);
  if (miss.inRegion && miss.offeredZones.length >= 2) {
    const index = config.regions.indexOf(region);
    fix += `; or set regions[${index}].availabilityZones to zones that offer ${miss.type} (${miss.offeredZones.join(', ')}; this replaces the region's subnets)`;
  }
  return fix;
}

/**
 * The offering lines of every region (`EC2 instance type <type>`, one per type and region):
 * PASS when the region and each of its configured zones offer it, FAIL with an offered
 * alternative otherwise, CHECK ("not checked") when `ec2:DescribeInstanceTypeOfferings` is denied.
 */
export async function checkInstanceOfferings(config: ResolvedPlatformConfig): Promise<Map<string, CheckResult[]>> {
  const ec2 = loadSdk<typeof Ec2>('@aws-sdk/client-ec2');
  const used = nodeGroupTypes(config);
  const types = [...used.keys()];
  const out = new Map<string, CheckResult[]>();
  const missing: Missing[] = [];
  for (const r of config.regions) {
    const region = r.region;
    const lines: CheckResult[] = [];
    out.set(region, lines);
    const client = new ec2.EC2Client({ region });
    let inRegion: Offered;
    let inZones: Offered;
    try {
      inRegion = await offerings(ec2, client, 'region', types);
      inZones = await offerings(ec2, client, 'availability-zone', types);
    } catch (e) {
      if (!isAccessDenied(e)) throw e;
      for (const type of types) {
        lines.push({ scope: region, title: `EC2 instance type ${type}`, status: 'manual', detail: `not checked: ${errorName(e)} (${(e as Error).message}).`,
          fix: `allow ec2:DescribeInstanceTypeOfferings to the preflight's role, or check by hand (every type in every zone): ${offeringsCommand(region, types, r.availabilityZones)}` });
      }
      continue;
    }
    for (const [type, groups] of used) {
      const offeredZones = [...(inZones.get(type) ?? [])].sort();
      const lacking = r.availabilityZones.filter((z) => !offeredZones.includes(z));
      if (!inRegion.get(type)?.has(region)) {
        missing.push({ region, type, groups, zones: r.availabilityZones, offeredZones: [], inRegion: false });
      } else if (lacking.length > 0) {
        missing.push({ region, type, groups, zones: lacking, offeredZones, inRegion: true });
      } else {
        lines.push({ scope: region, title: `EC2 instance type ${type}`, status: 'pass',
          detail: `offered in ${region} and in ${r.availabilityZones.join(', ')} (${groupsText(groups)}).` });
      }
    }
  }
  const alts = new Map<string, string[]>();
  for (const miss of missing) {
    if (!alts.has(miss.type)) alts.set(miss.type, await alternatives(ec2, config, miss.type));
    const detail = miss.inRegion
      ? `${miss.type} is not offered in ${miss.zones.join(', ')} (offered in ${miss.offeredZones.join(', ')}): the ${groupsText(miss.groups)} spans every configured zone and would fail to launch there.`
      : `${miss.type} is not offered in ${miss.region}: the ${groupsText(miss.groups)} cannot launch.`;
    out.get(miss.region)!.push({ scope: miss.region, title: `EC2 instance type ${miss.type}`, status: 'fail', detail, fix: fixOf(config, miss, alts.get(miss.type)!) });
  }
  return out;
}
