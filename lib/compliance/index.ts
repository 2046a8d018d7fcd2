import { Stage, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, PCIDSS321Checks } from 'cdk-nag';

/**
 * Runs cdk-nag's AwsSolutions and PCI DSS 3.2.1 packs as policy-validation plugins on every
 * synth of `scope` (an App or a Stage). Findings the library accepts are acknowledged on the
 * narrowest construct with `Validations.of(construct).acknowledge({ id, reason })`, each reason
 * naming the compensating control; anything else fails the synth.
 */
export function addComplianceChecks(scope: Stage): void {
  Validations.of(scope).addPlugins(new AwsSolutionsChecks(scope), new PCIDSS321Checks(scope));
}
