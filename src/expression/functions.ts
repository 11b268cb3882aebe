import { codePointLength } from '../core/code-point-length.js';
import { parseDuration } from '../core/duration.js';
import { roundHalfUp } from '../core/decimal-arithmetic.js';
import { percentEncode } from '../core/percent-encode.js';
import { stringifyJson } from '../core/stringify-json.js';
import { exact, list, num, show, typeError } from './argument-values.js';
import { builtin, type Builtin } from './builtin.js';
import { COLLECTION_FUNCTIONS } from './collections.js';

/** A bigint, or the text of a whole number beyond 2^53, as a bigint with all its digits. */
function bigInteger(value: unknown): bigint | undefined {
  if (typeof value === 'bigint') return value;
  if (typeof value !== 'string' || !/^\s*-?\d+\s*$/.test(value)) return undefined;
  return Number.isSafeInteger(Number(value)) ? undefined : BigInt(value.trim());
}

function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? (stringifyJson(value) ?? '') : String(value);
}

/** Arguments of the functions of values: [fewest, most, how to call it]. */
const VALUE_SIGNATURES: Readonly<Record<string, readonly [number, number, string]>> = {
  len: [1, 1, 'len(text, list or object)'],
  upper: [1, 1, 'upper(text)'],
  lower: [1, 1, 'lower(text)'],
  trim: [1, 1, 'trim(text)'],
  str: [1, 1, 'str(value)'],
  num: [1, 1, 'num(value)'],
  int: [1, 1, 'int(value)'],
  round: [1, 2, 'round(number, digits?)'],
  floor: [1, 1, 'floor(number)'],
  ceil: [1, 1, 'ceil(number)'],
  abs: [1, 1, 'abs(number)'],
  json: [1, 1, 'json(value)'],
  concat: [0, Infinity, 'concat(a, b, ...)'],
  join: [1, 2, 'join(list, separator?)'],
  padStart: [2, 3, 'padStart(text, length, fill?)'],
  keys: [1, 1, 'keys(object)'],
  contains: [2, 2, 'contains(text or list, value)'],
  raw: [1, 1, 'raw(value)'],
  urlEncode: [1, 1, 'urlEncode(text)'],
};

function withSignature(fn: Builtin): Builtin {
  const known = VALUE_SIGNATURES[fn.name];
  if (fn.signature || !known) return fn;
  return { ...fn, signature: { min: known[0], max: known[1], usage: known[2] } };
}

/** Plain functions: `len(x)`, `upper(s)`, `round(x, 2)`, `filter(list, x => ...)`, ... */
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
    ...COLLECTION_FUNCTIONS,
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
    // The duration grammar of timeouts and SLOs (`800ms`, `2s`, `1.5m`, `1h`): a profile's
    // `slos.order.create.p95` compared with measured milliseconds.
    builtin('ms', ([v], o) => {
      const value = typeof v === 'number' || typeof v === 'string' ? parseDuration(v) : undefined;
      if (value === undefined) throw typeError(`ms() takes a duration such as 800ms, 2s or 1m, got ${show(v)}.`, o);
      return value;
    }),
    builtin('raw', ([v]) => text(v)),
    builtin('urlEncode', ([v]) => percentEncode(text(v))),
  ].map((f) => [f.name, withSignature(f)]),
);
