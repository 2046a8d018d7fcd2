import { RemovalPolicy, SecretValue, Stack, Validations } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { CACHED_REGISTRIES, type CachedRegistry } from '../core/image-refs';

/** Props of {@link ImageCache}. */
export interface ImageCacheProps {
  /**
   * Name of the Docker Hub credential secret after the `ecr-pullthroughcache/` prefix ECR requires,
   * e.g. `verypay-prod/docker-hub`. Changing it replaces the secret and the rule.
   */
  readonly credentialName: string;
  /** Key of the credential secret (the region's `secrets` key); its policy admits ECR's pull-through cache role. */
  readonly key: kms.IKey;
  /**
   * The upstream registries to cache.
   * @default CACHED_REGISTRIES (Docker Hub, Quay, ECR Public, registry.k8s.io)
   */
  readonly registries?: readonly CachedRegistry[];
}

/** ARN of the account's ECR pull-through cache service-linked role (created by ECR with the first rule). */
export function pullThroughCacheRoleArn(stack: Stack): string {
  return stack.formatArn({
    service: 'iam', region: '', resource: 'role', resourceName: 'aws-service-role/pullthroughcache.ecr.amazonaws.com/AWSServiceRoleForECRPullThroughCache',
  });
}

/**
 * ECR pull-through cache rules of one region, one per upstream registry: nodes pull third-party
 * images from `<account>.dkr.ecr.<region>.amazonaws.com/<prefix>/<path>`; ECR fetches an image
 * from upstream on its first pull and serves every later pull itself (no Docker Hub pull limit
 * shared behind the NAT gateway, and the registry's scanning covers the copies).
 *
 * Docker Hub's rule authenticates with the secret `ecr-pullthroughcache/<credentialName>`
 * (JSON `username`, `accessToken`), created here with a placeholder the operator replaces before
 * the first deployment of workloads (README "Supply chain"). ECR reads it with its service-linked
 * role, which carries no KMS permission: the secrets key admits that role by `aws:PrincipalArn`
 * (a key policy may not name a role that does not exist yet), through Secrets Manager only.
 */
export class ImageCache extends Construct {
  public readonly rules: Record<string, ecr.CfnPullThroughCacheRule> = {};
  /** The Docker Hub credential (absent when no configured registry needs one). */
  public readonly credential?: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: ImageCacheProps) {
    super(scope, id);
    const registries = props.registries ?? CACHED_REGISTRIES;
    if (!/^[A-Za-z0-9/_+=.@-]{1,100}$/.test(props.credentialName)) {
      throw new Error(`ImageCache: credentialName is '${props.credentialName}'; use letters, digits and / _ + = . @ - only, e.g. 'verypay-prod/docker-hub'.`);
    }
    const stack = Stack.of(this);
    if (registries.some((r) => r.credential)) {
      this.credential = new secretsmanager.Secret(this, 'DockerHubCredential', {
        secretName: `ecr-pullthroughcache/${props.credentialName}`,
        description: 'Docker Hub username and access token for the ECR pull-through cache (put the real values before the first image pull)',
        encryptionKey: props.key,
        removalPolicy: RemovalPolicy.RETAIN,
        secretObjectValue: {
          username: SecretValue.unsafePlainText('REPLACE-WITH-DOCKER-HUB-USERNAME'),
          accessToken: SecretValue.unsafePlainText('REPLACE-WITH-DOCKER-HUB-ACCESS-TOKEN'),
        },
      });
      const reason = 'PCI DSS 3.6.4 / 8.3.9: a Docker Hub access token issued by Docker Hub, not by AWS, so no rotation Lambda can create one; ' +
        'rotated by docs/runbooks/secret-rotation.md at least yearly, read only by ECR\'s pull-through cache role.';
      for (const rule of ['AwsSolutions-SMG4', 'NIST.800.53.R5-SecretsManagerRotationEnabled']) Validations.of(this.credential).acknowledge({ id: rule, reason });
      props.key.addToResourcePolicy(new iam.PolicyStatement({
        sid: 'EcrPullThroughCacheCredential',
        principals: [new iam.AnyPrincipal()],
        actions: ['kms:Decrypt'],
        resources: ['*'],
        conditions: {
          ArnEquals: { 'aws:PrincipalArn': pullThroughCacheRoleArn(stack) },
          StringEquals: { 'kms:CallerAccount': stack.account, 'kms:ViaService': `secretsmanager.${stack.region}.amazonaws.com` },
        },
      }));
    }
    for (const registry of registries) {
      this.rules[registry.prefix] = new ecr.CfnPullThroughCacheRule(this, registry.prefix, {
        ecrRepositoryPrefix: registry.prefix,
        upstreamRegistry: registry.upstreamRegistry,
        upstreamRegistryUrl: registry.url,
        credentialArn: registry.credential ? this.credential!.secretArn : undefined,
      });
    }
  }
}

/**
 * What a node role needs to pull through the cache beyond `AmazonEC2ContainerRegistryPullOnly`:
 * create the cache repository on an image's first pull and import the upstream image, only under
 * the cache's prefixes (a policy of the role's own stack: the prefixes are names, no reference).
 */
export function imageCachePullStatement(stack: Stack, registries: readonly CachedRegistry[] = CACHED_REGISTRIES): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'PullThroughCache',
    actions: ['ecr:CreateRepository', 'ecr:BatchImportUpstreamImage'],
    resources: registries.map((r) => stack.formatArn({ service: 'ecr', resource: 'repository', resourceName: `${r.prefix}/*` })),
  });
}
