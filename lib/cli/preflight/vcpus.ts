import type { ResolvedNodeGroupConfig } from '../../config/platform-config';
import { quotaOf, vcpusOf, type VcpuQuota } from '../../core/rules';

// The quota buckets and vCPU counts are declared once, in lib/core/rules (the configuration's
// plausibility warnings use the same).
export { quotaOf, VCPU_QUOTAS, vcpusOf, type VcpuQuota } from '../../core/rules';

/** vCPUs one region needs in one quota bucket. */
export interface VcpuNeed {
  readonly quota: VcpuQuota;
  /** At the groups' desired sizes (what the first deploy launches). */
  readonly desired: number;
  /** At the groups' maximum sizes (what the Cluster Autoscaler may reach). */
  readonly max: number;
  /** `system 3 × t3.medium (2)`, … */
  readonly breakdown: readonly string[];
}

/** The vCPUs the node groups of one region need, per quota bucket. */
export function vcpuNeeds(groups: Readonly<Record<string, ResolvedNodeGroupConfig | undefined>>): VcpuNeed[] {
  const byQuota = new Map<VcpuQuota, { desired: number; max: number; breakdown: string[] }>();
  for (const [name, g] of Object.entries(groups)) {
    if (!g) continue;
    const quota = quotaOf(g.instanceType);
    const v = vcpusOf(g.instanceType);
    const entry = byQuota.get(quota) ?? { desired: 0, max: 0, breakdown: [] };
    entry.desired += g.desiredSize * v;
    entry.max += g.maxSize * v;
    entry.breakdown.push(`${name} ${g.desiredSize}–${g.maxSize} × ${g.instanceType} (${v})`);
    byQuota.set(quota, entry);
  }
  return [...byQuota.entries()].map(([quota, e]) => ({ quota, ...e }));
}
