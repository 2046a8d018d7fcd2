/**
 * Synth benchmark (`npm run bench`): the example platform against a peer app of the same shape
 * built with EKS Blueprints (peer.ts, installed by this script into a scratch directory), in the
 * same run, interleaved run by run so machine load drifts affect both sides alike; each run is a
 * whole `cdk synth` process (CLI + app) into a fresh output directory. Rows:
 *  - validation off: `CDK_VALIDATION=false cdk synth` on both sides (ours with its default gates:
 *    the two cdk-nag packs);
 *  - no gates: ours with `-c gates=none` (the same work as the peer: no checks at all);
 *  - default gates: plain `cdk synth` on both sides (ours: cdk-nag packs + CloudFormation
 *    validation; the peer's aws-cdk-lib has no built-in validation, so its row is its default run).
 * Plus the floor (an empty CDK app) and `cdk8s synth`. Prints medians, min–max, the ratio to the
 * peer, peak RSS (the largest process of the run, from /usr/bin/time) and resource counts, then
 * the template headroom against CloudFormation's limits. Budgets (`--check` exits 1 on a miss):
 * ours ≤ 1.0× the peer (validation off) with at least its resources, peak RSS ≤ the peer's;
 * templates ≤ 50 % of 500 resources and 1 MB.
 *
 * `--baseline <dir>` adds the same validation-off row for another checkout of this repository (e.g.
 * `git worktree add <dir> <commit>` with its node_modules linked to this one's), interleaved with
 * the rest, so a change is measured before → after against the same peer in the same run.
 *
 * Usage: npm run bench -- [--runs N] [--check] [--with-tests] [--profile] [--baseline <dir>]
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { preparePeer } from './peer';
import { formatPhases, phaseTimes } from './profile';
import { summarize, Summary } from './stats';
import { CFN_MAX_RESOURCES, CFN_MAX_TEMPLATE_BYTES, templateSizes } from './templates';

const root = path.resolve(__dirname, '..', '..');
const bin = (dir: string, name: string) => path.join(dir, 'node_modules', '.bin', name);
const TIME = '/usr/bin/time';
const hasTime = fs.existsSync(TIME);

interface Case {
  readonly name: string;
  readonly cwd: string;
  readonly command: string;
  readonly args: (outDir: string) => string[];
  readonly env?: Record<string, string>;
}

interface Sample {
  readonly seconds: number;
  readonly rssMiB?: number;
  /** User + system CPU seconds of the whole process tree (steadier than wall time on a busy machine). */
  readonly cpuSeconds?: number;
  readonly resources: number;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function countResources(outDir: string): number {
  if (!fs.existsSync(outDir)) return 0;
  return templateSizes(outDir).reduce((n, t) => n + t.resources, 0);
}

function runOnce(c: Case, outDir: string): Sample {
  fs.rmSync(outDir, { recursive: true, force: true });
  const [command, args] = hasTime ? [TIME, ['-f', 'BENCH_MAXRSS_KB=%M BENCH_CPU=%U+%S', c.command, ...c.args(outDir)]] : [c.command, c.args(outDir)];
  const start = process.hrtime.bigint();
  const r = spawnSync(command, args, { cwd: c.cwd, env: { ...process.env, ...c.env }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`${c.name} failed (exit ${r.status}):\n${r.stderr || r.stdout}`);
  const kb = /BENCH_MAXRSS_KB=(\d+)/.exec(r.stderr ?? '')?.[1];
  const cpu = /BENCH_CPU=([\d.]+)\+([\d.]+)/.exec(r.stderr ?? '');
  return { seconds, rssMiB: kb ? Number(kb) / 1024 : undefined, cpuSeconds: cpu ? Number(cpu[1]) + Number(cpu[2]) : undefined, resources: countResources(outDir) };
}

/** MB (10^6 bytes) of `dir/node_modules` without the `exclude`d packages: apparent size and disk blocks (`du`). */
function installedMB(dir: string, exclude: readonly string[]): { apparent: number; disk: number } | undefined {
  const du = (flags: string[], target: string): number => {
    const r = spawnSync('du', ['-s', ...flags, '-B1', target], { encoding: 'utf8' });
    return r.status === 0 ? Number(r.stdout.split(/\s/)[0]) : NaN;
  };
  const size = (flags: string[]) => du(flags, path.join(dir, 'node_modules')) -
    exclude.reduce((n, pkg) => n + du(flags, path.join(dir, 'node_modules', pkg)), 0);
  const [apparent, disk] = [size(['--apparent-size']), size([])];
  return Number.isFinite(apparent) && Number.isFinite(disk) ? { apparent: apparent / 1e6, disk: disk / 1e6 } : undefined;
}

const range = (s: Summary, unit: string, digits = 2) => `${s.median.toFixed(digits)} ${unit} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;

function main(): void {
  const runs = Number(arg('--runs') ?? '5');
  const check = process.argv.includes('--check');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-payment-platform-bench-'));
  const cdk8sOut = path.join(work, 'k8s');
  const cdk8s = spawnSync(bin(root, 'cdk8s'), ['synth', '--no-check-upgrade', '--output', cdk8sOut], { cwd: root, encoding: 'utf8' });
  if (cdk8s.status !== 0) throw new Error(`cdk8s synth failed:\n${cdk8s.stderr}`);
  const peer = preparePeer(cdk8sOut);

  const ours = (name: string, extra: string[], env?: Record<string, string>): Case =>
    ({ name, cwd: root, command: bin(root, 'cdk'), args: (o) => ['synth', '--quiet', ...extra, '-o', o], env });
  const theirs = (name: string, env?: Record<string, string>): Case =>
    ({ name, cwd: peer, command: bin(peer, 'cdk'), args: (o) => ['synth', '--quiet', '-o', o], env });
  const off = { CDK_VALIDATION: 'false' };
  const ROWS = [
    { row: 'cdk synth, validation off', ours: ours('ours, validation off', [], off), peer: theirs('peer, validation off', off) },
    { row: 'cdk synth, no gates (-c gates=none)', ours: ours('ours, gates=none', ['-c', 'gates=none'], off), peer: undefined },
    { row: 'cdk synth, default gates', ours: ours('ours, default gates', []), peer: theirs('peer, defaults') },
  ];
  const floor: Case = {
    name: 'empty CDK app (floor)', cwd: root, command: bin(root, 'cdk'),
    args: (o) => ['synth', '--quiet', '--app', 'node --no-turbo-escape -r ./scripts/register.js scripts/bench/empty-app.ts', '-o', o],
  };
  const k8s: Case = { name: 'cdk8s synth', cwd: root, command: bin(root, 'cdk8s'), args: (o) => ['synth', '--no-check-upgrade', '--output', o] };
  const baselineDir = arg('--baseline');
  const baseline: Case | undefined = baselineDir
    ? { name: 'baseline, validation off', cwd: path.resolve(baselineDir), command: bin(path.resolve(baselineDir), 'cdk'), args: (o) => ['synth', '--quiet', '-o', o], env: off }
    : undefined;
  const cases = [floor, ...(baseline ? [baseline] : []), ...ROWS.flatMap((r) => [r.ours, r.peer].filter((c): c is Case => c !== undefined)), k8s];
  const samples = new Map<string, Sample[]>(cases.map((c) => [c.name, []]));

  const loadAtStart = os.loadavg().map((l) => l.toFixed(1)).join(' / ');
  // Interleave the cases run by run, so machine load drifts affect every case alike.
  for (let i = 0; i < runs; i++) {
    for (const c of cases) samples.get(c.name)!.push(runOnce(c, path.join(work, 'out')));
  }
  const time = (c: Case) => summarize(samples.get(c.name)!.map((s) => s.seconds));
  const rss = (c: Case) => {
    const values = samples.get(c.name)!.map((s) => s.rssMiB).filter((v): v is number => v !== undefined);
    return values.length ? summarize(values) : undefined;
  };
  const resources = (c: Case) => samples.get(c.name)![0].resources;
  const cpu = (c: Case) => {
    const values = samples.get(c.name)!.map((s) => s.cpuSeconds).filter((v): v is number => v !== undefined);
    return values.length ? summarize(values) : undefined;
  };

  const load = os.loadavg().map((l) => l.toFixed(1)).join(' / ');
  console.log(`\nSynth benchmark: ${runs} runs each, interleaved, whole process, fresh output directory per run; ${os.cpus().length} cores, ` +
    `load average ${loadAtStart} at the start, ${load} at the end (1/5/15 min)\n`);
  console.log('| | ours | EKS Blueprints 1.19.0 | ratio |');
  console.log('|---|---|---|---|');
  let ok = true;
  for (const r of ROWS) {
    const o = time(r.ours);
    const p = r.peer ? time(r.peer) : undefined;
    const ratio = p ? (o.median / p.median).toFixed(2) : '';
    console.log(`| ${r.row} | ${range(o, 's')} (${resources(r.ours)} resources) | ${p && r.peer ? `${range(p, 's')} (${resources(r.peer)} resources)` : '–'} | ${ratio ? `**${ratio}**` : ''} |`);
  }
  if (baseline) {
    const [b, p] = [time(baseline), time(ROWS[0].peer!)];
    const [bc, pc] = [cpu(baseline), cpu(ROWS[0].peer!)];
    const [br, pr] = [rss(baseline), rss(ROWS[0].peer!)];
    console.log(`| baseline (${baselineDir}): ${ROWS[0].row} | ${range(b, 's')} (${resources(baseline)} resources) | ${range(p, 's')} | ${(b.median / p.median).toFixed(2)} |`);
    if (bc && pc) console.log(`| baseline: CPU (user + sys), validation off | ${range(bc, 's')} | ${range(pc, 's')} | ${(bc.median / pc.median).toFixed(2)} |`);
    if (br && pr) console.log(`| baseline: peak RSS, validation off | ${range(br, 'MiB', 0)} | ${range(pr, 'MiB', 0)} | ${(br.median / pr.median).toFixed(2)} |`);
  }
  for (const r of ROWS) {
    const o = cpu(r.ours);
    const p = r.peer ? cpu(r.peer) : undefined;
    if (o) console.log(`| CPU (user + sys), ${r.row.replace('cdk synth, ', '')} | ${range(o, 's')} | ${p ? range(p, 's') : '–'} | ${p ? (o.median / p.median).toFixed(2) : ''} |`);
  }
  const main0 = ROWS[0];
  const [oRss, pRss] = [rss(main0.ours), rss(main0.peer!)];
  if (oRss && pRss) {
    console.log(`| peak RSS, validation off | ${range(oRss, 'MiB', 0)} | ${range(pRss, 'MiB', 0)} | ${(oRss.median / pRss.median).toFixed(2)} |`);
    const dRss = rss(ROWS[2].ours);
    const dpRss = rss(ROWS[2].peer!);
    if (dRss && dpRss) console.log(`| peak RSS, default gates | ${range(dRss, 'MiB', 0)} | ${range(dpRss, 'MiB', 0)} | ${(dRss.median / dpRss.median).toFixed(2)} |`);
  }
  const peerInstall = installedMB(peer, ['aws-cdk']);
  if (peerInstall) {
    console.log(`\nPeer's runtime install (its node_modules without the aws-cdk CLI): ${peerInstall.apparent.toFixed(0)} MB apparent, ` +
      `${peerInstall.disk.toFixed(0)} MB on disk (ours: \`npm run consumption-test\` prints the same two figures)`);
  }
  console.log('');
  for (const c of [floor, k8s]) console.log(`${c.name.padEnd(36)} ${range(time(c), 's')}`);

  const ratio = time(main0.ours).median / time(main0.peer!).median;
  const speedOk = ratio <= 1.0 && resources(main0.ours) >= resources(main0.peer!);
  const memOk = !oRss || !pRss || oRss.median <= pRss.median;
  ok &&= speedOk && memOk;
  console.log(`\nBudget: ours ≤ 1.0× the peer with ≥ its resources (validation off) → ${ratio.toFixed(2)}× ${speedOk ? 'PASS' : 'FAIL'}`);
  if (oRss && pRss) console.log(`Budget: peak RSS ≤ the peer's → ${oRss.median.toFixed(0)} MiB vs ${pRss.median.toFixed(0)} MiB ${memOk ? 'PASS' : 'FAIL'}`);

  // Template headroom, from one more synth (validation off) into a kept directory.
  const assembly = path.join(work, 'assembly');
  runOnce(main0.ours, assembly);
  console.log('\nTemplate headroom (CloudFormation limits: 500 resources, 1,000,000 bytes; budget ≤ 50 %)');
  for (const t of templateSizes(assembly)) {
    const rPct = (100 * t.resources) / CFN_MAX_RESOURCES;
    const bPct = (100 * t.bytes) / CFN_MAX_TEMPLATE_BYTES;
    const tOk = rPct <= 50 && bPct <= 50;
    ok &&= tOk;
    console.log(`${t.stack.padEnd(36)} ${String(t.resources).padStart(4)} resources (${rPct.toFixed(1)} %)  ${String(t.bytes).padStart(8)} bytes (${bPct.toFixed(1)} %)  ${tOk ? 'PASS' : 'FAIL'}`);
  }

  if (process.argv.includes('--profile')) {
    // One profiled run of the app alone (no CLI), validation off, default gates.
    const dir = path.join(work, 'profile');
    const r = spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--no-turbo-escape', '-r', './scripts/register.js', 'bin/app.ts'],
      { cwd: root, env: { ...process.env, ...off, CDK_OUTDIR: path.join(work, 'profile-out') }, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`profiled synth failed:\n${r.stderr}`);
    const file = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))!;
    console.log('\nWhere the time goes (one profiled app run, validation off, default gates; scripts/bench/profile.ts)');
    console.log(formatPhases(phaseTimes(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')))));
  }

  if (process.argv.includes('--with-tests')) {
    const start = process.hrtime.bigint();
    const r = spawnSync('npm', ['test', '--silent'], { cwd: root, encoding: 'utf8' });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const testOk = r.status === 0 && seconds <= 60;
    ok &&= testOk;
    console.log(`\nBudget: npm test ≤ 60 s → ${seconds.toFixed(1)} s (exit ${r.status}) ${testOk ? 'PASS' : 'FAIL'}`);
  }

  fs.rmSync(work, { recursive: true, force: true });
  if (check && !ok) process.exit(1);
}

main();
