import type {
  LoadMetric,
  LoadResults,
  SummaryLoad,
  SummaryLoadFigures,
  SummaryLoadSlot,
  SummaryLoadThreshold,
} from '../schema/index.js';
import { decodeHistogram, latencyStats, newHistogram, percentileMs } from './latency-histograms.js';
import { noIterationPassed } from './default-gate.js';
import { errorRate, statsOf } from './load-results.js';
import type { ShiftVerdict } from './neighbour-shift.js';
import { profileText } from './render-load.js';
import { parseThreshold, type ThresholdVerdict } from './thresholds.js';

/** The chart keeps at most this many slots: a one-hour load is 120 slots of 30 s, not 3,600 points. */
const MAX_SLOTS = 120;

/** What a load came to, by the rules of its exit code (see `loadStatusOf`). */
export type LoadStatus = SummaryLoad['status'];

/**
 * A load's status as `rehearse load` and `rehearse load merge` set their exit code, in the same
 * order: interrupted by a signal (130/143); segments missing from a merge (2, `incomplete`); no
 * iteration ended (2, `nothing-measured`); a threshold (the default gate `error_rate<100%`
 * among them: no iteration passed) or a `--max-shift` that did not hold (1, `failed`); else passed (0).
 */
export function loadStatusOf(input: {
  results: LoadResults;
  verdicts: readonly ThresholdVerdict[];
  shifts: readonly ShiftVerdict[];
  interrupted: boolean;
}): LoadStatus {
  if (input.interrupted) return 'interrupted';
  if (input.results.segments.missing.length) return 'incomplete';
  if (input.results.iteration.runs === 0) return 'nothing-measured';
  if (input.verdicts.some((v) => !v.passed) || input.shifts.some((v) => !v.passed)) return 'failed';
  // The callers add the default gate to the verdicts; this holds the rule should one not.
  if (noIterationPassed(input.results)) return 'failed';
  return 'passed';
}

/**
 * What the business summary keeps of a load's results: per metric (the iteration, each action)
 * runs, failures, error rate, p50/p95/p99/max from its HDR histogram (segments' histograms were
 * added before, so these are percentiles of the whole load, never averages of percentiles) and
 * throughput (runs ended per second of wall time); the thresholds with what they measured; the
 * noisy neighbour's figures and shifts; and the iteration's p95 per time slot (the per-second
 * histograms added into at most 120 slots). `resultsFile` is load-results.json as the summary's
 * folder reaches it.
 *
 * @example
 * loadSummaryOf({ results, status: 'passed', verdicts, sloWarnings: [], shifts: [], resultsFile: '../load/segment-1-of-1.json' })
 *   .iteration; // { runs: 40, failed: 0, errorRate: 0, p50Ms: 21.3, p95Ms: 48.1, p99Ms: 60.2, maxMs: 61, throughputPerS: 19.8 }
 */
export function loadSummaryOf(input: {
  results: LoadResults;
  status: LoadStatus;
  verdicts: readonly ThresholdVerdict[];
  sloWarnings: readonly ThresholdVerdict[];
  shifts: readonly ShiftVerdict[];
  resultsFile: string;
}): SummaryLoad {
  const { results } = input;
  const { load } = results;
  const seconds = results.durationMs / 1000;
  return {
    scenario: load.scenario,
    tenant: load.tenant,
    file: load.file,
    environment: load.environment,
    model: load.model,
    profile: profileText(load),
    startedAt: results.startedAt,
    durationMs: results.durationMs,
    status: input.status,
    segments: { count: results.segments.count, missing: [...results.segments.missing] },
    results: input.resultsFile,
    iterations: { ...results.iterations },
    iteration: figures(results.iteration, errorRate(results), seconds),
    actions: Object.entries(results.actions).map(([action, metric]) => ({
      action,
      ...figures(metric, errorRate(results, action), seconds),
    })),
    thresholds: input.verdicts.map(thresholdOf),
    sloWarnings: input.sloWarnings.map(thresholdOf),
    ...(results.neighbour ? { neighbour: neighbourOf(results.neighbour, input.shifts) } : {}),
    timeline: slotted(results.timeline),
  };
}

function figures(metric: LoadMetric, rate: number | undefined, seconds: number): SummaryLoadFigures {
  const stats = statsOf(metric);
  return {
    runs: metric.runs,
    failed: metric.failed,
    errorRate: rate ?? null,
    ...(stats ? { p50Ms: stats.p50Ms, p95Ms: stats.p95Ms, p99Ms: stats.p99Ms, maxMs: stats.maxMs } : {}),
    throughputPerS: seconds > 0 ? Math.round((metric.runs / seconds) * 100) / 100 : 0,
  };
}

function thresholdOf(v: ThresholdVerdict): SummaryLoadThreshold {
  return {
    threshold: v.threshold,
    // Every verdict's text was parsed once already (a flag, or what the segments recorded).
    unit: parseThreshold(v.threshold).metric.kind === 'error_rate' ? 'ratio' : 'ms',
    actual: v.actual ?? null,
    passed: v.passed,
  };
}

function neighbourOf(
  n: NonNullable<LoadResults['neighbour']>,
  shifts: readonly ShiftVerdict[],
): NonNullable<SummaryLoad['neighbour']> {
  const metric = (m: LoadMetric) => {
    const stats = latencyStats(decodeHistogram(m.histogram));
    return { runs: m.runs, failed: m.failed, ...(stats ? { p50Ms: stats.p50Ms, p95Ms: stats.p95Ms } : {}) };
  };
  return {
    tenant: n.tenant,
    tag: n.tag,
    scenarios: Object.entries(n.scenarios).map(([scenario, m]) => ({
      scenario,
      baseline: metric(m.baseline),
      underLoad: metric(m.underLoad),
    })),
    shifts: shifts.map((v) => ({
      threshold: v.threshold,
      ...(v.scenario !== undefined ? { scenario: v.scenario } : {}),
      ...(v.baseline !== undefined ? { baseline: v.baseline } : {}),
      ...(v.underLoad !== undefined ? { underLoad: v.underLoad } : {}),
      ...(v.shift !== undefined ? { shift: v.shift } : {}),
      passed: v.passed,
    })),
  };
}

/**
 * The per-second timeline in slots of whole seconds (1 s, or more so that there are at most
 * `MAX_SLOTS`): each slot's histograms added, its p95 read from the sum. Slots nothing ended in
 * stay, without a p95, so the chart shows the gap.
 */
function slotted(timeline: LoadResults['timeline']): SummaryLoad['timeline'] {
  if (!timeline.length) return { slotS: 1, slots: [] };
  const seconds = Math.max(...timeline.map((p) => p.second)) + 1;
  const slotS = Math.max(1, Math.ceil(seconds / MAX_SLOTS));
  const slots = Array.from({ length: Math.ceil(seconds / slotS) }, () => ({
    runs: 0,
    failed: 0,
    histogram: newHistogram(),
  }));
  for (const point of timeline) {
    const slot = slots[Math.floor(point.second / slotS)]!;
    slot.runs += point.runs;
    slot.failed += point.failed;
    slot.histogram.add(decodeHistogram(point.histogram));
  }
  return {
    slotS,
    slots: slots.map((s, i): SummaryLoadSlot => {
      const p95 = percentileMs(s.histogram, 95);
      return { startS: i * slotS, runs: s.runs, failed: s.failed, ...(p95 !== undefined ? { p95Ms: p95 } : {}) };
    }),
  };
}
