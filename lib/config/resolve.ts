import { PlatformConfigError, ProblemList, type ConfigProblem } from '../core/rules';
import { crossFieldProblems, isObj } from './checks';
import { DEFAULT_NODE_GROUPS, POOL_PLACEMENT, PRODUCTION_ENVIRONMENTS } from './defaults';
import { resolveTrust } from './delivery-config';
import { PLATFORM_REPOSITORIES } from './naming';
import { NODE_GROUP_NAMES, type NodeGroupName } from './schema-cluster';
import { problemsOf } from './schema-helpers';
import { platformConfigSchema, TOP_LEVEL_KEYS, type ParsedPlatformConfig, type PlatformConfigInput } from './schema';

type ParsedNodeGroup = NonNullable<NonNullable<ParsedPlatformConfig['cluster']['nodeGroups']>[NodeGroupName]>;

/** A node group with its defaults filled in. */
export interface ResolvedNodeGroupConfig {
  readonly instanceType: string;
  readonly minSize: number;
  readonly maxSize: number;
  readonly desiredSize: number;
  readonly diskSizeGiB: number;
  readonly labels: Record<string, string>;
  readonly taints: { readonly key: string; readonly value: string; readonly effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute' }[];
}

/** The node groups after resolution: system, api and worker always, blockchain only with `blockchain`. */
export type ResolvedNodeGroups = Readonly<Record<Exclude<NodeGroupName, 'blockchain'>, ResolvedNodeGroupConfig>>
  & { readonly blockchain?: ResolvedNodeGroupConfig };

function resolveNodeGroup(name: NodeGroupName, group: ParsedNodeGroup | undefined): ResolvedNodeGroupConfig {
  if (!group) return DEFAULT_NODE_GROUPS[name];
  const own = POOL_PLACEMENT[name];
  return {
    instanceType: group.instanceType,
    minSize: group.minSize,
    maxSize: group.maxSize,
    desiredSize: group.desiredSize ?? group.minSize,
    diskSizeGiB: group.diskSizeGiB,
    // The pool's own label and taint are kept whatever is added (the checks reject changing them).
    labels: { ...group.labels, ...own.labels },
    taints: [
      ...own.taints,
      ...(group.taints ?? []).filter((t) => !own.taints.some((r) => r.key === t.key && r.value === t.value && r.effect === t.effect)),
    ],
  };
}

/** The defaults that depend on other fields: NAT gateways per zone, node pools, approval in production, CI trust. */
function derive(c: ParsedPlatformConfig) {
  const groupNames = NODE_GROUP_NAMES.filter((n) => c.blockchain || n !== 'blockchain');
  const s = c.securityBaseline;
  return {
    ...c,
    /** Every ECR repository service name of a region: the built-in ones, then `repositories`. */
    repositories: [...new Set([...PLATFORM_REPOSITORIES, ...c.repositories])],
    regions: c.regions.map((r) => ({ ...r, natGateways: r.natGateways ?? r.availabilityZones.length })),
    cluster: {
      ...c.cluster,
      nodeGroups: Object.fromEntries(groupNames.map((n) => [n, resolveNodeGroup(n, c.cluster.nodeGroups?.[n])])) as unknown as ResolvedNodeGroups,
    },
    recovery: { ...c.recovery, approval: c.recovery.approval ?? PRODUCTION_ENVIRONMENTS.includes(c.environment) },
    securityBaseline: {
      ...s,
      breakGlassRoleName: s.breakGlassRoleName ?? `${c.name}-${c.environment}-break-glass`,
    },
    delivery: c.delivery && {
      ...c.delivery,
      imageRepositories: c.delivery.imageRepositories.map((r) => ({ repository: r.repository, pushTo: r.pushTo, ...resolveTrust(r) })),
      deployRepository: c.delivery.deployRepository && { repository: c.delivery.deployRepository.repository, ...resolveTrust(c.delivery.deployRepository) },
    },
  };
}

/** The configuration after validation, with every platform-level default filled in. */
export type ResolvedPlatformConfig = ReturnType<typeof derive>;

/** Problems in the order of the configuration's sections (a section's own problems before its cross-field ones). */
function ordered(problems: readonly ConfigProblem[]): ConfigProblem[] {
  const rank = (field: string) => {
    const i = TOP_LEVEL_KEYS.indexOf(field.split(/[.[]/)[0]);
    return i < 0 ? TOP_LEVEL_KEYS.length : i;
  };
  const seen = new Set<string>();
  return problems
    .filter((p) => {
      const key = `${p.field}\u0000${p.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .map((p, i) => ({ p, i }))
    .sort((a, b) => rank(a.p.field) - rank(b.p.field) || a.i - b.i)
    .map(({ p }) => p);
}

/**
 * Validates a platform configuration and fills in every default: the schema's parse, then the
 * checks that relate fields, then the defaults that depend on other fields.
 *
 * Throws one `PlatformConfigError` listing every problem found, each naming the field, the bad
 * value and the fix; unknown keys are problems too, with the closest setting suggested. Call it
 * once, up front; every construct takes the resolved result.
 */
export function resolvePlatformConfig(config: PlatformConfigInput): ResolvedPlatformConfig {
  const raw: unknown = config;
  if (!isObj(raw)) {
    throw new PlatformConfigError([{ field: '(config)', value: raw, message: 'must be a PlatformConfig object with name, environment, account, regions, domain and images' }]);
  }
  const problems = new ProblemList();
  const parsed = platformConfigSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) problems.list.push(...problemsOf(parsed.error));
  crossFieldProblems(raw, problems);
  if (problems.list.length > 0 || !parsed.success) throw new PlatformConfigError(ordered(problems.list));
  return derive(parsed.data);
}

/** Checks a platform configuration and throws a `PlatformConfigError` listing every problem. */
export function validatePlatformConfig(config: PlatformConfigInput): void {
  resolvePlatformConfig(config);
}
