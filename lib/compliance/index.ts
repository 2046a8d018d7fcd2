import { Stage, Validations } from 'aws-cdk-lib';
import { cdkNag } from './cdk-nag';
import { cfnGuardValidator } from './cfn-guard';
import { DEFAULT_GATES, type Gate } from './gates';

export { DEFAULT_GATES, GATES, parseGates, selectedGates, type Gate } from './gates';

/** Options of {@link addComplianceChecks}. */
export interface ComplianceChecksOptions {
  /**
   * Also evaluate the AWS Control Tower proactive controls with cfn-guard (offline; the binary
   * ships in `@cdklabs/cdk-validator-cfnguard`, an optional peer dependency that must then be
   * installed: without it this throws an error naming the package). Off by default because it multiplies the synth
   * time (about 29 s instead of 5 s for the example); CI runs it as its own step
   * (`npm run synth:control-tower`).
   * @default false
   */
  readonly controlTower?: boolean;
  /**
   * Which checks to register (see `GATES` in lib/compliance/gates.ts); `cfn-validation` is not a plugin but the App's
   * own `builtinCloudFormationValidation` setting, so it is ignored here. `controlTower: true`
   * adds `control-tower`. Select them on the command line with `-c gates=…` (`selectedGates`).
   * @default DEFAULT_GATES (the three cdk-nag packs)
   */
  readonly gates?: readonly Gate[];
}

/**
 * Runs cdk-nag's AwsSolutions, PCI DSS 3.2.1 and NIST 800-53 R5 packs, and optionally the AWS Control Tower
 * proactive controls (cfn-guard), as policy-validation plugins on every synth of `scope` (an App or a
 * Stage). Findings the library accepts are acknowledged on the narrowest construct with
 * `Validations.of(construct).acknowledge({ id, reason })`, each reason naming the compensating
 * control; anything else is reported by the synth.
 */
export function addComplianceChecks(scope: Stage, options: ComplianceChecksOptions = {}): void {
  const gates = options.gates ?? DEFAULT_GATES;
  if (gates.includes('aws-solutions')) Validations.of(scope).addPlugins(new (cdkNag().AwsSolutionsChecks)(scope));
  if (gates.includes('pci-dss')) Validations.of(scope).addPlugins(new (cdkNag().PCIDSS321Checks)(scope));
  if (gates.includes('nist-800-53')) Validations.of(scope).addPlugins(new (cdkNag().NIST80053R5Checks)(scope));
  if ((options.controlTower ?? false) || gates.includes('control-tower')) {
    // CT.LAMBDA.PR.3 (Lambda in a VPC) is off: for aws-eks-v2's kubectl functions, which do run in
    // the VPC, cfn-guard cannot resolve the security group (Fn::GetAtt ClusterSecurityGroupId) and
    // also reports a finding without any resource, which no construct-level acknowledgement can
    // reach. The platform's tests assert the control instead: every Lambda function runs in the VPC
    // except aws-cdk-lib's provider that empties the default security group.
    Validations.of(scope).addPlugins(cfnGuardValidator(['ct-lambda-pr-3']));
  }
}

export * from './audit';
export * from './report';
