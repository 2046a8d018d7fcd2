#!/usr/bin/env node
import { COST_COMMAND } from './command';

/** `npm run cost`: the cost subcommand on its own (the `payment-platform` CLI dispatches to the same command). */
void COST_COMMAND.run(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
}).then((code) => { process.exitCode = code; });
