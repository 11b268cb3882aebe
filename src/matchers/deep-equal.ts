/**
 * Structural equality of JSON values. A `bigint` (an integer beyond 2^53, read exactly) equals a
 * number of the same mathematical value, and no other.
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if ((typeof a === 'bigint' && typeof b === 'number') || (typeof a === 'number' && typeof b === 'bigint'))
    // bigint == number compares the mathematical values, exactly
    return a == b;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object')
    return Number.isNaN(a) && Number.isNaN(b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a))
    return a.length === (b as unknown[]).length && a.every((x, i) => deepEqual(x, (b as unknown[])[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b as object);
  return (
    ka.length === kb.length &&
    ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}

/** Where a subset match first differs; `missing` when the key there is absent (not null). */
export interface SubsetMismatch {
  path: string;
  expected: unknown;
  actual: unknown;
  missing?: true;
}

/** Decides a nested matcher object (`{ matches: "^C-" }`) met inside a subset; undefined = not a matcher. */
export type NestedMatcher = (actual: unknown, expected: unknown) => boolean | undefined;

/**
 * JSON-subset match: every key of `expected` must exist in `actual` and match;
 * arrays match element by element with the same length; a nested matcher
 * object is decided by `nested`. Returns the path of the first difference, or
 * undefined when `actual` matches.
 */
export function subsetMismatch(
  actual: unknown,
  expected: unknown,
  path = '',
  nested?: NestedMatcher,
): SubsetMismatch | undefined {
  const verdict = nested?.(actual, expected);
  if (verdict !== undefined) return verdict ? undefined : { path, expected, actual };
  if (expected === null || typeof expected !== 'object') {
    return deepEqual(actual, expected) ? undefined : { path, expected, actual };
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return { path, expected, actual };
    if (actual.length !== expected.length)
      return { path: `${path}.length`.replace(/^\./, ''), expected: expected.length, actual: actual.length };
    for (let i = 0; i < expected.length; i++) {
      const miss = subsetMismatch(actual[i], expected[i], `${path}[${i}]`, nested);
      if (miss) return miss;
    }
    return undefined;
  }
  if (!actual || typeof actual !== 'object' || Array.isArray(actual)) return { path, expected, actual };
  for (const [key, value] of Object.entries(expected)) {
    const child = path ? `${path}.${key}` : key;
    if (!Object.prototype.hasOwnProperty.call(actual, key)) {
      if (nested?.(undefined, value) === true) continue; // e.g. { exists: false }
      return { path: child, expected: value, actual: undefined, missing: true };
    }
    const miss = subsetMismatch((actual as Record<string, unknown>)[key], value, child, nested);
    if (miss) return miss;
  }
  return undefined;
}
