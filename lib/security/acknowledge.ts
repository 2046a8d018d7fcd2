import { Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Acknowledges cdk-nag's `AwsSolutions-IAM5` findings for exactly these wildcard resources on
 * one construct (a policy), and nothing else: any other wildcard added later still fails.
 *
 * cdk-nag names each finding `AwsSolutions-IAM5[Resource::<flattened ARN>]`, where references
 * are flattened to `<LogicalId.Attribute>`; this reproduces that flattening from the resolved
 * ARN, so the acknowledgement follows logical-id changes.
 */
export function acknowledgeWildcardArns(policy: IConstruct, resources: string[], reason: string): void {
  const stack = Stack.of(policy);
  for (const resource of resources) {
    const flat = flattenReference(stack.resolve(resource));
    if (!flat.includes('*')) continue;
    Validations.of(policy).acknowledge({ id: `AwsSolutions-IAM5[Resource::${flat}]`, reason });
  }
}

/** The flattening cdk-nag applies to a resolved CloudFormation value. */
export function flattenReference(node: unknown): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/\}/g, '>');
  if (node !== null && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (Array.isArray(o['Fn::Join'])) {
      const [delimiter, items] = o['Fn::Join'] as [string, unknown[]];
      return items.map(flattenReference).join(delimiter);
    }
    if (o['Fn::Sub'] !== undefined) return flattenReference(o['Fn::Sub']);
    if (Array.isArray(o['Fn::GetAtt'])) {
      const [resource, attribute] = o['Fn::GetAtt'] as [unknown, unknown];
      return `<${flattenReference(resource)}.${flattenReference(attribute)}>`;
    }
    if (o['Fn::ImportValue'] !== undefined) return flattenReference(o['Fn::ImportValue']);
    if (o.Ref !== undefined) return `<${flattenReference(o.Ref)}>`;
  }
  return JSON.stringify(node);
}
