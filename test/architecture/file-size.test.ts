import * as fs from 'fs';
import * as path from 'path';

/**
 * No hand-written source file over 400 lines (one concept per file). Generated code (the CRD
 * classes in charts/imports, written by `cdk8s import`) and jest snapshots are not hand-written.
 */
const ROOT = path.resolve(__dirname, '../..');
const MAX_LINES = 400;
const SOURCE = /\.(ts|js|mjs|cjs|sh|py)$/;
const SKIP_DIRS = new Set(['node_modules', 'build', 'cdk.out', 'dist', '.git', '__snapshots__', 'coverage']);
const GENERATED = ['charts/imports/'];

/**
 * Files of the configuration layer that its schema rewrite (issue 16, lib/config/) splits. Remove a
 * file here when it is split: the test fails while a listed file is already small, so the list
 * only shrinks. Every other file must stay within the limit.
 */
const OVERSIZE_UNTIL_SCHEMA: Readonly<Record<string, number>> = {};

/** Every hand-written source file under `root`, relative, with its line count. */
export function sourceLineCounts(root: string): Record<string, number> {
  const out: Record<string, number> = {};
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name) && !GENERATED.some((g) => `${child}/`.startsWith(g))) walk(child);
      } else if (SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')) {
        const text = fs.readFileSync(path.join(root, child), 'utf8');
        out[child] = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
      }
    }
  };
  walk('');
  return out;
}

/** Files over the limit that are not on the shrinking list, or listed files that grew. */
export function oversizeFiles(counts: Record<string, number>, allowed: Readonly<Record<string, number>> = {}): string[] {
  return Object.entries(counts)
    .filter(([file, lines]) => lines > MAX_LINES && !(file in allowed && lines <= allowed[file]))
    .map(([file, lines]) => `${file}: ${lines} lines (at most ${MAX_LINES}; split it by concept)`)
    .sort();
}

const counts = sourceLineCounts(ROOT);

test(`no hand-written source file is over ${MAX_LINES} lines`, () => {
  expect(oversizeFiles(counts, OVERSIZE_UNTIL_SCHEMA)).toEqual([]);
});

test('the shrinking list names only files that are still oversize', () => {
  const stale = Object.keys(OVERSIZE_UNTIL_SCHEMA).filter((f) => !(f in counts) || counts[f] <= MAX_LINES);
  expect(stale).toEqual([]);
});

test('the walk sees the sources and skips generated code', () => {
  expect(Object.keys(counts)).toEqual(expect.arrayContaining(['lib/index.ts', 'charts/payment-workloads.ts', 'test/architecture/file-size.test.ts', 'scripts/failover.sh']));
  expect(Object.keys(counts).filter((f) => f.startsWith('charts/imports/') || f.includes('node_modules/'))).toEqual([]);
});

test('fails on a file over the limit, and on a listed file that grew', () => {
  expect(oversizeFiles({ 'lib/a.ts': 401, 'lib/b.ts': 400 })).toEqual(['lib/a.ts: 401 lines (at most 400; split it by concept)']);
  expect(oversizeFiles({ 'lib/c.ts': 530 }, { 'lib/c.ts': 531 })).toEqual([]);
  expect(oversizeFiles({ 'lib/c.ts': 532 }, { 'lib/c.ts': 531 })).toEqual(['lib/c.ts: 532 lines (at most 400; split it by concept)']);
});
