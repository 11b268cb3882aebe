import { formatDuration } from '../core/duration.js';
import { isoInstantToDate, parseIsoInstant } from '../core/iso-instant.js';
import { getPath } from '../core/json-path.js';

/** What the preflight reads to prove the target's background worker alive. */
export interface HeartbeatProbe {
  /** A path joined to the base URL (or an absolute URL on an allowed host); the health path by default. */
  path: string;
  /** Where the last beat is in the JSON answer, e.g. `jobs.heartbeatAt` (a path as `expect` reads it). */
  field: string;
  /** How old the last beat may be, ms. */
  maxAgeMs: number;
}

/**
 * Judges a heartbeat answer: the field must hold an ISO 8601 instant (or epoch milliseconds) no
 * older than `maxAgeMs`. Age is measured against the target's own clock — its `Date` header
 * (RFC 9110 §6.6.1; whole seconds, so a second is allowed for it) — when it sent one, so a skewed
 * runner clock does not make a live worker look dead; else against `now`. Returns why the worker
 * looks stopped, or undefined when it beat recently.
 *
 * @example
 * heartbeatProblem({ jobs: { heartbeatAt: null } }, undefined, probe, new Date())
 * // 'jobs.heartbeatAt is null: the worker has not beaten since the target started'
 */
export function heartbeatProblem(
  body: unknown,
  dateHeader: string | undefined,
  probe: HeartbeatProbe,
  now: Date,
): string | undefined {
  const read = getPath(body, probe.field);
  if (!read.found) return `${probe.field} is not in the answer: the target says nothing of its worker's last beat`;
  if (read.value === null) return `${probe.field} is null: the worker has not beaten since the target started`;
  const beat = instantOf(read.value);
  if (beat === undefined)
    return `${probe.field} is ${JSON.stringify(read.value).slice(0, 80)}, not an ISO 8601 instant or epoch milliseconds`;
  const serverNow = dateHeader ? Date.parse(dateHeader) : Number.NaN;
  const reference = Number.isFinite(serverNow) ? serverNow + 999 : now.getTime();
  const age = reference - beat;
  if (age <= probe.maxAgeMs) return undefined;
  return `${probe.field} is ${ageText(age)} old (allowed ${ageText(probe.maxAgeMs)}): the worker looks stopped`;
}

/** Seconds to a tenth under two minutes ("2.6s", "10s"), minutes and seconds above. */
function ageText(ms: number): string {
  if (ms < 120_000) return `${(ms / 1000).toFixed(1).replace(/\.0$/, '')}s`;
  return formatDuration(Math.round(ms / 1000) * 1000);
}

function instantOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value !== 'string') return undefined;
  const instant = parseIsoInstant(value);
  return instant ? isoInstantToDate(instant).getTime() : undefined;
}
