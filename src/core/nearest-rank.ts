/**
 * The p-th percentile of ascending `sorted` values by nearest rank: the smallest value with at
 * least p % of the values at or below it — a recorded value, never an interpolated one (as
 * HdrHistogram's `getValueAtPercentile` reports). `p` from 0 to 100; undefined for no values.
 *
 * @example
 * nearestRank([10, 20, 30, 40], 50) // 20
 */
export function nearestRank(sorted: readonly number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}
