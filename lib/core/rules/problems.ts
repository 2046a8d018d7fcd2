/**
 * The one validation error of the library. Platform configurations and service catalogs report
 * every problem at once, each with its path, the bad value and the fix; the stack is dropped,
 * since the message is the whole story (no frames from aws-cdk-lib, cdk8s or the schema library).
 */

/** A check: the problem (what is wrong and the fix) or `undefined` when the value is fine. */
export type Rule<T = unknown> = (value: T) => string | undefined;

/** One problem in an input: where, what was given and how to fix it. */
export interface ConfigProblem {
  /** Path of the field, e.g. `regions[1].cidr` or `services[3].ports.http`. */
  readonly field: string;
  /** The offending value, as given. */
  readonly value: unknown;
  /** What is wrong and how to fix it. */
  readonly message: string;
}

/** `['regions', 1, 'cidr']` → `regions[1].cidr`; an empty path is `(config)`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(config)' : out;
}

/** A value as the error message shows it. */
export function showValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  try {
    const text = JSON.stringify(value);
    if (text === undefined) return String(value);
    return text.length > 200 ? `${text.slice(0, 197)}...` : text;
  } catch {
    return String(value);
  }
}

/**
 * Thrown for an invalid platform configuration or service catalog. Lists every problem, each as
 * `<field>: <message> (got <value>)`.
 */
export class PlatformConfigError extends Error {
  public readonly problems: ConfigProblem[];

  /**
   * @param problems every problem found (at least one)
   * @param subject what was validated, for the first line (`platform configuration`, `service catalog`)
   */
  constructor(problems: ConfigProblem[], subject = 'platform configuration') {
    const lines = problems.map((p) => `  - ${p.field}: ${p.message} (got ${showValue(p.value)})`);
    super(`Invalid ${subject} (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${lines.join('\n')}`);
    this.name = 'PlatformConfigError';
    this.problems = problems;
    // Only the message: a configuration mistake is not a bug in the library or its dependencies.
    this.stack = `${this.name}: ${this.message}`;
  }
}

/** Collects problems; `throwIfAny` raises them together as one `PlatformConfigError`. */
export class ProblemList {
  public readonly list: ConfigProblem[] = [];

  /** Adds a problem. */
  public add(field: string, value: unknown, message: string): void {
    this.list.push({ field, value, message });
  }

  /** Runs a rule and adds its problem, if any; returns whether the value passed. */
  public check<T>(field: string, value: T, rule: Rule<T>): boolean {
    const message = rule(value);
    if (message !== undefined) this.add(field, value, message);
    return message === undefined;
  }

  /** Throws every collected problem as one error (nothing when the list is empty). */
  public throwIfAny(subject?: string): void {
    if (this.list.length > 0) throw new PlatformConfigError(this.list, subject);
  }
}
