import { RehearseError } from '../core/errors.js';
import type { LoadMetric } from '../schema/index.js';
import { metricValue } from './latency-histograms.js';
import type { LoadMetricKind } from './thresholds.js';

/**
 * How far a second tenant may move while the first is loaded (the noisy-neighbour rehearsal),
 * against its own baseline measured first in the same command: `p95<50%` — its p95 under load at
 * most 50 % above its baseline p95 (any `pNN`, `mean`, `max`); `error_rate<1%` — its error rate
 * under load at most 1 percentage point above its baseline's.
 */
export interface ShiftThreshold {
  text: string;
  metric: LoadMetricKind;
  op: '<' | '<=';
  /** A ratio: 0.5 = 50 % above the baseline (latency), 0.01 = one point more (error rate). */
  value: number;
}

const SHIFT = /^\s*(p\d{1,2}(?:\.\d+)?|mean|max|error_rate)\s*(<=|<)\s*(\d+(?:\.\d+)?)\s*%\s*$/;

/**
 * Parses `--max-shift` texts.
 *
 * @throws RehearseError `REHEARSE_INVALID_FLAG` for anything else.
 */
export function parseShiftThreshold(text: string): ShiftThreshold {
  const match = SHIFT.exec(text);
  if (!match)
    throw new RehearseError(
      'REHEARSE_INVALID_FLAG',
      `Failed to read --max-shift "${text}": expected <metric><percent, the metric one of p50 … p99.9, mean, max, error_rate.`,
      {
        hint: 'p95<50% lets the neighbour’s p95 grow by half at most; error_rate<1% lets its error rate grow by one point.',
      },
    );
  const [, metricText, op, percent] = match as unknown as [string, string, ShiftThreshold['op'], string];
  const metric: ShiftThreshold['metric'] =
    metricText === 'error_rate'
      ? { kind: 'error_rate' }
      : metricText === 'mean'
        ? { kind: 'mean' }
        : metricText === 'max'
          ? { kind: 'max' }
          : { kind: 'percentile', percentile: Number(metricText.slice(1)) };
  if (metric.kind === 'percentile' && !(metric.percentile > 0 && metric.percentile < 100))
    throw new RehearseError(
      'REHEARSE_INVALID_FLAG',
      `Failed to read --max-shift "${text}": ${metricText} is not a percentile.`,
    );
  return { text: text.trim(), metric, op, value: Number(percent) / 100 };
}

/** A shift judged on the scenario that moved most: its baseline, its value under load, the shift. */
export interface ShiftVerdict {
  threshold: string;
  /** The neighbour's scenario the verdict is about (the one with the largest shift). */
  scenario?: string;
  baseline?: number;
  underLoad?: number;
  /** Latency: underLoad / baseline − 1; error rate: underLoad − baseline. */
  shift?: number;
  /** Scenarios measured both alone and under load, which the verdict compared. */
  compared: number;
  passed: boolean;
}

/** A neighbour scenario's runs alone and under load. */
export interface NeighbourScenarioMetrics {
  baseline: LoadMetric;
  underLoad: LoadMetric;
}

/**
 * Judges one shift threshold scenario by scenario — each of the neighbour's scenarios against its
 * own baseline, since their lengths differ and pooling them would compare mixes, not load — on
 * the scenarios measured both alone and under load; the largest shift decides. None compared
 * fails it: an unjudged criterion is not a pass.
 */
export function judgeShift(
  threshold: ShiftThreshold,
  scenarios: Readonly<Record<string, NeighbourScenarioMetrics>>,
): ShiftVerdict {
  let worst: (Omit<ShiftVerdict, 'threshold' | 'compared' | 'passed'> & { shift: number }) | undefined;
  let compared = 0;
  for (const [scenario, metrics] of Object.entries(scenarios)) {
    const before = metricValue(metrics.baseline, threshold.metric);
    const during = metricValue(metrics.underLoad, threshold.metric);
    if (before === undefined || during === undefined) continue;
    compared += 1;
    const shift = threshold.metric.kind === 'error_rate' ? during - before : before > 0 ? during / before - 1 : 0;
    if (!worst || shift > worst.shift) worst = { scenario, baseline: before, underLoad: during, shift };
  }
  if (!worst) return { threshold: threshold.text, compared, passed: false };
  const passed = threshold.op === '<' ? worst.shift < threshold.value : worst.shift <= threshold.value;
  return { threshold: threshold.text, ...worst, compared, passed };
}
