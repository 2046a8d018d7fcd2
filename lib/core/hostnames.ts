/** The public API hostnames of one region. */
export interface ApiHostnames {
  /** The global name clients use, answered by the Route 53 failover records: `api.verypay.example.com`. */
  readonly global: string;
  /**
   * The region's own name, published by ExternalDNS in the region's cluster as an alias of its ALB and
   * probed by the Route 53 health check: `api-us-east-1.verypay.example.com`.
   */
  readonly regional: string;
}

/** What the hostnames are derived from (a platform configuration's `domain`). */
export interface ApiDomain {
  /** The platform's hosted zone, e.g. `verypay.example.com`. */
  readonly zoneName: string;
  /** The first label of the API hostnames, e.g. `api`. */
  readonly apiLabel: string;
}

/**
 * The API hostnames of a region: `<apiLabel>.<zoneName>` and `<apiLabel>-<region>.<zoneName>`. The only
 * place they are derived: the certificate, the health checks, the failover records and the
 * api-gateway Ingress all use these names.
 */
export function apiHostnames(config: { readonly domain: ApiDomain }, region: string): ApiHostnames {
  const { apiLabel, zoneName } = config.domain;
  return { global: `${apiLabel}.${zoneName}`, regional: `${apiLabel}-${region}.${zoneName}` };
}
