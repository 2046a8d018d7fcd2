import { Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { flattenReference } from '../security/acknowledge';

/**
 * How cdk-nag prints a (possibly tokenised) string in finding ids: `Fn::GetAtt` as
 * `<LogicalId.Attr>`, `Ref` as `<LogicalId>`, `Fn::Join` concatenated. Used to acknowledge a
 * finding on exactly one resource ARN.
 */
export function nagString(scope: IConstruct, value: string): string {
  return flattenReference(Stack.of(scope).resolve(value));
}
