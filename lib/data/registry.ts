import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { PLATFORM_REPOSITORIES, repositoryName, type NamingConfig } from '../config/naming';

/** What other constructs need from the registry. */
export interface IContainerRegistry {
  /** Repositories by service name (`api-gateway`, `payment-service`, ...). */
  readonly repositories: Record<string, ecr.IRepository>;
  /** Lets the grantee (e.g. the node role) pull every repository. */
  grantPull(grantee: iam.IGrantable): iam.Grant;
}

/** Props of {@link ContainerRegistry}. */
export interface ContainerRegistryProps {
  /** Platform name: repositories are named `<name>/<service>`. A `ResolvedPlatformConfig` fits. */
  readonly config: Pick<NamingConfig, 'name'>;
  /** The key that encrypts the images (the platform's `data` key). Changing it replaces the repositories. */
  readonly key: IKey;
  /**
   * Services to create a repository for; lowercase letters, digits, `.`, `_`, `-`. Removing one
   * orphans (retains) its repository.
   * @default PLATFORM_REPOSITORIES (`api-gateway`, `payment-service`)
   */
  readonly services?: readonly string[];
  /**
   * Build images kept per repository: of the images whose tag matches `expiringTagPatterns`, the
   * newest this many are kept, older ones expire.
   * @default 50
   */
  readonly maxTaggedImages?: number;
  /**
   * Tags of throw-away builds (ECR wildcards, `*` only), the only tagged images that ever expire
   * (one lifecycle rule each, keeping the newest `maxTaggedImages` of each).
   * Every other tag (the releases, e.g. `v1.2.3`) is kept, so a rollback to any release finds its
   * image. ECR's rule "keep the last N tagged" would instead expire a release that is still
   * deployed once N newer images were pushed (CI pushes a build per commit).
   * @default ['sha-*', 'build-*', 'pr-*']
   */
  readonly expiringTagPatterns?: readonly string[];
  /**
   * Tags that are deployed (the configured images): synth fails if an expiring pattern matches one.
   * @default - none
   */
  readonly deployedTags?: readonly string[];
  /**
   * Days after which untagged images expire.
   * @default 7
   */
  readonly untaggedImageExpirationDays?: number;
}

const SERVICE_NAME = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

/** The build tags that expire by default (CI builds per commit and per pull request). */
export const DEFAULT_EXPIRING_TAG_PATTERNS = ['sha-*', 'build-*', 'pr-*'] as const;

/** Whether an ECR tag wildcard pattern (`*` matches any run of characters) matches `tag`. */
export function ecrTagPatternMatches(pattern: string, tag: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(tag);
}

/**
 * One ECR repository per platform service: KMS-encrypted with the data key, scan on push,
 * immutable tags (a released tag always means the same image), retained on stack deletion, and a
 * lifecycle that never expires a release: untagged images expire after 7 days, builds tagged
 * `sha-*`, `build-*` or `pr-*` beyond the newest 50 expire, every other tag is kept.
 */
export class ContainerRegistry extends Construct implements IContainerRegistry {
  public readonly repositories: Record<string, ecr.IRepository> = {};

  constructor(scope: Construct, id: string, props: ContainerRegistryProps) {
    super(scope, id);
    const services = props.services ?? PLATFORM_REPOSITORIES;
    const maxTagged = props.maxTaggedImages ?? 50;
    const untaggedDays = props.untaggedImageExpirationDays ?? 7;
    if (services.length === 0) {
      throw new Error('ContainerRegistry: services is empty; list at least one service, e.g. PLATFORM_REPOSITORIES.');
    }
    const seen = new Set<string>();
    for (const svc of services) {
      if (!SERVICE_NAME.test(svc)) {
        throw new Error(`ContainerRegistry: services contains '${svc}'; use lowercase letters, digits and single '.', '_' or '-' separators, e.g. 'payment-service'.`);
      }
      if (seen.has(svc)) throw new Error(`ContainerRegistry: services lists '${svc}' twice; list each service once.`);
      seen.add(svc);
    }
    if (!Number.isInteger(maxTagged) || maxTagged < 1 || maxTagged > 10000) {
      throw new Error(`ContainerRegistry: maxTaggedImages is ${maxTagged}; use an integer from 1 to 10000, e.g. 50.`);
    }
    const expiring = [...(props.expiringTagPatterns ?? DEFAULT_EXPIRING_TAG_PATTERNS)];
    if (expiring.length === 0 || expiring.length > 4 || expiring.some((p) => !/^[A-Za-z0-9._*-]+$/.test(p) || p === '*' || (p.match(/\*/g) ?? []).length > 4)) {
      throw new Error(`ContainerRegistry: expiringTagPatterns ${JSON.stringify(expiring)} is invalid; list 1–4 build-tag patterns with at most 4 '*' each ` +
        "(never '*' alone: that would expire releases), e.g. ['sha-*', 'pr-*'].");
    }
    for (const tag of props.deployedTags ?? []) {
      const hit = expiring.find((p) => ecrTagPatternMatches(p, tag));
      if (hit) {
        throw new Error(`ContainerRegistry: the deployed tag '${tag}' matches the expiring pattern '${hit}', so the running image could expire; ` +
          "deploy a release tag (e.g. 'v1.2.3') or remove the pattern from expiringTagPatterns.");
      }
    }
    if (!Number.isInteger(untaggedDays) || untaggedDays < 1) {
      throw new Error(`ContainerRegistry: untaggedImageExpirationDays is ${untaggedDays}; use a whole number of days of at least 1, e.g. 7.`);
    }

    for (const svc of services) {
      this.repositories[svc] = new ecr.Repository(this, svc, {
        repositoryName: repositoryName(props.config, svc),
        encryption: ecr.RepositoryEncryption.KMS,
        encryptionKey: props.key,
        imageScanOnPush: true,
        imageTagMutability: ecr.TagMutability.IMMUTABLE,
        removalPolicy: RemovalPolicy.RETAIN,
        emptyOnDelete: false,
        lifecycleRules: [
          {
            rulePriority: 1,
            description: `Expire untagged images after ${untaggedDays} days`,
            tagStatus: ecr.TagStatus.UNTAGGED,
            maxImageAge: Duration.days(untaggedDays),
          },
          // One rule per pattern: ECR selects only images that match ALL patterns of a rule's list.
          // An image no rule selects (a release tag) never expires.
          ...expiring.map((pattern, i) => ({
            rulePriority: 2 + i,
            description: `Keep the last ${maxTagged} '${pattern}' build images; release tags never expire`,
            tagStatus: ecr.TagStatus.TAGGED,
            tagPatternList: [pattern],
            maxImageCount: maxTagged,
          })),
        ],
      });
    }
  }

  public grantPull(grantee: iam.IGrantable): iam.Grant {
    const [first, ...rest] = Object.values(this.repositories).map((repo) => repo.grantPull(grantee));
    return rest.reduce((all, g) => all.combine(g), first);
  }
}
