import type { z } from 'zod';
import {
  cacheEngineVersionRule, cidrsOverlap, natGatewaysRule, parseCidr, pathRateLimitRule, repeatedIndexes, windowsOverlapRule, type Cidr, type ProblemList,
} from '../core/rules';
import { backupBucketName, clusterName, regionSwitchPlanName, workloadRoleName, type NamingConfig } from './naming';
import { availabilityZonesOf, isKnownRegion } from './regions';
import { POOL_PLACEMENT } from './defaults';
import { POOL_LABEL_KEY } from '../core/placement';
import { NODE_GROUP_NAMES, nodeGroupSchema, type NodeGroupName } from './schema-cluster';
import { cacheSchema, databaseSchema } from './schema-data';
import { edgeSchema } from './schema-edge';
import { regionSchema } from './schema-network';
import { checkDelivery, checkStreaming } from './checks-sections';
import { checkContractArtifacts } from './schema-contracts';

/**
 * The checks that relate several fields (the schema checks each field on its own). They run on
 * the configuration as given, also when some fields are invalid, so every problem is reported at
 * once; a field that failed its own check is skipped here (`valid` returns undefined for it).
 */

export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The field's value with the schema's default, or undefined when the field itself is invalid. */
export function valid<T extends z.ZodType>(schema: T, value: unknown): z.output<T> | undefined {
  const r = schema.safeParse(value);
  return r.success ? r.data : undefined;
}

function checkRegions(c: Obj, p: ProblemList): void {
  const regions = c.regions;
  if (!Array.isArray(regions) || regions.length === 0) return;
  const cidrs: { region: unknown; cidr: Cidr; index: number }[] = [];
  const firstIndex = new Map<unknown, number>();
  regions.forEach((r: unknown, i: number) => {
    if (!isObj(r)) return;
    const field = `regions[${i}]`;
    if (firstIndex.has(r.region)) p.add(`${field}.region`, r.region, `duplicates regions[${firstIndex.get(r.region)}]; each region may appear once`);
    else firstIndex.set(r.region, i);
    const region = typeof r.region === 'string' && isKnownRegion(r.region) ? r.region : undefined;
    const azs = valid(regionSchema.shape.availabilityZones, r.availabilityZones);
    if (azs) {
      const seen = new Set<string>();
      azs.forEach((az, j) => {
        if (seen.has(az)) p.add(`${field}.availabilityZones[${j}]`, az, 'is listed twice; list each availability zone once');
        seen.add(az);
        if (region && !availabilityZonesOf(region).includes(az)) {
          p.add(`${field}.availabilityZones[${j}]`, az, `is not an availability zone of ${region}; use one of ${availabilityZonesOf(region).join(', ')}`);
        }
      });
    }
    const nat = r.natGateways;
    if (typeof nat === 'number') p.check(`${field}.natGateways`, nat, natGatewaysRule(azs?.length ?? 6));
    const cidr = valid(regionSchema.shape.cidr, r.cidr) !== undefined ? (parseCidr(r.cidr) as Cidr) : undefined;
    if (cidr) {
      for (const other of cidrs) {
        if (cidrsOverlap(other.cidr, cidr)) {
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

function checkDomain(c: Obj, p: ProblemList): void {
  const d = c.domain;
  if (!isObj(d) || typeof d.apiLabel !== 'string' || !Array.isArray(c.regions)) return;
  const longest = Math.max(0, ...c.regions.map((r: unknown) => (isObj(r) && typeof r.region === 'string' ? r.region.length : 0)));
  if (/^[a-z0-9-]+$/.test(d.apiLabel) && d.apiLabel.length + 1 + longest > 63) {
    p.add('domain.apiLabel', d.apiLabel, `with '-<region>' appended must fit one 63-character DNS label; shorten it to at most ${62 - longest} characters`);
  }
}

function checkNodeGroup(name: NodeGroupName, g: Obj, field: string, p: ProblemList): void {
  const min = valid(nodeGroupSchema.shape.minSize, g.minSize);
  const max = valid(nodeGroupSchema.shape.maxSize, g.maxSize);
  if (min !== undefined && max !== undefined && min > max) {
    p.add(`${field}.minSize`, g.minSize, `is greater than maxSize (${max}); lower minSize to at most ${max} or raise maxSize to at least ${min}`);
  } else if (min !== undefined && max !== undefined && g.desiredSize !== undefined
    && (typeof g.desiredSize !== 'number' || !Number.isInteger(g.desiredSize) || g.desiredSize < min || g.desiredSize > max)) {
    p.add(`${field}.desiredSize`, g.desiredSize, `must be an integer within minSize..maxSize (${min}..${max}), or be omitted to start at minSize`);
  }
  // The pool's own `role` label and taint cannot be changed, only added to.
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
      if (!isObj(t) || t.key !== POOL_LABEL_KEY) return;
      if (!required.taints.some((r) => r.key === t.key && r.value === t.value && r.effect === t.effect)) {
        const keep = required.taints.length > 0 ? `the ${name} pool always has role=${name}:NoSchedule (added for you)` : `the ${name} pool has no role taint (its workloads do not tolerate one)`;
        p.add(`${field}.taints[${i}]`, `${String(t.key)}=${String(t.value)}:${String(t.effect)}`, `changes the '${POOL_LABEL_KEY}' taint the workloads tolerate: ${keep}; use another key for your own taint`);
      }
    });
  }
}

function checkCluster(c: Obj, p: ProblemList): void {
  const cl = c.cluster;
  if (!isObj(cl)) return;
  const arn = typeof cl.adminRoleArn === 'string' ? /^arn:aws:iam::(\d{12}):role\//.exec(cl.adminRoleArn) : null;
  if (arn && typeof c.account === 'string' && arn[1] !== c.account) {
    p.add('cluster.adminRoleArn', cl.adminRoleArn, `is a role in account ${arn[1]}, not the configured account ${c.account}; use a role of account ${c.account}`);
  }
  if (!isObj(cl.nodeGroups)) return;
  for (const name of NODE_GROUP_NAMES) {
    const g = cl.nodeGroups[name];
    if (!isObj(g)) continue;
    if (name === 'blockchain' && c.blockchain === false) {
      p.add('cluster.nodeGroups.blockchain', g, 'is configured but blockchain is false, so no blockchain node group is created; remove cluster.nodeGroups.blockchain or set blockchain: true');
    } else {
      checkNodeGroup(name, g, `cluster.nodeGroups.${name}`, p);
    }
  }
}

function checkData(c: Obj, p: ProblemList): void {
  const db = isObj(c.database) ? c.database : c.database === undefined ? {} : undefined;
  if (db) {
    const backup = valid(databaseSchema.shape.preferredBackupWindow, db.preferredBackupWindow);
    const maintenance = valid(databaseSchema.shape.preferredMaintenanceWindow, db.preferredMaintenanceWindow);
    const overlap = windowsOverlapRule(backup, maintenance, 'backup');
    if (overlap) p.add('database.preferredMaintenanceWindow', maintenance, overlap);
  }
  const cache = isObj(c.cache) ? c.cache : c.cache === undefined ? {} : undefined;
  if (cache) {
    const snapshot = valid(cacheSchema.shape.snapshotWindow, cache.snapshotWindow);
    const maintenance = valid(cacheSchema.shape.maintenanceWindow, cache.maintenanceWindow);
    const overlap = windowsOverlapRule(snapshot, maintenance, 'snapshot');
    if (overlap) p.add('cache.maintenanceWindow', maintenance, overlap);
    const engine = valid(cacheSchema.shape.engine, cache.engine);
    if (engine && valid(cacheSchema.shape.engineVersion, cache.engineVersion) !== undefined && cache.engineVersion !== undefined) {
      p.check('cache.engineVersion', cache.engineVersion, cacheEngineVersionRule(engine));
    }
  }
}

function checkEdge(c: Obj, p: ProblemList): void {
  const e = isObj(c.edge) ? c.edge : undefined;
  if (!e) return;
  const globalLimit = valid(edgeSchema.shape.rateLimitPer5Minutes, e.rateLimitPer5Minutes) ?? 2000;
  if (Array.isArray(e.pathRateLimits)) {
    e.pathRateLimits.forEach((l: unknown, i: number) => {
      if (!isObj(l) || typeof l.limit !== 'number') return;
      p.check(`edge.pathRateLimits[${i}].limit`, l.limit, pathRateLimitRule(globalLimit));
    });
    const paths = e.pathRateLimits.map((l: unknown) => (isObj(l) ? l.path : undefined));
    for (const i of repeatedIndexes(paths)) {
      if (typeof paths[i] === 'string') p.add(`edge.pathRateLimits[${i}].path`, paths[i], 'is listed twice; keep one entry per path');
    }
  }
  duplicates(p, 'edge.geoAllowList', e.geoAllowList, 'list each country once');
}

/** Reports the second and later occurrence of a value in a list. */
export function duplicates(p: ProblemList, field: string, values: unknown, fix: string): void {
  if (!Array.isArray(values)) return;
  const seen = new Set<unknown>();
  values.forEach((v: unknown, i: number) => {
    if (seen.has(v)) p.add(`${field}[${i}]`, v, `is listed twice; ${fix}`);
    seen.add(v);
  });
}

/** The workload suffix that makes the longest IAM role name (`workloadRoleName`). */
const LONGEST_WORKLOAD_SUFFIX = 'aws-load-balancer-controller';

/** Derived names must fit AWS limits; reported on `name` with how much to shorten. */
function checkNameLengths(c: Obj, p: ProblemList): void {
  if (p.list.some((x) => x.field === 'name' || x.field === 'environment' || x.field === 'account') || !Array.isArray(c.regions)) return;
  const cfg = { name: c.name, environment: c.environment, account: c.account } as NamingConfig;
  const regions = c.regions.filter((r: unknown): r is { region: string } => isObj(r) && typeof r.region === 'string' && isKnownRegion(r.region));
  const secondaries = new Set(c.regions.filter((r: unknown) => isObj(r) && r.role === 'secondary').map((r: Obj) => r.region));
  const limits: [string, number, (region: string) => string][] = [
    ['EKS cluster name', 100, (region) => clusterName(cfg, region)],
    ['IAM role name', 64, (region) => workloadRoleName(cfg, region, LONGEST_WORKLOAD_SUFFIX)],
    ['S3 bucket name', 63, (region) => backupBucketName(cfg, region)],
    ['ARC Region switch plan name', 32, (region) => (secondaries.has(region) ? regionSwitchPlanName(cfg, region) : '')],
  ];
  for (const [what, max, derive] of limits) {
    const longest = regions.map((r) => derive(r.region)).sort((a, b) => b.length - a.length)[0];
    if (longest !== undefined && longest.length > max) {
      p.add('name', c.name, `with environment '${String(c.environment)}' gives the ${what} '${longest}' of ${longest.length} characters (limit ${max}); shorten name or environment by ${longest.length - max} characters`);
    }
  }
}

/** Every check that relates fields of the configuration `c` (given as data, possibly invalid). */
export function crossFieldProblems(c: Obj, p: ProblemList): void {
  if (typeof c.name === 'string' && (c.name.includes('--') || c.name.startsWith('sthree-') || c.name.startsWith('amzn-s3-demo-'))) {
    p.add('name', c.name, "must not contain '--' nor start with 'sthree-' or 'amzn-s3-demo-' (reserved in S3 bucket names); choose another name, e.g. 'verypay'");
  }
  duplicates(p, 'repositories', c.repositories, 'list each service once');
  checkRegions(c, p);
  checkDomain(c, p);
  checkCluster(c, p);
  checkData(c, p);
  checkEdge(c, p);
  checkStreaming(c, p);
  checkDelivery(c, p);
  checkContractArtifacts(c, p);
  const backupAccount = isObj(c.securityBaseline) && isObj(c.securityBaseline.backupAccount) ? c.securityBaseline.backupAccount : undefined;
  if (backupAccount && typeof backupAccount.accountId === 'string' && backupAccount.accountId === c.account) {
    p.add('securityBaseline.backupAccount.accountId', backupAccount.accountId,
      'is the platform account itself; a backup account is a separate account, so a compromise of the platform account cannot delete the copies');
  }
  checkNameLengths(c, p);
}
