/**
 * Validation of a construct's own props, for users who create the construct directly (without the
 * platform configuration): the same rules as the configuration schema and the same error type,
 * `PlatformConfigError` with subject `<Construct> props`, each problem with the prop's path, the
 * value and the fix. Values still unresolved at synth time (CDK tokens) are skipped: the caller
 * passes its token test, since this module does not know aws-cdk-lib.
 */
import { PlatformConfigError, ProblemList, type Rule } from './problems';

/** The error subject of a construct's props: `PaymentDatabase props`. */
export function propsSubject(owner: string): string {
  return `${owner} props`;
}

/** Throws one problem of a construct's props. */
export function invalidProp(owner: string, field: string, value: unknown, message: string): never {
  throw new PlatformConfigError([{ field, value, message }], propsSubject(owner));
}

/** Collects the problems of one construct's props and throws them together. */
export class PropChecks extends ProblemList {
  /**
   * @param owner the construct's name, e.g. `PaymentDatabase`
   * @param isUnresolved the caller's token test (e.g. aws-cdk-lib's `Token.isUnresolved`): such values are not checked
   */
  constructor(private readonly owner: string, private readonly isUnresolved: (v: unknown) => boolean = () => false) {
    super();
  }

  /** Runs `rule` on a resolved `value` (skipped when it is a token or `undefined`). */
  public prop<T>(field: string, value: T | undefined, rule: Rule<T>): boolean {
    if (value === undefined || this.isUnresolved(value)) return true;
    return this.check(field, value, rule);
  }

  /** Throws every problem found so far, as `Invalid <owner> props (n problems): …`. */
  public done(): void {
    this.throwIfAny(propsSubject(this.owner));
  }
}

/** An integer from `min` to `max` (the configuration schema's `integer` uses the same text). */
export function integerRule(min: number, max: number, fix: string): Rule {
  return (v) => (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? undefined : `must be an integer from ${min} to ${max}; ${fix}`);
}
