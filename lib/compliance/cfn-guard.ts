import type { IPolicyValidationPluginBeta1 } from 'aws-cdk-lib';

/** The optional peer dependency that ships cfn-guard and the Control Tower proactive controls. */
export const CFN_GUARD_PACKAGE = '@cdklabs/cdk-validator-cfnguard';

/** Loads a module by name; `require` in the library, a stand-in in tests. */
export type ModuleLoader = (name: string) => unknown;

/**
 * Creates the Control Tower proactive-controls plugin. `@cdklabs/cdk-validator-cfnguard` (about
 * 36 MB with its cfn-guard binary) is an optional peer dependency, loaded only here, so an install
 * that never asks for these checks does not carry it.
 * @throws Error naming the package and the install command when it is not installed.
 */
export function cfnGuardValidator(
  disabledRules: string[],
  load: ModuleLoader = require,
): IPolicyValidationPluginBeta1 {
  let mod: { CfnGuardValidator?: new (props: { disabledRules: string[] }) => IPolicyValidationPluginBeta1 };
  try {
    mod = load(CFN_GUARD_PACKAGE) as typeof mod;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code !== 'MODULE_NOT_FOUND' && code !== 'ERR_MODULE_NOT_FOUND') throw err;
    throw new Error(
      `addComplianceChecks: controlTower is true, but the optional peer dependency ${CFN_GUARD_PACKAGE} is not installed. ` +
      `Install it with \`npm install --save-dev ${CFN_GUARD_PACKAGE}@^0.0.62\`, or leave controlTower off.`,
    );
  }
  if (typeof mod.CfnGuardValidator !== 'function') {
    throw new Error(`addComplianceChecks: ${CFN_GUARD_PACKAGE} does not export CfnGuardValidator; install a version matching ^0.0.62.`);
  }
  return new mod.CfnGuardValidator({ disabledRules });
}
