import { examplePlatformConfig as ex } from '../../bin/example-config';
import type { PlatformConfig } from '../../lib/config/platform-config';

/** Patches of the example configuration for the validation tests (values may be deliberately ill-typed). */

type Patch = Record<string, unknown>;

/** The example with top-level fields replaced. */
export function top(patch: Patch): PlatformConfig {
  return { ...ex, ...patch } as unknown as PlatformConfig;
}

/** The example with fields of region `i` replaced. */
export function region(i: number, patch: Patch): PlatformConfig {
  return top({ regions: ex.regions.map((r, j) => (j === i ? { ...r, ...patch } : r)) });
}

/** The sections whose fields `section` patches. */
export type SectionName = 'domain' | 'images' | 'cluster' | 'database' | 'cache' | 'alarms' | 'edge' | 'retention' | 'recovery' | 'streaming' | 'delivery' | 'securityBaseline';

/** The example with fields of one section replaced. */
export function section(name: SectionName, patch: Patch): PlatformConfig {
  return top({ [name]: { ...(ex[name] as Patch | undefined), ...patch } });
}

export const VALID_GROUP = { instanceType: 'm5.xlarge', minSize: 2, maxSize: 10, diskSizeGiB: 100 };

/** The example with one node group given, starting from a valid group. */
export function nodeGroup(name: string, patch: Patch): PlatformConfig {
  return section('cluster', { nodeGroups: { [name]: { ...VALID_GROUP, ...patch } } });
}

export const usEast1Azs = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
