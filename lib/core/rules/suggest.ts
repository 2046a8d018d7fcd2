/** "Did you mean" suggestions for unknown keys and misspelt values. */

/**
 * Edit distance with adjacent transpositions (optimal string alignment), case-insensitive:
 * `databse` → `database` is 1, `instanceType` → `instanceClass` is 4.
 */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const d: number[][] = Array.from({ length: s.length + 1 }, (_, i) => [i, ...new Array<number>(t.length).fill(0)]);
  for (let j = 1; j <= t.length; j++) d[0][j] = j;
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[s.length][t.length];
}

/**
 * The closest of `candidates` to `word`, when close enough to be a likely typo: at most a third
 * of the word's length in edits (at least 1, at most 4), or one contains the other.
 */
export function closestMatch(word: string, candidates: readonly string[]): string | undefined {
  const limit = Math.min(4, Math.max(1, Math.floor(word.length / 3)));
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    if (distance <= limit && (!best || distance < best.distance)) best = { candidate, distance };
  }
  if (best) return best.candidate;
  // A shared stem of at least half the word (`instanceType` → `instanceClass`).
  const stem = (c: string): number => {
    let i = 0;
    while (i < c.length && i < word.length && c[i].toLowerCase() === word[i].toLowerCase()) i++;
    return i;
  };
  const byStem = [...candidates].sort((a, b) => stem(b) - stem(a))[0];
  if (byStem !== undefined && stem(byStem) >= Math.max(4, word.length / 2)) return byStem;
  const lower = word.toLowerCase();
  return lower.length >= 4 ? candidates.find((c) => c.toLowerCase().includes(lower) || lower.includes(c.toLowerCase())) : undefined;
}

/** The message for a key that is not a setting: the suggestion, or the list of settings. */
export function unknownKeyMessage(key: string, known: readonly string[]): string {
  const match = closestMatch(key, known);
  if (match) return `\`${key}\` is not a setting; did you mean \`${match}\`?`;
  return `\`${key}\` is not a setting; use one of ${known.join(', ')} (or remove it)`;
}
