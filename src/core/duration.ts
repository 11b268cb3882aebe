/** Milliseconds per duration unit. */
export const DURATION_UNITS_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** A duration's amount (group 1) and unit (group 2), as a RegExp source. */
export const DURATION_CAPTURE = '^\\s*(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)\\s*$';
const DURATION_CAPTURE_RE = new RegExp(DURATION_CAPTURE);

/** The pattern a duration string must match; shared with the JSON Schemas. */
export const DURATION_PATTERN = '^\\s*\\d+(\\.\\d+)?\\s*(ms|s|m|h)\\s*$';

/**
 * The longest delay a Node.js timer can hold: 2^31-1 ms (about 24.8 days). A longer
 * `setTimeout` fires at once (Node warns `TimeoutOverflowWarning`), so a longer duration
 * would silently mean "now". Source: Node.js `setTimeout` documentation.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * JSON Schema keyword (understood by `createAjv`, ignored by editors) that bounds a
 * duration string in milliseconds: `{ type: 'string', pattern: DURATION_PATTERN, durationMaxMs: MAX_TIMER_MS }`.
 */
export const DURATION_MAX_KEYWORD = 'durationMaxMs';

/**
 * Parses "800ms", "30s", "1.5m", "2h" (or a plain number of milliseconds).
 * Returns undefined when the text is not a duration.
 *
 * @example
 * parseDuration('1.5s') // 1500
 */
export function parseDuration(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  const match = DURATION_CAPTURE_RE.exec(value);
  if (!match) return undefined;
  return Math.round(Number(match[1]) * DURATION_UNITS_MS[match[2]!]!);
}

/**
 * A hint for a string that is almost a duration: a unit Rehearse does not take (`30d`,
 * `5min`, `2sec`) converted to one it does, or undefined.
 *
 * @example
 * durationUnitHint('2d') // 'Durations take ms, s, m or h: write 48h.'
 */
export function durationUnitHint(value: string): string | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([A-Za-z]+)\s*$/.exec(value);
  if (!match) return undefined;
  const amount = Number(match[1]);
  const unit = match[2]!.toLowerCase();
  const into: Record<string, [number, string]> = {
    d: [24, 'h'],
    day: [24, 'h'],
    days: [24, 'h'],
    w: [168, 'h'],
    week: [168, 'h'],
    weeks: [168, 'h'],
    hr: [1, 'h'],
    hrs: [1, 'h'],
    hour: [1, 'h'],
    hours: [1, 'h'],
    min: [1, 'm'],
    mins: [1, 'm'],
    minute: [1, 'm'],
    minutes: [1, 'm'],
    sec: [1, 's'],
    secs: [1, 's'],
    second: [1, 's'],
    seconds: [1, 's'],
    msec: [1, 'ms'],
    millis: [1, 'ms'],
  };
  const conversion = into[unit];
  if (!conversion) return undefined;
  return `Durations take ms, s, m or h: write ${formatNumber(amount * conversion[0])}${conversion[1]}.`;
}

function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toFixed(3)));
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)}s`;
  return `${Math.floor(ms / 60_000)}m${Math.round((ms % 60_000) / 1000)}s`;
}
