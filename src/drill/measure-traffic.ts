import { latencyStats, newHistogram, recordMs } from '../load/index.js';
import type {
  DowntimeWindow,
  DrillTransaction,
  LatencySummary,
  OperationFigures,
  PhaseRecord,
} from './drill-results.js';

/**
 * Latency of the passing transactions among `transactions` (HDR histogram, ms), and their error rate.
 *
 * @example
 * latencyOf([{ passed: true, durationMs: 120, ... }]); // { count: 1, p50Ms: 120, p95Ms: 120, p99Ms: 120, errorRate: 0 }
 */
export function latencyOf(transactions: readonly DrillTransaction[]): LatencySummary & { errorRate: number } {
  const histogram = newHistogram();
  let failed = 0;
  for (const t of transactions) {
    if (t.passed) recordMs(histogram, t.durationMs);
    else failed++;
  }
  const stats = latencyStats(histogram);
  const errorRate = transactions.length ? failed / transactions.length : 0;
  histogram.destroy();
  return stats
    ? { count: stats.count, p50Ms: stats.p50Ms, p95Ms: stats.p95Ms, p99Ms: stats.p99Ms, errorRate }
    : { count: 0, errorRate };
}

/**
 * The windows in which a tenant had no good transaction: each opens at the start of a failed
 * transaction (the first since the last good one) and closes at the end of the first good
 * transaction that started after it. `transactions` sorted by start; ms from the drill's start.
 * A window still open at the drill's end has no `toMs` and counts until `endMs`.
 */
export function downtimeOf(
  transactions: readonly DrillTransaction[],
  endMs: number,
): { totalMs: number; longestMs: number; windows: DowntimeWindow[] } {
  const windows: DowntimeWindow[] = [];
  let open: DowntimeWindow | undefined;
  for (const t of transactions) {
    if (!t.passed) {
      if (open) open.failed++;
      else open = { fromMs: t.atMs, failed: 1 };
      continue;
    }
    // A good transaction that started before the failure does not end it: it may have been served before the fault.
    if (open && t.atMs >= open.fromMs) {
      windows.push({ ...open, toMs: t.atMs + t.durationMs });
      open = undefined;
    }
  }
  if (open) windows.push(open);
  const lengths = windows.map((w) => (w.toMs ?? endMs) - w.fromMs);
  return {
    totalMs: lengths.reduce((a, b) => a + b, 0),
    longestMs: lengths.length ? Math.max(...lengths) : 0,
    windows,
  };
}

/**
 * The failed transactions that ended after the baseline (`baselineMs`): the `failed` threshold's
 * figure. Taken from the whole timeline, not from the operations' windows, so that a failure in
 * a gap (after the baseline, before the first operation) is counted; one still running when the
 * baseline ended counts too, since what failed it may be the drill's.
 */
export function failedAfterBaseline(transactions: readonly DrillTransaction[], baselineMs: number): number {
  return transactions.filter((t) => !t.passed && t.atMs + t.durationMs > baselineMs).length;
}

/**
 * Each operation phase as one tenant's traffic saw it: the transactions that overlap the
 * operation and its aftermath (waits, checks) until the next operation's start — one that
 * started before it but ended after it started was affected by it — their failures and latency
 * against the baseline, how many were in flight in its window at all (`overlapping`, whichever
 * operation counts them), and for `restore` and
 * `rollback` the RTO: from the operation's start to the end of the first good transaction that
 * started after the operation ended (null when none did).
 */
export function operationFigures(
  transactions: readonly DrillTransaction[],
  phases: readonly PhaseRecord[],
  baseline: LatencySummary,
  endMs: number,
): OperationFigures[] {
  const operations = phases.filter((p) => p.type === 'operation' && p.outcome !== 'skipped');
  // A transaction overlapping two windows is counted once, in the last operation that started
  // before it ended: the latest fault it lived through is the one that can explain its outcome.
  const ownerOf = (t: DrillTransaction) => {
    const endsAt = t.atMs + t.durationMs;
    let owner = -1;
    operations.forEach((op, i) => {
      if (op.startMs < endsAt || (op.startMs <= t.atMs && op.startMs === endsAt)) owner = i;
    });
    return owner;
  };
  return operations.map((op, i) => {
    const during = transactions.filter((t) => t.atMs < endMs && ownerOf(t) === i);
    // Whether traffic ran through it at all: a worker's stop lasts less than a transaction, and
    // every transaction in flight then ends after the next operation started, which counts it.
    const windowEnd = operations[i + 1]?.startMs ?? endMs;
    const overlapping = transactions.filter(
      (t) => t.atMs < windowEnd && t.atMs + t.durationMs >= op.startMs && t.atMs < endMs,
    ).length;
    const latency = latencyOf(during);
    const ratio = (a?: number, b?: number) => (a !== undefined && b ? Math.round((a / b) * 100) / 100 : undefined);
    const shift = {
      ...(ratio(latency.p50Ms, baseline.p50Ms) !== undefined ? { p50: ratio(latency.p50Ms, baseline.p50Ms)! } : {}),
      ...(ratio(latency.p95Ms, baseline.p95Ms) !== undefined ? { p95: ratio(latency.p95Ms, baseline.p95Ms)! } : {}),
      ...(ratio(latency.p99Ms, baseline.p99Ms) !== undefined ? { p99: ratio(latency.p99Ms, baseline.p99Ms)! } : {}),
    };
    const kind = op.kind ?? 'other';
    const figures: OperationFigures = {
      phase: op.index,
      name: op.name,
      kind,
      transactions: during.length,
      overlapping,
      failed: during.filter((t) => !t.passed).length,
      errorRate: latency.errorRate,
      latency: { count: latency.count, p50Ms: latency.p50Ms, p95Ms: latency.p95Ms, p99Ms: latency.p99Ms },
      latencyShift: shift,
    };
    // The first failure's cause is what a reader needs to tell a product defect from an outage.
    const first = during.filter((t) => !t.passed).sort((a, b) => a.atMs - b.atMs)[0];
    if (first)
      figures.firstFailure = {
        atMs: first.atMs,
        failure: first.failure ?? 'failed',
        ...(first.cause !== undefined ? { cause: first.cause } : {}),
      };
    if (kind === 'restore' || kind === 'rollback') {
      const good = transactions
        .filter((t) => t.passed && t.atMs >= op.endMs)
        .reduce<DrillTransaction | undefined>(
          (first, t) => (!first || t.atMs + t.durationMs < first.atMs + first.durationMs ? t : first),
          undefined,
        );
      figures.rtoMs = good ? good.atMs + good.durationMs - op.startMs : null;
    }
    return figures;
  });
}
