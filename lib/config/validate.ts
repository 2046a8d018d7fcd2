import { ConfigProblem, PlatformConfigError } from './errors';
import type { PlatformConfig } from './platform-config';

/** Collects problems; each check adds one naming the field, showing the value and saying the fix. */
class Problems {
  public readonly list: ConfigProblem[] = [];
  add(field: string, value: unknown, message: string): void {
    this.list.push({ field, value, message });
  }
}

function checkIdentity(config: PlatformConfig, p: Problems): void {
  if (typeof config.name !== 'string' || !/^[a-z][a-z0-9-]{0,18}[a-z0-9]$/.test(config.name)) {
    p.add('name', config.name, "must be 2–20 characters of lowercase letters, digits and '-', starting with a letter and not ending with '-', e.g. 'verypay'");
  }
  if (typeof config.environment !== 'string' || !/^[a-z][a-z0-9]{1,9}$/.test(config.environment)) {
    p.add('environment', config.environment, "must be 2–10 lowercase letters or digits starting with a letter, e.g. 'prod'");
  }
  if (typeof config.account !== 'string' || !/^\d{12}$/.test(config.account)) {
    p.add('account', config.account, "must be the 12-digit AWS account id as a string, e.g. '123456789012'");
  }
}

/**
 * Checks a platform configuration and throws a `PlatformConfigError` listing every problem.
 * Only plain values are accepted here (no CDK tokens): the configuration is data.
 */
export function validatePlatformConfig(config: PlatformConfig): void {
  const p = new Problems();
  checkIdentity(config, p);
  if (p.list.length > 0) throw new PlatformConfigError(p.list);
}
