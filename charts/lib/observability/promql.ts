/**
 * The metric names a PromQL expression reads: every identifier that is neither a function, a
 * keyword, a label name (inside `{…}`, `by (…)`, `on (…)`, …) nor part of a string, duration or number.
 */

const KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'and', 'or', 'unless', 'offset', 'atan2', 'inf', 'nan']);
const AGGREGATIONS = new Set(['sum', 'min', 'max', 'avg', 'count', 'stddev', 'stdvar', 'topk', 'bottomk', 'quantile', 'count_values', 'group']);

export function metricNames(expr: string): string[] {
  let s = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    .replace(/\{[^}]*\}/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, '$1')
    .replace(/\boffset\s+-?\d+\w*/g, '');
  s = s.replace(/\b\d+(\.\d+)?(e[+-]?\d+)?\b/gi, '0');
  const names = new Set<string>();
  const ident = /[a-zA-Z_:][a-zA-Z0-9_:]*/g;
  let m: RegExpExecArray | null;
  while ((m = ident.exec(s)) !== null) {
    const word = m[0];
    const rest = s.slice(m.index + word.length);
    if (KEYWORDS.has(word.toLowerCase())) continue;
    if (/^\s*\(/.test(rest)) continue; // a function call or an aggregation
    if (AGGREGATIONS.has(word) && /^\s*(by|without)\b/.test(rest)) continue;
    if (word.startsWith('$')) continue;
    names.add(word);
  }
  return [...names].sort();
}
