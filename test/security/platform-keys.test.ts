import { Match, Template } from 'aws-cdk-lib/assertions';
import { KEY_PURPOSES, PlatformKeys } from '../../lib/security/platform-keys';
import { exampleConfig, testStack } from '../support/fixtures';

function setup() {
  const stack = testStack();
  const keys = new PlatformKeys(stack, 'Keys', { config: exampleConfig() });
  return { stack, keys, template: Template.fromStack(stack) };
}

describe('PlatformKeys', () => {
  test('one rotated, retained key with a 30-day deletion window per purpose', () => {
    const { template } = setup();
    template.resourceCountIs('AWS::KMS::Key', 5);
    template.allResources('AWS::KMS::Key', {
      Properties: Match.objectLike({ EnableKeyRotation: true, PendingWindowInDays: 30 }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test.each(KEY_PURPOSES.map((p) => [p]))('the %s key has its alias and a description', (purpose) => {
    const { stack, keys, template } = setup();
    const keyId = stack.resolve(keys.key(purpose).keyArn)['Fn::GetAtt'][0] as string;
    template.hasResourceProperties('AWS::KMS::Alias', {
      AliasName: `alias/verypay-prod-${purpose}`,
      TargetKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
    });
    expect(template.toJSON().Resources[keyId].Properties.Description).toMatch(/^verypay prod: /);
  });

  test('typed getters return the key of their purpose', () => {
    const { keys } = setup();
    expect([keys.data, keys.secrets, keys.logs, keys.cluster, keys.backups]).toEqual(KEY_PURPOSES.map((p) => keys.key(p)));
    expect(new Set(KEY_PURPOSES.map((p) => keys.key(p))).size).toBe(5);
  });

  test('the logs key trusts CloudWatch Logs of this region only for log groups of this account', () => {
    const { stack, keys, template } = setup();
    const logsKeyId = stack.resolve(keys.logs.keyArn)['Fn::GetAtt'][0] as string;
    expect(template.toJSON().Resources[logsKeyId].Properties.KeyPolicy.Statement).toContainEqual({
      Sid: 'AllowCloudWatchLogsOfThisAccount',
      Effect: 'Allow',
      Principal: { Service: 'logs.us-east-1.amazonaws.com' },
      Action: ['kms:Decrypt*', 'kms:Describe*', 'kms:Encrypt*', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
      Resource: '*',
      Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:us-east-1:123456789012:log-group:*' } },
    });
  });

  test('no other key trusts CloudWatch Logs', () => {
    const { template } = setup();
    const keys = Object.values(template.findResources('AWS::KMS::Key'));
    const withLogs = keys.filter((k) => JSON.stringify(k.Properties.KeyPolicy).includes('logs.us-east-1.amazonaws.com'));
    expect(withLogs).toHaveLength(1);
  });

  test('purposes creates only the listed keys; asking for another purpose fails naming what exists', () => {
    const stack = testStack();
    const keys = new PlatformKeys(stack, 'Keys', { config: exampleConfig(), purposes: ['secrets', 'backups'] });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::KMS::Key', 2);
    expect(Object.values(template.findResources('AWS::KMS::Alias')).map((a) => a.Properties.AliasName).sort())
      .toEqual(['alias/verypay-prod-backups', 'alias/verypay-prod-secrets']);
    expect(() => keys.logs).toThrow(/has no 'logs' key \(purposes: secrets, backups\)/);
  });

  test.each([[[]], [['data', 'vault']]])('fails when purposes is %j', (purposes) => {
    expect(() => new PlatformKeys(testStack(), 'Keys', { config: exampleConfig(), purposes: purposes as never }))
      .toThrow(/purposes .* is invalid; list one or more of data, secrets, logs, cluster, backups/);
  });

  test('pendingWindowDays is configurable', () => {
    const stack = testStack();
    new PlatformKeys(stack, 'Keys', { config: exampleConfig(), pendingWindowDays: 7 });
    Template.fromStack(stack).allResourcesProperties('AWS::KMS::Key', { PendingWindowInDays: 7 });
  });

  test.each([[6], [31], [7.5]])('fails when pendingWindowDays is %s', (days) => {
    expect(() => new PlatformKeys(testStack(), 'Keys', { config: exampleConfig(), pendingWindowDays: days }))
      .toThrow(new RegExp(`pendingWindowDays is ${days}; KMS accepts an integer from 7 to 30`));
  });
});
