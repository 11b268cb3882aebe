/** Levenshtein distance, small inputs only (keys, names). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0]!;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j]!;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      previous[j] = Math.min(above + 1, previous[j - 1]! + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return previous[b.length]!;
}

/**
 * The closest candidate to `input`, or undefined when none is close enough
 * to be a plausible typo.
 *
 * @example
 * didYouMean('expct', ['expect', 'save']) // 'expect'
 */
export function didYouMean(input: string, candidates: Iterable<string>): string | undefined {
  const lowered = input.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(lowered, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best === undefined) return undefined;
  const limit = Math.max(2, Math.floor(Math.max(input.length, best.length) / 3));
  if (bestDistance <= limit) return best;
  if (best.toLowerCase().startsWith(lowered) || lowered.startsWith(best.toLowerCase())) return best;
  return undefined;
}

/** A hint sentence: "Did you mean X?" or the list of valid names. */
export function suggestionHint(input: string, candidates: readonly string[], noun = 'name'): string {
  const match = didYouMean(input, candidates);
  if (match) return `Did you mean "${match}"?`;
  if (candidates.length === 0) return `No ${noun}s are defined.`;
  const shown = candidates
    .slice(0, 12)
    .map((c) => `"${c}"`)
    .join(', ');
  return `Valid ${noun}s: ${shown}${candidates.length > 12 ? ', ...' : ''}.`;
}
