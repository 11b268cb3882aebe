import { parseDuration } from '../core/duration.js';
import type { DrillThresholdName, DrillThresholdValue } from '../schema/index.js';

/** How a drill figure is compared: a duration, a count, or a ratio to the baseline. */
export type DrillThresholdUnit = 'duration' | 'count' | 'ratio';

/**
 * A drill threshold as data: `downtime: '< 30s'` is `{ figure: 'downtime', op: '<', limit: 30000,
 * unit: 'duration' }` (durations in ms, ratios as a factor: `'< 2x'` → 2, `'< 150%'` → 1.5).
 */
export interface DrillThreshold {
  figure: DrillThresholdName;
  text: string;
  op: '<' | '<=' | '>' | '>=' | '==';
  limit: number;
  unit: DrillThresholdUnit;
}

/** The unit each figure is measured in. */
export const DRILL_FIGURE_UNITS: Readonly<Record<DrillThresholdName, DrillThresholdUnit>> = {
  downtime: 'duration',
  rto: 'duration',
  rpo: 'duration',
  lost: 'count',
  changed: 'count',
  duplicated: 'count',
  failed: 'count',
  'latencyShift.p50': 'ratio',
  'latencyShift.p95': 'ratio',
  'latencyShift.p99': 'ratio',
  'jobs.unfinished': 'count',
  'jobs.duplicated': 'count',
  'jobs.lost': 'count',
};

/**
 * How to write a threshold of `figure`, for the hint of an error at it.
 *
 * @example
 * thresholdHint('rto'); // 'rto is a duration with its unit (ms, s, m or h), e.g. rto: "< 2m".'
 */
export function thresholdHint(figure: DrillThresholdName): string {
  switch (DRILL_FIGURE_UNITS[figure]) {
    case 'duration':
      return `${figure} is a duration with its unit (ms, s, m or h), e.g. ${figure}: "< 2m".`;
    case 'ratio':
      return `${figure} is a ratio to the baseline, e.g. ${figure}: "< 2x" or "< 150%".`;
    case 'count':
      return `${figure} is a count: a whole number is at most that (${figure}: 0), or compare: ${figure}: "< 3".`;
  }
}

const FORM = /^\s*(<=|>=|==|<|>)?\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|x|%)?\s*$/;

/**
 * Reads one threshold of a drill file. A bare number is `<=` that number (`lost: 0`); a
 * duration needs its unit (`30s`), a ratio `x` or `%`, a count none.
 * Returns the reason as text when `value` does not fit the figure's unit.
 *
 * @example
 * parseDrillThreshold('rto', '< 2m'); // { figure: 'rto', op: '<', limit: 120000, unit: 'duration', text: 'rto < 2m' }
 */
export function parseDrillThreshold(figure: DrillThresholdName, value: DrillThresholdValue): DrillThreshold | string {
  const unit = DRILL_FIGURE_UNITS[figure];
  const match = FORM.exec(String(value));
  if (!match) return `"${value}" is no comparison`;
  const op = (match[1] ?? '<=') as DrillThreshold['op'];
  const number = Number(match[2]);
  const suffix = match[3];
  const text = `${figure} ${op} ${String(value).replace(/^\s*(<=|>=|==|<|>)\s*/, '')}`;
  if (unit === 'duration') {
    if (!suffix || suffix === 'x' || suffix === '%')
      return `${figure} is a duration: write it with a unit, e.g. "< 30s"`;
    return { figure, text, op, limit: parseDuration(`${match[2]}${suffix}`) ?? number, unit };
  }
  if (unit === 'ratio') {
    if (suffix === 'x') return { figure, text, op, limit: number, unit };
    if (suffix === '%') return { figure, text, op, limit: number / 100, unit };
    return `${figure} is a ratio to the baseline: write "< 2x" or "< 150%"`;
  }
  if (suffix) return `${figure} is a count: write a number such as 0 or "< 3"`;
  if (!Number.isInteger(number)) return `${figure} is a count: a whole number`;
  return { figure, text, op, limit: number, unit };
}
