/** AWS WAF rate-based rules, scope-down paths and geo matches. */
import { integerRule } from './props';

/** AWS WAF's bounds of a rate-based rule (requests per 5 minutes). */
export const WAF_MIN_RATE = 10;
export const WAF_MAX_RATE = 2_000_000_000;

/** The fix shown for a rate limit outside WAF's bounds. */
export const WAF_RATE_FIX = 'the AWS WAF rate-based rule range, e.g. 2000';

/** The global per-IP rate limit of the web ACL. */
export const wafRateLimitRule = integerRule(WAF_MIN_RATE, WAF_MAX_RATE, WAF_RATE_FIX);

/** A per-path limit: within WAF's bounds and below the global limit (else the global rule blocks first). */
export function pathRateLimitRule(globalLimit: number): (v: unknown) => string | undefined {
  return (v) => (typeof v === 'number' && Number.isInteger(v) && v >= WAF_MIN_RATE && v < globalLimit
    ? undefined
    : `must be an integer from ${WAF_MIN_RATE} (the WAF minimum) to below the global rateLimitPer5Minutes (${globalLimit}), e.g. 300`);
}

/** The path prefix of a scope-down statement: starts with '/', printable ASCII without spaces, ≤ 200 characters. */
export function wafPathRule(v: unknown): string | undefined {
  return typeof v === 'string' && v.length <= 200 && /^\/[\x21-\x7e]*$/.test(v)
    ? undefined
    : "must be a path prefix starting with '/', without spaces, at most 200 characters, e.g. '/v1/payments'";
}

/** An ISO 3166-1 alpha-2 country code as WAF geo matches take it. */
export function countryCodeRule(v: unknown): string | undefined {
  return typeof v === 'string' && /^[A-Z]{2}$/.test(v) ? undefined : "must be a 2-letter upper-case ISO 3166 country code, e.g. 'US'";
}

/** The position of each repeated entry of a list (the second and later occurrence). */
export function repeatedIndexes(values: readonly unknown[]): number[] {
  const seen = new Set<unknown>();
  const out: number[] = [];
  values.forEach((v, i) => {
    if (seen.has(v)) out.push(i);
    seen.add(v);
  });
  return out;
}
