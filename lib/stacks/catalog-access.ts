import { databaseUserOf, serviceSecretRemoteName } from '../../charts/lib/dependencies';
import type { ServiceSpec } from '../../charts/lib/service-spec';
import type { CatalogServiceAccess } from '../cluster/catalog-identities';
import type { DatabaseUser } from '../data/database-users';

/**
 * What a catalog's declarations ask of AWS, read from the chart's final specs: the services'
 * logins, secrets and cache use (the built-in services declare none: their identities are
 * `WorkloadIdentities`'s).
 */
export function catalogAccess(specs: readonly (ServiceSpec & { readonly namespace: string })[], secretNamePrefix: string): {
  readonly services: CatalogServiceAccess[]; readonly databaseUsers: DatabaseUser[];
} {
  const services = specs
    .filter((s) => s.dependencies?.database !== undefined || (s.secrets ?? []).length > 0 || s.dependencies?.cache === true)
    .map((s) => ({
      name: s.name, namespace: s.namespace, databaseUser: databaseUserOf(s), cache: s.dependencies?.cache === true,
      secretNames: (s.secrets ?? []).map((x) => serviceSecretRemoteName(secretNamePrefix, s.name, x.name)),
    }));
  const databaseUsers = specs.filter((s) => s.dependencies?.database !== undefined)
    .map((s) => ({ name: databaseUserOf(s)!, privileges: s.dependencies!.database!.access ?? 'read-write' }));
  return { services, databaseUsers };
}

/**
 * The platform's logins plus the catalog's: a catalog login that is already a platform login (a
 * catalog `api-gateway` declaring the database is `api_gateway`) is the same login when the
 * privileges agree, and an error when they differ.
 */
export function mergeDatabaseUsers(platform: readonly DatabaseUser[], catalog: readonly DatabaseUser[]): DatabaseUser[] {
  const out = [...platform];
  for (const u of catalog) {
    const existing = out.find((x) => x.name === u.name);
    if (!existing) out.push(u);
    else if (existing.privileges !== u.privileges) {
      throw new Error(`catalog: database user '${u.name}' is declared with access '${u.privileges}', but the platform's login of that name is '${existing.privileges}'; ` +
        'give the service its own dependencies.database.user, or declare the same access.');
    }
  }
  return out;
}
