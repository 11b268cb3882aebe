import { RehearseError } from '../core/errors.js';
import { LOAD_RESULTS_VERSION, type LoadResults } from '../schema/index.js';
import { decodeHistogram, latencyStats, metricValue, MetricRecorder, type LatencyStats } from './latency-histograms.js';
import type { LoadRecord } from './load-runner.js';
import { judgeThreshold, type Threshold, type ThresholdVerdict } from './thresholds.js';

/** What a load run was, besides what it measured (`LoadResults.load`). */
export type LoadDescription = LoadResults['load'];

/** The results file of one segment from what `runLoad` measured. */
export function loadResultsOf(
  record: LoadRecord,
  load: LoadDescription,
  segment: { index: number; count: number },
): LoadResults {
  return {
    schemaVersion: LOAD_RESULTS_VERSION,
    load,
    segments: { count: segment.count, merged: [segment.index], missing: [] },
    startedAt: record.startedAt.toISOString(),
    durationMs: Math.round(record.durationMs),
    iterations: { scheduled: record.scheduled, dropped: record.dropped, interrupted: record.interrupted },
    iteration: record.iteration.toJSON(),
    actions: Object.fromEntries(
      [...record.actions].sort(([a], [b]) => a.localeCompare(b)).map(([k, m]) => [k, m.toJSON()]),
    ),
    errors: Object.fromEntries([...record.errors].sort(([, a], [, b]) => b - a)),
    timeline: [...record.timeline].sort(([a], [b]) => a - b).map(([second, m]) => ({ second, ...m.toJSON() })),
    ...(record.samples ? { samples: record.samples } : {}),
  };
}

/**
 * The union of the segments of one load run: histograms added (never percentiles averaged),
 * counts summed, the timeline added second by second, samples concatenated. Segments missing
 * from `1..count` are listed in `segments.missing`.
 *
 * @throws RehearseError `REHEARSE_LOAD_MIXED_RUNS` when the files are of different load runs
 *   (another scenario, tenant, profile or segment count), `REHEARSE_LOAD_DUPLICATE_SEGMENT` when a
 *   segment is there twice.
 */
export function mergeLoadResults(files: ReadonlyArray<{ file: string; results: LoadResults }>): LoadResults {
  const [first, ...rest] = files;
  if (!first) throw new RehearseError('REHEARSE_LOAD_NO_RESULTS', 'Failed to merge load results: there are none.');
  const group = first.results.load.group;
  const count = first.results.segments.count;
  for (const other of rest)
    if (other.results.load.group !== group || other.results.segments.count !== count)
      throw new RehearseError(
        'REHEARSE_LOAD_MIXED_RUNS',
        `Failed to merge load results: ${other.file} is of another load run than ${first.file} (${describe(other.results)} against ${describe(first.results)}).`,
        {
          hint: 'Merge only the segments of one `rehearse load --segment i/n` run: same scenario, tenant, profile and n.',
        },
      );
  const seen = new Map<number, string>();
  for (const { file, results } of files)
    for (const index of results.segments.merged) {
      const earlier = seen.get(index);
      if (earlier)
        throw new RehearseError(
          'REHEARSE_LOAD_DUPLICATE_SEGMENT',
          `Failed to merge load results: segment ${index} of ${count} is in both ${earlier} and ${file}; its iterations would count twice.`,
          { hint: 'Keep one results file per segment.' },
        );
      seen.set(index, file);
    }
  const iteration = new MetricRecorder();
  const actions = new Map<string, MetricRecorder>();
  const timeline = new Map<number, MetricRecorder>();
  const errors = new Map<string, number>();
  const iterations = { scheduled: 0, dropped: 0, interrupted: 0 };
  const samples: number[] = [];
  let keptSamples = true;
  for (const { results } of files) {
    iteration.add(MetricRecorder.from(results.iteration));
    for (const [name, metric] of Object.entries(results.actions)) {
      let into = actions.get(name);
      if (!into) actions.set(name, (into = new MetricRecorder()));
      into.add(MetricRecorder.from(metric));
    }
    for (const point of results.timeline) {
      let into = timeline.get(point.second);
      if (!into) timeline.set(point.second, (into = new MetricRecorder()));
      into.add(MetricRecorder.from(point));
    }
    for (const [key, n] of Object.entries(results.errors)) errors.set(key, (errors.get(key) ?? 0) + n);
    iterations.scheduled += results.iterations.scheduled;
    iterations.dropped += results.iterations.dropped;
    iterations.interrupted += results.iterations.interrupted;
    if (results.samples) samples.push(...results.samples);
    else keptSamples = false;
  }
  const merged = [...seen.keys()].sort((a, b) => a - b);
  const startedAt = files.map((f) => f.results.startedAt).sort()[0]!;
  return {
    schemaVersion: LOAD_RESULTS_VERSION,
    load: first.results.load,
    segments: {
      count,
      merged,
      missing: Array.from({ length: count }, (_, i) => i + 1).filter((i) => !seen.has(i)),
    },
    startedAt,
    durationMs: Math.max(...files.map((f) => f.results.durationMs)),
    iterations,
    iteration: iteration.toJSON(),
    actions: Object.fromEntries([...actions].sort(([a], [b]) => a.localeCompare(b)).map(([k, m]) => [k, m.toJSON()])),
    errors: Object.fromEntries([...errors].sort(([, a], [, b]) => b - a)),
    timeline: [...timeline].sort(([a], [b]) => a - b).map(([second, m]) => ({ second, ...m.toJSON() })),
    ...(keptSamples ? { samples } : {}),
  };
}

/**
 * Error rate of a metric: failed runs over runs; for the iteration, dropped arrivals count as
 * failed runs too (the system did not keep up). Undefined when nothing ran.
 */
export function errorRate(results: LoadResults, action?: string): number | undefined {
  if (action !== undefined) {
    const metric = results.actions[action];
    return metric && metric.runs ? metric.failed / metric.runs : undefined;
  }
  const runs = results.iteration.runs + results.iterations.dropped;
  return runs ? (results.iteration.failed + results.iterations.dropped) / runs : undefined;
}

/**
 * Each threshold judged on the results: a latency on its metric's histogram, an error rate by
 * `errorRate` (dropped arrivals count for the iteration). A threshold on an action that never ran fails.
 */
export function judgeThresholds(results: LoadResults, thresholds: readonly Threshold[]): ThresholdVerdict[] {
  return thresholds.map((threshold) => {
    if (threshold.metric.kind === 'error_rate') return judgeThreshold(threshold, errorRate(results, threshold.action));
    const metric = threshold.action === undefined ? results.iteration : results.actions[threshold.action];
    return judgeThreshold(threshold, metric && metricValue(metric, threshold.metric));
  });
}

/** Latency statistics of the iteration or an action, ms. */
export function statsOf(metric: LoadResults['iteration']): LatencyStats | undefined {
  return latencyStats(decodeHistogram(metric.histogram));
}
function describe(results: LoadResults): string {
  const { load, segments } = results;
  return `${load.scenario} × ${load.tenant}, ${load.model} model, ${segments.count} segment(s)`;
}
