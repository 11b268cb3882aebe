import type { DecimalInput } from '../core/decimal-arithmetic.js';
import { stringifyJson } from '../core/stringify-json.js';
import { isLambda, type Lambda } from './builtin.js';
import { ExpressionError } from './expression-error.js';

/** Reading a function's arguments: each helper names the function in its `REHEARSE_EXPR_TYPE`. */
export const typeError = (message: string, offset: number) =>
  new ExpressionError('REHEARSE_EXPR_TYPE', message, { offset });

/** A value as JSON in a message (`undefined` for nothing). */
export const show = (value: unknown) => stringifyJson(value) ?? 'undefined';

/** A number (a numeric text and a bigint as doubles), or a type error naming `fn`. */
export function num(value: unknown, fn: string, offset: number): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n === 'bigint') return Number(n);
  if (typeof n !== 'number' || Number.isNaN(n)) throw typeError(`${fn}() needs a number, got ${show(value)}.`, offset);
  return n;
}

/** A number as its exact decimal reading: a bigint or a numeric text keeps every digit. */
export function exact(value: unknown, fn: string, offset: number): DecimalInput {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return value;
  return num(value, fn, offset);
}

/** A list, or a type error naming `fn`. */
export function list(value: unknown, fn: string, offset: number): unknown[] {
  if (!Array.isArray(value)) throw typeError(`${fn}() needs a list, got ${show(value)}.`, offset);
  return value;
}

/** The lambda argument, if one was passed (the signature put it at its place). */
export const lambdaArg = (value: unknown): Lambda | undefined => (isLambda(value) ? value : undefined);
