import { cronRule, timeZoneRule } from '../core/rules';
import { integer, section, text } from './schema-helpers';

/**
 * Settings of the built-in workloads (geth + Lighthouse, the nightly database dump). None has a
 * default here: the chart constructs' own `@default`s apply (`GethNode`, `PostgresBackup`).
 */
export const workloadsSchema = section({
  gethStorageGiB: integer(500, 65536, 'GiB of the geth data volume (a snap-synced mainnet node needs well over 500 GiB), e.g. 1024',
    "Size of geth's data volume in GiB (gp3; volumes only grow). Default: `GethNode` default, 1024.").optional(),
  lighthouseStorageGiB: integer(50, 65536, 'GiB of the Lighthouse beacon volume, e.g. 200',
    "Size of Lighthouse's beacon volume in GiB. Default: `GethNode` default, 200.").optional(),
  backupSchedule: text(cronRule, "When the nightly PostgreSQL dump runs (cron). Default: `PostgresBackup` default, '0 2 * * *'.").optional(),
  backupTimeZone: text(timeZoneRule, "IANA time zone of `backupSchedule`, e.g. 'Asia/Kolkata'. Default: `PostgresBackup` default, 'Etc/UTC'.").optional(),
}, 'must be an object such as { gethStorageGiB: 2048 }', 'Settings of the built-in workloads.');
