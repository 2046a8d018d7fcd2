import type { z } from 'zod';
import type { ResolvedPlatformConfig } from './resolve';
import { deliverySchema } from './schema-delivery';

/** GitHub Actions as the delivery pipeline, as configured (`PlatformConfig.delivery`). */
export type DeliveryConfig = z.input<typeof deliverySchema>;

/** Where a role may be assumed from: the `sub` claims GitHub issues for these refs and environments. */
export type GitHubTrustConfig = Pick<DeployRepositoryConfig, 'branches' | 'environments'>;

/** A repository whose workflow builds images and pushes them to named ECR repositories. */
export type ImagePushRepositoryConfig = NonNullable<DeliveryConfig['imageRepositories']>[number];

/** The repository that deploys the platform's stacks (`cdk deploy`). */
export type DeployRepositoryConfig = NonNullable<DeliveryConfig['deployRepository']>;

/** Delivery with every default filled in. */
export type ResolvedDeliveryConfig = NonNullable<ResolvedPlatformConfig['delivery']>;

/** A trust with its defaults filled in. */
export interface ResolvedGitHubTrust {
  readonly branches: string[];
  readonly environments: string[];
}

/** The CDK default bootstrap qualifier (the schema's default). */
export const DEFAULT_BOOTSTRAP_QUALIFIER: string = deliverySchema.shape.bootstrapQualifier.parse(undefined);

/** Where no environment is named, `main` may assume the role. */
export function resolveTrust(t: { readonly branches?: string[]; readonly environments?: string[] }): ResolvedGitHubTrust {
  const environments = t.environments ?? [];
  return { branches: t.branches ?? (environments.length === 0 ? ['main'] : []), environments };
}

/** Fills in the defaults of a delivery section (the schema's parse, then the trusts' defaults). */
export function resolveDeliveryConfig(d: DeliveryConfig): ResolvedDeliveryConfig {
  const parsed = deliverySchema.parse(d);
  return {
    ...parsed,
    imageRepositories: parsed.imageRepositories.map((r) => ({ repository: r.repository, pushTo: r.pushTo, ...resolveTrust(r) })),
    deployRepository: parsed.deployRepository && { repository: parsed.deployRepository.repository, ...resolveTrust(parsed.deployRepository) },
  };
}
