import { codePointLength } from '../core/code-point-length.js';
import { compareDecimal, decimalSum, roundHalfUp, type DecimalInput } from '../core/decimal-arithmetic.js';
import { stringifyJson } from '../core/stringify-json.js';
import { ExpressionError } from './expression-error.js';
import { percentEncode } from '../core/percent-encode.js';
import { builtin, type Builtin } from './builtin.js';

const typeError = (message: string, offset: number) => new ExpressionError('REHEARSE_EXPR_TYPE', message, { offset });

const show = (value: unknown) => stringifyJson(value) ?? 'undefined';

function num(value: unknown, fn: string, offset: number): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n === 'bigint') return Number(n);
  if (typeof n !== 'number' || Number.isNaN(n)) throw typeError(`${fn}() needs a number, got ${show(value)}.`, offset);
  return n;
}

/** A number as its exact decimal reading: a bigint or a numeric text keeps every digit. */
function exact(value: unknown, fn: string, offset: number): DecimalInput {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return value;
  return num(value, fn, offset);
}

/** A bigint, or the text of a whole number beyond 2^53, as a bigint with all its digits. */
function bigInteger(value: unknown): bigint | undefined {
  if (typeof value === 'bigint') return value;
  if (typeof value !== 'string' || !/^\s*-?\d+\s*$/.test(value)) return undefined;
  return Number.isSafeInteger(Number(value)) ? undefined : BigInt(value.trim());
}

function list(value: unknown, fn: string, offset: number): unknown[] {
  if (!Array.isArray(value)) throw typeError(`${fn}() needs a list, got ${show(value)}.`, offset);
  return value;
}

function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? (stringifyJson(value) ?? '') : String(value);
}

/** The smallest (sign -1) or largest (sign 1) of numbers, compared exactly; the item itself is returned. */
function extreme(args: unknown[], fn: string, offset: number, sign: -1 | 1): unknown {
  const items = (args.length === 1 && Array.isArray(args[0]) ? args[0] : args).map((a) => exact(a, fn, offset));
  if (items.length === 0) return sign < 0 ? Infinity : -Infinity;
  let best = items[0]!;
  for (const item of items.slice(1)) if (compareDecimal(item, best) === sign) best = item;
  return typeof best === 'string' ? Number(best) : best;
}

/** Plain functions: `len(x)`, `upper(s)`, `round(x, 2)`, ... */
export const FUNCTIONS: Readonly<Record<string, Builtin>> = Object.fromEntries(
  [
    builtin('len', ([v], o) => {
      // Characters as JSON Schema's maxLength counts them (code points): len("😀") is 1.
      if (typeof v === 'string') return codePointLength(v);
      if (Array.isArray(v)) return v.length;
      if (v && typeof v === 'object') return Object.keys(v).length;
      throw typeError(`len() needs a string, list or object, got ${show(v)}.`, o);
    }),
    builtin('upper', ([v]) => text(v).toUpperCase()),
    builtin('lower', ([v]) => text(v).toLowerCase()),
    builtin('trim', ([v]) => text(v).trim()),
    builtin('str', ([v]) => text(v)),
    builtin('num', ([v], o) => bigInteger(v) ?? num(v, 'num', o)),
    builtin('int', ([v], o) => bigInteger(v) ?? Math.trunc(num(v, 'int', o))),
    builtin('round', ([v, digits], o) => {
      const places = digits === undefined ? 0 : num(digits, 'round', o);
      if (!Number.isInteger(places) || Math.abs(places) > 100)
        throw typeError(`round() needs a whole number of digits from -100 to 100, got ${show(digits)}.`, o);
      // Half up on the decimal value: round(1.005, 2) is 1.01 (1.005 * 100 is 100.49999… as a double).
      return roundHalfUp(exact(v, 'round', o), places);
    }),
    builtin('floor', ([v], o) => Math.floor(num(v, 'floor', o))),
    builtin('ceil', ([v], o) => Math.ceil(num(v, 'ceil', o))),
    builtin('abs', ([v], o) => (typeof v === 'bigint' ? (v < 0n ? -v : v) : Math.abs(num(v, 'abs', o)))),
    builtin('min', (args, o) => extreme(args, 'min', o, -1)),
    builtin('max', (args, o) => extreme(args, 'max', o, 1)),
    // Exact decimal sum: sum([0.1, 0.2]) is 0.3; big integers keep their digits.
    builtin('sum', ([v], o) => decimalSum(list(v, 'sum', o).map((x) => exact(x, 'sum', o)))),
    builtin('json', ([v]) => stringifyJson(v)),
    builtin('concat', (args) => (args.every(Array.isArray) ? (args as unknown[][]).flat() : args.map(text).join(''))),
    builtin('join', ([v, sep], o) =>
      list(v, 'join', o)
        .map(text)
        .join(sep === undefined ? ',' : text(sep)),
    ),
    builtin('padStart', ([v, n, ch], o) => text(v).padStart(num(n, 'padStart', o), ch === undefined ? ' ' : text(ch))),
    builtin('keys', ([v]) => (v && typeof v === 'object' ? Object.keys(v) : [])),
    builtin('contains', ([haystack, needle]) =>
      typeof haystack === 'string'
        ? haystack.includes(text(needle))
        : Array.isArray(haystack)
          ? haystack.some((x) => stringifyJson(x) === stringifyJson(needle))
          : false,
    ),
    // In a URL, `{{ x }}` is percent-encoded for its place; `{{ raw(x) }}` goes in as written, and
    // `{{ urlEncode(x) }}` is not encoded twice (see src/engine/render-url.ts). Elsewhere: text.
    builtin('raw', ([v]) => text(v)),
    builtin('urlEncode', ([v]) => percentEncode(text(v))),
  ].map((f) => [f.name, f]),
);
