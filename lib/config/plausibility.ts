import { repositoryName } from '../core/naming';
import { quotaOf, vcpusOf } from '../core/rules';
import { NODE_GROUP_NAMES } from './schema-cluster';
import type { ResolvedPlatformConfig } from './resolve';
import type { ConfigWarning } from './warnings';

/**
 * Plausibility warnings of a valid configuration: values AWS accepts but that are probably
 * mistakes. Each has an id from `PLATFORM_WARNINGS` and can be acknowledged in
 * `acknowledgedWarnings`.
 */

/** The default EKS quota of nodes per managed node group. */
export const EKS_NODES_PER_NODE_GROUP_QUOTA = 450;

/** The default On-Demand Standard instances vCPU quota (A, C, D, H, I, M, R, T, Z) of a new account. */
export const DEFAULT_ON_DEMAND_VCPU_QUOTA = 5120;

/** Every plausibility warning of `cfg`. */
export function configWarnings(cfg: ResolvedPlatformConfig): ConfigWarning[] {
  const out: ConfigWarning[] = [];
  let vcpus = 0;
  for (const name of NODE_GROUP_NAMES) {
    const g = cfg.cluster.nodeGroups[name];
    if (!g) continue;
    if (g.maxSize > EKS_NODES_PER_NODE_GROUP_QUOTA) {
      out.push({
        id: 'payment-platform:node-group-above-quota', field: `cluster.nodeGroups.${name}.maxSize`,
        message: `${g.maxSize} is above the default EKS quota of ${EKS_NODES_PER_NODE_GROUP_QUOTA} nodes per managed node group; ask AWS to raise it (Service Quotas, Amazon EKS) or lower maxSize`,
      });
    }
    // Only the Standard (A, C, D, H, I, M, R, T, Z) bucket has a known default; the preflight checks every bucket live.
    if (quotaOf(g.instanceType) === 'standard' && !/\.metal/.test(g.instanceType)) vcpus += vcpusOf(g.instanceType) * g.maxSize;
  }
  if (vcpus > DEFAULT_ON_DEMAND_VCPU_QUOTA) {
    out.push({
      id: 'payment-platform:node-groups-above-vcpu-quota', field: 'cluster.nodeGroups',
      message: `at maxSize the node groups of a region need ${vcpus} vCPUs, above the default On-Demand Standard quota of ${DEFAULT_ON_DEMAND_VCPU_QUOTA}; raise the quota in every region or lower maxSize`,
    });
  }
  out.push(...repositoryPrefixWarnings(cfg));
  return out;
}

/**
 * ECR replication filters match by prefix (ECR has no exact match): the filter of `<name>/ledger`
 * also matches `<name>/ledger-v2`. Such a repository added later is replicated by ECR as soon as an
 * image is pushed in the primary region, before the secondary stacks create it, and their deploy
 * then fails with RepositoryAlreadyExistsException.
 */
function repositoryPrefixWarnings(cfg: ResolvedPlatformConfig): ConfigWarning[] {
  const names = cfg.repositories.map((service) => ({ service, name: repositoryName(cfg, service) }));
  return names.flatMap((longer) => names
    .filter((shorter) => shorter !== longer && longer.name.startsWith(shorter.name))
    .map((shorter) => ({
      id: 'payment-platform:repository-name-prefix' as const, field: 'repositories',
      message: `'${longer.name}' starts with '${shorter.name}', whose replication filter already matches it: when '${longer.service}' is added to a running platform, `
        + 'deploy every secondary regional stack before the first push to it (or name it without that prefix), or the secondary deploy fails with RepositoryAlreadyExistsException',
    })));
}
