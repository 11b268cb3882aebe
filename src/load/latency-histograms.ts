import * as hdr from 'hdr-histogram-js';
import type { LoadMetric } from '../schema/index.js';
import type { LoadMetricKind } from './thresholds.js';

/**
 * Latencies are HDR histograms (hdr-histogram-js, the JavaScript port of Gil Tene's
 * HdrHistogram) in microseconds from 1 µs to 1 hour with 3 significant digits: a recorded value
 * is kept within 0.1 % whatever its size, in a few kilobytes, and two histograms add up exactly —
 * which percentiles never do. The library's plain JavaScript histograms are used (its WebAssembly
 * ones are never initialised), so there is nothing to `destroy()`: the garbage collector frees them.
 */
export type Histogram = hdr.Histogram;

const HIGHEST_US = 3_600_000_000;

/** An empty latency histogram. */
export function newHistogram(): Histogram {
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: HIGHEST_US, numberOfSignificantValueDigits: 3 });
}

/** Records a latency given in ms (clamped into 1 µs .. 1 h). */
export function recordMs(histogram: Histogram, ms: number): void {
  histogram.recordValue(Math.min(HIGHEST_US, Math.max(1, Math.round(ms * 1000))));
}

/** The histogram in the HdrHistogram V2 compressed base64 form (what load results hold). */
export function encodeHistogram(histogram: Histogram): string {
  return hdr.encodeIntoCompressedBase64(histogram);
}

/** A histogram from its compressed base64 form, in a histogram of this module's range. */
export function decodeHistogram(encoded: string): Histogram {
  const histogram = newHistogram();
  histogram.add(hdr.decodeFromCompressedBase64(encoded));
  return histogram;
}

/** Runs, failures and latencies of one metric (the iteration, or one action). */
export class MetricRecorder {
  runs = 0;
  failed = 0;
  readonly histogram = newHistogram();

  record(ms: number, passed: boolean): void {
    this.runs += 1;
    if (!passed) this.failed += 1;
    recordMs(this.histogram, ms);
  }

  /** Adds another recorder's counts and histogram (a merge of segments is exact). */
  add(other: { runs: number; failed: number; histogram: Histogram }): void {
    this.runs += other.runs;
    this.failed += other.failed;
    this.histogram.add(other.histogram);
  }

  toJSON(): LoadMetric {
    return { runs: this.runs, failed: this.failed, histogram: encodeHistogram(this.histogram) };
  }

  static from(metric: LoadMetric): MetricRecorder {
    const recorder = new MetricRecorder();
    recorder.add({ runs: metric.runs, failed: metric.failed, histogram: decodeHistogram(metric.histogram) });
    return recorder;
  }
}

/** Latency statistics of a histogram, ms (undefined when it holds nothing). */
export interface LatencyStats {
  count: number;
  p50Ms: number;
  p90Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
}

/** A percentile (0 < p < 100) of a histogram in ms; undefined when it is empty. */
export function percentileMs(histogram: Histogram, percentile: number): number | undefined {
  if (histogram.totalCount === 0) return undefined;
  return histogram.getValueAtPercentile(percentile) / 1000;
}

/** p50/p90/p95/p99/max/mean of a histogram, ms; undefined when it is empty. */
export function latencyStats(histogram: Histogram): LatencyStats | undefined {
  if (histogram.totalCount === 0) return undefined;
  const at = (p: number) => histogram.getValueAtPercentile(p) / 1000;
  return {
    count: histogram.totalCount,
    p50Ms: at(50),
    p90Ms: at(90),
    p95Ms: at(95),
    p99Ms: at(99),
    maxMs: histogram.maxValue / 1000,
    meanMs: histogram.mean / 1000,
  };
}

/**
 * A metric's value as a threshold reads it: a latency in ms (a percentile, the max, the mean of
 * its histogram) or its error rate (failed / runs); undefined when nothing ran.
 */
export function metricValue(metric: LoadMetric, kind: LoadMetricKind): number | undefined {
  if (metric.runs === 0) return undefined;
  if (kind.kind === 'error_rate') return metric.failed / metric.runs;
  const histogram = decodeHistogram(metric.histogram);
  if (kind.kind === 'max') return histogram.maxValue / 1000;
  if (kind.kind === 'mean') return histogram.mean / 1000;
  return percentileMs(histogram, kind.percentile);
}
