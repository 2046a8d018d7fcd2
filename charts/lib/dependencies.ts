import { K8S_SECRETS } from './external-secrets';
import { POD_IDENTITY_AGENT_CIDR } from './network-policies';
import { cacheEnv, databaseEnv, SECRET_MOUNTS, type DatabaseConnection } from './platform-services';
import { RDS_CA } from './rds-ca';
import type { ConfigMapMountSpec, NetworkRuleSpec, SecretEnvSpec, SecretMountSpec, ServiceSpec } from './service-spec';

/**
 * From what a service declares it uses (`dependencies`, `secrets`) to what it gets: the egress
 * rules of its NetworkPolicy, the ingress rules of the services it calls, its environment, the RDS
 * CA bundle and the Secrets it reads. One declaration, every consequence derived here; the
 * reachability model (test/support/reachability.ts) checks the result at run time.
 */

/** What the platform offers a catalog's services (plain values; `PaymentWorkloads` fills them). */
export interface CatalogPlatform {
  /**
   * The region's PostgreSQL and where its instances are (the data subnets).
   * @default - none: a service that declares `dependencies.database` is an error
   */
  readonly database?: { readonly connection: DatabaseConnection; readonly cidrs: readonly string[] };
  /**
   * Where the cache nodes are (the data subnets), its primary endpoint and its port.
   * @default - none: a service that declares `dependencies.cache` is an error
   */
  readonly cache?: { readonly cidrs: readonly string[]; readonly endpoint: string; readonly port?: number };
  /**
   * Where the services' own secrets live in Secrets Manager: `<namePrefix>services/<service>/<name>`.
   * @default - none: a service that declares `secrets` is an error
   */
  readonly secrets?: { readonly namePrefix: string };
}

/** The address ranges that are never "the internet": private, shared, loopback, link-local, multicast, reserved. */
export const NON_PUBLIC_CIDRS: readonly string[] = [
  '0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.0.0.0/24',
  '192.168.0.0/16', '198.18.0.0/15', '224.0.0.0/4', '240.0.0.0/4',
];

const POD_IDENTITY_EGRESS: NetworkRuleSpec = { peers: [{ cidr: POD_IDENTITY_AGENT_CIDR }], ports: [{ port: 80 }] };

/** The PostgreSQL login of a service: its `dependencies.database.user`, else its name with '_' for '-'. */
export function databaseUserOf(spec: Pick<ServiceSpec, 'name' | 'dependencies'>): string | undefined {
  const db = spec.dependencies?.database;
  return db === undefined ? undefined : db.user ?? spec.name.replace(/-/g, '_');
}

/** Kubernetes Secret name of a service's declared secret. */
export function serviceSecretName(service: string, secret: string): string {
  return `${service}-${secret}`;
}

/** Secrets Manager name of a service's declared secret. */
export function serviceSecretRemoteName(namePrefix: string, service: string, secret: string): string {
  return `${namePrefix}services/${service}/${secret}`;
}

/** Where a service's declared secret is mounted: one file per property. */
export function serviceSecretMountPath(secret: string): string {
  return `/var/run/secrets/service/${secret}`;
}

/**
 * What a service's declarations add to it (merged into the spec by `ServiceCatalog`). Credentials
 * are mounted files, never environment variables: a declared variable `X` becomes `X_FILE`, the
 * path of the file that holds the value.
 */
export interface DependencyWiring {
  readonly egress: NetworkRuleSpec[];
  readonly config: Record<string, string>;
  readonly secretEnv: Record<string, SecretEnvSpec>;
  readonly secretMounts: SecretMountSpec[];
  readonly configMapMounts: ConfigMapMountSpec[];
}

const cidrRule = (cidrs: readonly string[], port: number): NetworkRuleSpec => ({ peers: cidrs.map((cidr) => ({ cidr })), ports: [{ port }] });

/**
 * The wiring of one service's own declarations (calls to other services are wired by the catalog,
 * which knows both sides). Throws when it uses something the platform does not offer.
 */
export function dependencyWiring(spec: ServiceSpec, platform: CatalogPlatform): DependencyWiring {
  const deps = spec.dependencies ?? {};
  const egress: NetworkRuleSpec[] = [];
  let config: Record<string, string> = {};
  const secretEnv: Record<string, SecretEnvSpec> = {};
  const secretMounts: SecretMountSpec[] = [];
  const configMapMounts: ConfigMapMountSpec[] = [];
  const missing = (what: string, fix: string) => new Error(`service '${spec.name}' declares ${what}, but the catalog has no ${fix}; ` +
    `give ServiceCatalogProps.platform.${fix}, or remove the dependency.`);
  if (deps.database !== undefined) {
    if (!platform.database) throw missing('dependencies.database', 'database');
    const c = platform.database.connection;
    egress.push(cidrRule(platform.database.cidrs, c.port ?? 5432), POD_IDENTITY_EGRESS);
    config = { ...config, ...databaseEnv(c, databaseUserOf(spec)!) };
    configMapMounts.push({ configMap: RDS_CA.configMap, mountPath: RDS_CA.mountPath });
  }
  if (deps.cache === true) {
    if (!platform.cache) throw missing('dependencies.cache', 'cache');
    egress.push(cidrRule(platform.cache.cidrs, platform.cache.port ?? 6379));
    // The URL carries no credential; the AUTH token is a mounted file (REDIS_AUTH_TOKEN_FILE).
    config = { ...config, ...cacheEnv({ endpoint: platform.cache.endpoint, port: platform.cache.port }) };
    secretMounts.push({ secret: K8S_SECRETS.cache, mountPath: SECRET_MOUNTS.cache });
  }
  if ((deps.externalHosts ?? []).length > 0) {
    egress.push({ peers: [{ cidr: '0.0.0.0/0', except: [...NON_PUBLIC_CIDRS] }], ports: [{ port: 443 }] });
  }
  for (const secret of spec.secrets ?? []) {
    if (!platform.secrets) throw missing(`secrets[${secret.name}]`, 'secrets');
    const dir = serviceSecretMountPath(secret.name);
    secretMounts.push({ secret: serviceSecretName(spec.name, secret.name), mountPath: dir });
    for (const [variable, property] of Object.entries(secret.env)) config[`${variable}_FILE`] = `${dir}/${property}`;
  }
  return { egress, config, secretEnv, secretMounts, configMapMounts };
}

/**
 * Calls declared by callers (`dependencies.services`), as rules on both sides: the caller's egress
 * to the callee's port and the callee's ingress from the caller, across namespaces when they differ.
 */
export function serviceCallRules(specs: readonly (ServiceSpec & { readonly namespace: string })[]): {
  egress: Record<string, NetworkRuleSpec[]>; ingress: Record<string, NetworkRuleSpec[]>;
} {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const egress: Record<string, NetworkRuleSpec[]> = {};
  const ingress: Record<string, NetworkRuleSpec[]> = {};
  for (const caller of specs) {
    for (const target of caller.dependencies?.services ?? []) {
      const callee = byName.get(target);
      if (!callee) throw new Error(`service '${caller.name}' calls '${target}', which is not in the catalog; add it or remove the call.`);
      const other = (a: { namespace: string }, b: { namespace: string }) => (a.namespace === b.namespace ? undefined : b.namespace);
      (egress[caller.name] ??= []).push({ peers: [{ service: callee.name, namespace: other(caller, callee) }], ports: [{ port: callee.port }] });
      (ingress[callee.name] ??= []).push({ peers: [{ service: caller.name, namespace: other(callee, caller) }], ports: [{ port: callee.port }] });
    }
  }
  return { egress, ingress };
}
