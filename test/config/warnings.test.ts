import * as fs from 'fs';
import * as path from 'path';
import { PLATFORM_WARNING_IDS } from '../../lib/config/warnings';

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

test('every warning id the library reports is in the one registry (PLATFORM_WARNINGS)', () => {
  const root = path.join(__dirname, '..', '..');
  const ids = new Set<string>();
  for (const file of [...sources(path.join(root, 'lib')), ...sources(path.join(root, 'charts'))]) {
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/'((?:cdk-)?payment-platform:[A-Za-z-]+)'/g)) ids.add(m[1]);
    // A context key, not a warning.
    ids.delete('payment-platform:existingClusters');
  }
  expect(ids.size).toBeGreaterThan(5);
  expect([...ids].filter((id) => !(PLATFORM_WARNING_IDS as readonly string[]).includes(id))).toEqual([]);
});
