import type { CliIo } from './io';

/** One subcommand of `payment-platform`. */
export interface CliCommand {
  /** The word after `payment-platform`. */
  readonly name: string;
  /** One line for the help. */
  readonly summary: string;
  /** The synopsis, e.g. `payment-platform preflight [--config <module>]`. */
  readonly usage: string;
  /** Runs the command; resolves to the exit code (0 success, 1 a failed check, 2 a usage error). */
  run(args: readonly string[], io: CliIo): Promise<number>;
}
