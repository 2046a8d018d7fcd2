import * as fs from 'fs';
import * as path from 'path';
import { z } from 'zod';
import { platformConfigSchema } from '../../lib/config/schema';
import { configurationReference, END_MARKER, START_MARKER, withReference } from '../../scripts/config-reference';

const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');

describe('the README configuration reference is generated from the schema', () => {
  test('the README is up to date (run npm run docs:config)', () => {
    expect(readme).toBe(withReference(readme));
  });

  test('every setting is in the reference with its default', () => {
    const reference = configurationReference();
    for (const row of ['| `engineVersion` | `string` | `"17.9"` |', '| `readerInstanceClass` | `string` | — |', '| `logRetentionDays` | `number` | `365` |',
      '| `<system|api|worker|blockchain>` |', '**`cluster.nodeGroups.<system|api|worker|blockchain>.taints[]`**', "| `role` | `'primary' \\| 'secondary'` | required |"]) {
      expect(reference).toContain(row);
    }
    expect(readme.indexOf(START_MARKER)).toBeLessThan(readme.indexOf(END_MARKER));
  });

  test('every setting is documented in the schema', () => {
    const undocumented: string[] = [];
    const walk = (s: { properties?: Record<string, unknown>; items?: unknown; description?: string }, at: string): void => {
      for (const [key, child] of Object.entries(s.properties ?? {})) {
        const c = child as { properties?: Record<string, unknown>; items?: { properties?: Record<string, unknown> }; description?: string };
        if (!c.description) undocumented.push(`${at}${key}`);
        if (c.properties) walk(c, `${at}${key}.`);
        if (c.items?.properties) walk(c.items, `${at}${key}[].`);
      }
    };
    walk(z.toJSONSchema(platformConfigSchema, { io: 'input', unrepresentable: 'any' }) as never, '');
    expect(undocumented).toEqual([]);
  });

  test('a stale README fails the check', () => {
    const stale = readme.replace('| `engineVersion` | `string` | `"17.9"` |', '| `engineVersion` | `string` | `"16.6"` |');
    expect(stale).not.toBe(withReference(stale));
  });
});
