import type { Construct } from 'constructs';

/**
 * The aws-cdk-lib feature flags whose behaviour the platform relies on, set on every platform
 * stack so a consumer's `cdk.json` (or the lack of one) cannot change what is deployed. Without
 * them, in aws-cdk-lib 2.276:
 * - `useCdkManagedLogGroup` off: the kubectl provider's functions log to log groups Lambda creates
 *   itself, with no retention and no customer-managed key;
 * - `defaultCrossStackReferences` not `weak`: references to the base stacks become exports
 *   (`Fn::ImportValue`), which lock the exporting stack against updates;
 * - `useAttachedSecretResourcePolicyForSecretTargetAttachments` off: the database master secret's
 *   resource policy is attached to the target attachment and replaced with it;
 * - `minimizePolicies` off: policies are not merged (closer to IAM's size limits);
 * - `enablePartitionLiterals` off / `recognizeLayerVersion` off: the same permissions written
 *   differently, so diffs against a deployed stack show noise.
 * A test synthesizes the example with no feature flags at all and asserts identical templates.
 */
export const PLATFORM_FEATURE_FLAGS: Readonly<Record<string, unknown>> = {
  '@aws-cdk/aws-lambda:useCdkManagedLogGroup': true,
  '@aws-cdk/core:defaultCrossStackReferences': 'weak',
  '@aws-cdk/aws-secretsmanager:useAttachedSecretResourcePolicyForSecretTargetAttachments': true,
  '@aws-cdk/aws-iam:minimizePolicies': true,
  '@aws-cdk/core:enablePartitionLiterals': true,
  '@aws-cdk/aws-lambda:recognizeLayerVersion': true,
};

/**
 * Sets {@link PLATFORM_FEATURE_FLAGS} on `scope`, overriding the app's values for everything
 * below it. Call it before `scope` has children (context cannot change once it has).
 */
export function applyPlatformFeatureFlags(scope: Construct): void {
  for (const [flag, value] of Object.entries(PLATFORM_FEATURE_FLAGS)) scope.node.setContext(flag, value);
}
