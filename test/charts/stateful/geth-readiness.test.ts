/*
 * geth's readiness probe as it runs: the console expression evaluated against a stand-in of geth's
 * console objects (web3.js 0.20 `eth`), and the probe's shell command run with a stand-in `geth`
 * binary that answers like `geth attach --exec` does. Each state a node goes through: snap-syncing,
 * not started (genesis head), synced, fallen behind, RPC down, JS error.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vm from 'vm';
import { Chart, Testing } from 'cdk8s';
import { GethNode } from '../../../charts/lib/geth';
import { gethReadinessCommand, gethSyncedExpression } from '../../../charts/lib/geth-readiness';

const NOW = Math.floor(Date.now() / 1000);
const SYNCING = { startingBlock: 100, currentBlock: 20_000_000, highestBlock: 21_000_000 };

/** What geth's console prints for the expression with `eth.syncing` and the head block's timestamp. */
function evaluate(syncing: unknown, headTimestamp: number, expression = gethSyncedExpression()): string {
  const eth = { syncing, getBlock: (which: string) => (which === 'latest' ? { number: 1, timestamp: headTimestamp } : null) };
  return String(vm.runInNewContext(expression, { eth, Date }));
}

describe('geth readiness: the console expression', () => {
  test.each([
    ['synced, head 12 s old', false, NOW - 12, 'true'],
    ['snap-syncing (eth.syncing is an object)', SYNCING, NOW - 5, 'false'],
    ['not driven yet by the beacon node (syncing false, genesis head)', false, 1438269973, 'false'],
    ['fallen behind (no peers): head 10 minutes old', false, NOW - 600, 'false'],
  ])('%s', (_, syncing, ts, ready) => {
    expect(evaluate(syncing, ts)).toBe(ready);
  });

  test('the head age bound is configurable and at least one slot', () => {
    expect(evaluate(false, NOW - 200, gethSyncedExpression(300))).toBe('true');
    expect(() => gethSyncedExpression(5)).toThrow('maxHeadAgeSeconds must be an integer ≥ 12 (one slot), got 5.');
  });
});

describe('geth readiness: the exec probe command', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'geth-probe-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Runs the probe with a `geth` that prints `output` and exits `code`, recording its arguments. */
  function probe(output: string, code = 0): { status: number | null; stdout: string; args: string } {
    const bin = fs.mkdtempSync(path.join(dir, 'bin-'));
    const log = path.join(bin, 'args');
    fs.writeFileSync(path.join(bin, 'answer'), `${output}\n`);
    fs.writeFileSync(path.join(bin, 'geth'), `#!/bin/sh\nprintf '%s\\n' "$@" > ${log}\ncat ${bin}/answer\nexit ${code}\n`, { mode: 0o755 });
    const [sh, flag, script] = gethReadinessCommand();
    const res = spawnSync(sh, [flag, script], { env: { PATH: `${bin}:/usr/bin:/bin`, HOME: dir }, encoding: 'utf8' });
    return { status: res.status, stdout: res.stdout, args: fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '' };
  }

  test('ready when the console prints true; asks only the local RPC endpoint with --exec', () => {
    const res = probe('true');
    expect(res.status).toBe(0);
    expect(res.args).toBe(`attach\n--exec\n${gethSyncedExpression()}\nhttp://127.0.0.1:8545\n`);
  });

  test.each([
    ['not synced', 'false', 0, 'not synced (eth.syncing is not false, or the head block is older than 120s): false'],
    ['a JS error (the console exits 0 and prints the error)', 'TypeError: Cannot access member \'timestamp\' of null', 0, 'not synced (eth.syncing is not false, or the head block is older than 120s): TypeError'],
    ['RPC down', 'Fatal: Unable to attach to remote geth: dial tcp 127.0.0.1:8545: connect: connection refused', 1, 'geth JSON-RPC does not answer: Fatal: Unable to attach'],
  ])('not ready: %s', (_, output, code, message) => {
    const res = probe(output, code);
    expect(res.status).toBe(1);
    expect(res.stdout).toContain(message);
  });

  test('the StatefulSet uses it as geth\'s readiness probe (the startup probe still waits for the port)', () => {
    const chart = new Chart(Testing.app(), 'test');
    new GethNode(chart, 'Geth', {
      namespace: 'verypay-blockchain', gethImage: 'ethereum/client-go:v1.17.5', lighthouseImage: 'sigp/lighthouse:v8.2.2',
      rpcClients: [{ namespace: 'verypay-api', podLabels: { app: 'payment-service' } }], readyMaxHeadAgeSeconds: 60,
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const sts = Testing.synth(chart).find((o: any) => o.kind === 'StatefulSet');
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const geth = sts.spec.template.spec.containers.find((c: any) => c.name === 'geth');
    expect(geth.readinessProbe).toEqual({ exec: { command: gethReadinessCommand(60) }, periodSeconds: 15, timeoutSeconds: 10, failureThreshold: 2 });
    expect(geth.startupProbe).toMatchObject({ tcpSocket: { port: 8545 } });
    expect(sts.spec.template.spec.priorityClassName).toBeUndefined();
  });
});
