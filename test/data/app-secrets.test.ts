import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { APP_SECRET_PURPOSES, AppSecrets, type AppSecretsProps } from '../../lib/data/app-secrets';
import { exampleConfig, testStack } from '../support/fixtures';

const cfg = exampleConfig();

function setup(overrides: Partial<AppSecretsProps> = {}) {
  const stack = testStack();
  const key = new kms.Key(stack, 'SecretsKey');
  const secrets = new AppSecrets(stack, 'AppSecrets', { config: cfg, region: 'us-east-1', key, ...overrides });
  return { stack, key, secrets, template: () => Template.fromStack(stack) };
}

describe('AppSecrets', () => {
  test('three secrets with deterministic names, encrypted with the secrets key, retained; no signer key (it is a KMS key)', () => {
    const { template, stack, key, secrets } = setup();
    template().resourceCountIs('AWS::SecretsManager::Secret', 3);
    expect(secrets.purposes).toEqual(APP_SECRET_PURPOSES.filter((p) => p !== 'blockchain/signer-key'));
    for (const purpose of secrets.purposes) {
      template().hasResource('AWS::SecretsManager::Secret', {
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: Match.objectLike({ Name: `verypay/prod/us-east-1/${purpose}`, KmsKeyId: stack.resolve(key.keyArn) }),
      });
    }
  });

  test.each([['app/jwt-signing-key'], ['app/webhook-secret']])('%s is generated: 64 alphanumeric characters', (purpose) => {
    setup().template().hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: `verypay/prod/us-east-1/${purpose}`,
      GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true, IncludeSpace: false, RequireEachIncludedType: true },
    });
  });

  test('the signerPrivateKey opt-in: a private key in a secret without the blockchain', () => {
    expect(() => setup({ blockchain: false, signerPrivateKey: true }))
      .toThrow('AppSecrets: signerPrivateKey is true but blockchain is false, so there is no signer; remove signerPrivateKey or set blockchain: true.');
  });

  test('with the signerPrivateKey opt-in, blockchain/signer-key is generated as 64 lowercase hex characters', () => {
    setup({ signerPrivateKey: true }).template().hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'verypay/prod/us-east-1/blockchain/signer-key',
      GenerateSecretString: {
        PasswordLength: 64, ExcludePunctuation: true, ExcludeUppercase: true, IncludeSpace: false, RequireEachIncludedType: true,
        ExcludeCharacters: 'ghijklmnopqrstuvwxyz',
      },
    });
  });

  test('blockchain/provider-url defaults to the in-cluster geth JSON-RPC endpoint', () => {
    setup().template().hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'verypay/prod/us-east-1/blockchain/provider-url',
      SecretString: 'http://geth.verypay-blockchain.svc.cluster.local:8545',
      GenerateSecretString: Match.absent(),
    });
  });

  test('blockchainProviderUrl overrides the provider URL', () => {
    setup({ blockchainProviderUrl: 'https://rpc.internal.example.com' }).template().hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'verypay/prod/us-east-1/blockchain/provider-url',
      SecretString: 'https://rpc.internal.example.com',
    });
  });

  test('names follow the region', () => {
    const stack = testStack(undefined, 'Eu', 'eu-west-1');
    new AppSecrets(stack, 'AppSecrets', { config: cfg, region: 'eu-west-1', key: new kms.Key(stack, 'K') });
    Template.fromStack(stack).hasResourceProperties('AWS::SecretsManager::Secret', { Name: 'verypay/prod/eu-west-1/app/jwt-signing-key' });
  });

  test('grantRead: GetSecretValue and DescribeSecret on these secrets only, Decrypt through Secrets Manager only', () => {
    const { stack, key, secrets, template } = setup();
    const role = new iam.Role(stack, 'App', { assumedBy: new iam.ServicePrincipal('pods.eks.amazonaws.com') });
    secrets.grantRead(role);
    template().hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Effect: 'Allow', Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
            Resource: secrets.purposes.map((p) => stack.resolve(secrets.secrets[p]!.secretArn)).sort((a, b) => a.Ref.localeCompare(b.Ref)),
          },
          { Effect: 'Allow', Action: 'kms:Decrypt', Resource: stack.resolve(key.keyArn), Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } } },
        ],
      },
    });
  });

  test('grantRead with purposes grants only those secrets', () => {
    const { stack, secrets, template } = setup();
    const role = new iam.Role(stack, 'Gw', { assumedBy: new iam.ServicePrincipal('pods.eks.amazonaws.com') });
    secrets.grantRead(role, ['app/jwt-signing-key']);
    template().hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([{
          Effect: 'Allow', Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
          Resource: stack.resolve(secrets.secrets['app/jwt-signing-key'].secretArn),
        }]),
      },
    });
  });

  describe('without the blockchain', () => {
    test('only the two app/* secrets exist', () => {
      const { template, secrets } = setup({ blockchain: false });
      template().resourceCountIs('AWS::SecretsManager::Secret', 2);
      const names = Object.values(template().findResources('AWS::SecretsManager::Secret')).map((r) => (r.Properties as { Name: string }).Name).sort();
      expect(names).toEqual(['verypay/prod/us-east-1/app/jwt-signing-key', 'verypay/prod/us-east-1/app/webhook-secret']);
      expect(secrets.purposes).toEqual(['app/jwt-signing-key', 'app/webhook-secret']);
      expect(Object.keys(secrets.secrets).sort()).toEqual(['app/jwt-signing-key', 'app/webhook-secret']);
    });

    test('grantRead grants the secrets that exist', () => {
      const { stack, secrets, template } = setup({ blockchain: false });
      const role = new iam.Role(stack, 'App', { assumedBy: new iam.ServicePrincipal('pods.eks.amazonaws.com') });
      secrets.grantRead(role);
      template().hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: Match.arrayWith([{
            Effect: 'Allow', Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
            Resource: [secrets.secrets['app/jwt-signing-key'], secrets.secrets['app/webhook-secret']]
              .map((x) => stack.resolve(x.secretArn)).sort((a, b) => a.Ref.localeCompare(b.Ref)),
          }]),
        },
      });
    });
  });

  describe('fails when', () => {
    test('blockchainProviderUrl is given with blockchain false', () => {
      expect(() => setup({ blockchain: false, blockchainProviderUrl: 'https://rpc.internal.example.com' }))
        .toThrow("blockchainProviderUrl is 'https://rpc.internal.example.com' but blockchain is false, so no blockchain/provider-url secret is created; remove blockchainProviderUrl or set blockchain: true");
    });
    test('grantRead asks for a blockchain secret with blockchain false', () => {
      const { stack, secrets } = setup({ blockchain: false });
      const role = new iam.Role(stack, 'X', { assumedBy: new iam.ServicePrincipal('pods.eks.amazonaws.com') });
      expect(() => secrets.grantRead(role, ['blockchain/signer-key']))
        .toThrow("grantRead: purpose 'blockchain/signer-key' has no secret (blockchain is false); list only app/jwt-signing-key, app/webhook-secret");
    });
    test.each([['geth:8545'], ['ftp://x'], ['']])('blockchainProviderUrl is %p', (url) => {
      expect(() => setup({ blockchainProviderUrl: url })).toThrow(`blockchainProviderUrl is '${url}'; use an http(s):// or ws(s):// URL`);
    });
    test('grantRead is given no purposes', () => {
      const { stack, secrets } = setup();
      const role = new iam.Role(stack, 'X', { assumedBy: new iam.ServicePrincipal('pods.eks.amazonaws.com') });
      expect(() => secrets.grantRead(role, [])).toThrow('grantRead: purposes is empty');
    });
  });
});
