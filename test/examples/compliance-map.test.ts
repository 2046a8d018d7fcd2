import * as fs from 'fs';
import * as path from 'path';

/**
 * README "Compliance" → "PCI DSS v4.0.1 requirement map": every requirement of PCI DSS v4.0.1 that
 * an AWS payment platform touches has a row (what the platform does, or that it is the operator's
 * job), and every construct (lib/ or charts/) and test a row names exists, so the map cannot promise a control or a
 * check that is not there.
 */
const ROOT = path.join(__dirname, '..', '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** The PCI DSS v4.0.1 requirements (sections) the map must answer for. */
const REQUIREMENTS = [
  '1.2', '1.3', '1.4', '2.2', '3.3', '3.5', '3.6', '3.7', '4.2', '5.2', '5.3', '6.2', '6.3', '6.4', '7.2', '8.2', '8.3', '8.4', '8.6',
  '9.4', '10.2', '10.3', '10.4', '10.5', '10.6', '10.7', '11.3', '11.4', '11.5', '11.6', '12.3', '12.6', '12.8', '12.10',
];

/** The map's rows: [requirement cell, what, where, how]. */
function rows(markdown: string): string[][] {
  const start = markdown.indexOf('### PCI DSS v4.0.1 requirement map');
  if (start < 0) throw new Error('README.md has no "PCI DSS v4.0.1 requirement map" section');
  const end = markdown.indexOf('\n### ', start + 1);
  return markdown.slice(start, end).split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Requirement') && !l.startsWith('|---'))
    .map((l) => l.slice(2, -2).split(' | '));
}

/** Sections named in a row's requirement cell ("10.2.1.x" → 10.2, "9.4.1" → 9.4). */
function sectionsOf(cell: string): string[] {
  return [...cell.matchAll(/\b(\d{1,2})\.(\d{1,2})(?:\.\d+)*/g)].map((m) => `${m[1]}.${m[2]}`);
}

function missing(markdown: string): string[] {
  const covered = new Set(rows(markdown).flatMap((r) => sectionsOf(r[0])));
  return REQUIREMENTS.filter((r) => !covered.has(r));
}

/** Every `Name` in the "Where" cells that looks like a construct, and every `test/…` path in the "How" cells. */
function references(markdown: string): { constructs: string[]; tests: string[] } {
  const table = rows(markdown);
  const constructs = [...new Set(table.flatMap((r) => [...(r[2] ?? '').matchAll(/`([A-Z][A-Za-z]+)`/g)].map((m) => m[1])))];
  const tests = [...new Set(table.flatMap((r) => [...(r[3] ?? '').matchAll(/`(test\/[^`]+)`/g)].map((m) => m[1])))];
  return { constructs, tests };
}

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}
/** The library's and the charts' sources (constructs live in both). */
const LIB = [...sources(path.join(ROOT, 'lib')), ...sources(path.join(ROOT, 'charts'))].map((f) => fs.readFileSync(f, 'utf8')).join('\n');

describe('README PCI DSS v4.0.1 requirement map', () => {
  test('answers for every requirement the platform touches (platform control or operator\'s job)', () => {
    expect(missing(README)).toEqual([]);
  });

  test('every row says what, where and how it is checked', () => {
    for (const row of rows(README)) expect(row.map((c) => c.trim().length > 0)).toEqual([true, true, true, true]);
  });

  test('every construct it names is a class of the library, every test it names exists', () => {
    const { constructs, tests } = references(README);
    expect(constructs.length).toBeGreaterThanOrEqual(15);
    expect(constructs.filter((c) => !new RegExp(`export (abstract )?class ${c}\\b`).test(LIB))).toEqual([]);
    expect(tests.length).toBeGreaterThanOrEqual(6);
    expect(tests.filter((t) => !fs.existsSync(path.join(ROOT, t)))).toEqual([]);
  });

  test('the checks catch what they exist for: a dropped row, an invented construct and a missing test file', () => {
    const withoutWaf = README.replace(/\n\| 6\.4[^\n]*/, '');
    expect(missing(withoutWaf)).toEqual(['6.4']);
    const invented = README.replaceAll('`ApiEdge`', '`ApiFirewall`').replaceAll('`test/data/pgaudit.test.ts`', '`test/data/audit.test.ts`');
    const { constructs, tests } = references(invented);
    expect(constructs.filter((c) => !new RegExp(`export (abstract )?class ${c}\\b`).test(LIB))).toEqual(['ApiFirewall']);
    expect(tests.filter((t) => !fs.existsSync(path.join(ROOT, t)))).toEqual(['test/data/audit.test.ts']);
  });
});
