import { UsageError } from './io';

/** Parsed command-line options: `--name value`, `--name=value` and boolean `--flag`. */
export interface ParsedArgs {
  readonly options: Readonly<Record<string, string | true>>;
  readonly positional: readonly string[];
}

/**
 * Parses `args` against the options a command accepts (`value` options take an argument,
 * `flag` options do not). Unknown options are a usage error, never ignored.
 */
export function parseArgs(args: readonly string[], spec: { readonly value?: readonly string[]; readonly flag?: readonly string[] }): ParsedArgs {
  const options: Record<string, string | true> = {};
  const positional: string[] = [];
  const values = new Set(spec.value ?? []);
  const flags = new Set(spec.flag ?? []);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (values.has(name)) {
      const value = inline ?? args[++i];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value, e.g. --${name} <value>.`);
      options[name] = value;
    } else if (flags.has(name) && inline === undefined) {
      options[name] = true;
    } else {
      const known = [...values].map((v) => `--${v} <value>`).concat([...flags].map((f) => `--${f}`));
      throw new UsageError(`unknown option '${arg}'; this command accepts ${known.length > 0 ? known.join(', ') : 'no options'}.`);
    }
  }
  return { options, positional };
}
