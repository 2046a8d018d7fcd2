import { spawnSync } from 'child_process';
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
