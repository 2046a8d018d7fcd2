/**
 * Image references: a repository, a tag and (optionally) a digest → the reference the cluster
 * pulls, with third-party registries routed through the region's ECR pull-through cache. Pure
 * functions (no aws-cdk-lib, no cdk8s), shared by the chart adapter and the cache construct.
 */

/** One upstream registry the platform caches, keyed by the ECR repository prefix of its rule. */
export interface CachedRegistry {
  /** ECR repository prefix of the pull-through cache rule (`<prefix>/<upstream path>`). */
  readonly prefix: string;
  /** `UpstreamRegistry` of `AWS::ECR::PullThroughCacheRule`. */
  readonly upstreamRegistry: 'docker-hub' | 'quay' | 'ecr-public' | 'k8s';
  /** `UpstreamRegistryUrl`. */
  readonly url: string;
  /** Host names image references use for this registry (the first component of the reference). */
  readonly hosts: readonly string[];
  /** Whether ECR needs a credential (a Secrets Manager secret named `ecr-pullthroughcache/…`). */
  readonly credential: boolean;
}

/**
 * The upstream registries the platform's images come from. Docker Hub needs a credential (its
 * anonymous pull limit is shared by every node behind one NAT address); the others are pulled
 * anonymously by ECR.
 */
export const CACHED_REGISTRIES: readonly CachedRegistry[] = [
  { prefix: 'docker-hub', upstreamRegistry: 'docker-hub', url: 'registry-1.docker.io', hosts: ['docker.io', 'index.docker.io', 'registry-1.docker.io'], credential: true },
  { prefix: 'quay', upstreamRegistry: 'quay', url: 'quay.io', hosts: ['quay.io'], credential: false },
  { prefix: 'ecr-public', upstreamRegistry: 'ecr-public', url: 'public.ecr.aws', hosts: ['public.ecr.aws'], credential: false },
  { prefix: 'k8s', upstreamRegistry: 'k8s', url: 'registry.k8s.io', hosts: ['registry.k8s.io'], credential: false },
];

/** `repository:tag`, with `@digest` when given. */
export function imageReference(repository: string, tag: string, digest?: string): string {
  return `${repository}:${tag}${digest ? `@${digest}` : ''}`;
}

/**
 * The upstream registry and path of a repository: `postgres` → Docker Hub `library/postgres`,
 * `ethereum/client-go` → Docker Hub `ethereum/client-go`, `quay.io/a/b` → Quay `a/b`. A registry
 * the platform does not cache (or an ECR registry) gives `undefined`.
 */
export function cachedUpstream(repository: string): { readonly registry: CachedRegistry; readonly path: string } | undefined {
  const parts = repository.split('/');
  const first = parts[0];
  const hasHost = parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (!hasHost) {
    const dockerHub = CACHED_REGISTRIES.find((r) => r.upstreamRegistry === 'docker-hub')!;
    return { registry: dockerHub, path: parts.length === 1 ? `library/${first}` : repository };
  }
  const registry = CACHED_REGISTRIES.find((r) => r.hosts.includes(first));
  if (!registry) return undefined;
  const rest = parts.slice(1);
  return { registry, path: registry.upstreamRegistry === 'docker-hub' && rest.length === 1 ? `library/${rest[0]}` : rest.join('/') };
}

/**
 * The repository the cluster pulls: a cached upstream's repository becomes
 * `<account>.dkr.ecr.<region>.amazonaws.com/<prefix>/<path>` (ECR fetches it from upstream on
 * the first pull and keeps it); any other repository (the platform's own ECR, a team's registry)
 * stays as it is.
 */
export function cachedRepository(repository: string, account: string, region: string): string {
  const upstream = cachedUpstream(repository);
  return upstream ? `${account}.dkr.ecr.${region}.amazonaws.com/${upstream.registry.prefix}/${upstream.path}` : repository;
}

/** `cachedRepository` for a whole reference (`repo:tag[@digest]`). */
export function cachedImageReference(reference: string, account: string, region: string): string {
  const at = reference.indexOf('@');
  const digest = at >= 0 ? reference.slice(at) : '';
  const named = at >= 0 ? reference.slice(0, at) : reference;
  const colon = named.lastIndexOf(':');
  const hasTag = colon > named.lastIndexOf('/');
  const repo = hasTag ? named.slice(0, colon) : named;
  return `${cachedRepository(repo, account, region)}${hasTag ? named.slice(colon) : ''}${digest}`;
}
