/*
 * The key-destruction alarm as it runs: a CloudTrail event of a ScheduleKeyDeletion/DisableKey
 * attempt (allowed or denied) must match a rule of the region, and EventBridge must be able to
 * publish it to the region's alarm topic: the topic policy admits events.amazonaws.com and the
 * topic's own KMS key lets EventBridge encrypt (an SSE-KMS topic drops a message it cannot encrypt,
 * silently). Evaluated on the synthesized example with iam-simulate.
 */
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Template } from 'aws-cdk-lib/assertions';
import { examplePlatform } from '../app/platform-fixture';
import { KeyDestructionAlarm } from '../../lib/security/key-destruction-alarm';
import { cloudTrailEvent, matchesPattern } from '../support/event-pattern';
import { testStack } from '../support/fixtures';
import { decide } from '../support/iam-decide';
import { PlatformIam } from '../support/platform-iam';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const ACCOUNT = '123456789012';

/**
 * The statements that can grant a service principal anything: those naming it (or everyone), and
 * every Deny. The account-root statement delegates to IAM policies, which a service has none of,
 * so it grants a service nothing (the simulator would count it as the account's own).
 */
function forService(policy: Json, service: string): Json {
  const names = (p: unknown) => p === '*' || (typeof p === 'object' && p !== null && ((p as Json).AWS === '*' || ([] as unknown[]).concat((p as Json).Service ?? []).includes(service)));
  return { ...policy, Statement: policy.Statement.filter((st: Json) => st.Effect === 'Deny' || names(st.Principal)) };
}

/** The topics an event reaches in a template, and whether EventBridge can publish it to each. */
async function deliveries(template: Json, region: string, event: Json): Promise<{ topic: string; published: boolean; reason: string }[]> {
  const resources = template.Resources as Record<string, Json>;
  const iam = PlatformIam.of([template], region);
  const out: { topic: string; published: boolean; reason: string }[] = [];
  for (const [ruleId, rule] of Object.entries(resources)) {
    if (rule.Type !== 'AWS::Events::Rule' || !rule.Properties.EventPattern || rule.Properties.State === 'DISABLED') continue;
    if (!matchesPattern(rule.Properties.EventPattern, { ...event, region })) continue;
    const ruleArn = `arn:aws:events:${region}:${ACCOUNT}:rule/${ruleId}`;
    for (const target of rule.Properties.Targets ?? []) {
      const topicId = target.Arn?.Ref as string | undefined;
      const topic = topicId ? resources[topicId] : undefined;
      if (!topicId || topic?.Type !== 'AWS::SNS::Topic') continue;
      const topicArn = `arn:aws:sns:${region}:${ACCOUNT}:${topic.Properties.TopicName ?? topicId}`;
      const policy = Object.values(resources).find((r) => r.Type === 'AWS::SNS::TopicPolicy' && r.Properties.Topics.some((t: Json) => t.Ref === topicId));
      const context = { 'aws:SourceArn': ruleArn, 'aws:SourceAccount': ACCOUNT, 'aws:SecureTransport': 'true' };
      const publish = policy
        ? await decide({ principal: 'events.amazonaws.com', action: 'sns:Publish', resource: topicArn, resourcePolicy: forService(JSON.parse(JSON.stringify(policy.Properties.PolicyDocument).split(JSON.stringify({ Ref: topicId })).join(JSON.stringify(topicArn))), 'events.amazonaws.com'), context })
        : 'ImplicitlyDenied';
      const keyId = topic.Properties.KmsMasterKeyId?.['Fn::GetAtt']?.[0] as string | undefined;
      const encrypt = keyId
        ? await decide({ principal: 'events.amazonaws.com', action: 'kms:GenerateDataKey', resource: iam.value(`${keyId}.Arn`), resourcePolicy: forService(iam.keyPolicy(keyId) as Json, 'events.amazonaws.com'), context })
        : 'Allowed';
      out.push({ topic: topic.Properties.TopicName ?? topicId, published: publish === 'Allowed' && encrypt === 'Allowed', reason: `sns:Publish ${publish}, kms:GenerateDataKey on the topic key ${encrypt}` });
    }
  }
  return out;
}

const ATTEMPTS = [
  ['ScheduleKeyDeletion by the break-glass role', cloudTrailEvent('aws.kms', 'ScheduleKeyDeletion', { userIdentity: { arn: `arn:aws:sts::${ACCOUNT}:assumed-role/verypay-prod-break-glass/alice` } })],
  ['ScheduleKeyDeletion denied by the key policy', cloudTrailEvent('aws.kms', 'ScheduleKeyDeletion', { errorCode: 'AccessDenied' })],
  ['DisableKey', cloudTrailEvent('aws.kms', 'DisableKey')],
  ['DisableKey denied', cloudTrailEvent('aws.kms', 'DisableKey', { errorCode: 'AccessDenied' })],
] as const;

describe('key-destruction attempts reach the alarm topic of the region (example platform)', () => {
  const { assembly } = examplePlatform();
  const regional = assembly.stacks.filter((s) => /^PaymentPlatform-[a-z]+-[a-z]+-\d$/.test(s.stackName));

  test('every region has a regional stack to watch', () => {
    expect(regional.map((s) => s.stackName).sort()).toEqual(['PaymentPlatform-ap-southeast-1', 'PaymentPlatform-eu-west-1', 'PaymentPlatform-us-east-1']);
  });

  describe.each(regional.map((s) => [s.stackName, s] as const))('%s', (_name, stack) => {
    test.each(ATTEMPTS.map(([what, event]) => [what, event] as const))('%s is published to the alarm topic', async (_what, event) => {
      const reached = await deliveries(stack.template, stack.environment.region, event);
      expect(reached).toEqual([{ topic: expect.stringMatching(/^verypay-prod-[a-z0-9]+-alarms$/), published: true, reason: 'sns:Publish Allowed, kms:GenerateDataKey on the topic key Allowed' }]);
    });

    test('EventBridge gets the topic key only: the region\'s data key does not admit it', async () => {
      const iam = PlatformIam.of([stack.template], stack.environment.region);
      const dataKey = iam.find('AWS::KMS::Key', 'KeysData');
      const decision = await decide({ principal: 'events.amazonaws.com', action: 'kms:GenerateDataKey', resource: iam.value(`${dataKey}.Arn`), resourcePolicy: forService(iam.keyPolicy(dataKey) as Json, 'events.amazonaws.com') });
      expect(decision).toBe('ImplicitlyDenied');
    });

    test('other key calls raise nothing (CancelKeyDeletion, EnableKey, Decrypt)', async () => {
      for (const name of ['CancelKeyDeletion', 'EnableKey', 'Decrypt']) {
        expect(await deliveries(stack.template, stack.environment.region, cloudTrailEvent('aws.kms', name))).toEqual([]);
      }
    });
  });
});

describe('the delivery model catches what it exists for', () => {
  test('fails when EventBridge may not use the topic key: without its statements on the topic key nothing is published', async () => {
    const stack = testStack();
    const topicKey = new kms.Key(stack, 'TopicKey');
    const topic = new sns.Topic(stack, 'Topic', { topicName: 'alarms', masterKey: topicKey });
    new KeyDestructionAlarm(stack, 'Alarm', { topic, topicKey });
    const template = Template.fromStack(stack).toJSON();
    expect(await deliveries(template, 'us-east-1', ATTEMPTS[1][1])).toEqual([{ topic: 'alarms', published: true, reason: expect.any(String) }]);
    const key = Object.values<Json>(template.Resources).find((r) => r.Type === 'AWS::KMS::Key')!;
    key.Properties.KeyPolicy.Statement = key.Properties.KeyPolicy.Statement.filter((st: Json) => st.Principal?.Service !== 'events.amazonaws.com');
    expect(await deliveries(template, 'us-east-1', ATTEMPTS[1][1])).toEqual([{ topic: 'alarms', published: false, reason: 'sns:Publish Allowed, kms:GenerateDataKey on the topic key ImplicitlyDenied' }]);
  });

  test('fails when the topic policy does not admit EventBridge', async () => {
    const stack = testStack();
    const topicKey = new kms.Key(stack, 'TopicKey');
    const topic = new sns.Topic(stack, 'Topic', { topicName: 'alarms', masterKey: topicKey });
    new KeyDestructionAlarm(stack, 'Alarm', { topic, topicKey });
    const template = Template.fromStack(stack).toJSON();
    const policy = Object.values<Json>(template.Resources).find((r) => r.Type === 'AWS::SNS::TopicPolicy')!;
    policy.Properties.PolicyDocument.Statement = policy.Properties.PolicyDocument.Statement.filter((st: Json) => st.Principal?.Service !== 'events.amazonaws.com');
    expect(await deliveries(template, 'us-east-1', ATTEMPTS[1][1])).toEqual([{ topic: 'alarms', published: false, reason: 'sns:Publish ImplicitlyDenied, kms:GenerateDataKey on the topic key Allowed' }]);
  });

  test('the pattern model: a rule for ScheduleKeyDeletion only does not match DisableKey, and a denied call still matches', () => {
    const pattern = { 'source': ['aws.kms'], 'detail-type': ['AWS API Call via CloudTrail'], 'detail': { eventName: ['ScheduleKeyDeletion'] } };
    expect(matchesPattern(pattern, cloudTrailEvent('aws.kms', 'DisableKey'))).toBe(false);
    expect(matchesPattern(pattern, cloudTrailEvent('aws.kms', 'ScheduleKeyDeletion', { errorCode: 'AccessDenied' }))).toBe(true);
    expect(matchesPattern({ detail: { errorCode: [{ exists: false }] } }, cloudTrailEvent('aws.kms', 'ScheduleKeyDeletion', { errorCode: 'AccessDenied' }))).toBe(false);
    expect(() => matchesPattern({ detail: { eventName: [{ wildcard: 'Disable*' }] } }, cloudTrailEvent('aws.kms', 'DisableKey'))).toThrow(/unsupported condition/);
  });
});
