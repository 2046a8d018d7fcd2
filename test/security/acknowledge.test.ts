import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { acknowledgeWildcardArns, flattenReference } from '../../lib/security/acknowledge';
import { nagFindings } from '../support/compliance';
import { testStack } from '../support/fixtures';

function policyWith(stack: Stack, resources: string[]): iam.ManagedPolicy {
  return new iam.ManagedPolicy(stack, 'Policy', {
    statements: [new iam.PolicyStatement({ actions: ['s3:GetObject'], resources })],
  });
}

describe('flattenReference', () => {
  test('flattens like cdk-nag: GetAtt, Ref, Join, Sub', () => {
    expect(flattenReference({ 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Bucket1', 'Arn'] }, '/*']] })).toBe('<Bucket1.Arn>/*');
    expect(flattenReference({ Ref: 'AWS::Partition' })).toBe('<AWS::Partition>');
    expect(flattenReference({ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::b/*' })).toBe('arn:<AWS::Partition>:s3:::b/*');
    expect(flattenReference('plain')).toBe('plain');
    expect(flattenReference(undefined)).toBe('');
    expect(flattenReference({ 'Fn::Select': [0, ['a']] })).toBe('{"Fn::Select":[0,["a"]]}');
  });
});

describe('acknowledgeWildcardArns', () => {
  test('acknowledges exactly the listed wildcard resources of the policy', () => {
    const stack = testStack();
    const bucket = new s3.Bucket(stack, 'Bucket');
    const policy = policyWith(stack, [bucket.arnForObjects('a/*'), bucket.arnForObjects('b/*')]);
    acknowledgeWildcardArns(policy, [bucket.arnForObjects('a/*'), bucket.bucketArn], 'test reason');
    const findings = nagFindings(stack).filter((f) => f.startsWith('AwsSolutions-IAM5'));
    expect(findings).toEqual([expect.stringMatching(/^AwsSolutions-IAM5\[Resource::<Bucket[0-9A-F]+\.Arn>\/b\/\*\] @ Test\/Policy\/Resource$/)]);
  });
});
