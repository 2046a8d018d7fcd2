import type { ResolvedNodeGroupConfig } from '../../config/platform-config';

/**
 * EC2 On-Demand vCPU quotas (Service Quotas, service code `ec2`) by instance family letter. New
 * accounts start far below what the platform runs; Service Quotas reports the applied and the
 * AWS default value of each.
 */
export const VCPU_QUOTAS = {
  standard: { code: 'L-1216C47A', name: 'Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances', families: /^[acdhimrtz]/ },
  g: { code: 'L-DB2E81BA', name: 'Running On-Demand G and VT instances', families: /^(g|vt)/ },
  p: { code: 'L-417A185B', name: 'Running On-Demand P instances', families: /^p/ },
  x: { code: 'L-7295265B', name: 'Running On-Demand X instances', families: /^x/ },
  f: { code: 'L-74FC7D96', name: 'Running On-Demand F instances', families: /^f/ },
  inf: { code: 'L-1945791B', name: 'Running On-Demand Inf instances', families: /^inf/ },
} as const;

/** A quota bucket of `VCPU_QUOTAS`. */
export type VcpuQuota = keyof typeof VCPU_QUOTAS;

/**
 * vCPUs of an instance type from its size (`large` 2, `xlarge` 4, `<n>xlarge` 4n). Burstable `t`
 * types have 2 vCPUs up to `large`; other `medium` types have 1 (Graviton), `small` and below 1.
 * Throws for sizes it cannot tell (`metal`), naming the type.
 */
export function vcpusOf(instanceType: string): number {
  const m = /^([a-z][a-z0-9-]*)\.([a-z0-9]+)$/.exec(instanceType);
  if (!m) throw new Error(`'${instanceType}' is not an EC2 instance type such as 'm5.xlarge'.`);
  const [, family, size] = m;
  const burstable = /^t\d/.test(family);
  if (['nano', 'micro', 'small', 'medium'].includes(size)) return burstable ? 2 : 1;
  if (size === 'large') return 2;
  if (size === 'xlarge') return 4;
  const n = /^(\d+)xlarge$/.exec(size);
  if (n) return 4 * Number(n[1]);
  throw new Error(`cannot tell the vCPUs of '${instanceType}' (size '${size}'); use a sized type such as '${family}.4xlarge'.`);
}

/** The quota bucket of an instance type. */
export function quotaOf(instanceType: string): VcpuQuota {
  const family = instanceType.split('.')[0];
  for (const key of ['inf', 'g', 'p', 'x', 'f', 'standard'] as const) {
    if (VCPU_QUOTAS[key].families.test(family)) return key;
  }
  throw new Error(`no On-Demand vCPU quota known for instance family '${family}' (${instanceType}); check the EC2 quotas in Service Quotas by hand.`);
}

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
