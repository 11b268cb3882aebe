/** An instant read from an ISO 8601 text: whole seconds since 1970 (UTC) and the fraction's digits. */
export interface IsoInstant {
  /** Seconds since 1970-01-01T00:00:00Z, whole (the offset already applied). */
  seconds: number;
  /** Digits of the fraction of a second, without trailing zeros ("5" for .500, "" for none). */
  fraction: string;
}

// YYYY-MM-DD, then optionally [T or space]hh:mm[:ss[.fff…]][Z or ±hh[:mm] or ±hhmm].
const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,12}))?)?\s?([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Reads an ISO 8601 date or date-time (RFC 3339's profile and the common variants servers send:
 * a space for the `T`, no seconds, any number of fraction digits up to 12, `Z`, `+05:45`, `+0545`
 * or `+05`). A date-time without an offset is UTC, whatever the machine's time zone (`TZ`); a date
 * alone is its midnight, UTC. Returns undefined for any other text, or a date that does not exist
 * (`2026-02-30`, hour 24).
 *
 * @example
 * parseIsoInstant('2026-11-30T10:00:05.5+01:00') // { seconds: 1796029205, fraction: '5' }
 */
export function parseIsoInstant(text: string): IsoInstant | undefined {
  if (text.length > 64) return undefined;
  const m = ISO_8601.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((v) => Number(v ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1]!) return undefined;
  if (month === 2 && day === 29 && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0))) return undefined;
  // 60 is a leap second (RFC 3339 §5.6); as POSIX time does, it reads as the next second.
  if (hour > 23 || minute > 59 || second > 60) return undefined;
  const offsetMinutes = readOffset(m[8]);
  if (offsetMinutes === undefined) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // not Date.UTC: it reads years below 100 as 19xx
  const seconds = date.getTime() / 1000 + hour * 3600 + minute * 60 + second - offsetMinutes * 60;
  return { seconds, fraction: (m[7] ?? '').replace(/0+$/, '') };
}

function readOffset(text: string | undefined): number | undefined {
  if (text === undefined || text === 'Z' || text === 'z') return 0;
  const digits = text.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (digits.length !== 2 && digits.length !== 4) return undefined;
  if (hours > 23 || minutes > 59) return undefined;
  return (text[0] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

/**
 * Orders two ISO 8601 texts as instants: -1, 0 or 1, or undefined when either is not an ISO
 * date or date-time (see `parseIsoInstant`). Offsets are applied and fractions compared digit by
 * digit, so `09:30:00Z` is before `09:30:00.500Z`, `10:00:05+01:00` is `09:00:05Z`, `Z` equals
 * `+00:00`, and `.5` equals `.500000`; microseconds and nanoseconds count.
 *
 * @example
 * compareIsoInstants('2026-11-30T09:30:00Z', '2026-11-30T09:30:00.500Z') // -1
 */
export function compareIsoInstants(a: string, b: string): -1 | 0 | 1 | undefined {
  const x = parseIsoInstant(a);
  const y = parseIsoInstant(b);
  if (!x || !y) return undefined;
  if (x.seconds !== y.seconds) return x.seconds < y.seconds ? -1 : 1;
  const width = Math.max(x.fraction.length, y.fraction.length);
  const fx = x.fraction.padEnd(width, '0');
  const fy = y.fraction.padEnd(width, '0');
  return fx === fy ? 0 : fx < fy ? -1 : 1;
}

/**
 * The instant as a `Date` (millisecond precision: finer digits are cut, not rounded, so an
 * instant never moves forward).
 */
export function isoInstantToDate(instant: IsoInstant): Date {
  return new Date(instant.seconds * 1000 + Number(instant.fraction.padEnd(3, '0').slice(0, 3)));
}
