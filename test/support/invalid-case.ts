import { PlatformConfigError } from '../../lib/core/rules/problems';

/** One invalid input of the invalid-input tables: the field the error must name and the fix it must say. */
export interface InvalidCase {
  /** What is wrong, as the test title. */
  readonly what: string;
  /** The input (deliberately ill-typed where the case needs it). */
  readonly input: unknown;
  /** The path the error must name, e.g. `regions[1].cidr` or `services[3].ports.http`. */
  readonly field: string;
  /** Text the problem's message must contain: the fix. */
  readonly fix: string;
}

/**
 * Asserts that `run` rejects the input with one `PlatformConfigError` naming `c.field` with the fix,
 * showing it in the message, and without stack frames (from a library or anywhere else).
 */
export function expectRejected(run: () => unknown, c: InvalidCase): void {
  let error: unknown;
  try {
    run();
  } catch (e) {
    error = e;
  }
  if (error === undefined) throw new Error(`${c.what}: the input was accepted silently`);
  if (!(error instanceof PlatformConfigError)) {
    throw new Error(`${c.what}: expected a PlatformConfigError, got ${String(error)}\n${(error as Error).stack ?? ''}`);
  }
  const matching = error.problems.filter((p) => p.field === c.field);
  expect({ what: c.what, field: c.field, messages: matching.map((p) => p.message).join(' | ') })
    .toEqual({ what: c.what, field: c.field, messages: expect.stringContaining(c.fix) });
  expect(error.message).toContain(`  - ${c.field}: `);
  // Every message is the schema's own (with the fix), never a schema library's generic text.
  expect(error.message).not.toMatch(/Invalid input|Invalid option|Too (big|small):|Unrecognized key/);
  expect(error.stack).not.toMatch(/\n\s+at /);
  expect(error.stack).not.toMatch(/node_modules|aws-cdk-lib|cdk8s|zod/);
}
