import { promises as dns } from 'dns';
import { resolvePlatformConfig } from '../../config/resolve';
import { parseArgs } from '../args';
import type { CliCommand } from '../command';
import { loadConfig } from '../config-loader';
import type { CliIo } from '../io';
import { checklist } from './checklist';
import { callerIdentity, checkWithAws, type NsResolver } from './checks';
import { accountRequirements } from './requirements';
import type { CheckResult } from './result';

const MARK: Record<CheckResult['status'], string> = { pass: 'PASS', fail: 'FAIL', warn: 'WARN', manual: 'CHECK' };

/** Renders the results grouped by scope (the account first, then each region in config order). */
export function renderResults(results: readonly CheckResult[], io: CliIo): void {
  const scopes = [...new Set(results.map((r) => r.scope))];
  for (const scope of scopes) {
    io.out('');
    io.out(scope);
    for (const r of results.filter((x) => x.scope === scope)) {
      io.out(`  [${MARK[r.status]}] ${r.title}: ${r.detail}`);
      if (r.fix && r.status !== 'pass') io.out(`         fix: ${r.fix}`);
    }
  }
}

/** Options of {@link runPreflight} that tests replace. */
export interface PreflightDeps {
  readonly resolveNs?: NsResolver;
  readonly cwd?: string;
}

/** `payment-platform preflight [--config <module>] [--offline]`; returns the exit code. */
export async function runPreflight(args: readonly string[], io: CliIo, deps: PreflightDeps = {}): Promise<number> {
  const { options } = parseArgs(args, { value: ['config'], flag: ['offline'] });
  const { config: raw, source } = loadConfig(options.config as string | undefined, deps.cwd);
  const config = resolvePlatformConfig(raw);
  const primary = config.regions.find((r) => r.role === 'primary')!.region;
  io.out(`payment-platform preflight: ${config.name} ${config.environment}, account ${config.account}, regions ` +
    `${config.regions.map((r) => `${r.region} (${r.role})`).join(', ')}; configuration: ${source}`);
  io.out(`deploy order: ${accountRequirements(config).stacks.join(' → ')}`);

  let results: CheckResult[];
  if (options.offline) {
    io.out('mode: checklist (--offline): nothing was checked; each line says how to check it.');
    results = checklist(config);
  } else {
    const caller = await callerIdentity(primary);
    if ('error' in caller) {
      io.out(`mode: checklist (no usable AWS credentials: ${caller.error}); each line says how to check it.`);
      results = checklist(config);
    } else if (caller.account !== config.account) {
      io.err(`preflight: the credentials are for account ${caller.account} (${caller.arn}), the configuration deploys to ${config.account}. ` +
        'Fix: use credentials of that account, or correct PlatformConfig.account.');
      return 1;
    } else {
      io.out(`mode: checked with the AWS SDK as ${caller.arn}`);
      results = await checkWithAws(config, { resolveNs: deps.resolveNs ?? ((d) => dns.resolveNs(d)) });
    }
  }
  renderResults(results, io);
  const count = (s: CheckResult['status']) => results.filter((r) => r.status === s).length;
  io.out('');
  io.out(`${count('pass')} passed, ${count('fail')} failed, ${count('warn')} warnings, ${count('manual')} to check by hand.`);
  return count('fail') > 0 ? 1 : 0;
}

/** The `preflight` subcommand. */
export const PREFLIGHT_COMMAND: CliCommand = {
  name: 'preflight',
  summary: 'print (and, with AWS credentials, check) every prerequisite of the first deploy, per account and region',
  usage: 'payment-platform preflight [--config <module>] [--offline]',
  run: (args, io) => runPreflight(args, io),
};
