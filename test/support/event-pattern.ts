/**
 * EventBridge event-pattern matching for behaviour tests: which rules of a template an event
 * reaches. Implements the matching EventBridge documents for the pattern forms the platform uses
 * (literal lists, nested fields, `prefix`, `exists`, `anything-but` of literals); any other form
 * throws, so a new pattern cannot be matched wrongly in silence.
 */
type Json = Record<string, unknown>;

function matchesValue(values: unknown[], condition: unknown): boolean {
  if (condition === null || typeof condition !== 'object') return values.some((v) => v === condition);
  const c = condition as Json;
  if (typeof c.prefix === 'string') return values.some((v) => typeof v === 'string' && v.startsWith(c.prefix as string));
  if (typeof c.exists === 'boolean') return c.exists ? values.length > 0 : values.length === 0;
  if (c['anything-but'] !== undefined) {
    const but = ([] as unknown[]).concat(c['anything-but']);
    if (but.some((b) => b !== null && typeof b === 'object')) throw new Error(`event-pattern: unsupported anything-but ${JSON.stringify(c)}`);
    return values.length > 0 && values.every((v) => !but.includes(v));
  }
  throw new Error(`event-pattern: unsupported condition ${JSON.stringify(c)}`);
}

/** Whether `event` matches `pattern` (every field of the pattern must match). */
export function matchesPattern(pattern: Json, event: Json): boolean {
  return Object.entries(pattern).every(([key, condition]) => {
    const value = event[key];
    if (Array.isArray(condition)) {
      const values = value === undefined ? [] : Array.isArray(value) ? value : [value];
      // `exists: false` matches an absent field; every other condition needs a value.
      return condition.some((c) => matchesValue(values, c));
    }
    if (condition !== null && typeof condition === 'object') {
      return value !== null && typeof value === 'object' && !Array.isArray(value) && matchesPattern(condition as Json, value as Json);
    }
    throw new Error(`event-pattern: a pattern value must be a list or an object (${key}: ${JSON.stringify(condition)})`);
  });
}

/** A CloudTrail management event as EventBridge delivers it ("AWS API Call via CloudTrail"). */
export function cloudTrailEvent(source: string, eventName: string, detail: Json = {}): Json {
  const service = source.replace(/^aws\./, '');
  return {
    'version': '0',
    'source': source,
    'detail-type': 'AWS API Call via CloudTrail',
    'account': '123456789012',
    'region': 'us-east-1',
    'detail': { eventVersion: '1.09', eventSource: `${service}.amazonaws.com`, eventName, ...detail },
  };
}
