import { parseDuration } from '../core/duration.js';
import { RehearseError } from '../core/errors.js';

/** What a threshold measures: a latency (a percentile, the max, the mean; ms) or the error rate (a ratio). */
export type LoadMetricKind =
  { kind: 'percentile'; percentile: number } | { kind: 'max' } | { kind: 'mean' } | { kind: 'error_rate' };

/**
 * A pass/fail criterion of a load run, in k6's threshold words (`p(95)<800` there,
 * `p95<800ms` here): `[<action>:]<metric><op><value>`.
 * - metric `p50`, `p90`, `p95`, `p99`, `p99.9` (any percentile), `max`, `mean` — latency, with a
 *   unit (`ms`, `s`); `error_rate` — a percentage (`1%`) or a ratio (`0.01`);
 * - without an action the metric is the iteration's (one pass of the scenario, measured from its
 *   intended start in the open model); `order.create:p95<500ms` is that action's.
 */
export interface Threshold {
  /** As written, for messages. */
  text: string;
  /** An action name, or undefined for the whole iteration. */
  action?: string;
  metric: LoadMetricKind;
  op: '<' | '<=' | '>' | '>=';
  /** ms for latency metrics, a ratio (0..1) for error_rate. */
  value: number;
}

const THRESHOLD =
  /^\s*(?:([A-Za-z_][\w.-]*)\s*:\s*)?(p\d{1,2}(?:\.\d+)?|max|mean|error_rate)\s*(<=|>=|<|>)\s*(\S+)\s*$/;

/**
 * Parses `--threshold` texts.
 *
 * @throws RehearseError `REHEARSE_INVALID_FLAG` for a text that is not a threshold, a
 *   percentile outside (0, 100), a latency without a unit, an error rate outside 0..100 %.
 */
export function parseThreshold(text: string): Threshold {
  const match = THRESHOLD.exec(text);
  const fail = (why: string, hint = 'Write it as p95<800ms, error_rate<1% or order.create:p99<2s.') =>
    new RehearseError('REHEARSE_INVALID_FLAG', `Failed to read --threshold "${text}": ${why}`, { hint });
  if (!match) throw fail('expected [action:]metric<value, the metric one of p50 … p99.9, max, mean, error_rate.');
  const [, action, metricText, op, valueText] = match as unknown as [
    string,
    string | undefined,
    string,
    Threshold['op'],
    string,
  ];
  let metric: Threshold['metric'];
  let value: number;
  if (metricText === 'error_rate') {
    metric = { kind: 'error_rate' };
    const percent = /^(\d+(?:\.\d+)?)%$/.exec(valueText);
    value = percent ? Number(percent[1]) / 100 : Number(valueText);
    if (!Number.isFinite(value) || value < 0 || value > 1)
      throw fail(`"${valueText}" is not an error rate.`, 'Give a percentage (1%) or a ratio between 0 and 1 (0.01).');
  } else {
    metric =
      metricText === 'max'
        ? { kind: 'max' }
        : metricText === 'mean'
          ? { kind: 'mean' }
          : { kind: 'percentile', percentile: Number(metricText.slice(1)) };
    if (metric.kind === 'percentile' && !(metric.percentile > 0 && metric.percentile < 100))
      throw fail(`${metricText} is not a percentile between 0 and 100.`);
    const ms = parseDuration(valueText);
    if (ms === undefined) throw fail(`"${valueText}" is not a duration.`, 'Give a latency with its unit: 800ms, 1.5s.');
    value = ms;
  }
  return { text: text.trim(), ...(action ? { action } : {}), metric, op, value };
}

/** What a threshold is judged on: the metric's value, or undefined when nothing was measured. */
export interface ThresholdVerdict {
  threshold: string;
  /** ms, or a ratio for error_rate; undefined: no sample (an action the scenario never ran). */
  actual?: number;
  passed: boolean;
}

/** `actual op value`; a threshold with nothing measured fails: an unjudged criterion is not a pass. */
export function judgeThreshold(threshold: Threshold, actual: number | undefined): ThresholdVerdict {
  if (actual === undefined) return { threshold: threshold.text, passed: false };
  const { op, value } = threshold;
  const passed =
    op === '<' ? actual < value : op === '<=' ? actual <= value : op === '>' ? actual > value : actual >= value;
  return { threshold: threshold.text, actual, passed };
}
