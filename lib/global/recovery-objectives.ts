import type { ResolvedPlatformConfig } from '../config/platform-config';

/**
 * The time budget of a regional failover, in seconds. The figures are the ones the runbook
 * (docs/failover.md) explains; `checkRecoveryObjectives` compares the configured RTO with their sum.
 */
export const FAILOVER_BUDGET = {
  /** Route 53 marks an endpoint unhealthy after this many consecutive failed checks. */
  healthCheckFailureThreshold: 3,
  /** TTL of the failover records: resolvers re-ask Route 53 at most this late. */
  dnsTtlSeconds: 60,
  /** Managed Aurora Global Database failover (`failover-global-cluster`): typically one to two minutes. */
  databaseFailoverSeconds: 120,
  /** Aurora Global Database storage replication lag: typically below one second, not guaranteed. */
  typicalReplicationLagSeconds: 1,
} as const;

/** Options of {@link checkRecoveryObjectives}. */
export interface RecoveryObjectivesOptions {
  /**
   * Route 53 health-check request interval (10 = fast, 30 = standard).
   * @default 30
   */
  readonly healthCheckIntervalSeconds?: number;
  /**
   * Whether the secondary regions hold a secondary cluster of the Aurora global database.
   * @default true
   */
  readonly secondaryDatabase?: boolean;
}

/** Seconds from a region failing to the secondary serving writes, by the {@link FAILOVER_BUDGET}. */
export function estimatedFailoverSeconds(healthCheckIntervalSeconds = 30): number {
  return (
    healthCheckIntervalSeconds * FAILOVER_BUDGET.healthCheckFailureThreshold +
    FAILOVER_BUDGET.dnsTtlSeconds +
    FAILOVER_BUDGET.databaseFailoverSeconds
  );
}

/**
 * Reasons the configuration cannot meet its recovery objectives (`recovery.rpoSeconds`,
 * `recovery.rtoMinutes`), as messages naming the field and the fix; empty when none is found.
 * The global stack reports each as a synth warning.
 */
export function checkRecoveryObjectives(
  config: Pick<ResolvedPlatformConfig, 'regions'> & { readonly recovery: Pick<ResolvedPlatformConfig['recovery'], 'rpoSeconds' | 'rtoMinutes'> },
  options: RecoveryObjectivesOptions = {},
): string[] {
  const warnings: string[] = [];
  const rpo = config.recovery.rpoSeconds;
  const rto = config.recovery.rtoMinutes;
  const interval = options.healthCheckIntervalSeconds ?? 30;
  const secondaries = config.regions.filter((r) => r.role === 'secondary');

  if (secondaries.length === 0) {
    warnings.push(
      `regions: only one region (${config.regions.map((r) => r.region).join(', ')}) — losing it loses the platform until it is rebuilt, ` +
        `so recovery.rtoMinutes ${rto} and recovery.rpoSeconds ${rpo} cannot be met. Add a region with role 'secondary'.`,
    );
    return warnings;
  }
  if (options.secondaryDatabase === false) {
    warnings.push(
      `recovery.rpoSeconds ${rpo}: the secondary regions (${secondaries.map((r) => r.region).join(', ')}) hold no secondary cluster ` +
        'of the Aurora global database, so a region loss loses every write since the last cross-region backup copy. ' +
        "Join each secondary region's database to the global database (role 'secondary').",
    );
  }
  if (rpo < FAILOVER_BUDGET.typicalReplicationLagSeconds) {
    warnings.push(
      `recovery.rpoSeconds ${rpo} is below what asynchronous cross-region replication can promise: Aurora Global Database lag is ` +
        `typically below ${FAILOVER_BUDGET.typicalReplicationLagSeconds} s, not zero. Set recovery.rpoSeconds to at least 1.`,
    );
  }
  const needed = estimatedFailoverSeconds(interval);
  if (rto * 60 < needed) {
    warnings.push(
      `recovery.rtoMinutes ${rto} is shorter than a regional failover takes: health-check detection ${interval} s × ` +
        `${FAILOVER_BUDGET.healthCheckFailureThreshold} + DNS TTL ${FAILOVER_BUDGET.dnsTtlSeconds} s + database failover ` +
        `~${FAILOVER_BUDGET.databaseFailoverSeconds} s = ${needed} s. Raise recovery.rtoMinutes to at least ${Math.ceil(needed / 60)}` +
        (interval > 10 ? ', or use fast (10 s) health checks.' : '.'),
    );
  }
  return warnings;
}
