/**
 * A model of what Aurora answers a writer gate (charts/scripts/pg-backup.sh) in a failover state:
 * the rows of `aurora_global_db_instance_status()`, which any instance of a global database
 * returns (its own cluster's and every other region's instances; the writer's session id is
 * `MASTER_SESSION_ID`). Shared by the failover model and the real-PostgreSQL gate suite, which
 * serves these rows from a stand-in function.
 */
import type { FailoverState } from './failover-model';

/** One row of `aurora_global_db_instance_status()` (the columns the writer gate reads). */
export interface AuroraInstanceStatus {
  readonly server_id: string;
  readonly session_id: string;
  readonly aws_region: string;
}

/**
 * What `aurora_global_db_instance_status()` returns on any instance of the global database in
 * `state`: one row per instance of every region not lost (`instancesPerRegion` each), the writer
 * cluster's first instance with session_id `MASTER_SESSION_ID`. After an outage the promoted
 * cluster lists itself (the lost region's instances are gone); after a switchover the old primary
 * is a secondary.
 */
export function auroraInstanceStatus(regions: readonly string[], state: FailoverState, instancesPerRegion = 2): AuroraInstanceStatus[] {
  return regions.filter((r) => !state.lostRegions.includes(r)).flatMap((r) => Array.from({ length: instancesPerRegion }, (_, i) => ({
    server_id: `${r}-instance-${i + 1}`,
    session_id: r === state.writerRegion && i === 0 ? 'MASTER_SESSION_ID' : `${r.replace(/-/g, '')}-${i + 1}-session`,
    aws_region: r,
  })));
}

/** The writer region as a writer gate reads it (the MASTER_SESSION_ID row), or undefined without one. */
export function gateAnswer(rows: readonly AuroraInstanceStatus[]): string | undefined {
  const writers = [...new Set(rows.filter((r) => r.session_id === 'MASTER_SESSION_ID').map((r) => r.aws_region))];
  return writers.length === 1 ? writers[0] : undefined;
}
