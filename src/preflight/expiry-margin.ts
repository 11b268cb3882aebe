import { RehearseError } from '../core/errors.js';
import { MAX_EXPIRY_MARGIN_DAYS } from '../schema/preflight.js';

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** The default margin: a week, so a Friday run warns of what expires over the weekend and beyond. */
export const DEFAULT_EXPIRY_MARGIN = '7d';

/**
 * Reads `preflight.expiryMargin` ("7d", "48h", "90m"; days are 24 h) into ms. The schema has
 * checked its form; the bound (at most 400 days, longer than any certificate may live) is
 * checked here.
 *
 * @throws RehearseError `REHEARSE_CONFIG_INVALID` for a margin past the bound or not a duration.
 * @example
 * expiryMarginMs('7d') // 604800000
 */
export function expiryMarginMs(text: string = DEFAULT_EXPIRY_MARGIN): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$/.exec(text);
  const ms = match ? Math.round(Number(match[1]) * UNIT_MS[match[2]!]!) : Number.NaN;
  if (!Number.isFinite(ms) || ms > MAX_EXPIRY_MARGIN_DAYS * UNIT_MS.d!)
    throw new RehearseError(
      'REHEARSE_CONFIG_INVALID',
      `Failed to read preflight.expiryMargin "${text}" in rehearse.config.yaml: expected a duration of at most ${MAX_EXPIRY_MARGIN_DAYS}d, such as 7d or 48h.`,
      { hint: 'Write a number and a unit (ms, s, m, h or d), e.g. expiryMargin: 7d.' },
    );
  return ms;
}

/**
 * A span of ms as people read it: "3d 4h", "5h 12m", "40s"; negative spans as "… ago" are the caller's.
 *
 * @example
 * humanSpan(273_600_000) // '3d 4h'
 */
export function humanSpan(ms: number): string {
  const abs = Math.abs(ms);
  const d = Math.floor(abs / UNIT_MS.d!);
  const h = Math.floor((abs % UNIT_MS.d!) / UNIT_MS.h!);
  const m = Math.floor((abs % UNIT_MS.h!) / UNIT_MS.m!);
  if (d > 0) return h > 0 ? `${d}d ${h}h` : `${d}d`;
  if (h > 0) return m > 0 ? `${h}h ${m}m` : `${h}h`;
  if (m > 0) return `${m}m`;
  return `${Math.floor(abs / 1000)}s`;
}
