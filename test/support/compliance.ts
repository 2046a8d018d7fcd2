import type { IConstruct } from 'constructs';
import { AwsSolutionsChecks, PCIDSS321Checks } from 'cdk-nag';

/**
 * Unacknowledged cdk-nag findings (AwsSolutions and PCI DSS 3.2.1) under a scope, as
 * `<rule> @ <construct path>` lines, so a failing test shows exactly what to fix.
 */
export function nagFindings(scope: IConstruct): string[] {
  const findings: string[] = [];
  for (const pack of [new AwsSolutionsChecks(), new PCIDSS321Checks()]) {
    for (const v of pack.validateScope(scope).violations) {
      for (const r of v.violatingResources) findings.push(`${v.ruleName} @ ${r.constructPath ?? r.resourceLogicalId}`);
    }
  }
  return findings.sort();
}
