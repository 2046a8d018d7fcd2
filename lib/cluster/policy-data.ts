import { Aws, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';

/** Placeholder for the partition in ARN patterns; also how cdk-nag prints it in finding ids. */
export const PARTITION = '<AWS::Partition>';

/** One policy statement as data: ARN patterns use `PARTITION`, `{region}`, `{account}` and other `{name}` placeholders. */
export interface StatementData {
  readonly actions: string[];
  readonly resources: string[];
  /**
   * IAM condition block.
   * @default - none
   */
  readonly conditions?: Record<string, Record<string, unknown>>;
}

function pattern(resource: string, region: string, account: string, vars: Record<string, string> = {}): string {
  return resource.replace(/\{(\w+)\}/g, (_match, name: string) => {
    const value = name === 'region' ? region : name === 'account' ? account : vars[name];
    if (value === undefined) throw new Error(`statementsFrom: resource pattern '${resource}' names {${name}}, which has no value; pass it in vars.`);
    return value;
  });
}

/**
 * IAM statements from data, with the ARN patterns filled for one region and account, and
 * `vars` for any other placeholder (e.g. `{vpc}`; values may be tokens).
 */
export function statementsFrom(data: StatementData[], region: string, account: string, vars: Record<string, string> = {}): iam.PolicyStatement[] {
  return data.map((s) => new iam.PolicyStatement({
    actions: s.actions,
    resources: s.resources.map((r) => pattern(r, region, account, vars).split(PARTITION).join(Aws.PARTITION)),
    conditions: s.conditions,
  }));
}

/**
 * Acknowledges `AwsSolutions-IAM5` for exactly the wildcard resources of `data` on `scope` (the
 * managed policy), so a new wildcard added later still fails the nag test. Returns the number of
 * acknowledgements.
 */
export function acknowledgeWildcardResources(scope: IConstruct, data: StatementData[], region: string, account: string, reason: string): number {
  const ids = new Set<string>();
  for (const s of data) {
    for (const r of s.resources) if (r.includes('*')) ids.add(`AwsSolutions-IAM5[Resource::${pattern(r, region, account)}]`);
  }
  for (const id of ids) Validations.of(scope).acknowledge({ id, reason });
  return ids.size;
}
