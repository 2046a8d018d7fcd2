import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { ContainerRegistry, type ContainerRegistryProps } from '../../lib/data/registry';
import { expiredImages, type ModelImage } from '../support/ecr-lifecycle';
import { exampleConfig, testStack } from '../support/fixtures';

const cfg = exampleConfig();

function setup(overrides: Partial<ContainerRegistryProps> = {}) {
  const stack = testStack();
  const key = new kms.Key(stack, 'DataKey');
  const registry = new ContainerRegistry(stack, 'Registry', { config: cfg, key, ...overrides });
  return { stack, key, registry, template: () => Template.fromStack(stack) };
}

const lifecyclePolicy = (untaggedDays: number, maxTagged: number, patterns = ['sha-*', 'build-*', 'pr-*']) => JSON.stringify({
  rules: [
    { rulePriority: 1, description: `Expire untagged images after ${untaggedDays} days`, selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countNumber: untaggedDays, countUnit: 'days' }, action: { type: 'expire' } },
    ...patterns.map((p, i) => ({
      rulePriority: 2 + i, description: `Keep the last ${maxTagged} '${p}' build images; release tags never expire`,
      selection: { tagStatus: 'tagged', tagPatternList: [p], countType: 'imageCountMoreThan', countNumber: maxTagged }, action: { type: 'expire' },
    })),
  ],
});

/** The lifecycle policy text of the first repository of a template. */
const policyText = (t: Template): string =>
  (Object.values(t.findResources('AWS::ECR::Repository'))[0] as { Properties: { LifecyclePolicy: { LifecyclePolicyText: string } } }).Properties.LifecyclePolicy.LifecyclePolicyText;

/**
 * A year of a busy repository: a release every week (v1.0.0 … v1.51.0, the one deployed is
 * v1.2.3 from 300 days ago), a CI build per commit (`sha-…`, 8 a day), pull-request builds and
 * untagged leftovers.
 */
function busyRepository(): ModelImage[] {
  const images: ModelImage[] = [{ digest: 'deployed', tags: ['v1.2.3'], pushedDaysAgo: 300 }];
  for (let w = 0; w < 52; w++) images.push({ digest: `release-${w}`, tags: [`v1.${w}.0`], pushedDaysAgo: 364 - w * 7 });
  for (let d = 0; d < 60; d++) for (let c = 0; c < 8; c++) images.push({ digest: `sha-${d}-${c}`, tags: [`sha-${d}${c}abc`], pushedDaysAgo: d });
  for (let p = 0; p < 80; p++) images.push({ digest: `pr-${p}`, tags: [`pr-${p}`], pushedDaysAgo: p });
  for (let u = 0; u < 20; u++) images.push({ digest: `untagged-${u}`, tags: [], pushedDaysAgo: u });
  return images;
}

describe('ContainerRegistry', () => {
  test('one repository per platform service, KMS-encrypted, scan on push, immutable tags, retained', () => {
    const { template, stack, key } = setup();
    template().resourceCountIs('AWS::ECR::Repository', 2);
    for (const name of ['verypay/api-gateway', 'verypay/payment-service']) {
      template().hasResource('AWS::ECR::Repository', {
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: Match.objectLike({
          RepositoryName: name,
          EncryptionConfiguration: { EncryptionType: 'KMS', KmsKey: stack.resolve(key.keyArn) },
          ImageScanningConfiguration: { ScanOnPush: true },
          ImageTagMutability: 'IMMUTABLE',
          EmptyOnDelete: false,
        }),
      });
    }
  });

  test('lifecycle: untagged images expire after 7 days, the last 50 builds of each build pattern are kept, releases never expire', () => {
    setup().template().allResourcesProperties('AWS::ECR::Repository', {
      LifecyclePolicy: { LifecyclePolicyText: lifecyclePolicy(7, 50) },
    });
  });

  describe('lifecycle behaviour (ECR lifecycle model)', () => {
    const images = busyRepository();

    test('no release expires, so the deployed image and every rollback target stay pullable', () => {
      const expired = expiredImages(policyText(setup().template()), images);
      expect(expired.has('deployed')).toBe(false);
      expect(images.filter((i) => i.tags.some((t) => t.startsWith('v')) && expired.has(i.digest))).toEqual([]);
    });

    test('builds are still cleaned up: beyond the newest 50 per pattern, and untagged images after 7 days', () => {
      const expired = expiredImages(policyText(setup().template()), images);
      expect(images.filter((i) => i.digest.startsWith('sha-') && !expired.has(i.digest))).toHaveLength(50);
      expect(images.filter((i) => i.digest.startsWith('pr-') && !expired.has(i.digest))).toHaveLength(50);
      expect(images.filter((i) => i.digest.startsWith('untagged-') && !expired.has(i.digest)).map((i) => i.pushedDaysAgo)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    });

    test('the model catches the old rule: "keep the last 50 tagged images" expires the deployed release', () => {
      const old = JSON.stringify({ rules: [
        { rulePriority: 1, selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countNumber: 7, countUnit: 'days' }, action: { type: 'expire' } },
        { rulePriority: 2, selection: { tagStatus: 'tagged', tagPatternList: ['*'], countType: 'imageCountMoreThan', countNumber: 50 }, action: { type: 'expire' } },
      ] });
      expect(expiredImages(old, images).has('deployed')).toBe(true);
    });

    test('the model catches several patterns in one rule: ECR matches ALL of them, so no build would ever expire', () => {
      const one = JSON.stringify({ rules: [
        { rulePriority: 1, selection: { tagStatus: 'tagged', tagPatternList: ['sha-*', 'pr-*'], countType: 'imageCountMoreThan', countNumber: 50 }, action: { type: 'expire' } },
      ] });
      expect(expiredImages(one, images).size).toBe(0);
    });
  });

  test('fails when a deployed tag matches an expiring pattern (the running image could expire)', () => {
    expect(() => setup({ deployedTags: ['v1.2.3', 'sha-4f2a9c1'] })).toThrow(
      "ContainerRegistry: the deployed tag 'sha-4f2a9c1' matches the expiring pattern 'sha-*', so the running image could expire; deploy a release tag");
    expect(() => setup({ deployedTags: ['v1.2.3'] })).not.toThrow();
  });

  test.each([[[]], [['*']], [['a', 'b', 'c', 'd', 'e']], [['sha-*****']], [['bad tag*']]])('fails when expiringTagPatterns is %j', (patterns) => {
    expect(() => setup({ expiringTagPatterns: patterns })).toThrow(/expiringTagPatterns .* is invalid; list 1–4 build-tag patterns/);
  });

  test('services and lifecycle limits are configurable', () => {
    const { template, registry } = setup({ services: ['ledger'], maxTaggedImages: 20, untaggedImageExpirationDays: 3, expiringTagPatterns: ['ci-*'] });
    template().resourceCountIs('AWS::ECR::Repository', 1);
    template().hasResourceProperties('AWS::ECR::Repository', {
      RepositoryName: 'verypay/ledger',
      LifecyclePolicy: { LifecyclePolicyText: lifecyclePolicy(3, 20, ['ci-*']) },
    });
    expect(Object.keys(registry.repositories)).toEqual(['ledger']);
  });

  test('repositories are exposed by service name', () => {
    const { registry, stack } = setup();
    expect(Object.keys(registry.repositories)).toEqual(['api-gateway', 'payment-service']);
    expect(stack.resolve(registry.repositories['payment-service'].repositoryName)).toEqual({ Ref: expect.stringMatching(/^Registrypaymentservice/) });
  });

  test('grantPull grants image pulls on these repositories and the registry token', () => {
    const { registry, stack, template } = setup();
    const role = new iam.Role(stack, 'Nodes', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    registry.grantPull(role);
    const repoArns = Object.values(registry.repositories).map((r) => stack.resolve(r.repositoryArn));
    template().hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          { Effect: 'Allow', Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'], Resource: repoArns },
          { Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
        ],
      },
    });
  });

  describe('fails when', () => {
    test('services is empty', () => {
      expect(() => setup({ services: [] })).toThrow('services is empty; list at least one service');
    });
    test.each([['Payment'], ['pay--ment'], ['-x'], ['a/b']])('a service is named %s', (svc) => {
      expect(() => setup({ services: [svc] })).toThrow(`services contains '${svc}'; use lowercase letters`);
    });
    test('a service is listed twice', () => {
      expect(() => setup({ services: ['ledger', 'ledger'] })).toThrow("services lists 'ledger' twice");
    });
    test.each([[0], [10001], [2.5]])('maxTaggedImages is %s', (n) => {
      expect(() => setup({ maxTaggedImages: n })).toThrow(`maxTaggedImages is ${n}; use an integer from 1 to 10000`);
    });
    test.each([[0], [0.5]])('untaggedImageExpirationDays is %s', (n) => {
      expect(() => setup({ untaggedImageExpirationDays: n })).toThrow(`untaggedImageExpirationDays is ${n}; use a whole number of days`);
    });
  });
});
