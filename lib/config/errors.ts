/** One problem in a platform configuration: the field, the bad value and how to fix it. */
export interface ConfigProblem {
  /** Path of the field, e.g. `regions[1].cidr`. */
  readonly field: string;
  /** The offending value, as given. */
  readonly value: unknown;
  /** What is wrong and how to fix it. */
  readonly message: string;
}

function show(value: unknown): string {
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/**
 * Thrown by `resolvePlatformConfig` for an invalid configuration. Lists every problem, each as
 * `<field>: <message> (got <value>)`; the stack is dropped, since the message is the whole story.
 */
export class PlatformConfigError extends Error {
  public readonly problems: ConfigProblem[];

  constructor(problems: ConfigProblem[]) {
    const lines = problems.map((p) => `  - ${p.field}: ${p.message} (got ${show(p.value)})`);
    super(`Invalid platform configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${lines.join('\n')}`);
    this.name = 'PlatformConfigError';
    this.problems = problems;
    this.stack = `${this.name}: ${this.message}`;
  }
}
