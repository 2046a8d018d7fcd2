/** What a catalog service declares it uses and how it is exposed (part of `ServiceSpec`). */

/** PostgreSQL as the service's own login (IAM database authentication, no password). */
export interface DatabaseDependencySpec {
  /**
   * The login (a lowercase SQL identifier). The cluster stack creates it; the service's Pod
   * Identity role may connect as it and nothing else.
   * @default - the service name with '-' as '_' (`wallet-service` → `wallet_service`)
   */
  readonly user?: string;
  /**
   * What the login may do: `read-write` (tables of the schema owner), `read-only`, or
   * `schema-owner` (creates and migrates the schema; at most one per platform).
   * @default 'read-write'
   */
  readonly access?: 'read-write' | 'read-only' | 'schema-owner';
}

/**
 * What a service uses. Each entry is declared once, here; the NetworkPolicies (egress of the
 * service, ingress of a called service), the environment, the synced secrets and the IAM
 * permissions follow from it. Anything not declared is unreachable once policies are enforced.
 */
export interface ServiceDependencies {
  /**
   * The region's PostgreSQL: egress to the data subnets on 5432 and to the Pod Identity agent,
   * libpq variables (`PGHOST`, `PGUSER`, `PGSSLMODE=verify-full`, …), the RDS CA bundle, its login.
   * @default - no database access
   */
  readonly database?: DatabaseDependencySpec;
  /**
   * The region's cache: egress to the data subnets on 6379 and `REDIS_URL` from the synced
   * `redis-secret` (TLS, AUTH token).
   * @default false
   */
  readonly cache?: boolean;
  /**
   * Internet hosts the service calls on 443 (`api.razorpay.com`, `api.stripe.com`): public
   * addresses only (never the VPC or other private ranges), listed in the pod annotation
   * `payment-platform.io/egress-hosts`. Services without hosts have no internet egress.
   * @default - none
   */
  readonly externalHosts?: string[];
  /**
   * Other catalog services it calls (by name, in any of the catalog's namespaces): egress to them
   * on their port and ingress on theirs from this service.
   * @default - none
   */
  readonly services?: string[];
}

/**
 * A secret of the service in Secrets Manager (`<platform secret prefix>services/<service>/<name>`,
 * JSON), synced into the service's namespace by an ExternalSecret through that namespace's
 * SecretStore; the namespace's reader role may read exactly these names.
 */
export interface ServiceSecretSpec {
  /** Name of the secret (a DNS label): the Kubernetes Secret is `<service>-<name>`. */
  readonly name: string;
  /** Environment variables, each read from a JSON property of the secret: `{ RAZORPAY_KEY_ID: 'key_id' }`. */
  readonly env: Record<string, string>;
}

/** How the ALB routes to a service and what it allows. */
export interface ServiceRouteSpec {
  /** Path prefix on the public hostnames, e.g. `/api/v1/wallet`. */
  readonly path: string;
  /**
   * Seconds the target group waits for in-flight requests when a pod leaves.
   * @default 30
   */
  readonly deregistrationDelaySeconds?: number;
  /**
   * Seconds the ALB waits for a health-check answer.
   * @default 5
   */
  readonly healthCheckTimeoutSeconds?: number;
}
