import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { resolveDeliveryConfig } from '../../lib/config/delivery-config';
import { GitHubActionsIdentities, githubSubjects } from '../../lib/delivery/github-actions-identities';
import { examplePlatform } from '../app/platform-fixture';
import { nagFindings } from '../support/compliance';
import { testStack } from '../support/fixtures';
import { decide, resolveIntrinsics } from '../support/iam-decide';
import { mayAssumeWithWebIdentity } from '../support/web-identity-trust';

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;
const ACCOUNT = '123456789012';
const PROVIDER = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
const token = (sub: string, aud = 'sts.amazonaws.com') => ({ 'token.actions.githubusercontent.com:sub': sub, 'token.actions.githubusercontent.com:aud': aud });

const built = examplePlatform();
const global = built.template(built.platform.globalStack).toJSON().Resources as Resources;
const refs = { [Object.keys(global).find((k) => global[k].Type === 'AWS::IAM::OIDCProvider')!]: PROVIDER };

function role(name: string): { trust: { Statement: never[] }; policies: unknown[]; arn: string } {
  const [id, r] = Object.entries(global).find(([, x]) => x.Type === 'AWS::IAM::Role' && x.Properties.RoleName === name)!;
  const policies = Object.values(global).filter((p) => p.Type === 'AWS::IAM::ManagedPolicy' && JSON.stringify(p.Properties.Roles).includes(`"${id}"`))
    .map((p) => resolveIntrinsics(p.Properties.PolicyDocument, refs));
  return { trust: resolveIntrinsics(r.Properties.AssumeRolePolicyDocument, refs) as { Statement: never[] }, policies, arn: `arn:aws:iam::${ACCOUNT}:role/${name}` };
}

describe('GitHub Actions identities in the example', () => {
  test('one OIDC provider for token.actions.githubusercontent.com with the sts.amazonaws.com audience, retained', () => {
    const providers = Object.entries(built.assembly.getStackArtifact(built.platform.globalStack.artifactId).template.Resources as Record<string, { Type: string; DeletionPolicy?: string; Properties: unknown }>)
      .filter(([, r]) => r.Type === 'AWS::IAM::OIDCProvider');
    expect(providers).toHaveLength(1);
    expect(providers[0][1].DeletionPolicy).toBe('Retain');
    expect(providers[0][1].Properties).toMatchObject({ Url: 'https://token.actions.githubusercontent.com', ClientIdList: ['sts.amazonaws.com'] });
  });

  test.each([
    ['verypay-prod-ci-push-payment-service', 'repo:verypay/payment-service:ref:refs/heads/main', true],
    ['verypay-prod-ci-push-payment-service', 'repo:verypay/payment-service:ref:refs/heads/feature-x', false],
    ['verypay-prod-ci-push-payment-service', 'repo:verypay/payment-service:pull_request', false],
    ['verypay-prod-ci-push-payment-service', 'repo:verypay/payment-service:ref:refs/tags/v1.0.0', false],
    ['verypay-prod-ci-push-payment-service', 'repo:verypay/api-gateway:ref:refs/heads/main', false],
    ['verypay-prod-ci-push-payment-service', 'repo:attacker/payment-service:ref:refs/heads/main', false],
    ['verypay-prod-ci-deploy', 'repo:verypay/payments-platform:environment:production', true],
    ['verypay-prod-ci-deploy', 'repo:verypay/payments-platform:environment:staging', false],
    ['verypay-prod-ci-deploy', 'repo:verypay/payments-platform:ref:refs/heads/main', false],
    ['verypay-prod-ci-deploy', 'repo:verypay/payment-service:environment:production', false],
  ])('%s: a token for %s may assume it: %s', (name, sub, allowed) => {
    expect(mayAssumeWithWebIdentity(role(name).trust, PROVIDER, token(sub))).toBe(allowed);
  });

  test('a token for the right subject but another audience is refused', () => {
    expect(mayAssumeWithWebIdentity(role('verypay-prod-ci-deploy').trust, PROVIDER, token('repo:verypay/payments-platform:environment:production', 'https://github.com/verypay')))
      .toBe(false);
  });

  test('the model catches a widened trust (a StringLike wildcard on the repository)', () => {
    const widened = JSON.parse(JSON.stringify(role('verypay-prod-ci-deploy').trust).replace('"StringEquals"', '"StringLike"')
      .replace('repo:verypay/payments-platform:environment:production', 'repo:verypay/*'));
    expect(mayAssumeWithWebIdentity(widened, PROVIDER, token('repo:verypay/payment-service:pull_request'))).toBe(true);
  });

  test('a push role may push only to its own ECR repository in the primary region', async () => {
    const { policies, arn } = role('verypay-prod-ci-push-payment-service');
    const repo = (region: string, name: string) => `arn:aws:ecr:${region}:${ACCOUNT}:repository/verypay/${name}`;
    const check = (action: string, resource: string) => decide({ principal: arn, action, resource, identityPolicies: policies });
    expect(await check('ecr:PutImage', repo('us-east-1', 'payment-service'))).toBe('Allowed');
    expect(await check('ecr:UploadLayerPart', repo('us-east-1', 'payment-service'))).toBe('Allowed');
    expect(await check('ecr:GetAuthorizationToken', '*')).toBe('Allowed');
    expect(await check('ecr:PutImage', repo('us-east-1', 'api-gateway'))).toBe('ImplicitlyDenied');
    expect(await check('ecr:PutImage', repo('eu-west-1', 'payment-service'))).toBe('ImplicitlyDenied');
    expect(await check('ecr:DeleteRepository', repo('us-east-1', 'payment-service'))).toBe('ImplicitlyDenied');
    expect(await check('ecr:BatchDeleteImage', repo('us-east-1', 'payment-service'))).toBe('ImplicitlyDenied');
    expect(await check('ecr:SetRepositoryPolicy', repo('us-east-1', 'payment-service'))).toBe('ImplicitlyDenied');
  });

  test('the deploy role may assume only the CDK bootstrap roles of the platform\'s regions', async () => {
    const { policies, arn } = role('verypay-prod-ci-deploy');
    const check = (action: string, resource: string) => decide({ principal: arn, action, resource, identityPolicies: policies });
    for (const region of ['us-east-1', 'eu-west-1', 'ap-southeast-1']) {
      for (const r of ['deploy', 'file-publishing', 'image-publishing', 'lookup']) {
        expect(await check('sts:AssumeRole', `arn:aws:iam::${ACCOUNT}:role/cdk-hnb659fds-${r}-role-${ACCOUNT}-${region}`)).toBe('Allowed');
      }
    }
    expect(await check('sts:AssumeRole', `arn:aws:iam::${ACCOUNT}:role/cdk-hnb659fds-cfn-exec-role-${ACCOUNT}-us-east-1`)).toBe('ImplicitlyDenied');
    expect(await check('sts:AssumeRole', `arn:aws:iam::${ACCOUNT}:role/cdk-hnb659fds-deploy-role-${ACCOUNT}-us-west-2`)).toBe('ImplicitlyDenied');
    expect(await check('sts:AssumeRole', `arn:aws:iam::${ACCOUNT}:role/PlatformAdmin`)).toBe('ImplicitlyDenied');
    expect(await check('ecr:PutImage', `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/verypay/payment-service`)).toBe('ImplicitlyDenied');
    expect(await check('cloudformation:CreateStack', `arn:aws:cloudformation:us-east-1:${ACCOUNT}:stack/x/y`)).toBe('ImplicitlyDenied');
  });

  test('sessions last at most an hour', () => {
    for (const name of ['verypay-prod-ci-push-api-gateway', 'verypay-prod-ci-push-payment-service', 'verypay-prod-ci-deploy']) {
      const r = Object.values(global).find((x) => x.Type === 'AWS::IAM::Role' && x.Properties.RoleName === name)!;
      expect(r.Properties.MaxSessionDuration).toBe(3600);
    }
  });
});

describe('GitHubActionsIdentities', () => {
  test('the sub claims of branches and environments', () => {
    expect(githubSubjects('o', 'r', { branches: ['main', 'release/1.x'], environments: ['production'] })).toEqual([
      'repo:o/r:ref:refs/heads/main', 'repo:o/r:ref:refs/heads/release/1.x', 'repo:o/r:environment:production',
    ]);
  });

  test('with createOidcProvider false, the roles trust the account\'s existing provider and no provider is created', () => {
    const stack = testStack(new App());
    new GitHubActionsIdentities(stack, 'Ci', {
      config: { name: 'verypay', environment: 'prod', account: ACCOUNT },
      delivery: resolveDeliveryConfig({ githubOwner: 'verypay', createOidcProvider: false, deployRepository: { repository: 'p' } }),
      primaryRegion: 'us-east-1', regions: ['us-east-1'],
    });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::IAM::OIDCProvider', 0);
    const trust = Object.values(t.findResources('AWS::IAM::Role'))[0].Properties.AssumeRolePolicyDocument;
    expect(JSON.stringify(resolveIntrinsics(trust, {}))).toContain(`"Federated":"${PROVIDER}"`);
    expect(mayAssumeWithWebIdentity(resolveIntrinsics(trust, {}) as never, PROVIDER, token('repo:verypay/p:ref:refs/heads/main'))).toBe(true);
    expect(nagFindings(stack)).toEqual([]);
  });
});
