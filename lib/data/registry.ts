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
   * Tagged images kept per repository (older ones expire).
   * @default 50
   */
  readonly maxTaggedImages?: number;
  /**
   * Days after which untagged images expire.
   * @default 7
   */
  readonly untaggedImageExpirationDays?: number;
}

const SERVICE_NAME = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

/**
 * One ECR repository per platform service: KMS-encrypted with the data key, scan on push,
 * immutable tags (a released tag always means the same image), lifecycle (keep the last 50
 * tagged images, expire untagged after 7 days), retained on stack deletion.
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
          {
            rulePriority: 2,
            description: `Keep the last ${maxTagged} tagged images`,
            tagStatus: ecr.TagStatus.TAGGED,
            tagPatternList: ['*'],
            maxImageCount: maxTagged,
          },
        ],
      });
    }
  }

  public grantPull(grantee: iam.IGrantable): iam.Grant {
    const [first, ...rest] = Object.values(this.repositories).map((repo) => repo.grantPull(grantee));
    return rest.reduce((all, g) => all.combine(g), first);
  }
}
