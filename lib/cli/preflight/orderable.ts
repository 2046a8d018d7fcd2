import type * as Rds from '@aws-sdk/client-rds';
import type { ResolvedPlatformConfig } from '../../config/platform-config';
import { loadSdk } from '../sdk';
import { errorName, isAccessDenied } from './aws-errors';
import type { CheckResult } from './result';

/**
 * Whether RDS offers the Aurora PostgreSQL engine version and instance classes of the
 * configuration in each region (`DescribeOrderableDBInstanceOptions`), and, with more than one
 * region, as members of a global database. The configuration checks the version's form and the
 * class's family offline; which combinations a region offers only RDS knows.
 */

const ENGINE = 'aurora-postgresql';

/** The writer's and the readers' classes (the readers' defaults to the writer's; none without readers). */
export function classesInUse(config: ResolvedPlatformConfig): string[] {
  const db = config.database;
  return [...new Set([db.instanceClass, ...(db.readers === 0 ? [] : [db.readerInstanceClass ?? db.instanceClass])])];
}

/** The hand command that lists what a region offers for the engine version. */
export function orderableCommand(region: string, version: string, instanceClass?: string): string {
  return `aws rds describe-orderable-db-instance-options --region ${region} --engine ${ENGINE} --engine-version ${version}` +
    `${instanceClass ? ` --db-instance-class ${instanceClass}` : ''} --query 'OrderableDBInstanceOptions[].[DBInstanceClass,SupportsGlobalDatabases]'`;
}

async function orderable(rds: typeof Rds, client: Rds.RDSClient, version: string, instanceClass?: string): Promise<Rds.OrderableDBInstanceOption[]> {
  const out: Rds.OrderableDBInstanceOption[] = [];
  let marker: string | undefined;
  do {
    const res = await client.send(new rds.DescribeOrderableDBInstanceOptionsCommand({ Engine: ENGINE, EngineVersion: version, DBInstanceClass: instanceClass, Marker: marker }));
    out.push(...res.OrderableDBInstanceOptions ?? []);
    marker = res.Marker;
  } while (marker);
  return out;
}

/** `db.r6g.2xlarge` → `2xlarge`. */
function sizeOf(instanceClass: string): string {
  return instanceClass.split('.').slice(2).join('.');
}

/**
 * One line per region and class (`Aurora class <class>`): PASS when the region offers it for the
 * engine version (and for a global database when there are several regions); FAIL with the
 * classes of the same size it offers, or, when the region offers the version in no class, that
 * the version is not offered; CHECK when `rds:DescribeOrderableDBInstanceOptions` is denied.
 */
export async function checkOrderableDatabase(config: ResolvedPlatformConfig, region: string): Promise<CheckResult[]> {
  const rds = loadSdk<typeof Rds>('@aws-sdk/client-rds');
  const client = new rds.RDSClient({ region });
  const version = config.database.engineVersion;
  const global = config.regions.length > 1;
  const out: CheckResult[] = [];
  for (const cls of classesInUse(config)) {
    const title = `Aurora class ${cls}`;
    const setting = cls === config.database.instanceClass ? 'database.instanceClass' : 'database.readerInstanceClass';
    try {
      const options = await orderable(rds, client, version, cls);
      const fits = options.filter((o) => !global || o.SupportsGlobalDatabases);
      if (fits.length > 0) {
        out.push({ scope: region, title, status: 'pass', detail: `offered in ${region} for Aurora PostgreSQL ${version}${global ? ', in a global database' : ''}.` });
        continue;
      }
      const all = (await orderable(rds, client, version)).filter((o) => !global || o.SupportsGlobalDatabases).map((o) => o.DBInstanceClass ?? '');
      const offered = [...new Set(all)].filter(Boolean).sort();
      if (offered.length === 0) {
        out.push({ scope: region, title, status: 'fail', detail: `Aurora PostgreSQL ${version} is not offered in ${region}${global ? ' for a global database' : ''} (in any class): the cluster cannot be created.`,
          fix: `set database.engineVersion to a version ${region} offers: aws rds describe-db-engine-versions --region ${region} --engine ${ENGINE} --query 'DBEngineVersions[].EngineVersion'` });
        continue;
      }
      const sameSize = offered.filter((c) => sizeOf(c) === sizeOf(cls));
      const detail = options.length > 0 && global
        ? `${cls} is offered in ${region} for Aurora PostgreSQL ${version} but not in a global database: the secondary cluster cannot join.`
        : `${cls} is not offered in ${region} for Aurora PostgreSQL ${version}: the cluster's instances cannot be created.`;
      out.push({ scope: region, title, status: 'fail', detail,
        fix: `set ${setting} to a class ${region} offers${sameSize.length > 0 ? `, e.g. ${sameSize.slice(0, 3).join(', ')} (same size)` : ` (${offered.slice(0, 6).join(', ')}${offered.length > 6 ? ', …' : ''})`}` });
    } catch (e) {
      if (!isAccessDenied(e)) throw e;
      out.push({ scope: region, title, status: 'manual', detail: `not checked: ${errorName(e)} (${(e as Error).message}).`,
        fix: `allow rds:DescribeOrderableDBInstanceOptions to the preflight's role, or check by hand: ${orderableCommand(region, version, cls)}` });
    }
  }
  return out;
}
