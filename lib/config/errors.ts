/**
 * The configuration's error type. It is the library's one validation error, defined with the
 * shared rules in `lib/core/rules` so the charts' catalog validation throws the same type.
 */
export { PlatformConfigError, type ConfigProblem } from '../core/rules/problems';
