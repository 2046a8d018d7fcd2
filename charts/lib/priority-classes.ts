import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';

/**
 * The platform's pod priorities, highest first. Under node pressure the kubelet evicts lower
 * priorities first (after usage above requests), and the scheduler preempts lower priorities to
 * place higher ones:
 *
 * - `payment`: the payment path (api-gateway, payment-service and every catalog service). Preempts
 *   anything below it when a zone is lost or the cluster is full.
 * - `blockchain`: geth + Lighthouse (payouts need them; a re-sync takes hours). On their own
 *   tainted nodes, so they compete with the payment path only if a pool is shared.
 * - `batch`: the nightly dump and other CronJobs: above best-effort work (priority 0: add-ons and
 *   anything without a class), but `preemptionPolicy: Never`, so a job never evicts a running pod
 *   to start; it waits for room.
 *
 * Values stay far below `system-cluster-critical` (2,000,000,000): add-ons the platform cannot run
 * without (CoreDNS, the CNI) still win.
 */
export const PRIORITY_TIERS = {
  payment: { value: 100000, preempts: true, description: 'The payment path: evicted last, preempts lower priorities.' },
  blockchain: { value: 50000, preempts: true, description: 'Ethereum execution + consensus clients (slow to re-sync).' },
  batch: { value: 10000, preempts: false, description: 'Scheduled jobs (nightly dump): above best-effort work, never preempt a running pod.' },
} as const;

/** A priority tier of the platform. */
export type PriorityTier = keyof typeof PRIORITY_TIERS;

/** The PriorityClass name of a tier: `<platformName>-<tier>` (cluster-scoped, so prefixed). */
export function priorityClassName(platformName: string, tier: PriorityTier): string {
  return `${platformName}-${tier}`;
}

/** Props of {@link PlatformPriorityClasses}. */
export interface PlatformPriorityClassesProps {
  /** Prefix of the cluster-scoped names (`verypay`). */
  readonly platformName: string;
  /**
   * The tiers to create.
   * @default - every tier of PRIORITY_TIERS
   */
  readonly tiers?: readonly PriorityTier[];
}

/** The three PriorityClasses of {@link PRIORITY_TIERS}, named by {@link priorityClassName}. */
export class PlatformPriorityClasses extends Construct {
  /** Name per tier created. */
  public readonly names: Partial<Record<PriorityTier, string>>;

  constructor(scope: Construct, id: string, props: PlatformPriorityClassesProps) {
    super(scope, id);
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(props.platformName)) {
      throw new Error(`PlatformPriorityClasses: platformName '${props.platformName}' is not a DNS-1123 label; PriorityClass names are '<platformName>-<tier>'.`);
    }
    const names: Partial<Record<PriorityTier, string>> = {};
    const tiers = props.tiers ?? (Object.keys(PRIORITY_TIERS) as PriorityTier[]);
    for (const [tier, spec] of (Object.entries(PRIORITY_TIERS) as [PriorityTier, (typeof PRIORITY_TIERS)[PriorityTier]][]).filter(([t]) => tiers.includes(t))) {
      names[tier] = priorityClassName(props.platformName, tier);
      new kplus.k8s.KubePriorityClass(this, tier, {
        metadata: { name: names[tier], labels: { 'app.kubernetes.io/part-of': props.platformName } },
        value: spec.value,
        globalDefault: false,
        preemptionPolicy: spec.preempts ? 'PreemptLowerPriority' : 'Never',
      });
    }
    this.names = names;
  }
}
