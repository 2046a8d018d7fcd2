import type { IConstruct } from 'constructs';
import { AwsSolutionsChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';

/**
 * Unacknowledged cdk-nag findings (AwsSolutions, PCI DSS 3.2.1 and NIST 800-53 R5) under a scope, as
 * `<rule> @ <construct path>` lines, so a failing test shows exactly what to fix.
 */
export function nagFindings(scope: IConstruct): string[] {
  const findings: string[] = [];
  for (const pack of [new AwsSolutionsChecks(), new PCIDSS321Checks(), new NIST80053R5Checks()]) {
    for (const v of pack.validateScope(scope).violations) {
      for (const r of v.violatingResources) findings.push(`${v.ruleName} @ ${r.constructPath ?? r.resourceLogicalId}`);
    }
  }
  return findings.sort();
}
