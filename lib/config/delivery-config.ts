/**
 * Identities of the delivery pipeline (VeryPay's GitHub Actions): GitHub's OIDC provider in the
 * account and IAM roles its workflows assume with short-lived tokens, never access keys.
 * `PlatformConfig.delivery` points here.
 */

/** Where a role may be assumed from: the `sub` claims GitHub issues for these refs and environments. */
export interface GitHubTrustConfig {
  /**
   * Branches whose workflow runs may assume the role (`repo:<owner>/<repo>:ref:refs/heads/<branch>`).
   * @default ['main'] when `environments` is not given, otherwise none
   */
  readonly branches?: string[];
  /**
   * GitHub deployment environments whose jobs may assume the role
   * (`repo:<owner>/<repo>:environment:<name>`), so the environment's protection rules (reviewers,
   * branch policy) gate it.
   * @default - none
   */
  readonly environments?: string[];
}

/** A repository whose workflow builds images and pushes them to named ECR repositories. */
export interface ImagePushRepositoryConfig extends GitHubTrustConfig {
  /** Repository name under `owner`, e.g. `payment-service`. */
  readonly repository: string;
  /**
   * Services (ECR repositories `<name>/<service>`) it may push to, each one of the platform's
   * repositories (`api-gateway`, `payment-service` or one of `repositories`).
   */
  readonly pushTo: string[];
}

/** The repository that deploys the platform's stacks (`cdk deploy`). */
export interface DeployRepositoryConfig extends GitHubTrustConfig {
  /** Repository name under `owner`, e.g. `payments-platform`. */
  readonly repository: string;
}

/** GitHub Actions as the delivery pipeline. */
export interface DeliveryConfig {
  /** GitHub organisation or user that owns the repositories, e.g. `verypay`. */
  readonly githubOwner: string;
  /**
   * Create the account's `token.actions.githubusercontent.com` OIDC provider. An account has at most
   * one provider per URL: set false when it already exists (its ARN is derived from the account).
   * @default true
   */
  readonly createOidcProvider?: boolean;
  /**
   * Repositories that push images; one role each.
   * @default - none
   */
  readonly imageRepositories?: ImagePushRepositoryConfig[];
  /**
   * The repository that deploys; one role that may only assume the CDK bootstrap roles of the platform's regions.
   * @default - no deploy role
   */
  readonly deployRepository?: DeployRepositoryConfig;
  /**
   * Qualifier of the CDK bootstrap stacks (`cdk bootstrap --qualifier`).
   * @default 'hnb659fds'
   */
  readonly bootstrapQualifier?: string;
}

/** A trust with its defaults filled in. */
export interface ResolvedGitHubTrust {
  readonly branches: string[];
  readonly environments: string[];
}

/** Delivery with every default filled in. */
export interface ResolvedDeliveryConfig {
  readonly githubOwner: string;
  readonly createOidcProvider: boolean;
  readonly imageRepositories: (ResolvedGitHubTrust & { readonly repository: string; readonly pushTo: string[] })[];
  /** @default - no deploy role */
  readonly deployRepository?: ResolvedGitHubTrust & { readonly repository: string };
  readonly bootstrapQualifier: string;
}

/** The CDK default bootstrap qualifier. */
export const DEFAULT_BOOTSTRAP_QUALIFIER = 'hnb659fds';

function resolveTrust(t: GitHubTrustConfig): ResolvedGitHubTrust {
  const environments = t.environments ?? [];
  return { branches: t.branches ?? (environments.length === 0 ? ['main'] : []), environments };
}

/** Fills in the defaults of a validated delivery section. */
export function resolveDeliveryConfig(d: DeliveryConfig): ResolvedDeliveryConfig {
  return {
    githubOwner: d.githubOwner,
    createOidcProvider: d.createOidcProvider ?? true,
    imageRepositories: (d.imageRepositories ?? []).map((r) => ({ repository: r.repository, pushTo: r.pushTo, ...resolveTrust(r) })),
    deployRepository: d.deployRepository ? { repository: d.deployRepository.repository, ...resolveTrust(d.deployRepository) } : undefined,
    bootstrapQualifier: d.bootstrapQualifier ?? DEFAULT_BOOTSTRAP_QUALIFIER,
  };
}
