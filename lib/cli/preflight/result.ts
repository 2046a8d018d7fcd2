/** How a prerequisite stands: checked and met, checked and not met, met with a caveat, or to check by hand. */
export type CheckStatus = 'pass' | 'fail' | 'warn' | 'manual';

/** One line of the preflight report. */
export interface CheckResult {
  /** `account 123456789012` or `us-east-1`. */
  readonly scope: string;
  /** Short name of the prerequisite, e.g. `CDK bootstrap`. */
  readonly title: string;
  readonly status: CheckStatus;
  /** What was found (or, for `manual`, what must hold). */
  readonly detail: string;
  /**
   * What to do when it does not hold (a command or a config change).
   * @default - nothing to do
   */
  readonly fix?: string;
}
