import { asciiSkeleton, describeUnusualCharacters, visible } from './unicode-characters.js';

/** Names longer than this are not compared letter by letter (the distance is quadratic). */
const MAX_COMPARED = 200;

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
 * to be a plausible typo. A candidate that `input` only differs from by look-alike or
 * invisible characters (a Cyrillic "о" for "o", a zero-width space) always wins.
 *
 * @example
 * didYouMean('expct', ['expect', 'save']) // 'expect'
 * didYouMean('оrder.create', ['order.create']) // 'order.create'
 */
export function didYouMean(input: string, candidates: Iterable<string>): string | undefined {
  const list = [...candidates];
  const skeleton = asciiSkeleton(input).toLowerCase();
  if (skeleton !== input.toLowerCase()) {
    const same = list.find((c) => asciiSkeleton(c).toLowerCase() === skeleton && c !== input);
    if (same !== undefined) return same;
  }
  if (input.length > MAX_COMPARED) return undefined;
  const lowered = input.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of list) {
    if (candidate.length > MAX_COMPARED) continue;
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

/**
 * A hint sentence: "Did you mean X?" or the list of valid names. When the name or the
 * suggestion holds characters a reader cannot see or tell apart, the sentence names them
 * (`U+0435 CYRILLIC SMALL LETTER IE`), since the two would otherwise look the same.
 *
 * @example
 * suggestionHint('оrder.create', ['order.create'], 'action')
 * // 'Did you mean "order.create"? "оrder.create" has U+043E CYRILLIC SMALL LETTER O (looks like "o") as character 1.'
 */
export function suggestionHint(input: string, candidates: readonly string[], noun = 'name'): string {
  const match = didYouMean(input, candidates);
  const inputNote = describeUnusualCharacters(input);
  const notes = [inputNote, match === undefined ? undefined : describeUnusualCharacters(match)].filter(Boolean);
  const tail = notes.length ? ` ${notes.join(' ')}` : '';
  if (match) return `Did you mean "${visible(match)}"?${tail}`;
  if (candidates.length === 0) return `No ${noun}s are defined.${tail}`;
  const shown = candidates
    .slice(0, 12)
    .map((c) => `"${visible(c)}"`)
    .join(', ');
  return `Valid ${noun}s: ${shown}${candidates.length > 12 ? ', ...' : ''}.${tail}`;
}
