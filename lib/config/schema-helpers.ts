import { z } from 'zod';
import { integerRule, unknownKeyMessage, type ConfigProblem, type Rule, formatPath } from '../core/rules';

/**
 * Building blocks of the configuration schema. Every field is declared once with its type, bounds,
 * default (`.default`), documentation (`.meta({ description })`, which the README reference is
 * generated from) and the fix shown when the value is wrong: the same text for a wrong type and a
 * failed rule, so a user always reads what to write instead.
 */

/** Adds a rule's problem to a zod refinement context. */
function applyRule<T>(rule: Rule<T>): (value: T, ctx: z.RefinementCtx) => void {
  return (value, ctx) => {
    const message = rule(value);
    if (message !== undefined) ctx.addIssue({ code: 'custom', message, input: value });
  };
}

/** A string checked by a rule of `lib/core/rules` (a wrong type shows the same fix). */
export function text(rule: Rule, description: string): z.ZodString {
  return z.string({ error: (iss) => rule(iss.input) ?? 'must be a string' }).check(z.superRefine(applyRule<string>(rule))).meta({ description });
}

/** A string matching `pattern`, else `fix`. */
export function pattern(re: RegExp, fix: string, description: string): z.ZodString {
  return text((v) => (typeof v === 'string' && re.test(v) ? undefined : fix), description);
}

/** An integer from `min` to `max`; `fix` follows the range in the message. */
export function integer(min: number, max: number, fix: string, description: string): z.ZodNumber {
  const message = integerRule(min, max, fix)(undefined) as string;
  return z.number({ error: message }).int({ error: message }).min(min, { error: message }).max(max, { error: message }).meta({ description });
}

/** A number checked by a rule. */
export function numeric(rule: Rule, description: string): z.ZodNumber {
  return z.number({ error: (iss) => rule(iss.input) ?? 'must be a number' }).check(z.superRefine(applyRule<number>(rule))).meta({ description });
}

/** true or false; `fix` says what each means. */
export function flag(fix: string, description: string): z.ZodBoolean {
  return z.boolean({ error: fix }).meta({ description });
}

/** One of `values`, else `fix`. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T, fix: string, description: string): z.ZodEnum<{ [K in T[number]]: K }> {
  return z.enum(values, { error: fix }).meta({ description });
}

/** A list; `fix` is shown when it is not a list (or too short). */
export function list<T extends z.ZodType>(element: T, fix: string, description: string, minItems = 0): z.ZodArray<T> {
  return z.array(element, { error: fix }).min(minItems, { error: fix }).meta({ description });
}

/** A map of Kubernetes-style labels: keys and values checked by rules, reported at `<path>.<key>`. */
export function labels(keyRule: Rule, valueRule: Rule, fix: string, description: string): z.ZodType<Record<string, string>> {
  return z.record(z.string(), z.unknown(), { error: fix })
    .check(z.superRefine((value, ctx) => {
      for (const [key, v] of Object.entries(value)) {
        const keyProblem = keyRule(key);
        if (keyProblem) ctx.addIssue({ code: 'custom', message: keyProblem, input: key, path: [key] });
        const valueProblem = valueRule(v);
        if (valueProblem) ctx.addIssue({ code: 'custom', message: valueProblem, input: v, path: [key] });
      }
    }))
    .meta({ description }) as unknown as z.ZodType<Record<string, string>>;
}

/** Marks messages that carry per-key unknown-key problems (decoded by `problemsOf`). */
const UNKNOWN_KEYS = '\u0000unknown-keys:';

/**
 * A section of the configuration: an object whose unknown keys are errors with a suggestion
 * ("`databse` is not a setting; did you mean `database`?"); `fix` is shown when it is no object.
 */
export function section<S extends z.ZodRawShape>(shape: S, fix: string, description: string): z.ZodObject<S, z.core.$strict> {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (iss) => {
      if (iss.code === 'unrecognized_keys') {
        return `${UNKNOWN_KEYS}${JSON.stringify(Object.fromEntries(iss.keys.map((k) => [k, unknownKeyMessage(k, known)])))}`;
      }
      return fix;
    },
  }).meta({ description });
}

/** The problems of a failed parse, one per field (each unknown key on its own path). */
export function problemsOf(error: z.ZodError): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys' && issue.message.startsWith(UNKNOWN_KEYS)) {
      const messages = JSON.parse(issue.message.slice(UNKNOWN_KEYS.length)) as Record<string, string>;
      const input = (issue.input ?? {}) as Record<string, unknown>;
      for (const key of issue.keys) out.push({ field: formatPath([...issue.path, key]), value: input[key], message: messages[key] });
    } else {
      out.push({ field: formatPath(issue.path), value: issue.input, message: issue.message });
    }
  }
  return out;
}
