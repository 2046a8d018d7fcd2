import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const SCRIPT = path.join(__dirname, '..', '..', 'scripts', 'failover.sh');
const HC = '01234567-89ab-cdef-0123-456789abcdef';

/** Runs the script with an empty PATH entry for `aws`, so a test can never reach AWS. */
function run(...args: string[]) {
  const r = spawnSync('bash', [SCRIPT, ...args], {
    encoding: 'utf8',
    env: { PATH: '/usr/bin:/bin', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const BASE = ['--global-cluster-id', 'verypay-prod-global', '--target-region', 'eu-west-1'];

describe('scripts/failover.sh', () => {
  test('outage dry run (the default) prints the managed failover with --allow-data-loss and changes nothing', () => {
    const r = run(...BASE, '--mode', 'outage', '--health-check-id', HC);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^# DRY RUN: nothing is changed/);
    expect(r.out).toContain(
      "+ aws rds failover-global-cluster --region eu-west-1 --global-cluster-identifier verypay-prod-global --target-db-cluster-identifier '<eu-west-1-cluster-arn>' --allow-data-loss",
    );
    expect(r.out).not.toContain('switchover-global-cluster');
    expect(r.out).toContain("--query '[GlobalClusters[0].Status, GlobalClusters[0].GlobalClusterMembers[?IsWriter].DBClusterArn | [0]]'");
    expect(r.out).toContain(`+ aws route53 get-health-check-status --health-check-id ${HC}`);
    expect(r.out).toMatch(/--target-region <current-primary-region> --mode planned --execute/);
    expect(r.err).toContain("GlobalClusterMembers[?contains(DBClusterArn, '\\'':eu-west-1:'\\'')].DBClusterArn");
  });

  test('planned dry run uses the switchover, uses the given ARN and drains DNS first', () => {
    const arn = 'arn:aws:rds:eu-west-1:123456789012:cluster:verypay-prod-euw1';
    const r = run(...BASE, '--mode', 'planned', '--dry-run', '--target-cluster-arn', arn, '--drain-health-check-id', HC);
    expect(r.code).toBe(0);
    const drain = r.out.indexOf(`+ aws route53 update-health-check --health-check-id ${HC} --inverted`);
    const switchover = r.out.indexOf(
      `+ aws rds switchover-global-cluster --region eu-west-1 --global-cluster-identifier verypay-prod-global --target-db-cluster-identifier ${arn}`,
    );
    expect(drain).toBeGreaterThan(0);
    expect(switchover).toBeGreaterThan(drain);
    expect(r.out).not.toContain('--allow-data-loss');
    expect(r.out).not.toContain('# 2. Target cluster in');
    expect(r.out).toContain(`aws route53 update-health-check --health-check-id ${HC} --no-inverted`);
  });

  test('--help prints the usage', () => {
    const r = run('--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Usage: failover.sh --global-cluster-id ID --target-region REGION --mode outage\|planned/);
  });

  describe('rejects (exit 2, message naming the argument)', () => {
    test.each<[string, string[], RegExp]>([
      ['an unknown argument', [...BASE, '--mode', 'outage', '--force'], /unknown argument '--force'/],
      ['a missing global cluster id', ['--target-region', 'eu-west-1', '--mode', 'outage'], /--global-cluster-id is required/],
      ['a malformed global cluster id', ['--global-cluster-id', 'bad_id!', '--target-region', 'eu-west-1', '--mode', 'outage'], /--global-cluster-id 'bad_id!' is not an Aurora identifier/],
      ['a missing target region', ['--global-cluster-id', 'verypay-prod-global', '--mode', 'outage'], /--target-region is required/],
      ['a malformed region', ['--global-cluster-id', 'g', '--target-region', 'Ireland', '--mode', 'outage'], /--target-region 'Ireland' is not an AWS region code/],
      ['a missing mode', [...BASE], /--mode must be 'outage' .* or 'planned' .*; got ''/],
      ['an unknown mode', [...BASE, '--mode', 'now'], /--mode must be .*got 'now'/],
      ['a value-less option', [...BASE, '--mode'], /--mode needs a value/],
      ['a malformed cluster ARN', [...BASE, '--mode', 'outage', '--target-cluster-arn', 'verypay'], /--target-cluster-arn 'verypay' is not an RDS cluster ARN/],
      ['a cluster ARN in another region', [...BASE, '--mode', 'outage', '--target-cluster-arn', 'arn:aws:rds:us-east-1:123456789012:cluster:c1'], /--target-cluster-arn is in us-east-1, not in --target-region eu-west-1/],
      ['a malformed health check id', [...BASE, '--mode', 'outage', '--health-check-id', 'abc'], /health check id 'abc' is not a Route 53 health check id/],
      ['draining DNS in an outage', [...BASE, '--mode', 'outage', '--drain-health-check-id', HC], /--drain-health-check-id is for --mode planned/],
      ['a bad timeout', [...BASE, '--mode', 'outage', '--timeout', '0'], /--timeout '0' must be a positive number/],
      ['both --dry-run and --execute', [...BASE, '--mode', 'outage', '--dry-run', '--execute'], /--dry-run and --execute exclude each other/],
    ])('%s', (_name, args, message) => {
      const r = run(...args);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.out).not.toContain('+ aws');
    });
  });
});

describe('scripts/failover.sh starts the Region switch plan where there is one', () => {
  const PLAN = 'arn:aws:arc-region-switch::123456789012:plan/verypay-prod-euw1:ab12cd';
  /** A stub AWS CLI logging every call; `list-plans` answers `plans` (the plan ARN, or None). */
  function stubAws(plans: string): { dir: string; log: string } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'failover-'));
    const log = path.join(dir, 'calls.log');
    fs.writeFileSync(path.join(dir, 'aws'), `#!/usr/bin/env bash
echo "$*" >> "${log}"
case "$*" in
  *"list-plans"*) echo "${plans}" ;;
  *"get-plan "*) echo 5 ;;
  *"start-plan-execution"*) echo exec-0123 ;;
  *"executionState"*) echo completed ;;
  *"stepStates"*) printf 'database-to-eu-west-1\\tcompleted\\n' ;;
  *"actualRecoveryTime"*) echo PT3M ;;
  *"describe-global-clusters"*) echo "arn:aws:rds:us-east-1:123456789012:cluster:verypay-prod-use1" ;;
  *) echo "{}" ;;
esac
`, { mode: 0o755 });
    return { dir, log };
  }
  const runWith = (aws: { dir: string }, ...args: string[]) => {
    const r = spawnSync('bash', [SCRIPT, ...args], {
      encoding: 'utf8', timeout: 20000,
      env: { PATH: `${aws.dir}:/usr/bin:/bin`, USER: 'oncall', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' },
    });
    return { code: r.status, out: r.stdout, err: r.stderr, calls: fs.existsSync(path.join(aws.dir, 'calls.log')) ? fs.readFileSync(path.join(aws.dir, 'calls.log'), 'utf8').trim().split('\n') : [] };
  };

  test('--execute finds the plan covering the target region and starts its execution instead of the manual steps', () => {
    const r = runWith(stubAws(PLAN), ...BASE, '--mode', 'outage', '--execute');
    expect(r.code).toBe(0);
    expect(r.calls[0]).toBe("arc-region-switch list-plans --region eu-west-1 --query plans[?contains(regions, 'eu-west-1')].arn | [0] --output text");
    expect(r.calls).toContain(`arc-region-switch start-plan-execution --region eu-west-1 --plan-arn ${PLAN} --target-region eu-west-1 --action activate --mode ungraceful --comment region-switch.sh: outage to eu-west-1 by oncall --query executionId --output text`);
    expect(r.calls.some((c) => c.includes('failover-global-cluster'))).toBe(false);
    expect(r.out).toContain('Recovery time (Region switch): PT3M = 180 s, within the objective of 5 min');
  });

  test('no plan (or no Region switch in the account): the manual path, said so', () => {
    const r = runWith(stubAws('None'), ...BASE, '--mode', 'outage', '--execute', '--timeout', '1');
    expect(r.err).toContain('No ARC Region switch plan covers eu-west-1 here');
    expect(r.calls.some((c) => c.startsWith('rds failover-global-cluster --region eu-west-1'))).toBe(true);
    expect(r.calls.some((c) => c.includes('start-plan-execution'))).toBe(false);
  });

  test('--no-plan keeps the manual path without asking Region switch; --plan-arn names the plan (dry run prints its execution)', () => {
    const manual = runWith(stubAws(PLAN), ...BASE, '--mode', 'outage', '--execute', '--no-plan', '--timeout', '1');
    expect(manual.calls.some((c) => c.includes('arc-region-switch'))).toBe(false);
    expect(manual.calls.some((c) => c.startsWith('rds failover-global-cluster'))).toBe(true);
    const dry = run(...BASE, '--mode', 'planned', '--plan-arn', PLAN);
    expect(dry.code).toBe(0);
    expect(dry.out).toContain(`+ aws arc-region-switch start-plan-execution --region eu-west-1 --plan-arn ${PLAN} --target-region eu-west-1 --action activate --mode graceful`);
    expect(run(...BASE, '--mode', 'outage', '--plan-arn', 'arn:aws:iam::1:role/x').err).toMatch(/--plan-arn 'arn:aws:iam::1:role\/x' is not a Region switch plan ARN/);
    expect(run(...BASE, '--mode', 'outage', '--plan-arn', PLAN, '--no-plan').err).toMatch(/--plan-arn and --no-plan exclude each other/);
  });
});
