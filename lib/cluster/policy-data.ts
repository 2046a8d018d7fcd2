import { Aws, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';

/** Placeholder for the partition in ARN patterns; also how cdk-nag prints it in finding ids. */
export const PARTITION = '<AWS::Partition>';

/** One policy statement as data: ARN patterns use `PARTITION`, `{region}` and `{account}`. */
export interface StatementData {
  readonly actions: string[];
  readonly resources: string[];
  /**
   * IAM condition block.
   * @default - none
   */
  readonly conditions?: Record<string, Record<string, unknown>>;
}

function pattern(resource: string, region: string, account: string): string {
  return resource.replace(/\{region\}/g, region).replace(/\{account\}/g, account);
}

/** IAM statements from data, with the ARN patterns filled for one region and account. */
export function statementsFrom(data: StatementData[], region: string, account: string): iam.PolicyStatement[] {
  return data.map((s) => new iam.PolicyStatement({
    actions: s.actions,
    resources: s.resources.map((r) => pattern(r, region, account).split(PARTITION).join(Aws.PARTITION)),
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
