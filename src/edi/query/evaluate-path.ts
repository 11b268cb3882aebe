import { decimalSum, DecimalError } from '../../core/decimal-arithmetic.js';
import type { ParsedPath, PathFilter } from './path.js';

/** What a query returns: one value, a list (`[*]`), or a number (`count`, `sum`). */
export type QueryValue = string | number | string[] | undefined;

/** How the evaluator reads one format's segments (X12 and EDIFACT share the path language). */
export interface PathAccessor<S> {
  id(segment: S): string;
  /** Element `element` (1-based), or its component `component` (1-based). */
  value(segment: S, element: number, component?: number): string | undefined;
  /** The first component of an element, for qualifier filters on composites. */
  firstComponent(segment: S, element: number): string | undefined;
  /** The segments inside the loop `segment` starts (excluding itself), for `A>B`. */
  scope(segment: S): readonly S[];
  /** The segment as text, when a path names no element. */
  render(segment: S): string;
}

/** Selects the segments a parsed path points at. */
export function selectSegments<S>(path: ParsedPath, segments: readonly S[], accessor: PathAccessor<S>): S[] {
  let candidates: readonly S[] = segments;
  let matched: S[] = [];
  path.selectors.forEach((selector, i) => {
    matched = candidates.filter((s) => accessor.id(s) === selector.segment);
    for (const filter of selector.filters) matched = applyFilter(matched, filter, accessor);
    const isLast = i === path.selectors.length - 1;
    if (!path.many) matched = matched.slice(0, 1);
    if (!isLast) candidates = matched.flatMap((s) => accessor.scope(s));
  });
  return matched;
}

/**
 * Evaluates a parsed path. A single-value path returns the first match's value
 * (`undefined` when the segment or element is absent or empty); a `[*]` path returns
 * every match's value (`''` where empty, so positions line up with segments);
 * `count()` counts segments (or non-empty values); `sum()` adds numeric values.
 */
export function evaluatePath<S>(path: ParsedPath, segments: readonly S[], accessor: PathAccessor<S>): QueryValue {
  const matched = selectSegments(path, segments, accessor);
  const last = path.selectors[path.selectors.length - 1]!;
  const values =
    last.element === undefined
      ? matched.map((s) => accessor.render(s))
      : matched.map((s) => accessor.value(s, last.element!, last.component) ?? '');
  if (path.fn === 'count') return last.element === undefined ? matched.length : values.filter((v) => v !== '').length;
  if (path.fn === 'sum') return exactSum(values.filter((v) => v !== ''));
  if (path.many) return values;
  const first = values[0];
  return first === '' ? undefined : first;
}

/**
 * The decimal sum of element values (X12 R and N elements are decimal text): 0.1 + 0.2 is 0.3, not
 * 0.30000000000000004. A value that is not a number makes the sum NaN, as before.
 */
function exactSum(values: readonly string[]): number {
  try {
    return Number(decimalSum(values));
  } catch (error) {
    if (error instanceof DecimalError) return NaN;
    throw error;
  }
}

function applyFilter<S>(segments: S[], filter: PathFilter, accessor: PathAccessor<S>): S[] {
  switch (filter.kind) {
    case 'all':
      return segments;
    case 'index': {
      const at = filter.index < 0 ? segments.length + filter.index : filter.index;
      const picked = segments[at];
      return picked === undefined ? [] : [picked];
    }
    case 'compare':
      return segments.filter((s) => {
        const whole = accessor.value(s, filter.element, filter.component) ?? '';
        const equal =
          whole === filter.value ||
          (filter.component === undefined && accessor.firstComponent(s, filter.element) === filter.value);
        return filter.op === '=' ? equal : !equal;
      });
  }
}
