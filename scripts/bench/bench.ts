/**
 * Synth benchmark (`npm run bench`). Times, on a fresh output directory each run:
 *  - `cdk synth` of the example platform (built-in CloudFormation validation on, as users run it),
 *  - the same with `CDK_VALIDATION=false`,
 *  - `cdk8s synth` of the workload charts,
 *  - and, in the same run as the baseline, `cdk synth` of an empty CDK app (the floor).
 * Prints medians, spread and ratios to the floor, then the template headroom against
 * CloudFormation's limits. Budgets: full synth (validation off) ≤ floor + 2.0 s; templates ≤ 50 %
 * of 500 resources and 1 MB. `--check` exits 1 when a budget is missed.
 *
 * Usage: npm run bench -- [--runs N] [--check] [--with-tests]
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { summarize, Summary } from './stats';
import { CFN_MAX_RESOURCES, CFN_MAX_TEMPLATE_BYTES, templateSizes } from './templates';

const root = path.resolve(__dirname, '..', '..');
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);

interface Case {
  readonly name: string;
  readonly command: string;
  readonly args: (outDir: string) => string[];
  readonly env?: Record<string, string>;
}

const CASES: Case[] = [
  {
    name: 'empty CDK app (floor)',
    command: bin('cdk'),
    args: (o) => ['synth', '--quiet', '--app', 'node --no-turbo-escape -r ts-node/register scripts/bench/empty-app.ts', '-o', o],
  },
  { name: 'cdk synth (validation on)', command: bin('cdk'), args: (o) => ['synth', '--quiet', '-o', o] },
  { name: 'cdk synth (CDK_VALIDATION=false)', command: bin('cdk'), args: (o) => ['synth', '--quiet', '-o', o], env: { CDK_VALIDATION: 'false' } },
  { name: 'cdk8s synth', command: bin('cdk8s'), args: (o) => ['synth', '--output', o] },
];

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function timeOnce(c: Case, outDir: string): number {
  fs.rmSync(outDir, { recursive: true, force: true });
  const start = process.hrtime.bigint();
  const r = spawnSync(c.command, c.args(outDir), { cwd: root, env: { ...process.env, ...c.env }, encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) {
    throw new Error(`${c.name} failed (exit ${r.status}):\n${r.stderr || r.stdout}`);
  }
  return seconds;
}

function fmt(s: Summary): string {
  return `${s.median.toFixed(2)} s (min ${s.min.toFixed(2)}, max ${s.max.toFixed(2)}, n=${s.runs})`;
}

function main(): void {
  const runs = Number(arg('--runs') ?? '5');
  const check = process.argv.includes('--check');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-payment-platform-bench-'));
  const samples = new Map<string, number[]>(CASES.map((c) => [c.name, []]));

  // Interleave the cases run by run, so machine load drifts affect every case alike.
  for (let i = 0; i < runs; i++) {
    for (const c of CASES) samples.get(c.name)!.push(timeOnce(c, path.join(work, 'out')));
  }
  const results = new Map<string, Summary>([...samples].map(([k, v]) => [k, summarize(v)]));
  const floor = results.get(CASES[0].name)!.median;

  console.log(`\nSynth benchmark, ${runs} runs each, interleaved, fresh output directory per run (${os.cpus().length} cores)\n`);
  for (const c of CASES) {
    const s = results.get(c.name)!;
    console.log(`${c.name.padEnd(36)} ${fmt(s)}  ×${(s.median / floor).toFixed(2)} floor, ${s.median >= floor ? '+' : '−'}${Math.abs(s.median - floor).toFixed(2)} s`);
  }

  let ok = true;
  const noValidation = results.get('cdk synth (CDK_VALIDATION=false)')!.median;
  const synthBudget = floor + 2.0;
  const synthOk = noValidation <= synthBudget;
  ok &&= synthOk;
  console.log(`\nBudget: full synth without validation ≤ floor + 2.0 s = ${synthBudget.toFixed(2)} s → ${noValidation.toFixed(2)} s ${synthOk ? 'PASS' : 'FAIL'}`);

  // Template headroom, from one more full synth (validation off) into a kept directory.
  const assembly = path.join(work, 'assembly');
  timeOnce(CASES[2], assembly);
  console.log('\nTemplate headroom (CloudFormation limits: 500 resources, 1,000,000 bytes; budget ≤ 50 %)');
  for (const t of templateSizes(assembly)) {
    const rPct = (100 * t.resources) / CFN_MAX_RESOURCES;
    const bPct = (100 * t.bytes) / CFN_MAX_TEMPLATE_BYTES;
    const tOk = rPct <= 50 && bPct <= 50;
    ok &&= tOk;
    console.log(`${t.stack.padEnd(36)} ${String(t.resources).padStart(4)} resources (${rPct.toFixed(1)} %)  ${String(t.bytes).padStart(8)} bytes (${bPct.toFixed(1)} %)  ${tOk ? 'PASS' : 'FAIL'}`);
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
