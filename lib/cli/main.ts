#!/usr/bin/env node
import { runCli } from './commands';
import { PROCESS_IO } from './io';

runCli(process.argv.slice(2), PROCESS_IO).then(
  (code) => { process.exitCode = code; },
  (e: unknown) => {
    process.stderr.write(`payment-platform: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 1;
  },
);
