import { ExpressionError } from './expression-error.js';
import { percentEncode } from '../core/percent-encode.js';
import { builtin, type Builtin } from './builtin.js';

const typeError = (message: string, offset: number) => new ExpressionError('REHEARSE_EXPR_TYPE', message, { offset });

function num(value: unknown, fn: string, offset: number): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || Number.isNaN(n))
    throw typeError(`${fn}() needs a number, got ${JSON.stringify(value)}.`, offset);
  return n;
}

function list(value: unknown, fn: string, offset: number): unknown[] {
  if (!Array.isArray(value)) throw typeError(`${fn}() needs a list, got ${JSON.stringify(value)}.`, offset);
  return value;
}

function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** Plain functions: `len(x)`, `upper(s)`, `round(x, 2)`, ... */
export const FUNCTIONS: Readonly<Record<string, Builtin>> = Object.fromEntries(
  [
    builtin('len', ([v], o) => {
      if (typeof v === 'string' || Array.isArray(v)) return v.length;
      if (v && typeof v === 'object') return Object.keys(v).length;
      throw typeError(`len() needs a string, list or object, got ${JSON.stringify(v)}.`, o);
    }),
    builtin('upper', ([v]) => text(v).toUpperCase()),
    builtin('lower', ([v]) => text(v).toLowerCase()),
    builtin('trim', ([v]) => text(v).trim()),
    builtin('str', ([v]) => text(v)),
    builtin('num', ([v], o) => num(v, 'num', o)),
    builtin('int', ([v], o) => Math.trunc(num(v, 'int', o))),
    builtin('round', ([v, digits], o) => {
      const factor = 10 ** (digits === undefined ? 0 : num(digits, 'round', o));
      return Math.round(num(v, 'round', o) * factor) / factor;
    }),
    builtin('floor', ([v], o) => Math.floor(num(v, 'floor', o))),
    builtin('ceil', ([v], o) => Math.ceil(num(v, 'ceil', o))),
    builtin('abs', ([v], o) => Math.abs(num(v, 'abs', o))),
    builtin('min', (args, o) =>
      Math.min(...(args.length === 1 && Array.isArray(args[0]) ? args[0] : args).map((a) => num(a, 'min', o))),
    ),
    builtin('max', (args, o) =>
      Math.max(...(args.length === 1 && Array.isArray(args[0]) ? args[0] : args).map((a) => num(a, 'max', o))),
    ),
    builtin('sum', ([v], o) => list(v, 'sum', o).reduce<number>((acc, x) => acc + num(x, 'sum', o), 0)),
    builtin('json', ([v]) => JSON.stringify(v)),
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
          ? haystack.some((x) => JSON.stringify(x) === JSON.stringify(needle))
          : false,
    ),
    // In a URL, `{{ x }}` is percent-encoded for its place; `{{ raw(x) }}` goes in as written, and
    // `{{ urlEncode(x) }}` is not encoded twice (see src/engine/render-url.ts). Elsewhere: text.
    builtin('raw', ([v]) => text(v)),
    builtin('urlEncode', ([v]) => percentEncode(text(v))),
  ].map((f) => [f.name, f]),
);
