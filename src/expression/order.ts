import { compareDecimal, type DecimalInput } from '../core/decimal-arithmetic.js';
import { compareIsoInstants } from '../core/iso-instant.js';
import { stringifyJson } from '../core/stringify-json.js';
import { ExpressionError } from './expression-error.js';

/**
 * An operand of arithmetic or ordering: a number, a bigint, a boolean (1 or 0), or a numeric string
 * kept as its text (exact). Throws `REHEARSE_EXPR_TYPE` naming `operator` for anything else.
 */
export function toNumber(value: unknown, operator: string, offset: number): DecimalInput {
  if (typeof value === 'number' || typeof value === 'bigint') return value;
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  throw new ExpressionError('REHEARSE_EXPR_TYPE', `"${operator}" needs numbers, got ${stringifyJson(value)}.`, {
    offset,
  });
}

/**
 * The order of two values as `<` sees it: -1, 0 or 1 (NaN when a number is NaN). Two ISO 8601
 * timestamps compare as instants (whatever their offsets and precision, as the gt/gte/lt/lte
 * matchers do), two other strings as text (by UTF-16 code units), anything else as exact numbers
 * (`REHEARSE_EXPR_TYPE` when one is not a number). `sort`, `min` and `max` order by it too.
 */
export function compareValues(a: unknown, b: unknown, operator: string, offset: number): number {
  if (typeof a === 'string' && typeof b === 'string') return compareIsoInstants(a, b) ?? (a < b ? -1 : a > b ? 1 : 0);
  // Plain doubles need no decimal: a sort of many numbers stays fast.
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : a === b ? 0 : NaN;
  return compareDecimal(toNumber(a, operator, offset), toNumber(b, operator, offset));
}
