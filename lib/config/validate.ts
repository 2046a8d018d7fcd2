import { DEFAULT_CACHE, DEFAULT_DATABASE, DEFAULT_EDGE, PCI_MIN_LOG_RETENTION_DAYS, POOL_PLACEMENT } from './defaults';
import { ConfigProblem, PlatformConfigError } from './errors';
import { IMAGE_DIGEST } from './image-refs';
import { backupBucketName, clusterName, NamingConfig, regionSwitchPlanName, workloadRoleName } from './naming';
import { NODE_GROUP_NAMES, type NodeGroupName, type PlatformConfig } from './platform-config';
import { checkAlarms } from './validate-alarms';
import { availabilityZonesOf, isKnownRegion } from './regions';
import { checkDelivery, checkStreaming } from './validate-sections';
import { checkSecurityBaseline } from './validate-security';

/**
 * Validation of a `PlatformConfig`. The configuration is treated as untrusted data (it may come
 * from JSON or plain JavaScript), so every section is checked for shape before its fields: a
 * missing section is a named problem, never a TypeError. All problems are collected and thrown
 * once as a `PlatformConfigError`.
 */

/** Collects problems; each check adds one naming the field, showing the value and saying the fix. */
class Problems {
  public readonly list: ConfigProblem[] = [];
  add(field: string, value: unknown, message: string): void {
    this.list.push({ field, value, message });
  }
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

/** Checks an integer in [min, max] when present (or always when `required`). */
function checkInt(p: Problems, field: string, v: unknown, min: number, max: number, fix: string, required = false): void {
  if (v === undefined && !required) return;
  if (!isInt(v) || v < min || v > max) p.add(field, v, `must be an integer from ${min} to ${max}; ${fix}`);
}

function checkString(p: Problems, field: string, v: unknown, re: RegExp, fix: string, required = false): v is string {
  if (v === undefined && !required) return false;
  if (typeof v !== 'string' || !re.test(v)) {
    p.add(field, v, fix);
    return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Syntax helpers

const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const K8S_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const K8S_PREFIX = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function isK8sLabelKey(key: string): boolean {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !K8S_PREFIX.test(prefix))) return false;
  return K8S_NAME.test(name);
}

function isK8sLabelValue(value: unknown): boolean {
  return typeof value === 'string' && (value === '' || K8S_NAME.test(value));
}

interface Cidr {
  readonly network: number;
  readonly prefix: number;
}

function parseIpv4(s: string): number | undefined {
  const parts = s.split('.');
  if (parts.length !== 4 || parts.some((x) => !/^(0|[1-9]\d{0,2})$/.test(x) || Number(x) > 255)) return undefined;
  return parts.reduce((acc, x) => acc * 256 + Number(x), 0);
}

function formatIpv4(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

function blockSize(prefix: number): number {
  return 2 ** (32 - prefix);
}

/** Parses `a.b.c.d/n`; returns the problem text (with the fix) when it is not a canonical IPv4 CIDR. */
function parseCidr(v: unknown, example: string): Cidr | string {
  const m = typeof v === 'string' ? /^([0-9.]+)\/(\d{1,2})$/.exec(v) : null;
  const address = m ? parseIpv4(m[1]) : undefined;
  const prefix = m ? Number(m[2]) : NaN;
  if (!m || address === undefined || prefix > 32) return `must be an IPv4 CIDR block like '${example}'`;
  const network = address - (address % blockSize(prefix));
  if (network !== address) return `has host bits set; use the network address '${formatIpv4(network)}/${prefix}'`;
  return { network, prefix };
}

const RFC1918: Cidr[] = [
  { network: parseIpv4('10.0.0.0')!, prefix: 8 },
  { network: parseIpv4('172.16.0.0')!, prefix: 12 },
  { network: parseIpv4('192.168.0.0')!, prefix: 16 },
];

function contains(outer: Cidr, inner: Cidr): boolean {
  return inner.prefix >= outer.prefix && inner.network >= outer.network
    && inner.network + blockSize(inner.prefix) <= outer.network + blockSize(outer.prefix);
}

function overlaps(a: Cidr, b: Cidr): boolean {
  return a.network < b.network + blockSize(b.prefix) && b.network < a.network + blockSize(a.prefix);
}

const DAY_MINUTES = 24 * 60;
const WEEK_MINUTES = 7 * DAY_MINUTES;
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const HHMM = '([01]\\d|2[0-3]):([0-5]\\d)';
const DAILY_WINDOW = new RegExp(`^${HHMM}-${HHMM}$`);
const WEEKLY_WINDOW = new RegExp(`^(mon|tue|wed|thu|fri|sat|sun):${HHMM}-(mon|tue|wed|thu|fri|sat|sun):${HHMM}$`, 'i');

/** A window as start minute (of the day or week) and length in minutes. */
interface Window {
  readonly start: number;
  readonly length: number;
  readonly period: number;
}

function parseDailyWindow(v: string): Window | undefined {
  const m = DAILY_WINDOW.exec(v);
  if (!m) return undefined;
  const start = Number(m[1]) * 60 + Number(m[2]);
  const end = Number(m[3]) * 60 + Number(m[4]);
  return { start, length: (end - start + DAY_MINUTES) % DAY_MINUTES, period: DAY_MINUTES };
}

function parseWeeklyWindow(v: string): Window | undefined {
  const m = WEEKLY_WINDOW.exec(v);
  if (!m) return undefined;
  const start = DAYS.indexOf(m[1].toLowerCase()) * DAY_MINUTES + Number(m[2]) * 60 + Number(m[3]);
  const end = DAYS.indexOf(m[4].toLowerCase()) * DAY_MINUTES + Number(m[5]) * 60 + Number(m[6]);
  return { start, length: (end - start + WEEK_MINUTES) % WEEK_MINUTES, period: WEEK_MINUTES };
}

/** Whether a daily window and a weekly window share any minute of the week. */
function dailyOverlapsWeekly(daily: Window, weekly: Window): boolean {
  for (let day = 0; day < 7; day++) {
    const a = daily.start + day * DAY_MINUTES;
    for (const shift of [-WEEK_MINUTES, 0, WEEK_MINUTES]) {
      const b = weekly.start + shift;
      if (a < b + weekly.length && b < a + daily.length) return true;
    }
  }
  return false;
}

/** Checks a window's format and minimum length; returns the parsed window when valid. */
function checkWindow(p: Problems, field: string, v: unknown, weekly: boolean, minMinutes: number): Window | undefined {
  const example = weekly ? 'sun:04:00-sun:05:00' : '03:00-04:00';
  const format = weekly ? "'ddd:hh:mm-ddd:hh:mm' (UTC, ddd one of mon..sun)" : "'hh:mm-hh:mm' (UTC)";
  const w = typeof v === 'string' ? (weekly ? parseWeeklyWindow(v) : parseDailyWindow(v)) : undefined;
  if (!w) {
    p.add(field, v, `must be a window in the form ${format}, e.g. '${example}'`);
    return undefined;
  }
  if (w.length < minMinutes) {
    p.add(field, v, `must last at least ${minMinutes} minutes; widen it, e.g. '${example}'`);
    return undefined;
  }
  return w;
}

// ---------------------------------------------------------------------------------------------
// Areas

function checkIdentity(c: Obj, p: Problems): void {
  if (typeof c.name !== 'string' || !/^[a-z][a-z0-9-]{0,18}[a-z0-9]$/.test(c.name)) {
    p.add('name', c.name, "must be 2–20 characters of lowercase letters, digits and '-', starting with a letter and not ending with '-', e.g. 'verypay'");
  } else if (c.name.includes('--') || c.name.startsWith('sthree-') || c.name.startsWith('amzn-s3-demo-')) {
    p.add('name', c.name, "must not contain '--' nor start with 'sthree-' or 'amzn-s3-demo-' (reserved in S3 bucket names); choose another name, e.g. 'verypay'");
  }
  if (typeof c.environment !== 'string' || !/^[a-z][a-z0-9]{1,9}$/.test(c.environment)) {
    p.add('environment', c.environment, "must be 2–10 lowercase letters or digits starting with a letter, e.g. 'prod'");
  }
  if (typeof c.account !== 'string' || !/^\d{12}$/.test(c.account)) {
    p.add('account', c.account, "must be the 12-digit AWS account id as a string, e.g. '123456789012'");
  }
  if (c.costCenter !== undefined
    && (typeof c.costCenter !== 'string' || c.costCenter.trim() === '' || c.costCenter.length > 256 || !/^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u.test(c.costCenter))) {
    p.add('costCenter', c.costCenter, "must be a non-empty tag value of at most 256 letters, digits, spaces and _ . : / = + - @, e.g. 'payments-engineering'");
  }
}

function checkBlockchain(c: Obj, p: Problems): void {
  if (c.blockchain !== undefined && typeof c.blockchain !== 'boolean') {
    p.add('blockchain', c.blockchain, 'must be true or false (or be omitted: true); false leaves out geth, Lighthouse, the blockchain node group and secrets');
  }
}

function checkRepositories(c: Obj, p: Problems): void {
  if (c.repositories === undefined) return;
  if (!Array.isArray(c.repositories)) {
    p.add('repositories', c.repositories, "must be a list of service names, e.g. ['ledger-service', 'fx-service']");
    return;
  }
  const seen = new Set<unknown>();
  c.repositories.forEach((r: unknown, i: number) => {
    if (typeof r !== 'string' || !/^[a-z0-9]+(?:[._-][a-z0-9]+)*$/.test(r) || r.length > 200) {
      p.add(`repositories[${i}]`, r, "must be a service name of lowercase letters and digits with single '.', '_' or '-' separators, e.g. 'ledger-service' (the repository is '<name>/<service>')");
    } else if (seen.has(r)) {
      p.add(`repositories[${i}]`, r, 'is listed twice; list each service once');
    }
    seen.add(r);
  });
}

function checkRegionEntry(r: Obj, field: string, p: Problems): Cidr | undefined {
  const known = typeof r.region === 'string' && isKnownRegion(r.region);
  if (!known) {
    p.add(`${field}.region`, r.region, "must be a known AWS commercial region code such as 'us-east-1', 'eu-west-1' or 'ap-southeast-1' (see AWS_COMMERCIAL_REGIONS)");
  }
  if (r.role !== 'primary' && r.role !== 'secondary') {
    p.add(`${field}.role`, r.role, "must be 'primary' or 'secondary'");
  }
  const cidr = checkVpcCidr(r.cidr, `${field}.cidr`, p);
  const azCount = checkAvailabilityZones(r, field, known ? (r.region as string) : undefined, p);
  if (r.natGateways !== undefined) {
    const max = azCount ?? 6;
    if (!isInt(r.natGateways) || r.natGateways < 1 || r.natGateways > max) {
      p.add(`${field}.natGateways`, r.natGateways, `must be an integer from 1 to ${max} (the number of availability zones); private subnets need a NAT gateway for egress, and one per AZ avoids a cross-zone dependency`);
    }
  }
  return cidr;
}

function checkVpcCidr(v: unknown, field: string, p: Problems): Cidr | undefined {
  const cidr = parseCidr(v, '10.0.0.0/16');
  if (typeof cidr === 'string') {
    p.add(field, v, cidr);
    return undefined;
  }
  if (!RFC1918.some((block) => contains(block, cidr))) {
    p.add(field, v, "must be a private (RFC 1918) block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16, e.g. '10.0.0.0/16'");
    return undefined;
  }
  if (cidr.prefix < 16 || cidr.prefix > 20) {
    p.add(field, v, 'must have a prefix from /16 to /20 (a VPC allows at most /16; smaller than /20 leaves too few addresses for EKS pods); e.g. \'10.0.0.0/16\'');
    return undefined;
  }
  return cidr;
}

/** Returns the AZ count when the list is well-formed. */
function checkAvailabilityZones(r: Obj, field: string, region: string | undefined, p: Problems): number | undefined {
  const azs = r.availabilityZones;
  const example = region ? availabilityZonesOf(region).slice(0, 3) : ['us-east-1a', 'us-east-1b', 'us-east-1c'];
  if (!Array.isArray(azs) || azs.length < 2 || azs.length > 6) {
    p.add(`${field}.availabilityZones`, azs, `must list 2 to 6 availability zones of the region (3 recommended), e.g. ${JSON.stringify(example)}`);
    return undefined;
  }
  const seen = new Set<unknown>();
  azs.forEach((az, i) => {
    if (seen.has(az)) p.add(`${field}.availabilityZones[${i}]`, az, 'is listed twice; list each availability zone once');
    seen.add(az);
    if (region && !(typeof az === 'string' && availabilityZonesOf(region).includes(az))) {
      p.add(`${field}.availabilityZones[${i}]`, az, `is not an availability zone of ${region}; use one of ${availabilityZonesOf(region).join(', ')}`);
    }
  });
  return azs.length;
}

function checkRegions(c: Obj, p: Problems): void {
  const regions = c.regions;
  if (!Array.isArray(regions) || regions.length === 0) {
    p.add('regions', regions, "must be a non-empty list of regions, e.g. [{ region: 'us-east-1', role: 'primary', cidr: '10.0.0.0/16', availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'] }]");
    return;
  }
  const cidrs: { region: unknown; cidr: Cidr; index: number }[] = [];
  const firstIndex = new Map<unknown, number>();
  regions.forEach((r: unknown, i: number) => {
    const field = `regions[${i}]`;
    if (!isObj(r)) {
      p.add(field, r, 'must be an object { region, role, cidr, availabilityZones }');
      return;
    }
    const cidr = checkRegionEntry(r, field, p);
    if (firstIndex.has(r.region)) {
      p.add(`${field}.region`, r.region, `duplicates regions[${firstIndex.get(r.region)}]; each region may appear once`);
    } else {
      firstIndex.set(r.region, i);
    }
    if (cidr) {
      for (const other of cidrs) {
        if (overlaps(other.cidr, cidr)) {
          p.add(`${field}.cidr`, r.cidr, `overlaps regions[${other.index}].cidr of ${String(other.region)}; give ${String(r.region)} a non-overlapping block, e.g. '10.${10 + i}.0.0/16'`);
        }
      }
      cidrs.push({ region: r.region, cidr, index: i });
    }
  });
  const primaries = regions.filter((r: unknown) => isObj(r) && r.role === 'primary').map((r: Obj) => r.region);
  if (primaries.length === 0) {
    p.add('regions', regions.map((r: unknown) => (isObj(r) ? r.region : r)), "must have exactly one region with role 'primary' (none has); set role: 'primary' on the region that serves traffic");
  } else if (primaries.length > 1) {
    p.add('regions', primaries, `must have exactly one region with role 'primary' but ${primaries.join(' and ')} are primary; make all but one 'secondary'`);
  }
}

function checkDomain(c: Obj, p: Problems): void {
  const d = c.domain;
  if (!isObj(d)) {
    p.add('domain', d, "must be an object like { zoneName: 'verypay.example.com' }");
    return;
  }
  const z = d.zoneName;
  if (typeof z !== 'string' || z.length > 253 || !z.includes('.') || !z.split('.').every((l) => DNS_LABEL.test(l))) {
    p.add('domain.zoneName', z, "must be a DNS name of lowercase labels separated by dots, at most 253 characters, without a trailing dot, e.g. 'verypay.example.com'");
  }
  checkString(p, 'domain.hostedZoneId', d.hostedZoneId, /^Z[A-Z0-9]{1,32}$/,
    "must be a Route 53 hosted zone id like 'Z0123456789ABCDEFGHIJ' (without '/hostedzone/'), or be omitted to create the zone");
  if (d.apiLabel !== undefined) {
    if (checkString(p, 'domain.apiLabel', d.apiLabel, DNS_LABEL, "must be one DNS label (lowercase letters, digits, '-'), e.g. 'api'")) {
      const longest = Array.isArray(c.regions)
        ? Math.max(0, ...c.regions.map((r: unknown) => (isObj(r) && typeof r.region === 'string' ? r.region.length : 0)))
        : 0;
      if (d.apiLabel.length + 1 + longest > 63) {
        p.add('domain.apiLabel', d.apiLabel, `with '-<region>' appended must fit one 63-character DNS label; shorten it to at most ${62 - longest} characters`);
      }
    }
  }
}

const DOCKER_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const REPO_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const REGISTRY = '(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::\\d{1,5})?/)';
const REPOSITORY = new RegExp(`^${REGISTRY}?${REPO_COMPONENT}(?:/${REPO_COMPONENT})*$`);

function checkImage(img: unknown, field: string, required: boolean, p: Problems): void {
  if (img === undefined && !required) return;
  if (!isObj(img)) {
    p.add(field, img, "must be an object with a pinned tag, e.g. { tag: 'v1.2.3' }");
    return;
  }
  const tag = img.tag;
  if (typeof tag !== 'string' || tag.trim() === '') {
    p.add(`${field}.tag`, tag, "is required: pin a release tag, e.g. 'v1.2.3'");
  } else if (tag.toLowerCase() === 'latest') {
    p.add(`${field}.tag`, tag, "must not be 'latest' (it moves, so deployments are not reproducible); pin a release tag, e.g. 'v1.2.3'");
  } else if (!DOCKER_TAG.test(tag)) {
    p.add(`${field}.tag`, tag, "must be a Docker tag: up to 128 letters, digits, '_', '.' and '-', not starting with '.' or '-', e.g. 'v1.2.3'");
  }
  if (img.digest !== undefined && (typeof img.digest !== 'string' || !IMAGE_DIGEST.test(img.digest))) {
    p.add(`${field}.digest`, img.digest, "must be a digest: 'sha256:' and 64 lowercase hex digits, as `aws ecr describe-images` or `docker buildx imagetools inspect` print it");
  }
  if (img.repository !== undefined) {
    const repo = img.repository;
    if (typeof repo === 'string' && (repo.includes('@') || /:[^/]*$/.test(repo.replace(/^[^/]*\//, '')))) {
      p.add(`${field}.repository`, repo, "must not include a tag or digest; put the tag in 'tag', e.g. repository 'ethereum/client-go', tag 'v1.16.7'");
    } else if (typeof repo !== 'string' || repo.length > 255 || !REPOSITORY.test(repo)) {
      p.add(`${field}.repository`, repo, "must be an image repository like 'ethereum/client-go' or '123456789012.dkr.ecr.us-east-1.amazonaws.com/verypay/api-gateway' (lowercase path)");
    }
  }
}

function checkImages(c: Obj, p: Problems): void {
  const images = c.images;
  if (!isObj(images)) {
    p.add('images', images, "must be an object with at least { apiGateway: { tag: 'v1.2.3' }, paymentService: { tag: 'v1.2.3' } }");
    return;
  }
  checkImage(images.apiGateway, 'images.apiGateway', true, p);
  checkImage(images.paymentService, 'images.paymentService', true, p);
  for (const optional of ['geth', 'lighthouse', 'postgresClient', 'awsCli']) {
    checkImage(images[optional], `images.${optional}`, false, p);
  }
}

const EC2_INSTANCE_TYPE = /^(u-\d+tb\d|[a-z]+\d+[a-z]*(-[a-z0-9]+)?)\.(nano|micro|small|medium|large|\d*xlarge|metal(-\d+xl)?)$/;

function checkNodeGroup(name: NodeGroupName, g: unknown, field: string, p: Problems): void {
  if (!isObj(g)) {
    p.add(field, g, "must be an object { instanceType, minSize, maxSize, diskSizeGiB }, e.g. { instanceType: 'm5.xlarge', minSize: 2, maxSize: 10, diskSizeGiB: 100 }");
    return;
  }
  checkString(p, `${field}.instanceType`, g.instanceType, EC2_INSTANCE_TYPE,
    "must be an EC2 instance type '<family>.<size>' such as 'm5.xlarge', 'c6i.2xlarge' or 't3.medium'", true);
  const minOk = isInt(g.minSize) && g.minSize >= 0;
  const maxOk = isInt(g.maxSize) && g.maxSize >= 1;
  if (!minOk) p.add(`${field}.minSize`, g.minSize, 'must be an integer ≥ 0, e.g. 2');
  if (!maxOk) p.add(`${field}.maxSize`, g.maxSize, 'must be an integer ≥ 1, e.g. 10');
  if (minOk && maxOk && (g.minSize as number) > (g.maxSize as number)) {
    p.add(`${field}.minSize`, g.minSize, `is greater than maxSize (${String(g.maxSize)}); lower minSize to at most ${String(g.maxSize)} or raise maxSize to at least ${String(g.minSize)}`);
  } else if (minOk && maxOk && g.desiredSize !== undefined
    && (!isInt(g.desiredSize) || g.desiredSize < (g.minSize as number) || g.desiredSize > (g.maxSize as number))) {
    p.add(`${field}.desiredSize`, g.desiredSize, `must be an integer within minSize..maxSize (${String(g.minSize)}..${String(g.maxSize)}), or be omitted to start at minSize`);
  }
  checkInt(p, `${field}.diskSizeGiB`, g.diskSizeGiB, 20, 16384, 'the gp3 root volume size in GiB, e.g. 100', true);
  checkLabels(g.labels, `${field}.labels`, p);
  checkTaints(g.taints, `${field}.taints`, p);
  checkPoolPlacement(name, g, field, p);
}

/** The pool's own `role` label and taint (POOL_PLACEMENT) cannot be changed, only added to. */
function checkPoolPlacement(name: NodeGroupName, g: Obj, field: string, p: Problems): void {
  const required = POOL_PLACEMENT[name];
  if (isObj(g.labels)) {
    for (const [key, value] of Object.entries(required.labels)) {
      if (g.labels[key] !== undefined && g.labels[key] !== value) {
        p.add(`${field}.labels.${key}`, g.labels[key], `is the label the workloads and add-ons select the ${name} pool by and is always '${value}'; remove it (it is added for you) or set it to '${value}'`);
      }
    }
  }
  if (Array.isArray(g.taints)) {
    g.taints.forEach((t: unknown, i: number) => {
      if (!isObj(t) || t.key !== 'role') return;
      const own = required.taints.find((r) => r.key === t.key && r.value === t.value && r.effect === t.effect);
      if (!own) {
        const keep = required.taints.length > 0 ? `the ${name} pool always has role=${name}:NoSchedule (added for you)` : `the ${name} pool has no role taint (its workloads do not tolerate one)`;
        p.add(`${field}.taints[${i}]`, `${String(t.key)}=${String(t.value)}:${String(t.effect)}`, `changes the 'role' taint the workloads tolerate: ${keep}; use another key for your own taint`);
      }
    });
  }
}

function checkLabels(labels: unknown, field: string, p: Problems): void {
  if (labels === undefined) return;
  if (!isObj(labels)) {
    p.add(field, labels, "must be an object of Kubernetes labels, e.g. { role: 'api' }");
    return;
  }
  for (const [key, value] of Object.entries(labels)) {
    if (!isK8sLabelKey(key)) {
      p.add(`${field}.${key}`, key, "has an invalid Kubernetes label key: use an optional DNS prefix and '/', then up to 63 letters, digits, '-', '_' or '.', starting and ending alphanumeric, e.g. 'role' or 'example.com/pool'");
    }
    if (!isK8sLabelValue(value)) {
      p.add(`${field}.${key}`, value, "has an invalid Kubernetes label value: use up to 63 letters, digits, '-', '_' or '.', starting and ending alphanumeric, e.g. 'api'");
    }
  }
}

function checkTaints(taints: unknown, field: string, p: Problems): void {
  if (taints === undefined) return;
  if (!Array.isArray(taints)) {
    p.add(field, taints, "must be a list of taints, e.g. [{ key: 'role', value: 'api', effect: 'NoSchedule' }]");
    return;
  }
  taints.forEach((t: unknown, i: number) => {
    const f = `${field}[${i}]`;
    if (!isObj(t)) {
      p.add(f, t, "must be a taint { key, value, effect }, e.g. { key: 'role', value: 'api', effect: 'NoSchedule' }");
      return;
    }
    if (typeof t.key !== 'string' || !isK8sLabelKey(t.key)) {
      p.add(`${f}.key`, t.key, "must be a Kubernetes label-style key such as 'role' or 'example.com/dedicated'");
    }
    if (!isK8sLabelValue(t.value)) {
      p.add(`${f}.value`, t.value, "must be up to 63 letters, digits, '-', '_' or '.', starting and ending alphanumeric (or ''), e.g. 'api'");
    }
    if (!['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(t.effect as string)) {
      p.add(`${f}.effect`, t.effect, "must be 'NoSchedule', 'PreferNoSchedule' or 'NoExecute'");
    }
  });
}

function checkCluster(c: Obj, p: Problems): void {
  const cl = c.cluster;
  if (cl === undefined) return;
  if (!isObj(cl)) {
    p.add('cluster', cl, "must be an object (or be omitted for the defaults), e.g. { kubernetesVersion: '1.35' }");
    return;
  }
  checkString(p, 'cluster.kubernetesVersion', cl.kubernetesVersion, /^1\.\d{2}$/, "must be a Kubernetes minor version like '1.35'");
  const cidrs = cl.endpointPublicAccessCidrs;
  if (cidrs !== undefined && !Array.isArray(cidrs)) {
    p.add('cluster.endpointPublicAccessCidrs', cidrs, "must be a list of CIDRs such as ['203.0.113.0/24'], or be omitted for a private endpoint");
  } else if (cidrs) {
    cidrs.forEach((v: unknown, i: number) => {
      const field = `cluster.endpointPublicAccessCidrs[${i}]`;
      const parsed = parseCidr(v, '203.0.113.0/24');
      if (typeof parsed === 'string') p.add(field, v, `${parsed}; list your office/VPN CIDRs`);
      else if (parsed.prefix === 0) {
        p.add(field, v, "opens the Kubernetes API to the whole internet; list your office/VPN CIDRs (e.g. '203.0.113.0/24') or omit the list for a private endpoint");
      }
    });
  }
  if (cl.adminRoleArn !== undefined) {
    const m = typeof cl.adminRoleArn === 'string'
      ? /^arn:aws:iam::(\d{12}):role\/(?:[\x21-\x7e]*\/)?[\w+=,.@-]{1,64}$/.exec(cl.adminRoleArn) : null;
    if (!m) {
      p.add('cluster.adminRoleArn', cl.adminRoleArn, `must be an IAM role ARN like 'arn:aws:iam::${typeof c.account === 'string' ? c.account : '123456789012'}:role/PlatformAdmin'`);
    } else if (typeof c.account === 'string' && m[1] !== c.account) {
      p.add('cluster.adminRoleArn', cl.adminRoleArn, `is a role in account ${m[1]}, not the configured account ${c.account}; use a role of account ${c.account}`);
    }
  }
  const groups = cl.nodeGroups;
  if (groups === undefined) return;
  if (!isObj(groups)) {
    p.add('cluster.nodeGroups', groups, `must be an object keyed by node group name (${NODE_GROUP_NAMES.join(', ')})`);
    return;
  }
  for (const [name, g] of Object.entries(groups)) {
    if (!(NODE_GROUP_NAMES as readonly string[]).includes(name)) {
      p.add(`cluster.nodeGroups.${name}`, name, `is not a node group of the platform; use one of ${NODE_GROUP_NAMES.join(', ')}`);
    } else if (name === 'blockchain' && c.blockchain === false) {
      p.add('cluster.nodeGroups.blockchain', g, 'is configured but blockchain is false, so no blockchain node group is created; remove cluster.nodeGroups.blockchain or set blockchain: true');
    } else {
      checkNodeGroup(name as NodeGroupName, g, `cluster.nodeGroups.${name}`, p);
    }
  }
}

const PG_IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]{0,62}$/;
const RESERVED_DATABASE_NAMES = ['postgres', 'template0', 'template1', 'rdsadmin'];
const RESERVED_USERNAMES = ['admin', 'postgres', 'rdsadmin', 'rdsrepladmin', 'rds_superuser', 'public'];
const DB_INSTANCE_CLASS = /^db\.[a-z]+\d+[a-z]*(-[a-z0-9]+)?\.(medium|large|\d*xlarge)$/;

function checkDatabase(c: Obj, p: Problems): void {
  const db = c.database;
  if (db === undefined) return;
  if (!isObj(db)) {
    p.add('database', db, "must be an object (or be omitted for the defaults), e.g. { instanceClass: 'db.r6g.2xlarge' }");
    return;
  }
  if (db.engineVersion !== undefined) {
    const m = typeof db.engineVersion === 'string' ? /^(\d{2})\.(\d{1,2})$/.exec(db.engineVersion) : null;
    if (!m) p.add('database.engineVersion', db.engineVersion, "must be an Aurora PostgreSQL version 'major.minor' such as '17.9' or '16.6'");
    else if (Number(m[1]) < 15) {
      p.add('database.engineVersion', db.engineVersion, `PostgreSQL ${m[1]} reaches end of standard support; use 16 or 17, e.g. '17.9'`);
    }
  }
  if (db.allowMajorVersionUpgrade !== undefined && typeof db.allowMajorVersionUpgrade !== 'boolean') {
    p.add('database.allowMajorVersionUpgrade', db.allowMajorVersionUpgrade, 'must be true or false (true only for the deploy that performs a major upgrade)');
  }
  for (const key of ['instanceClass', 'readerInstanceClass']) {
    checkString(p, `database.${key}`, db[key], DB_INSTANCE_CLASS, "must be a DB instance class starting with 'db.', e.g. 'db.r6g.2xlarge'");
  }
  checkInt(p, 'database.readers', db.readers, 0, 15, 'Aurora allows up to 15 readers; 1 gives a same-region failover target');
  checkPgIdentifier(p, 'database.databaseName', db.databaseName, RESERVED_DATABASE_NAMES, 'payments');
  checkPgIdentifier(p, 'database.masterUsername', db.masterUsername, RESERVED_USERNAMES, 'payments_admin');
  checkInt(p, 'database.maxConnections', db.maxConnections, 10, 262143, 'the PostgreSQL max_connections range, e.g. 1000');
  checkInt(p, 'database.backupRetentionDays', db.backupRetentionDays, 7, 35, 'PCI DSS: keep backups at least 7 days (35 recommended)');
  const backup = checkWindow(p, 'database.preferredBackupWindow', db.preferredBackupWindow ?? DEFAULT_DATABASE.preferredBackupWindow, false, 30);
  const maintenance = checkWindow(p, 'database.preferredMaintenanceWindow', db.preferredMaintenanceWindow ?? DEFAULT_DATABASE.preferredMaintenanceWindow, true, 30);
  if (backup && maintenance && dailyOverlapsWeekly(backup, maintenance)) {
    p.add('database.preferredMaintenanceWindow', db.preferredMaintenanceWindow ?? DEFAULT_DATABASE.preferredMaintenanceWindow,
      `overlaps the backup window ${String(db.preferredBackupWindow ?? DEFAULT_DATABASE.preferredBackupWindow)}; move one of the windows so they do not overlap`);
  }
  if (db.slowQueryMillis !== undefined && (!isInt(db.slowQueryMillis) || db.slowQueryMillis < 0)) {
    p.add('database.slowQueryMillis', db.slowQueryMillis, 'must be an integer ≥ 0 (milliseconds), e.g. 1000');
  }
}

function checkPgIdentifier(p: Problems, field: string, v: unknown, reserved: string[], example: string): void {
  if (v === undefined) return;
  if (typeof v !== 'string' || !PG_IDENTIFIER.test(v)) {
    p.add(field, v, `must be 1–63 letters, digits or '_', starting with a letter, e.g. '${example}'`);
  } else if (reserved.includes(v.toLowerCase())) {
    p.add(field, v, `'${v}' is reserved by PostgreSQL or RDS; choose another, e.g. '${example}'`);
  }
}

function checkCache(c: Obj, p: Problems): void {
  const cache = c.cache;
  if (cache === undefined) return;
  if (!isObj(cache)) {
    p.add('cache', cache, "must be an object (or be omitted for the defaults), e.g. { nodeType: 'cache.r6g.xlarge' }");
    return;
  }
  if (cache.engine !== undefined && cache.engine !== 'valkey' && cache.engine !== 'redis') {
    p.add('cache.engine', cache.engine, "must be 'valkey' or 'redis'");
  }
  checkString(p, 'cache.engineVersion', cache.engineVersion, /^\d+\.\d+$/, "must be an engine version 'major.minor' such as '8.0' (valkey) or '7.1' (redis)");
  checkString(p, 'cache.nodeType', cache.nodeType, /^cache\.[a-z]+\d+[a-z]*(-[a-z0-9]+)?\.(micro|small|medium|large|\d*xlarge)$/,
    "must be an ElastiCache node type starting with 'cache.', e.g. 'cache.r6g.xlarge'");
  checkInt(p, 'cache.nodes', cache.nodes, 2, 6, 'automatic failover needs at least 2 nodes (one primary plus at most 5 replicas); 3 recommended');
  checkInt(p, 'cache.snapshotRetentionDays', cache.snapshotRetentionDays, 1, 35, 'e.g. 7');
  const snapshot = checkWindow(p, 'cache.snapshotWindow', cache.snapshotWindow ?? DEFAULT_CACHE.snapshotWindow, false, 60);
  const maintenance = checkWindow(p, 'cache.maintenanceWindow', cache.maintenanceWindow ?? DEFAULT_CACHE.maintenanceWindow, true, 60);
  if (snapshot && maintenance && dailyOverlapsWeekly(snapshot, maintenance)) {
    p.add('cache.maintenanceWindow', cache.maintenanceWindow ?? DEFAULT_CACHE.maintenanceWindow,
      `overlaps the snapshot window ${String(cache.snapshotWindow ?? DEFAULT_CACHE.snapshotWindow)}; move one of the windows so they do not overlap`);
  }
}

const WAF_MIN_RATE = 10;
const WAF_MAX_RATE = 2_000_000_000;

function checkEdge(c: Obj, p: Problems): void {
  const e = c.edge;
  if (e === undefined) return;
  if (!isObj(e)) {
    p.add('edge', e, 'must be an object (or be omitted for the defaults), e.g. { rateLimitPer5Minutes: 2000 }');
    return;
  }
  checkInt(p, 'edge.rateLimitPer5Minutes', e.rateLimitPer5Minutes, WAF_MIN_RATE, WAF_MAX_RATE, 'the AWS WAF rate-based rule range, e.g. 2000');
  const globalLimit = isInt(e.rateLimitPer5Minutes) ? e.rateLimitPer5Minutes : DEFAULT_EDGE.rateLimitPer5Minutes;
  if (e.pathRateLimits !== undefined && !Array.isArray(e.pathRateLimits)) {
    p.add('edge.pathRateLimits', e.pathRateLimits, "must be a list like [{ path: '/v1/payments', limit: 300 }]");
  } else if (e.pathRateLimits) {
    e.pathRateLimits.forEach((l: unknown, i: number) => {
      const f = `edge.pathRateLimits[${i}]`;
      if (!isObj(l)) {
        p.add(f, l, "must be an object like { path: '/v1/payments', limit: 300 }");
        return;
      }
      checkString(p, `${f}.path`, l.path, /^\/\S*$/, "must be a path prefix starting with '/', e.g. '/v1/payments'", true);
      if (!isInt(l.limit) || l.limit < WAF_MIN_RATE || l.limit >= globalLimit) {
        p.add(`${f}.limit`, l.limit, `must be an integer from ${WAF_MIN_RATE} (the WAF minimum) to below the global rateLimitPer5Minutes (${globalLimit}), e.g. 300`);
      }
    });
  }
  checkGeoAllowList(e.geoAllowList, p);
  if (e.shieldAdvanced !== undefined && typeof e.shieldAdvanced !== 'boolean') {
    p.add('edge.shieldAdvanced', e.shieldAdvanced, 'must be true or false');
  }
  if (e.healthCheckPath !== undefined && (typeof e.healthCheckPath !== 'string' || !/^\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]{0,254}$/.test(e.healthCheckPath))) {
    p.add('edge.healthCheckPath', e.healthCheckPath, "must be an absolute URL path without query, at most 255 characters (Route 53's limit), e.g. '/health' or '/api/v1/health/ready'");
  }
}

function checkGeoAllowList(list: unknown, p: Problems): void {
  if (list === undefined) return;
  if (!Array.isArray(list) || list.length === 0) {
    p.add('edge.geoAllowList', list, "must be a non-empty list of ISO 3166 country codes such as ['US', 'GB'], or be omitted for no geo restriction");
    return;
  }
  const seen = new Set<unknown>();
  list.forEach((code: unknown, i: number) => {
    if (typeof code !== 'string' || !/^[A-Z]{2}$/.test(code)) {
      p.add(`edge.geoAllowList[${i}]`, code, "must be a 2-letter upper-case ISO 3166 country code, e.g. 'US'");
    } else if (seen.has(code)) {
      p.add(`edge.geoAllowList[${i}]`, code, 'is listed twice; list each country once');
    }
    seen.add(code);
  });
}

/** Retention periods CloudWatch Logs accepts that also meet PCI DSS 10.5.1 (≥ 365 days). */
export const PCI_LOG_RETENTION_DAYS = [365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

function checkRetention(c: Obj, p: Problems): void {
  const r = c.retention;
  if (r === undefined) return;
  if (!isObj(r)) {
    p.add('retention', r, 'must be an object (or be omitted for the defaults), e.g. { logRetentionDays: 365 }');
    return;
  }
  const days = r.logRetentionDays;
  if (days !== undefined) {
    if (!isInt(days) || days < PCI_MIN_LOG_RETENTION_DAYS) {
      p.add('retention.logRetentionDays', days, `must be at least ${PCI_MIN_LOG_RETENTION_DAYS} days (PCI DSS 10.5.1 keeps one year of audit logs); use 365 or longer`);
    } else if (!(PCI_LOG_RETENTION_DAYS as readonly number[]).includes(days)) {
      p.add('retention.logRetentionDays', days, `must be a value CloudWatch Logs accepts: one of ${PCI_LOG_RETENTION_DAYS.join(', ')}`);
    }
  }
  checkInt(p, 'retention.dumpExpirationDays', r.dumpExpirationDays, 1, Number.MAX_SAFE_INTEGER, 'days to keep postgres/ dumps, e.g. 30');
  checkInt(p, 'retention.noncurrentVersionExpirationDays', r.noncurrentVersionExpirationDays, 1, Number.MAX_SAFE_INTEGER, 'days to keep old object versions, e.g. 90');
}

function checkRecovery(c: Obj, p: Problems): void {
  const r = c.recovery;
  if (r === undefined) return;
  if (!isObj(r)) {
    p.add('recovery', r, 'must be an object (or be omitted for the defaults), e.g. { rpoSeconds: 1, rtoMinutes: 5 }');
    return;
  }
  const v = r.rpoSeconds;
  if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v) || v <= 0)) {
    p.add('recovery.rpoSeconds', v, 'must be a number greater than 0, e.g. 1');
  }
  // The Region switch plan takes whole minutes; a day is the longest objective a failover plan is for.
  checkInt(p, 'recovery.rtoMinutes', r.rtoMinutes, 1, 1440, "whole minutes from 1 to 1440 (the Region switch plan's recovery time objective), e.g. 5");
  checkInt(p, 'recovery.approvalTimeoutMinutes', r.approvalTimeoutMinutes, 1, 1440, 'minutes the approval step waits, from 1 to 1440, e.g. 10');
  if (r.approval !== undefined && typeof r.approval !== 'boolean') {
    p.add('recovery.approval', r.approval, 'must be true (a person approves each Region switch execution) or false');
  }
}

/** The workload suffix that makes the longest IAM role name (`workloadRoleName`). */
const LONGEST_WORKLOAD_SUFFIX = 'aws-load-balancer-controller';

/** Derived names must fit AWS limits; reported on `name` with how much to shorten. */
function checkNameLengths(c: Obj, p: Problems): void {
  if (p.list.some((x) => x.field === 'name' || x.field === 'environment' || x.field === 'account')) return;
  if (!Array.isArray(c.regions)) return;
  const cfg = { name: c.name, environment: c.environment, account: c.account } as NamingConfig;
  const regions = c.regions.filter((r: unknown): r is { region: string } => isObj(r) && typeof r.region === 'string' && isKnownRegion(r.region));
  const secondaries = new Set(c.regions.filter((r: unknown) => isObj(r) && r.role === 'secondary').map((r: Obj) => r.region));
  const limits: [string, number, (region: string) => string][] = [
    ['EKS cluster name', 100, (region) => clusterName(cfg, region)],
    ['IAM role name', 64, (region) => workloadRoleName(cfg, region, LONGEST_WORKLOAD_SUFFIX)],
    ['S3 bucket name', 63, (region) => backupBucketName(cfg, region)],
    // A plan per secondary region, named by it.
    ['ARC Region switch plan name', 32, (region) => (secondaries.has(region) ? regionSwitchPlanName(cfg, region) : '')],
  ];
  for (const [what, max, derive] of limits) {
    const longest = regions.map((r) => derive(r.region)).sort((a, b) => b.length - a.length)[0];
    if (longest !== undefined && longest.length > max) {
      p.add('name', c.name, `with environment '${String(c.environment)}' gives the ${what} '${longest}' of ${longest.length} characters (limit ${max}); shorten name or environment by ${longest.length - max} characters`);
    }
  }
}

/**
 * Checks a platform configuration and throws a `PlatformConfigError` listing every problem.
 * Only plain values are accepted here (no CDK tokens): the configuration is data.
 */
export function validatePlatformConfig(config: PlatformConfig): void {
  const c: unknown = config;
  if (!isObj(c)) {
    throw new PlatformConfigError([{ field: '(config)', value: c, message: 'must be a PlatformConfig object with name, environment, account, regions, domain and images' }]);
  }
  const p = new Problems();
  checkIdentity(c, p);
  checkBlockchain(c, p);
  checkRepositories(c, p);
  checkRegions(c, p);
  checkDomain(c, p);
  checkImages(c, p);
  checkCluster(c, p);
  checkDatabase(c, p);
  checkCache(c, p);
  checkAlarms(c, p);
  checkEdge(c, p);
  checkRetention(c, p);
  checkRecovery(c, p);
  checkStreaming(c, p);
  checkDelivery(c, p);
  checkSecurityBaseline(c, (field, value, message) => p.add(field, value, message));
  checkNameLengths(c, p);
  if (p.list.length > 0) throw new PlatformConfigError(p.list);
}
