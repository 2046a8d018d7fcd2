import { Aws, CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { ResolvedDeliveryConfig, ResolvedGitHubTrust } from '../config/delivery-config';
import { deployRoleName, imagePushRoleName, repositoryName, type NamingConfig } from '../config/naming';
import { acknowledgeWildcardArns } from '../security/acknowledge';

/** GitHub Actions' OIDC issuer and the audience `aws-actions/configure-aws-credentials` requests. */
export const GITHUB_OIDC = { host: 'token.actions.githubusercontent.com', audience: 'sts.amazonaws.com' } as const;

/** The ECR actions `docker push` needs on a repository (layer upload and manifest), nothing else. */
export const ECR_PUSH_ACTIONS = [
  'ecr:BatchCheckLayerAvailability', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload',
  'ecr:PutImage', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer',
] as const;

/** The roles `cdk bootstrap` creates in each environment; `cdk deploy` assumes them. */
export const CDK_BOOTSTRAP_ROLES = ['deploy', 'file-publishing', 'image-publishing', 'lookup'] as const;

/** Props of `GitHubActionsIdentities`. */
export interface GitHubActionsIdentitiesProps {
  /** Names and account. */
  readonly config: NamingConfig;
  readonly delivery: ResolvedDeliveryConfig;
  /** Where CI pushes images (ECR replication copies them to the other regions). */
  readonly primaryRegion: string;
  /** Every region of the platform (the deploy role may use their bootstrap roles). */
  readonly regions: readonly string[];
}

/** The `sub` claims GitHub puts in a token for these branches and environments of a repository. */
export function githubSubjects(owner: string, repository: string, trust: ResolvedGitHubTrust): string[] {
  return [
    ...trust.branches.map((b) => `repo:${owner}/${repository}:ref:refs/heads/${b}`),
    ...trust.environments.map((e) => `repo:${owner}/${repository}:environment:${e}`),
  ];
}

/**
 * CI identities for GitHub Actions: the account's OIDC provider for
 * `token.actions.githubusercontent.com` (audience `sts.amazonaws.com`), one role per image
 * repository that may push only to its named ECR repositories in the primary region, and one
 * deploy role that may only assume the CDK bootstrap roles of the platform's regions. Every trust
 * policy requires the audience and one exact `sub` (repository plus branch or environment): no
 * wildcards, no other repository, no pull-request or tag workflow. Sessions last at most an hour.
 */
export class GitHubActionsIdentities extends Construct {
  public readonly providerArn: string;
  /** Push roles by GitHub repository name. */
  public readonly pushRoles: Record<string, iam.Role> = {};
  public readonly deployRole?: iam.Role;

  constructor(scope: Construct, id: string, props: GitHubActionsIdentitiesProps) {
    super(scope, id);
    const { config, delivery } = props;
    if (delivery.createOidcProvider) {
      const provider = new iam.OidcProviderNative(this, 'Provider', { url: `https://${GITHUB_OIDC.host}`, clientIds: [GITHUB_OIDC.audience] });
      // Other stacks and accounts' roles may trust it; deleting it would break every workflow at once.
      provider.applyRemovalPolicy(RemovalPolicy.RETAIN);
      this.providerArn = provider.oidcProviderArn;
    } else {
      this.providerArn = `arn:${Aws.PARTITION}:iam::${config.account}:oidc-provider/${GITHUB_OIDC.host}`;
    }

    for (const repo of delivery.imageRepositories) {
      const role = this.role(`Push${repo.repository}`, imagePushRoleName(config, repo.repository),
        githubSubjects(delivery.githubOwner, repo.repository, repo),
        `GitHub Actions ${delivery.githubOwner}/${repo.repository}: push images to ${repo.pushTo.join(', ')}`);
      const repositories = repo.pushTo.map((s) =>
        `arn:${Aws.PARTITION}:ecr:${props.primaryRegion}:${config.account}:repository/${repositoryName(config, s)}`);
      const policy = new iam.ManagedPolicy(this, `Push${repo.repository}Policy`, {
        description: `Push images to ${repo.pushTo.map((s) => repositoryName(config, s)).join(', ')} in ${props.primaryRegion}`,
        roles: [role],
        statements: [
          new iam.PolicyStatement({ sid: 'RegistryLogin', actions: ['ecr:GetAuthorizationToken'], resources: ['*'] }),
          new iam.PolicyStatement({ sid: 'PushToNamedRepositories', actions: [...ECR_PUSH_ACTIONS], resources: repositories }),
        ],
      });
      acknowledgeWildcardArns(policy, ['*'], 'ecr:GetAuthorizationToken has no resource-level permissions (Service Authorization Reference); ' +
        'the registry token grants nothing by itself: pushes are limited to the named repositories by the second statement (PCI DSS 7.2.1).');
      this.pushRoles[repo.repository] = role;
      new CfnOutput(Stack.of(this), `CiPushRole${repo.repository.replace(/[^A-Za-z0-9]/g, '')}`, {
        value: role.roleArn, description: `role-to-assume for ${delivery.githubOwner}/${repo.repository}'s image workflow`,
      });
    }

    if (delivery.deployRepository) {
      const repo = delivery.deployRepository;
      this.deployRole = this.role('Deploy', deployRoleName(config), githubSubjects(delivery.githubOwner, repo.repository, repo),
        `GitHub Actions ${delivery.githubOwner}/${repo.repository}: cdk deploy through the CDK bootstrap roles`);
      new iam.ManagedPolicy(this, 'DeployPolicy', {
        description: 'Assume the CDK bootstrap roles of the platform\'s regions (they deploy through CloudFormation); nothing else',
        roles: [this.deployRole],
        statements: [new iam.PolicyStatement({
          sid: 'AssumeCdkBootstrapRoles',
          actions: ['sts:AssumeRole', 'sts:TagSession'],
          resources: props.regions.flatMap((region) => CDK_BOOTSTRAP_ROLES.map((r) =>
            `arn:${Aws.PARTITION}:iam::${config.account}:role/cdk-${delivery.bootstrapQualifier}-${r}-role-${config.account}-${region}`)),
        })],
      });
      new CfnOutput(Stack.of(this), 'CiDeployRole', {
        value: this.deployRole.roleArn, description: `role-to-assume for ${delivery.githubOwner}/${repo.repository}'s deploy workflow`,
      });
    }
  }

  private role(id: string, roleName: string, subjects: string[], description: string): iam.Role {
    return new iam.Role(this, id, {
      roleName,
      description,
      maxSessionDuration: Duration.hours(1),
      assumedBy: new iam.WebIdentityPrincipal(this.providerArn, {
        StringEquals: {
          [`${GITHUB_OIDC.host}:aud`]: GITHUB_OIDC.audience,
          [`${GITHUB_OIDC.host}:sub`]: subjects,
        },
      }),
    });
  }
}
