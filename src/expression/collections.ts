import { compareDecimal, decimalSum, type DecimalInput } from '../core/decimal-arithmetic.js';
import { nearestRank } from '../core/nearest-rank.js';
import { exact, lambdaArg, list, show, typeError } from './argument-values.js';
import { builtin, type Builtin, type Lambda } from './builtin.js';
import { ExpressionError } from './expression-error.js';
import { compareValues } from './order.js';
import { truthy } from './truthy.js';

/** Each item through the lambda, or the items themselves without one. */
function through(items: readonly unknown[], lambda: Lambda | undefined): unknown[] {
  return lambda ? items.map((item, i) => lambda.call(item, i)) : [...items];
}

const numeric = (v: unknown) =>
  typeof v === 'number' ||
  typeof v === 'bigint' ||
  (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)));

/** `<`'s order, with a message that names the function and the two values it could not order. */
function order(a: unknown, b: unknown, fn: string, offset: number): number {
  try {
    const sign = compareValues(a, b, fn, offset);
    return Number.isNaN(sign) ? 0 : sign;
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    throw typeError(
      `${fn}() cannot order ${show(a)} and ${show(b)}: it orders numbers with numbers and strings with strings.`,
      offset,
    );
  }
}

/**
 * min/max: the smallest (sign -1) or largest (sign 1) value. Numbers (and numeric text) compare
 * exactly, as before; strings that are not numbers compare as `<` does (timestamps as instants).
 * An empty list gives Infinity (min) or -Infinity (max), as it always has.
 */
function extreme(args: unknown[], fn: string, offset: number, sign: -1 | 1): unknown {
  const lambda = lambdaArg(args[1]);
  const items = lambda
    ? through(list(args[0], fn, offset), lambda)
    : args.length === 1 && Array.isArray(args[0])
      ? args[0]
      : args;
  if (items.length === 0) return sign < 0 ? Infinity : -Infinity;
  if (items.every((v) => typeof v === 'string' && !numeric(v))) {
    let best = items[0];
    for (const item of items.slice(1)) if (order(item, best, fn, offset) === sign) best = item;
    return best;
  }
  const values = items.map((v) => exact(v, fn, offset));
  let best: DecimalInput = values[0]!;
  for (const value of values.slice(1)) if (compareDecimal(value, best) === sign) best = value;
  if (typeof best !== 'string') return best;
  // A whole number beyond 2^53 given as text keeps its digits, as `num()` keeps them.
  const whole = best.trim();
  return /^-?\d+$/.test(whole) && !Number.isSafeInteger(Number(whole)) ? BigInt(whole) : Number(whole);
}

/** A text that is equal for deeply equal JSON values (keys in any order; 1 and 1n alike). */
function canonical(value: unknown): string {
  if (value === undefined) return 'u';
  if (typeof value === 'bigint') return `n${value}`;
  if (typeof value === 'number')
    return Number.isInteger(value) && !Number.isSafeInteger(value) && Number.isFinite(value)
      ? `n${BigInt(value)}`
      : `n${Object.is(value, -0) ? 0 : value}`;
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'u';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

const LIST_AND_LAMBDA = { min: 2, max: 2, lambda: { at: 1, required: true } } as const;
const OPTIONAL_LAMBDA = { at: 1, required: false } as const;

/**
 * Functions over lists, most of them with a lambda (`x => ...` or `(x, i) => ...`, see
 * docs/expressions.md "Functions"): filter, map, find, some, every, count, sum, min, max, sort,
 * unique. Raise `REHEARSE_EXPR_TYPE` for a value that is not a list (or not a number where one is
 * summed).
 */
export const COLLECTION_FUNCTIONS: readonly Builtin[] = [
  builtin('filter', ([v, f], o) => list(v, 'filter', o).filter((item, i) => truthy(lambdaArg(f)!.call(item, i))), {
    ...LIST_AND_LAMBDA,
    usage: 'filter(list, x => condition)',
  }),
  builtin('map', ([v, f], o) => through(list(v, 'map', o), lambdaArg(f)), {
    ...LIST_AND_LAMBDA,
    usage: 'map(list, x => value)',
  }),
  builtin(
    'find',
    ([v, f], o) => {
      const items = list(v, 'find', o);
      for (const [i, item] of items.entries()) if (truthy(lambdaArg(f)!.call(item, i))) return item;
      // null, not nothing: `find(...) ?? fallback` and `find(...) == null` read it.
      return null;
    },
    { ...LIST_AND_LAMBDA, usage: 'find(list, x => condition)' },
  ),
  builtin('some', ([v, f], o) => list(v, 'some', o).some((item, i) => truthy(lambdaArg(f)!.call(item, i))), {
    ...LIST_AND_LAMBDA,
    usage: 'some(list, x => condition)',
  }),
  builtin('every', ([v, f], o) => list(v, 'every', o).every((item, i) => truthy(lambdaArg(f)!.call(item, i))), {
    ...LIST_AND_LAMBDA,
    usage: 'every(list, x => condition)',
  }),
  builtin(
    'count',
    ([v, f], o) => {
      const items = list(v, 'count', o);
      const lambda = lambdaArg(f);
      if (!lambda) return items.length;
      let n = 0;
      for (const [i, item] of items.entries()) if (truthy(lambda.call(item, i))) n++;
      return n;
    },
    { min: 1, max: 2, lambda: OPTIONAL_LAMBDA, usage: 'count(list) or count(list, x => condition)' },
  ),
  // Exact decimal sum: sum([0.1, 0.2]) is 0.3; big integers keep their digits.
  builtin('sum', ([v, f], o) => decimalSum(through(list(v, 'sum', o), lambdaArg(f)).map((x) => exact(x, 'sum', o))), {
    min: 1,
    max: 2,
    lambda: OPTIONAL_LAMBDA,
    usage: 'sum(list) or sum(list, x => number)',
  }),
  builtin('min', (args, o) => extreme(args, 'min', o, -1), {
    min: 1,
    max: Infinity,
    lambda: OPTIONAL_LAMBDA,
    usage: 'min(list), min(a, b, ...) or min(list, x => value)',
  }),
  builtin('max', (args, o) => extreme(args, 'max', o, 1), {
    min: 1,
    max: Infinity,
    lambda: OPTIONAL_LAMBDA,
    usage: 'max(list), max(a, b, ...) or max(list, x => value)',
  }),
  builtin(
    'sort',
    (args, o) => {
      const items = list(args[0], 'sort', o);
      const lambda = lambdaArg(args[1]);
      const direction = lambda ? args[2] : args[1];
      if (!lambda && args.length > 2)
        throw typeError('sort() takes a key lambda second when it is given an order third.', o);
      if (direction !== undefined && direction !== 'asc' && direction !== 'desc')
        throw typeError(`sort() takes "asc" or "desc" as its order, got ${show(direction)}.`, o);
      const keys = through(items, lambda);
      const sign = direction === 'desc' ? -1 : 1;
      // Stable both ways: items with equal keys keep the order they came in.
      const indices = items.map((_, i) => i);
      indices.sort((a, b) => sign * order(keys[a], keys[b], 'sort', o) || a - b);
      return indices.map((i) => items[i]);
    },
    {
      min: 1,
      max: 3,
      lambda: OPTIONAL_LAMBDA,
      usage: 'sort(list), sort(list, "desc"), sort(list, x => key) or sort(list, x => key, "desc")',
    },
  ),
  builtin(
    'unique',
    ([v, f], o) => {
      const items = list(v, 'unique', o);
      const keys = through(items, lambdaArg(f));
      const seen = new Set<string>();
      return items.filter((_, i) => {
        const key = canonical(keys[i]);
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
    },
    { min: 1, max: 2, lambda: OPTIONAL_LAMBDA, usage: 'unique(list) or unique(list, x => key)' },
  ),
  builtin(
    'percentile',
    ([v, p], o) => {
      if (typeof p !== 'number' || !(p >= 0 && p <= 100))
        throw typeError(`percentile() takes a percentage from 0 to 100 second, got ${show(p)}.`, o);
      const values = list(v, 'percentile', o).map((x) => {
        if (typeof x === 'number' && Number.isFinite(x)) return x;
        if (numeric(x)) return Number(x);
        throw typeError(`percentile() takes a list of numbers, got ${show(x)} in it.`, o);
      });
      return (
        nearestRank(
          values.sort((a, b) => a - b),
          p,
        ) ?? null
      );
    },
    { min: 2, max: 2, usage: 'percentile(list, 95)' },
  ),
];
