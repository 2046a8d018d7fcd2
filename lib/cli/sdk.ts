/**
 * The AWS SDK v3 clients are optional peer dependencies: the library and the checklist mode of
 * the CLI never need them, and a consumer who only synthesizes should not install them. The
 * checks with credentials load them on first use.
 */
export const SDK_PACKAGES = [
  '@aws-sdk/client-sts', '@aws-sdk/client-iam', '@aws-sdk/client-ssm', '@aws-sdk/client-service-quotas',
  '@aws-sdk/client-route-53', '@aws-sdk/client-cloudformation', '@aws-sdk/client-ecr',
  '@aws-sdk/client-ec2', '@aws-sdk/client-rds',
] as const;

/** One of the SDK packages the CLI may load. */
export type SdkPackage = (typeof SDK_PACKAGES)[number];

/** Thrown when a check needs an SDK package that is not installed. */
export class MissingSdkError extends Error {
  constructor(public readonly pkg: string) {
    super(`the checks with AWS credentials need '${pkg}', which is not installed. Fix: ` +
      `npm install --save-dev ${SDK_PACKAGES.map((p) => `${p}@^3`).join(' ')} ` +
      '(or run with --offline to print the checklist only).');
    this.name = 'MissingSdkError';
  }
}

/** Loads an SDK package, or throws `MissingSdkError` naming the install command. */
export function loadSdk<T>(pkg: SdkPackage): T {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(pkg) as T;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') throw new MissingSdkError(pkg);
    throw e;
  }
}
