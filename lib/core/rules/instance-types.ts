/**
 * What an EC2 instance type offers (vCPUs, memory, allocatable CPU/memory/pods) and which On-Demand
 * vCPU quota it counts against. Dependency-free: the configuration rules, the plausibility
 * warnings and `payment-platform preflight` all read it from here.
 */
import { EC2_INSTANCE_TYPES } from './instance-types-data';

export { EC2_INSTANCE_TYPES, INSTANCE_TYPES_AS_OF, INSTANCE_TYPES_SOURCE } from './instance-types-data';

/** What one instance type offers. */
export interface InstanceTypeInfo {
  readonly vcpus: number;
  readonly memoryMiB: number;
  /** What a node of this type offers pods (after the kubelet's reservations). */
  readonly allocatable: { readonly cpuMillicores: number; readonly memoryMiB: number; readonly pods: number };
}

/** `m5.xlarge` → its data, or undefined for a type outside the data file. */
export function instanceTypeInfo(instanceType: string): InstanceTypeInfo | undefined {
  const dot = instanceType.indexOf('.');
  const row = dot > 0 ? EC2_INSTANCE_TYPES[instanceType.slice(0, dot)]?.[instanceType.slice(dot + 1)] : undefined;
  if (!row) return undefined;
  return { vcpus: row[0], memoryMiB: row[1], allocatable: { cpuMillicores: row[2], memoryMiB: row[3], pods: row[4] } };
}

/** The sizes of a family in the data file (undefined when the family is not in it). */
export function familySizes(family: string): string[] | undefined {
  const sizes = EC2_INSTANCE_TYPES[family];
  return sizes ? Object.keys(sizes) : undefined;
}

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
 * vCPUs of an instance type: from the data file, else from its size (`large` 2, `xlarge` 4,
 * `<n>xlarge` 4n; burstable `t` types 2 up to `large`, other `medium` types 1). Throws for sizes
 * it cannot tell (`metal`), naming the type.
 */
export function vcpusOf(instanceType: string): number {
  const known = instanceTypeInfo(instanceType);
  if (known) return known.vcpus;
  const m = /^([a-z][a-z0-9-]*)\.([a-z0-9-]+)$/.exec(instanceType);
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
