import { checkKubernetesVersion } from '../cluster/kubernetes-version';
import { GLOBAL_STACK_NAME, regionalStackName } from '../config/naming';
import type { ResolvedPlatformConfig } from '../config/platform-config';
import { resolvePlatformConfig } from '../config/resolve';
import { parseArgs } from './args';
import type { CliCommand } from './command';
import { loadConfig } from './config-loader';
import { UsageError, type CliIo } from './io';

function parseVersion(field: string, v: string): { major: number; minor: number } {
  const m = /^(\d+)\.(\d+)$/.exec(v);
  if (!m) throw new UsageError(`${field} '${v}' is not a version such as '17.9' or '1.36'.`);
  return { major: Number(m[1]), minor: Number(m[2]) };
}

/**
 * The steps of an Aurora PostgreSQL upgrade from the configured `database.engineVersion` to
 * `target`, in the order a global database requires:
 * - minor: RDS upgrades a global database member by member, and refuses to upgrade the primary
 *   while a secondary runs an older version; auto minor upgrades do not apply to global members.
 *   So the secondaries' stacks deploy first, then the primary's, then the global stack.
 * - major: the whole global database upgrades through its global cluster (ModifyGlobalCluster
 *   with AllowMajorVersionUpgrade, which CloudFormation's GlobalCluster handler issues when the
 *   major of EngineVersion changes); then the regional stacks apply the new version's parameter
 *   groups, primary first. Requires `database.allowMajorVersionUpgrade: true`.
 */
export function databaseUpgradeSteps(config: ResolvedPlatformConfig, target: string): string[] {
  const from = parseVersion('database.engineVersion', config.database.engineVersion);
  const to = parseVersion('--database', target);
  if (to.major < from.major || (to.major === from.major && to.minor <= from.minor)) {
    throw new UsageError(`--database ${target} is not newer than database.engineVersion ${config.database.engineVersion}; Aurora cannot downgrade in place ` +
      '(restore a snapshot into a new cluster instead).');
  }
  const primary = config.regions.find((r) => r.role === 'primary')!;
  const secondaries = config.regions.filter((r) => r !== primary);
  const deploy = (stacks: string[]) => `npx cdk deploy ${stacks.join(' ')} --exclusively`;
  const steps = [`set database.engineVersion to '${target}' in the configuration`];
  if (to.major !== from.major) {
    if (!config.database.allowMajorVersionUpgrade) {
      throw new UsageError(`--database ${target} is a major upgrade (${from.major} → ${to.major}); set database.allowMajorVersionUpgrade: true to allow it ` +
        '(test the application against the new major first; the upgrade takes the database down for its duration).');
    }
    if (secondaries.length > 0) {
      steps.push(`${deploy([GLOBAL_STACK_NAME])}   # the global cluster upgrades every member (writer and secondaries) in one operation`);
    }
    steps.push(`${deploy([regionalStackName(primary.region)])}   # the primary applies the ${to.major} parameter groups`);
    if (secondaries.length > 0) steps.push(`${deploy(secondaries.map((r) => regionalStackName(r.region)))}   # the secondaries apply them`);
  } else {
    if (secondaries.length > 0) {
      steps.push(`${deploy(secondaries.map((r) => regionalStackName(r.region)))}   # secondaries first: RDS refuses the primary while a secondary is older`);
    }
    steps.push(`${deploy([regionalStackName(primary.region)])}   # then the primary (writer)`);
    if (secondaries.length > 0) steps.push(`${deploy([GLOBAL_STACK_NAME])}   # last: the global cluster records the version its members now run`);
  }
  return steps;
}

/**
 * The steps of a Kubernetes upgrade to `target`: EKS moves one minor version at a time; each
 * regional stack updates the control plane first and then, in the same deploy, the node groups
 * (their `Version` follows `cluster.kubernetesVersion`) and the pinned add-ons.
 */
export function kubernetesUpgradeSteps(config: ResolvedPlatformConfig, target: string, today: Date = new Date()): string[] {
  const from = parseVersion('cluster.kubernetesVersion', config.cluster.kubernetesVersion);
  const to = parseVersion('--kubernetes', target);
  if (to.major !== from.major || to.minor <= from.minor) {
    throw new UsageError(`--kubernetes ${target} is not a newer 1.x minor than cluster.kubernetesVersion ${config.cluster.kubernetesVersion}; EKS cannot downgrade a cluster.`);
  }
  const check = checkKubernetesVersion(target, today);
  if (check.status === 'unsupported') throw new UsageError(`--kubernetes ${target}: ${check.message}`);
  const steps: string[] = [];
  for (let minor = from.minor + 1; minor <= to.minor; minor++) {
    const v = `${to.major}.${minor}`;
    steps.push(`set cluster.kubernetesVersion to '${v}' (and install @aws-cdk/lambda-layer-kubectl-v${minor} if it is not bundled)`);
    for (const r of config.regions) {
      steps.push(`npx cdk deploy ${regionalStackName(r.region)} --exclusively   # control plane ${v}, then the node groups roll to ${v}`);
    }
  }
  return steps;
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { options } = parseArgs(args, { value: ['config', 'database', 'kubernetes'] });
  if (!options.database && !options.kubernetes) throw new UsageError('give --database <version> and/or --kubernetes <version>.');
  const { config: raw, source } = loadConfig(options.config as string | undefined);
  const config = resolvePlatformConfig(raw);
  io.out(`payment-platform upgrade-plan: ${config.name} ${config.environment} (${source})`);
  let n = 0;
  if (options.database) {
    io.out(`Aurora PostgreSQL ${config.database.engineVersion} → ${options.database}:`);
    for (const s of databaseUpgradeSteps(config, options.database as string)) io.out(`  ${++n}. ${s}`);
  }
  if (options.kubernetes) {
    io.out(`Kubernetes ${config.cluster.kubernetesVersion} → ${options.kubernetes}:`);
    for (const s of kubernetesUpgradeSteps(config, options.kubernetes as string)) io.out(`  ${++n}. ${s}`);
  }
  return 0;
}

/** The `upgrade-plan` subcommand. */
export const UPGRADE_PLAN_COMMAND: CliCommand = {
  name: 'upgrade-plan',
  summary: 'print the deploy steps of an Aurora or Kubernetes upgrade in the order the platform needs',
  usage: 'payment-platform upgrade-plan [--config <module>] [--database <version>] [--kubernetes <version>]',
  run,
};
