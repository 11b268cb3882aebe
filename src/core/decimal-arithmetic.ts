import { Decimal } from 'decimal.js';

/**
 * Decimals for arithmetic: 50 significant digits (a 64-bit id has 20), ties rounded half up, away
 * from zero, as invoices and Java's `RoundingMode.HALF_UP` do. A clone, so that no other user of
 * decimal.js in the process sees these settings.
 */
const Exact = Decimal.clone({ precision: 50, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -50, toExpPos: 50 });
type Exact = InstanceType<typeof Exact>;

/** The operators `decimalArithmetic` computes. */
export type DecimalOperator = '+' | '-' | '*' | '/' | '%';

/** A value that has a decimal reading: a number, a bigint, or the text of a number. */
export type DecimalInput = number | bigint | string;

/**
 * The decimal value of a number: the shortest decimal text that reads back as the same double,
 * which is the number as the user wrote it and as it prints (`0.1`, not 0.1000000000000000055…).
 * Throws a `DecimalError` for text that is not a number.
 */
function decimalOf(value: DecimalInput): Exact {
  if (typeof value === 'bigint') return new Exact(value.toString());
  if (typeof value === 'number') return new Exact(value);
  const text = value.trim();
  // decimal.js also reads 0x/0b/0o prefixes, as Number() does; an empty text is no number.
  if (text === '') throw new DecimalError(`"${value}" is not a number`);
  try {
    return new Exact(text);
  } catch {
    throw new DecimalError(`"${value}" is not a number`);
  }
}

/** A value that is not a number where a decimal was needed (the caller names the function). */
export class DecimalError extends Error {
  override name = 'DecimalError';
}

/** Whole numbers from 2^53 up to this bound come back as a `bigint`; past it, as doubles (1e300). */
const BIGINT_BOUND = new Exact(10).pow(50);

/**
 * Back to a JavaScript value: a whole number beyond 2^53 (and below 10^50, the precision) as a
 * `bigint`, so it keeps its digits; anything else as the nearest double.
 */
function toValue(decimal: Exact): number | bigint {
  const size = decimal.abs();
  if (decimal.isInteger() && size.gt(Number.MAX_SAFE_INTEGER) && size.lt(BIGINT_BOUND))
    return BigInt(decimal.toFixed(0));
  return decimal.toNumber();
}

/**
 * `a <op> b` on the decimal values of `a` and `b`, so `0.1 + 0.2` is `0.3` and `1.1 * 3` is `3.3`
 * (IEEE 754 doubles give 0.30000000000000004 and 3.3000000000000003). The result is rounded to 50
 * significant digits, then returned as a double, or as a `bigint` when it is a whole number beyond
 * 2^53 (`9007199254740993n + 1` → `9007199254740994n`). `%` keeps the sign of `a`, as JavaScript's
 * does. Division by zero gives ±Infinity or NaN, as doubles do: callers that refuse it check first.
 *
 * @example
 * decimalArithmetic('+', 0.1, 0.2) // 0.3
 */
export function decimalArithmetic(operator: DecimalOperator, a: DecimalInput, b: DecimalInput): number | bigint {
  const x = decimalOf(a);
  const y = decimalOf(b);
  switch (operator) {
    case '+':
      return toValue(x.plus(y));
    case '-':
      return toValue(x.minus(y));
    case '*':
      return toValue(x.times(y));
    case '/':
      return toValue(x.div(y));
    default:
      return toValue(x.mod(y));
  }
}

/** The negation of a number, exact for a bigint. */
export function decimalNegate(a: DecimalInput): number | bigint {
  return toValue(decimalOf(a).neg());
}

/**
 * The exact decimal sum of the values (an empty list sums to 0): `decimalSum([0.1, 0.2])` is 0.3.
 * Throws a `DecimalError` for a value that is not a number.
 */
export function decimalSum(values: Iterable<DecimalInput>): number | bigint {
  let total = new Exact(0);
  for (const value of values) total = total.plus(decimalOf(value));
  return toValue(total);
}

/**
 * `value` rounded to `digits` decimals (negative: to tens, hundreds, ...), half up on its decimal
 * value: `roundHalfUp(1.005, 2)` is 1.01 and `roundHalfUp(2.5)` is 3, where
 * `Math.round(1.005 * 100) / 100` gives 1 (1.005 is 1.00499999999999989… as a double). Ties of
 * negative values round away from zero (-2.5 → -3), as `RoundingMode.HALF_UP` does.
 * Throws a `DecimalError` when `digits` is not a whole number from -100 to 100.
 */
export function roundHalfUp(value: DecimalInput, digits = 0): number | bigint {
  if (!Number.isInteger(digits) || Math.abs(digits) > 100)
    throw new DecimalError(`the number of digits must be a whole number from -100 to 100, got ${digits}`);
  const decimal = decimalOf(value);
  if (digits >= 0) return toValue(decimal.toDecimalPlaces(digits, Decimal.ROUND_HALF_UP));
  const unit = new Exact(10).pow(-digits);
  return toValue(decimal.div(unit).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).times(unit));
}

/**
 * Compares the decimal values of two numbers exactly (a bigint with a double too):
 * -1, 0 or 1; NaN when either is NaN.
 */
export function compareDecimal(a: DecimalInput, b: DecimalInput): number {
  return decimalOf(a).comparedTo(decimalOf(b));
}
