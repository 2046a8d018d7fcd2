import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { ContainerRegistry, type ContainerRegistryProps } from '../../lib/data/registry';
import { exampleConfig, testStack } from '../support/fixtures';

const cfg = exampleConfig();

function setup(overrides: Partial<ContainerRegistryProps> = {}) {
  const stack = testStack();
  const key = new kms.Key(stack, 'DataKey');
  const registry = new ContainerRegistry(stack, 'Registry', { config: cfg, key, ...overrides });
  return { stack, key, registry, template: () => Template.fromStack(stack) };
}

const lifecyclePolicy = (untaggedDays: number, maxTagged: number) => JSON.stringify({
  rules: [
    { rulePriority: 1, description: `Expire untagged images after ${untaggedDays} days`, selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countNumber: untaggedDays, countUnit: 'days' }, action: { type: 'expire' } },
    { rulePriority: 2, description: `Keep the last ${maxTagged} tagged images`, selection: { tagStatus: 'tagged', tagPatternList: ['*'], countType: 'imageCountMoreThan', countNumber: maxTagged }, action: { type: 'expire' } },
  ],
});

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

  test('lifecycle: untagged images expire after 7 days, the last 50 tagged images are kept', () => {
    setup().template().allResourcesProperties('AWS::ECR::Repository', {
      LifecyclePolicy: { LifecyclePolicyText: lifecyclePolicy(7, 50) },
    });
  });

  test('services and lifecycle limits are configurable', () => {
    const { template, registry } = setup({ services: ['ledger'], maxTaggedImages: 20, untaggedImageExpirationDays: 3 });
    template().resourceCountIs('AWS::ECR::Repository', 1);
    template().hasResourceProperties('AWS::ECR::Repository', {
      RepositoryName: 'verypay/ledger',
      LifecyclePolicy: { LifecyclePolicyText: lifecyclePolicy(3, 20) },
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
