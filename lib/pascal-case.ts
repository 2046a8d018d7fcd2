/**
 * `aws-ebs-csi-driver` → `AwsEbsCsiDriver`, `data` → `Data`: construct ids from names. Construct
 * ids are API (changing one replaces the resource), so every construct derives them the same way.
 */
export function pascalCase(name: string): string {
  return name.replace(/(^|[-_])([a-z0-9])/g, (_m, _s, c: string) => c.toUpperCase());
}
