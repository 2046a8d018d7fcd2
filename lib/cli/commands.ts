import { PlatformConfigError } from '../config/errors';
import { COST_COMMAND } from '../cost/command';
import type { CliCommand } from './command';
import { UsageError, type CliIo } from './io';
import { PREFLIGHT_COMMAND } from './preflight/command';
import { MissingSdkError } from './sdk';
import { UPGRADE_PLAN_COMMAND } from './upgrade-plan';

/**
 * The subcommands of `payment-platform`, in help order. A new subcommand is one entry here and
 * its own file exporting a {@link CliCommand}.
 */
export const COMMANDS: readonly CliCommand[] = [PREFLIGHT_COMMAND, UPGRADE_PLAN_COMMAND, COST_COMMAND];

function help(io: CliIo, commands: readonly CliCommand[]): void {
  io.out('usage: payment-platform <command> [options]');
  io.out('');
  for (const c of commands) io.out(`  ${c.name.padEnd(14)} ${c.summary}`);
  io.out('');
  io.out('options of every command: --config <module> (a .js module exporting a PlatformConfig; default: the built-in example)');
  for (const c of commands) io.out(`  ${c.usage}`);
}

/**
 * Runs `payment-platform <args>`: dispatches to the subcommand and turns the expected errors
 * (usage, invalid configuration, missing SDK) into a message and an exit code, never a stack trace.
 */
export async function runCli(args: readonly string[], io: CliIo, commands: readonly CliCommand[] = COMMANDS): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    help(io, commands);
    return name === undefined ? 2 : 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.err(`payment-platform: unknown command '${name}'; commands: ${commands.map((c) => c.name).join(', ')} (payment-platform help).`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`payment-platform ${name}: ${e.message}`);
      io.err(`usage: ${command.usage}`);
      return 2;
    }
    if (e instanceof PlatformConfigError || e instanceof MissingSdkError) {
      io.err(`payment-platform ${name}: ${e.message}`);
      return 1;
    }
    throw e;
  }
}
