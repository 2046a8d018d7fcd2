import * as path from 'path';
import type { PlatformConfig } from '../config/platform-config';
import { UsageError } from './io';

/** What `--config` may point at: a module that is a `PlatformConfig` or whose default export, `config` export or only such export is one. */
export function loadConfigModule(file: string, cwd: string = process.cwd()): PlatformConfig {
  const resolved = path.resolve(cwd, file);
  let mod: Record<string, unknown>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require(resolved) as Record<string, unknown>;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'MODULE_NOT_FOUND' && err.message.includes(resolved)) {
      throw new UsageError(`--config ${file}: no such module (${resolved}); give the path of a .js module (or .ts with ts-node) exporting a PlatformConfig.`);
    }
    if (resolved.endsWith('.ts') && /Unknown file extension|Unexpected token|Cannot use import/.test(err.message)) {
      throw new UsageError(`--config ${file}: a TypeScript module needs ts-node: run 'node -r ts-node/register <cli> …', or compile it to .js first.`);
    }
    throw e;
  }
  if (isPlatformConfigLike(mod)) return mod; // module.exports = config
  const candidates = [mod.default, mod.config, ...Object.values(mod)].filter(isPlatformConfigLike);
  const distinct = [...new Set(candidates)];
  if (distinct.length === 0) {
    throw new UsageError(`--config ${file}: the module exports no PlatformConfig (an object with name, environment, account and regions); ` +
      `export it as default or as 'config' (exports: ${Object.keys(mod).join(', ') || 'none'}).`);
  }
  if (distinct.length > 1 && !isPlatformConfigLike(mod.default) && !isPlatformConfigLike(mod.config)) {
    throw new UsageError(`--config ${file}: the module exports several PlatformConfigs (${Object.keys(mod).join(', ')}); export the one to check as default or as 'config'.`);
  }
  return (isPlatformConfigLike(mod.default) ? mod.default : isPlatformConfigLike(mod.config) ? mod.config : distinct[0]) as PlatformConfig;
}

function isPlatformConfigLike(v: unknown): v is PlatformConfig {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return typeof o.name === 'string' && typeof o.environment === 'string' && typeof o.account === 'string' && Array.isArray(o.regions);
}

/** Where the built-in example lives in the repository (it is not part of the published package). */
export const EXAMPLE_CONFIG_MODULE = '../../examples/verypay/config';

/**
 * The configuration a command works on: `--config <module>`, or, in the repository, the built-in
 * example (VeryPay). An installed package has no example: there `--config` is required.
 */
export function loadConfig(file: string | undefined, cwd?: string, exampleModule: string = EXAMPLE_CONFIG_MODULE): { readonly config: PlatformConfig; readonly source: string } {
  if (file) return { config: loadConfigModule(file, cwd), source: file };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { veryPayConfig } = require(exampleModule) as { veryPayConfig: PlatformConfig };
    return { config: veryPayConfig, source: 'the built-in example (examples/verypay/config.ts)' };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw e;
    throw new UsageError('no --config given, and the built-in example ships only with the repository; pass --config <module exporting your PlatformConfig>.');
  }
}
