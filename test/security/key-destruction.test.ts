/* Key safety as evaluated by IAM: only the break-glass role may destroy or disable a platform key, and every attempt raises the alarm. */
import { Template } from 'aws-cdk-lib/assertions';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { PlatformKeys } from '../../lib/security/platform-keys';
import { BreakGlassRole } from '../../lib/security/break-glass-role';
import { KeyDestructionAlarm } from '../../lib/security/key-destruction-alarm';
import * as sns from 'aws-cdk-lib/aws-sns';
import { exampleConfig, testApp, testStack } from '../support/fixtures';

const cfg = exampleConfig();
const ACCOUNT = cfg.account;
const KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const BREAK_GLASS = `arn:aws:iam::${ACCOUNT}:role/verypay-prod-break-glass`;
const ADMIN = `arn:aws:iam::${ACCOUNT}:role/PlatformAdmin`;
const ADMIN_POLICY = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

/** The synthesized policy of the data key, and of the break-glass role, from one app. */
function policies(breakGlassRoleName?: string) {
  const app = testApp();
  const stack = testStack(app);
  new PlatformKeys(stack, 'Keys', { config: cfg, purposes: ['data'], breakGlassRoleName });
  new BreakGlassRole(stack, 'BreakGlass', { roleName: 'verypay-prod-break-glass', keyAliasPattern: 'alias/verypay-prod-*' });
  const template = Template.fromStack(stack);
  const key = Object.values(template.findResources('AWS::KMS::Key'))[0] as { Properties: { KeyPolicy: unknown } };
  const role = Object.values(template.findResources('AWS::IAM::ManagedPolicy'))[0] as { Properties: { PolicyDocument: unknown } };
  return { keyPolicy: key.Properties.KeyPolicy, breakGlassPolicy: role.Properties.PolicyDocument };
}

async function decide(keyPolicy: unknown, principal: string, identityPolicy: unknown, action: string): Promise<string> {
  const result = await runSimulation({
    request: {
      principal,
      action,
      resource: { resource: KEY_ARN, accountId: ACCOUNT },
      contextVariables: { 'aws:PrincipalArn': principal, 'kms:ResourceAliases': ['alias/verypay-prod-data'], 'aws:MultiFactorAuthPresent': 'true' },
    },
    identityPolicies: [{ name: 'identity', policy: identityPolicy }],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: keyPolicy,
  }, {});
  if (result.resultType === 'error') throw new Error(JSON.stringify(result.errors));
  return result.overallResult;
}

describe('key destruction (IAM evaluation of the key policy)', () => {
  test.each(['kms:ScheduleKeyDeletion', 'kms:DisableKey'])('%s: an administrator with kms:* is denied; the break-glass role is allowed', async (action) => {
    const { keyPolicy, breakGlassPolicy } = policies('verypay-prod-break-glass');
    expect(await decide(keyPolicy, ADMIN, ADMIN_POLICY, action)).toBe('ExplicitlyDenied');
    expect(await decide(keyPolicy, BREAK_GLASS, breakGlassPolicy, action)).toBe('Allowed');
  });

  test('the administrator still uses the key for everything else (the deny is only the destructive actions)', async () => {
    const { keyPolicy } = policies('verypay-prod-break-glass');
    expect(await decide(keyPolicy, ADMIN, ADMIN_POLICY, 'kms:Decrypt')).toBe('Allowed');
    expect(await decide(keyPolicy, ADMIN, ADMIN_POLICY, 'kms:CancelKeyDeletion')).toBe('Allowed');
  });

  test('the model catches the defect: without the break-glass deny an administrator can schedule the deletion', async () => {
    const { keyPolicy } = policies(undefined);
    expect(await decide(keyPolicy, ADMIN, ADMIN_POLICY, 'kms:ScheduleKeyDeletion')).toBe('Allowed');
  });

  test('the break-glass role cannot touch keys outside the platform (alias condition)', async () => {
    const { keyPolicy, breakGlassPolicy } = policies('verypay-prod-break-glass');
    const result = await runSimulation({
      request: { principal: BREAK_GLASS, action: 'kms:ScheduleKeyDeletion', resource: { resource: KEY_ARN, accountId: ACCOUNT }, contextVariables: { 'aws:PrincipalArn': BREAK_GLASS, 'kms:ResourceAliases': ['alias/other-team'] } },
      identityPolicies: [{ name: 'identity', policy: breakGlassPolicy }], serviceControlPolicies: [], resourceControlPolicies: [], resourcePolicy: keyPolicy,
    }, {});
    expect(result.resultType !== 'error' && result.overallResult).toBe('ImplicitlyDenied');
  });

  test('fails when the break-glass role name is not an IAM role name', () => {
    expect(() => new PlatformKeys(testStack(), 'Keys', { config: cfg, breakGlassRoleName: 'admins/break glass' }))
      .toThrow("PlatformKeys: breakGlassRoleName 'admins/break glass' is not an IAM role name");
  });

  test('the break-glass role needs MFA and lasts one hour at most', () => {
    const stack = testStack();
    new BreakGlassRole(stack, 'BreakGlass', { roleName: 'verypay-prod-break-glass', keyAliasPattern: 'alias/verypay-prod-*' });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'verypay-prod-break-glass',
      MaxSessionDuration: 3600,
      AssumeRolePolicyDocument: { Statement: [{ Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }, Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } }] },
    });
  });
});

describe('KeyDestructionAlarm', () => {
  test('matches ScheduleKeyDeletion and DisableKey CloudTrail events and publishes them to the alarm topic', () => {
    const stack = testStack();
    const keys = new PlatformKeys(stack, 'Keys', { config: cfg, purposes: ['data'] });
    const topic = new sns.Topic(stack, 'Topic', { masterKey: keys.data });
    new KeyDestructionAlarm(stack, 'Alarm', { topic, topicKey: keys.data });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { 'source': ['aws.kms'], 'detail-type': ['AWS API Call via CloudTrail'], 'detail': { eventSource: ['kms.amazonaws.com'], eventName: ['ScheduleKeyDeletion', 'DisableKey'] } },
      Targets: [{ Arn: { Ref: stack.getLogicalId(topic.node.defaultChild as sns.CfnTopic) } }],
    });
    const policy = JSON.stringify(template.findResources('AWS::KMS::Key'));
    expect(policy).toContain('AllowEventBridgeKeyDestructionAlarm');
  });
});
