import { Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * How cdk-nag prints a (possibly tokenised) string in finding ids: `Fn::GetAtt` as
 * `<LogicalId.Attr>`, `Ref` as `<LogicalId>`, `Fn::Join` concatenated. Used to acknowledge a
 * finding on exactly one resource ARN.
 */
export function nagString(scope: IConstruct, value: string): string {
  return render(Stack.of(scope).resolve(value));
}

function render(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('Fn::GetAtt' in o) {
      const [id, attr] = o['Fn::GetAtt'] as string[];
      return `<${id}.${attr}>`;
    }
    if ('Ref' in o) return `<${String(o.Ref)}>`;
    if ('Fn::Join' in o) {
      const [sep, parts] = o['Fn::Join'] as [string, unknown[]];
      return parts.map(render).join(sep);
    }
  }
  return JSON.stringify(v);
}
