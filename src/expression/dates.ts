import { isoInstantToDate, parseIsoInstant } from '../core/iso-instant.js';
import { stringifyJson } from '../core/stringify-json.js';
import { ExpressionError } from './expression-error.js';
import { builtin, type Namespace } from './builtin.js';

const UNIT_MS: Record<string, number> = {
  minutes: 60_000,
  minute: 60_000,
  hours: 3_600_000,
  hour: 3_600_000,
  days: 86_400_000,
  day: 86_400_000,
  weeks: 604_800_000,
  week: 604_800_000,
};

/** An HTTP date (RFC 9110 §5.6.7, "Sun, 06 Nov 1994 08:49:37 GMT") names its zone. */
const HTTP_DATE = /^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/**
 * A date from an ISO 8601 text (a date-time without an offset is UTC, whatever the machine's `TZ`:
 * `new Date("2026-11-30T10:00:00")` would read it as local time), an HTTP date, or milliseconds
 * since 1970. Anything else, which `Date` would guess at in the local zone, is an error.
 */
function toDate(value: unknown, offset: number): Date {
  let date: Date | undefined;
  if (value instanceof Date) date = value;
  else if (typeof value === 'number') date = new Date(value);
  else if (typeof value === 'string') {
    const instant = parseIsoInstant(value.trim());
    date = instant ? isoInstantToDate(instant) : HTTP_DATE.test(value.trim()) ? new Date(value) : undefined;
  }
  if (!date || Number.isNaN(date.getTime())) {
    throw new ExpressionError('REHEARSE_EXPR_TYPE', `Expected a date (ISO string), got ${stringifyJson(value)}.`, {
      offset,
      hint: 'Use now(), today() or an ISO 8601 date such as "2026-11-22" or "2026-11-22T10:00:00+01:00" (no offset means UTC).',
    });
  }
  return date;
}

function shift(value: unknown, amount: unknown, unit: unknown, sign: 1 | -1, offset: number): string {
  const unitName = String(unit ?? 'days');
  const ms = Object.prototype.hasOwnProperty.call(UNIT_MS, unitName) ? UNIT_MS[unitName] : undefined;
  if (ms === undefined)
    throw new ExpressionError('REHEARSE_EXPR_TYPE', `Unknown date unit ${stringifyJson(unit)}.`, {
      offset,
      hint: 'Use "days", "hours", "minutes" or "weeks".',
    });
  if (typeof amount !== 'number')
    throw new ExpressionError('REHEARSE_EXPR_TYPE', `Expected a number of ${unitName}, got ${stringifyJson(amount)}.`, {
      offset,
    });
  return new Date(toDate(value, offset).getTime() + sign * amount * ms).toISOString();
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Formats with tokens YYYY, YY, MM, DD, HH, mm, ss (UTC), or "iso". */
export function formatDate(date: Date, pattern: string): string {
  if (pattern === 'iso') return date.toISOString();
  return pattern.replace(/YYYY|YY|MM|DD|HH|mm|ss/g, (token) => {
    switch (token) {
      case 'YYYY':
        return String(date.getUTCFullYear());
      case 'YY':
        return pad(date.getUTCFullYear() % 100);
      case 'MM':
        return pad(date.getUTCMonth() + 1);
      case 'DD':
        return pad(date.getUTCDate());
      case 'HH':
        return pad(date.getUTCHours());
      case 'mm':
        return pad(date.getUTCMinutes());
      default:
        return pad(date.getUTCSeconds());
    }
  });
}

/**
 * Date functions. Dates are ISO strings (UTC) so they print and compare
 * predictably: `date.plus(now(), 3, 'days')`, `date.format(today(), 'YYYYMMDD')`.
 */
export function dateFunctions(now: () => Date): {
  now: ReturnType<typeof builtin>;
  today: ReturnType<typeof builtin>;
  date: Namespace;
} {
  return {
    now: builtin('now', () => now().toISOString()),
    today: builtin('today', () => now().toISOString().slice(0, 10)),
    date: {
      plus: builtin('date.plus', ([d, n, unit], o) => shift(d, n, unit, 1, o)),
      minus: builtin('date.minus', ([d, n, unit], o) => shift(d, n, unit, -1, o)),
      format: builtin('date.format', ([d, pattern], o) => formatDate(toDate(d, o), String(pattern ?? 'iso'))),
      parse: builtin('date.parse', ([d], o) => toDate(d, o).toISOString()),
    },
  };
}
