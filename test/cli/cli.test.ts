import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseArgs } from '../../lib/cli/args';
import type { CliCommand } from '../../lib/cli/command';
import { COMMANDS, runCli } from '../../lib/cli/commands';
import { loadConfig, loadConfigModule } from '../../lib/cli/config-loader';
import { UsageError } from '../../lib/cli/io';
import { MissingSdkError, loadSdk, type SdkPackage } from '../../lib/cli/sdk';
import { databaseUpgradeSteps, kubernetesUpgradeSteps } from '../../lib/cli/upgrade-plan';
import { exampleConfig } from '../support/fixtures';
import { captureIo } from './helpers';

const ROOT = path.join(__dirname, '..', '..');

function tmpModule(body: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cli-')), 'config.js');
  fs.writeFileSync(file, body);
  return file;
}

describe('payment-platform dispatcher', () => {
  test('is a package bin with a shebang, compiled from lib/cli/main.ts', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.bin['payment-platform']).toBe('build/lib/cli/main.js');
    expect(fs.readFileSync(path.join(ROOT, 'lib/cli/main.ts'), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(pkg.files).toEqual(expect.arrayContaining(['build/lib/**/*.js']));
    const build = JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.build.json'), 'utf8'));
    expect(build.include).toEqual(expect.arrayContaining(['lib/**/*.ts']));
  });

  test('the AWS SDK clients are optional peers, so consumers who only synthesize do not install them', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    for (const p of ['@aws-sdk/client-sts', '@aws-sdk/client-iam', '@aws-sdk/client-ssm', '@aws-sdk/client-service-quotas', '@aws-sdk/client-route-53', '@aws-sdk/client-cloudformation']) {
      expect(pkg.peerDependencies[p]).toBe('^3.0.0');
      expect(pkg.peerDependenciesMeta[p]).toEqual({ optional: true });
      expect(pkg.dependencies[p]).toBeUndefined();
    }
    // Nothing the library itself loads imports them at module load: only lib/cli/preflight/checks.ts, lazily.
    const files = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
    const offenders = files(path.join(ROOT, 'lib')).filter((f) => /^import (?!type )[^\n]*'@aws-sdk\//m.test(fs.readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });

  test('runs from the repository: preflight --offline through ts-node prints the checklist', () => {
    const out = execFileSync(process.execPath, ['-r', 'ts-node/register', 'lib/cli/main.ts', 'preflight', '--offline'], { cwd: ROOT, encoding: 'utf8' });
    expect(out).toContain('payment-platform preflight: verypay prod, account 123456789012');
    expect(out).toContain('[CHECK] CDK bootstrap');
  }, 60000);

  test('help lists every command; no command is a usage error', async () => {
    const io = captureIo();
    expect(await runCli(['help'], io)).toBe(0);
    for (const c of COMMANDS) expect(io.text()).toContain(c.name);
    expect(await runCli([], captureIo())).toBe(2);
  });

  test('fails on an unknown command, naming the commands', async () => {
    const io = captureIo();
    expect(await runCli(['deploy'], io)).toBe(2);
    expect(io.errors[0]).toBe("payment-platform: unknown command 'deploy'; commands: preflight, upgrade-plan, cost (payment-platform help).");
  });

  test('fails on an unknown option with the usage', async () => {
    const io = captureIo();
    expect(await runCli(['preflight', '--region', 'x'], io)).toBe(2);
    expect(io.errors).toEqual([
      "payment-platform preflight: unknown option '--region'; this command accepts --config <value>, --offline.",
      'usage: payment-platform preflight [--config <module>] [--offline]',
    ]);
  });

  test('an invalid configuration is reported field by field, exit 1, no stack trace', async () => {
    const file = tmpModule(`module.exports = ${JSON.stringify({ ...exampleConfig(), account: '12' })};`);
    const io = captureIo();
    expect(await runCli(['preflight', '--offline', '--config', file], io)).toBe(1);
    expect(io.errors[0]).toMatch(/^payment-platform preflight: Invalid platform configuration \(\d problems?\):\n {2}- account: must be the 12-digit AWS account id/);
  });

  test('a missing SDK package is reported with the install command', async () => {
    const needsSdk: CliCommand = { name: 'x', summary: '', usage: 'x', run: async () => { throw new MissingSdkError('@aws-sdk/client-ssm'); } };
    const io = captureIo();
    expect(await runCli(['x'], io, [needsSdk])).toBe(1);
    expect(io.errors[0]).toContain("the checks with AWS credentials need '@aws-sdk/client-ssm', which is not installed. Fix: npm install --save-dev @aws-sdk/client-sts@^3");
    expect(() => loadSdk('@aws-sdk/client-not-there' as SdkPackage)).toThrow(MissingSdkError);
  });

  test('a new subcommand is one table entry', async () => {
    const inventory: CliCommand = { name: 'inventory', summary: 'resources', usage: 'payment-platform inventory', run: async (_a, io) => { io.out('42'); return 0; } };
    const io = captureIo();
    expect(await runCli(['inventory'], io, [...COMMANDS, inventory])).toBe(0);
    expect(io.lines).toEqual(['42']);
  });
});

describe('parseArgs', () => {
  test('values, inline values and flags', () => {
    expect(parseArgs(['--config', 'a.js', '--offline', 'x'], { value: ['config'], flag: ['offline'] })).toEqual({ options: { config: 'a.js', offline: true }, positional: ['x'] });
    expect(parseArgs(['--config=b.js'], { value: ['config'] }).options).toEqual({ config: 'b.js' });
  });
  test('fails on a value option without its value, and on a value for a flag', () => {
    expect(() => parseArgs(['--config'], { value: ['config'] })).toThrow('--config needs a value, e.g. --config <value>.');
    expect(() => parseArgs(['--config', '--offline'], { value: ['config'], flag: ['offline'] })).toThrow('--config needs a value');
    expect(() => parseArgs(['--offline=yes'], { flag: ['offline'] })).toThrow("unknown option '--offline=yes'");
  });
});

describe('--config modules', () => {
  const cfg = JSON.stringify({ name: 'acme', environment: 'prod', account: '123456789012', regions: [] });
  test.each([
    ['module.exports = the config', `module.exports = ${cfg};`],
    ['a default export', `exports.default = ${cfg};`],
    ['a config export', `exports.config = ${cfg}; exports.other = 1;`],
    ['its only config-like export', `exports.acme = ${cfg};`],
  ])('accepts %s', (_n, body) => {
    expect(loadConfigModule(tmpModule(body)).name).toBe('acme');
  });
  test('without --config: the example in the repository; an installed package (no example) asks for --config', () => {
    expect(loadConfig(undefined).config.name).toBe('verypay');
    expect(() => loadConfig(undefined, undefined, './no-example-here'))
      .toThrow('no --config given, and the built-in example ships only with the repository; pass --config <module exporting your PlatformConfig>.');
  });

  test('fails when the module is missing, exports no config, or several without a default', () => {
    expect(() => loadConfigModule('/nonexistent/config.js')).toThrow('--config /nonexistent/config.js: no such module');
    expect(() => loadConfigModule(tmpModule('exports.x = 1;'))).toThrow(/exports no PlatformConfig .* \(exports: x\)/);
    expect(() => loadConfigModule(tmpModule(`exports.a = ${cfg}; exports.b = ${cfg.replace('acme', 'beta')};`))).toThrow(/exports several PlatformConfigs \(a, b\)/);
    expect(() => loadConfigModule(tmpModule(`exports.a = ${cfg}; exports.b = ${cfg.replace('acme', 'beta')};`))).toThrow(UsageError);
  });
});

describe('upgrade-plan', () => {
  const cfg = exampleConfig();

  test('Aurora minor: secondaries first, then the primary, then the global stack', () => {
    expect(databaseUpgradeSteps(cfg, '17.10')).toEqual([
      "set database.engineVersion to '17.10' in the configuration",
      'npx cdk deploy PaymentPlatform-eu-west-1 PaymentPlatform-ap-southeast-1 --exclusively   # secondaries first: RDS refuses the primary while a secondary is older',
      'npx cdk deploy PaymentPlatform-us-east-1 --exclusively   # then the primary (writer)',
      'npx cdk deploy PaymentPlatform-global --exclusively   # last: the global cluster records the version its members now run',
    ]);
  });

  test('Aurora major: through the global cluster first, and only with allowMajorVersionUpgrade', () => {
    expect(() => databaseUpgradeSteps(cfg, '18.1')).toThrow('--database 18.1 is a major upgrade (17 → 18); set database.allowMajorVersionUpgrade: true to allow it');
    const allowed = exampleConfig({ database: { allowMajorVersionUpgrade: true } });
    expect(databaseUpgradeSteps(allowed, '18.1')).toEqual([
      "set database.engineVersion to '18.1' in the configuration",
      'npx cdk deploy PaymentPlatform-global --exclusively   # the global cluster upgrades every member (writer and secondaries) in one operation',
      'npx cdk deploy PaymentPlatform-us-east-1 --exclusively   # the primary applies the 18 parameter groups',
      'npx cdk deploy PaymentPlatform-eu-west-1 PaymentPlatform-ap-southeast-1 --exclusively   # the secondaries apply them',
    ]);
  });

  test('a single-region platform upgrades its own cluster', () => {
    const single = exampleConfig({ regions: [exampleConfig().regions[0]] });
    expect(databaseUpgradeSteps(single, '17.10').slice(1)).toEqual(['npx cdk deploy PaymentPlatform-us-east-1 --exclusively   # then the primary (writer)']);
  });

  test('fails on a downgrade or a malformed version', () => {
    expect(() => databaseUpgradeSteps(cfg, '17.9')).toThrow('--database 17.9 is not newer than database.engineVersion 17.9; Aurora cannot downgrade in place');
    expect(() => databaseUpgradeSteps(cfg, '16.4')).toThrow('not newer');
    expect(() => databaseUpgradeSteps(cfg, 'latest')).toThrow("--database 'latest' is not a version such as '17.9' or '1.36'.");
  });

  test('Kubernetes: one minor at a time, each region control plane then node groups', () => {
    const old = exampleConfig({ cluster: { ...exampleConfig().cluster, kubernetesVersion: '1.34' } as never });
    expect(kubernetesUpgradeSteps(old, '1.35', new Date('2026-12-01'))).toEqual([
      "set cluster.kubernetesVersion to '1.35' (and install @aws-cdk/lambda-layer-kubectl-v35 if it is not bundled)",
      'npx cdk deploy PaymentPlatform-us-east-1 --exclusively   # control plane 1.35, then the node groups roll to 1.35',
      'npx cdk deploy PaymentPlatform-eu-west-1 --exclusively   # control plane 1.35, then the node groups roll to 1.35',
      'npx cdk deploy PaymentPlatform-ap-southeast-1 --exclusively   # control plane 1.35, then the node groups roll to 1.35',
    ]);
    expect(() => kubernetesUpgradeSteps(cfg, '1.34')).toThrow('EKS cannot downgrade a cluster');
    expect(() => kubernetesUpgradeSteps(cfg, '1.40')).toThrow("--kubernetes 1.40: Kubernetes version '1.40' is not in the EKS release calendar");
  });

  test('the command prints the numbered plan', async () => {
    const io = captureIo();
    expect(await runCli(['upgrade-plan', '--database', '17.10'], io)).toBe(0);
    expect(io.lines[1]).toBe('Aurora PostgreSQL 17.9 → 17.10:');
    expect(io.lines[3]).toMatch(/^ {2}2\. npx cdk deploy PaymentPlatform-eu-west-1 PaymentPlatform-ap-southeast-1 --exclusively/);
    expect(await runCli(['upgrade-plan'], captureIo())).toBe(2);
  });
});
