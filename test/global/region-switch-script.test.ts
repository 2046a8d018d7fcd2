/*
 * scripts/region-switch.sh against a stub `aws` on PATH: the calls it makes (and to which
 * region), the progress it prints and the recovery time it reports; the dry run; its errors.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const SCRIPT = path.join(__dirname, '..', '..', 'scripts', 'region-switch.sh');
const PLAN = 'arn:aws:arc-region-switch::123456789012:plan/verypay-prod-euw1:ab12cd';
const HC = '01234567-89ab-cdef-0123-456789abcdef';

/**
 * A stub AWS CLI: logs every call; `get-plan-execution` walks through `states` (one per call of
 * the executionState query), with the step states of the moment and the given recovery time.
 */
function stub(states: string[], recovery = 'PT4M12S'): { dir: string; log: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'region-switch-'));
  const log = path.join(dir, 'calls.log');
  fs.writeFileSync(path.join(dir, 'states'), states.join('\n') + '\n');
  fs.writeFileSync(path.join(dir, 'aws'), `#!/usr/bin/env bash
echo "$*" >> "${log}"
case "$*" in
  *"get-plan "*) echo 5 ;;
  *"start-plan-execution"*) echo exec-0123 ;;
  *"update-health-check"*) echo '{}' ;;
  *"--query executionState"*) state=$(head -n 1 "${dir}/states"); [ "$(wc -l < "${dir}/states")" -gt 1 ] && sed -i 1d "${dir}/states"; echo "$state"; echo "$state" > "${dir}/current" ;;
  *"stepStates"*) case "$(cat "${dir}/current")" in
      pendingManualApproval) printf 'approve-eu-west-1\\tpendingApproval\\ndatabase-to-eu-west-1\\tnotStarted\\nscale-eu-west-1\\tnotStarted\\n' ;;
      inProgress) printf 'approve-eu-west-1\\tcompleted\\ndatabase-to-eu-west-1\\trunning\\nscale-eu-west-1\\tnotStarted\\n' ;;
      *) printf 'approve-eu-west-1\\tcompleted\\ndatabase-to-eu-west-1\\tcompleted\\nscale-eu-west-1\\tcompleted\\n' ;;
    esac ;;
  *"actualRecoveryTime"*) echo "${recovery}" ;;
  *) echo "unexpected call: $*" >&2; exit 9 ;;
esac
`, { mode: 0o755 });
  return { dir, log };
}

function run(args: string[], aws?: { dir: string }) {
  const r = spawnSync('bash', [SCRIPT, ...args], {
    encoding: 'utf8',
    env: { PATH: `${aws ? `${aws.dir}:` : ''}/usr/bin:/bin`, USER: 'oncall', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const calls = (log: string) => fs.readFileSync(log, 'utf8').trim().split('\n');

describe('scripts/region-switch.sh', () => {
  test('planned: drains DNS, starts a graceful execution in the target region, follows it and reports the recovery time', () => {
    const aws = stub(['pendingManualApproval', 'inProgress', 'inProgress', 'completed']);
    const r = run(['--plan-arn', PLAN, '--to', 'eu-west-1', '--mode', 'planned', '--drain-health-check-id', HC, '--poll', '1', '--execute'], aws);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const c = calls(aws.log);
    expect(c[0]).toBe(`arc-region-switch get-plan --region eu-west-1 --arn ${PLAN} --query plan.recoveryTimeObjectiveMinutes --output text`);
    expect(c[1]).toBe(`route53 update-health-check --health-check-id ${HC} --inverted`);
    expect(c[2]).toBe(`arc-region-switch start-plan-execution --region eu-west-1 --plan-arn ${PLAN} --target-region eu-west-1 --action activate --mode graceful --comment region-switch.sh: planned to eu-west-1 by oncall --query executionId --output text`);
    expect(c[c.length - 1]).toBe(`route53 update-health-check --health-check-id ${HC} --no-inverted`);
    expect(c.every((x) => !x.includes('arc-region-switch') || x.includes('--region eu-west-1'))).toBe(true);
    // Progress: one line per change, the approval command when it waits, the measured time against the RTO.
    expect(r.out).toMatch(/pendingManualApproval: approve-eu-west-1 pendingApproval, database-to-eu-west-1 notStarted, scale-eu-west-1 notStarted/);
    expect(r.out).toContain(`approve-plan-execution-step --region eu-west-1 --plan-arn ${PLAN} --execution-id exec-0123 --step-name approve-eu-west-1 --approval approve`);
    expect(r.out.match(/ inProgress: /g)).toHaveLength(1);
    expect(r.out).toMatch(/completed: approve-eu-west-1 completed, database-to-eu-west-1 completed, scale-eu-west-1 completed/);
    expect(r.out).toContain('Recovery time (Region switch): PT4M12S = 252 s, within the objective of 5 min');
  });

  test('outage: an ungraceful execution, no DNS drain; a recovery time over the RTO says so', () => {
    const aws = stub(['inProgress', 'completed'], 'PT1H2M');
    const r = run(['--plan-arn', PLAN, '--to', 'eu-west-1', '--mode', 'outage', '--poll', '1', '--execute'], aws);
    expect(r.code).toBe(0);
    expect(calls(aws.log).some((x) => x.includes('update-health-check'))).toBe(false);
    expect(calls(aws.log)[1]).toContain('--action activate --mode ungraceful');
    expect(r.out).toContain('Recovery time (Region switch): PT1H2M = 3720 s, OVER the objective of 5 min');
  });

  test('a failed execution exits 1 with the events command and the manual path, and restores the drained check', () => {
    const aws = stub(['inProgress', 'pausedByFailedStep']);
    const r = run(['--plan-arn', PLAN, '--to', 'eu-west-1', '--mode', 'planned', '--drain-health-check-id', HC, '--poll', '1', '--execute'], aws);
    expect(r.code).toBe(1);
    expect(r.err).toContain('the execution ended pausedByFailedStep');
    expect(r.err).toContain(`list-plan-execution-events --region eu-west-1 --plan-arn ${PLAN} --execution-id exec-0123`);
    expect(r.err).toContain('--manual');
    expect(calls(aws.log).pop()).toBe(`route53 update-health-check --health-check-id ${HC} --no-inverted`);
  });

  test('practice: a planned switchover that prints the way back', () => {
    const aws = stub(['completed']);
    const r = run(['--plan-arn', PLAN, '--to', 'eu-west-1', '--practice', '--poll', '1', '--execute'], aws);
    expect(r.code).toBe(0);
    expect(calls(aws.log)[1]).toContain('--mode graceful --comment region-switch.sh: practice to eu-west-1 by oncall');
    expect(r.out).toContain(`region-switch.sh --plan-arn ${PLAN} --to <the other region of the plan> --practice --execute`);
  });

  test('dry run (the default) prints the commands and calls nothing', () => {
    const aws = stub(['completed']);
    const r = run(['--plan-arn', PLAN, '--to', 'eu-west-1', '--mode', 'outage'], aws);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^# DRY RUN: nothing is changed/);
    expect(r.out).toContain(`+ aws arc-region-switch start-plan-execution --region eu-west-1 --plan-arn ${PLAN} --target-region eu-west-1 --action activate --mode ungraceful`);
    expect(fs.existsSync(aws.log)).toBe(false);
  });

  test('--manual prints the path without Region switch', () => {
    const r = run(['--manual']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('payment-platform-failover --global-cluster-id <GlobalClusterIdentifier> --target-region <region>');
    expect(r.out).toContain('kubectl --context <target cluster>');
  });

  test.each([
    [['--to', 'eu-west-1', '--mode', 'planned'], '--plan-arn is required'],
    [['--plan-arn', 'arn:aws:rds::123456789012:global-cluster:x', '--to', 'eu-west-1', '--mode', 'planned'], 'is not a Region switch plan ARN'],
    [['--plan-arn', PLAN, '--mode', 'planned'], '--to is required'],
    [['--plan-arn', PLAN, '--to', 'Europe', '--mode', 'planned'], "--to 'Europe' is not an AWS region code"],
    [['--plan-arn', PLAN, '--to', 'eu-west-1'], "--mode must be 'planned'"],
    [['--plan-arn', PLAN, '--to', 'eu-west-1', '--mode', 'outage', '--practice'], '--practice is a planned switchover'],
    [['--plan-arn', PLAN, '--to', 'eu-west-1', '--mode', 'outage', '--drain-health-check-id', HC], '--drain-health-check-id is for planned mode'],
    [['--plan-arn', PLAN, '--to', 'eu-west-1', '--mode', 'planned', '--drain-health-check-id', 'abc'], 'is not a Route 53 health check id'],
    [['--plan-arn', PLAN, '--to', 'eu-west-1', '--mode', 'planned', '--poll', '0'], '--poll must be a whole number'],
    [['--plan-arn', PLAN, '--to', 'eu-west-1', '--mode', 'planned', '--timeout', 'soon'], '--timeout must be a whole number'],
    [['--plan-arn', PLAN, '--to', 'eu-west-1', '--mode', 'planned', '--dry-run', '--execute'], '--dry-run and --execute exclude each other'],
    [['--plan-arn'], '--plan-arn needs a value'],
    [['--frobnicate'], "unknown argument '--frobnicate'"],
  ])('fails when %j: %s', (args, message) => {
    const r = run(args);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
  });

  test('--execute without an AWS CLI on PATH says so', () => {
    const r = run(['--plan-arn', PLAN, '--to', 'eu-west-1', '--mode', 'planned', '--execute']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('the AWS CLI (aws) is not on PATH');
  });
});
