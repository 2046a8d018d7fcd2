import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { AppSecrets } from '../../lib/data/app-secrets';
import { appSecretsReplication } from '../../lib/data/database-config';
import { exampleConfig, testStack } from '../support/fixtures';

const cfg = exampleConfig();

describe('AppSecrets shared across regions', () => {
  test('the primary creates the JWT key, webhook secret and (private-key opt-in) signer key once, replicated with each region\'s secrets key by alias', () => {
    const stack = testStack();
    new AppSecrets(stack, 'AppSecrets', { config: cfg, region: 'us-east-1', key: new kms.Key(stack, 'K'), signerPrivateKey: true, ...appSecretsReplication(stack, cfg, 'us-east-1') });
    const t = Template.fromStack(stack);
    const replicas = ['eu-west-1', 'ap-southeast-1'].map((r) => ({
      Region: r,
      KmsKeyId: `arn:aws:kms:${r}:123456789012:alias/verypay-prod-secrets`,
    }));
    for (const purpose of ['app/jwt-signing-key', 'app/webhook-secret', 'blockchain/signer-key']) {
      t.hasResourceProperties('AWS::SecretsManager::Secret', { Name: `verypay/prod/us-east-1/${purpose}`, ReplicaRegions: replicas });
    }
    // The provider URL names the region's own geth: never replicated.
    t.hasResourceProperties('AWS::SecretsManager::Secret', { Name: 'verypay/prod/us-east-1/blockchain/provider-url', ReplicaRegions: Match.absent() });
  });

  test('a secondary creates only its provider URL and reads its replicas of the primary\'s (same names, its own key)', () => {
    const stack = testStack(undefined, 'Eu', 'eu-west-1');
    const key = new kms.Key(stack, 'K');
    const secrets = new AppSecrets(stack, 'AppSecrets', { config: cfg, region: 'eu-west-1', key, ...appSecretsReplication(stack, cfg, 'eu-west-1') });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::SecretsManager::Secret', 1);
    t.hasResourceProperties('AWS::SecretsManager::Secret', { Name: 'verypay/prod/eu-west-1/blockchain/provider-url' });
    expect(stack.resolve(secrets.secrets['app/jwt-signing-key'].secretArn)).toBe('arn:aws:secretsmanager:eu-west-1:123456789012:secret:verypay/prod/us-east-1/app/jwt-signing-key');
    expect(secrets.secrets['app/jwt-signing-key'].encryptionKey).toBe(key);
  });

  test('a single-region platform owns its secrets, no replicas', () => {
    const single = exampleConfig({ regions: [cfg.regions[0]] });
    expect(appSecretsReplication(testStack(), single, 'us-east-1')).toEqual({});
  });

  describe('fails when', () => {
    test('a replica region is given to a region that does not own the shared secrets', () => {
      const stack = testStack();
      expect(() => new AppSecrets(stack, 'A', {
        config: cfg, region: 'eu-west-1', key: new kms.Key(stack, 'K'), sharedSecretsRegion: 'us-east-1',
        replicaRegions: [{ region: 'ap-southeast-1' }],
      })).toThrow("AppSecrets: replicaRegions [\"ap-southeast-1\"] is set but sharedSecretsRegion is 'us-east-1', not this region 'eu-west-1'; only the owner region replicates the shared secrets: remove replicaRegions here or sharedSecretsRegion.");
    });

    test('the replica regions include the secrets\' own region', () => {
      const stack = testStack();
      expect(() => new AppSecrets(stack, 'A', { config: cfg, region: 'us-east-1', key: new kms.Key(stack, 'K'), replicaRegions: [{ region: 'us-east-1' }] }))
        .toThrow("AppSecrets: replicaRegions lists 'us-east-1', the secrets' own region; list only the other regions.");
    });

    test('the region is not configured', () => {
      expect(() => appSecretsReplication(testStack(), cfg, 'eu-north-1'))
        .toThrow('appSecretsReplication: region "eu-north-1" is invalid: use one of the configured regions (us-east-1, eu-west-1, ap-southeast-1).');
    });
  });
});
