import type { DrillThreshold } from '../loader/drill-threshold.js';
import type { DrillThresholdName } from '../schema/index.js';
import type { DrillVerdict, OperationFigures, TenantFigures } from './drill-results.js';

/**
 * Whether no transaction ran through an operation's window at all (its arrivals skipped, say).
 * One whose transactions all ended after the next operation started (a worker stop shorter than
 * a transaction) was still measured: those transactions are counted in that next operation.
 */
export function notMeasured(operation: OperationFigures): boolean {
  return operation.transactions === 0 && !operation.overlapping;
}

/**
 * One tenant's value of a threshold's figure: durations in ms, counts, ratios. `null`: it could
 * not be measured (no recovery came; no passing transaction during an operation; `failed` and
 * `downtime` when an operation had no transaction at all), which fails.
 */
export function figureOf(tenant: TenantFigures, figure: DrillThresholdName): number | null {
  // An operation no transaction ran through (every arrival skipped, say) saw neither failures nor
  // downtime: zero there would be a guess, and the gate must not be greener than the traffic.
  const unseen = tenant.operations.some(notMeasured);
  const worstShift = (p: 'p50' | 'p95' | 'p99') => {
    const shifts = tenant.operations.map((o) => o.latencyShift[p]);
    if (!shifts.length) return 1;
    return shifts.some((s) => s === undefined) ? null : Math.max(...(shifts as number[]));
  };
  switch (figure) {
    case 'downtime':
      return unseen ? null : tenant.downtime.totalMs;
    case 'rto':
      return tenant.rtoMs === undefined ? null : tenant.rtoMs;
    case 'rpo':
      return tenant.reconciliation.rpoMs ?? 0;
    case 'lost':
      return tenant.reconciliation.lost;
    case 'changed':
      return tenant.reconciliation.changed;
    case 'duplicated':
      return tenant.reconciliation.duplicated;
    case 'failed':
      // Every failure after the baseline, not the operations' sum: a failure between the baseline
      // and the first operation (or in no operation's window) is still a failure the gate must see.
      return unseen ? null : (tenant.failedAfterBaseline ?? null);
    case 'latencyShift.p50':
      return worstShift('p50');
    case 'latencyShift.p95':
      return worstShift('p95');
    case 'latencyShift.p99':
      return worstShift('p99');
    case 'jobs.unfinished':
      return tenant.jobs.unavailable ? null : tenant.jobs.unfinished;
    case 'jobs.duplicated':
      return tenant.jobs.unavailable ? null : tenant.jobs.duplicated;
    case 'jobs.lost':
      // In flight at an operation and no longer listed: dropped. A restore to before they existed
      // drops them by design (their records are reconciled instead), so only a drill that sets it judges it.
      return tenant.jobs.unavailable ? null : tenant.jobs.gone;
  }
}

function holds(threshold: DrillThreshold, value: number): boolean {
  switch (threshold.op) {
    case '<':
      return value < threshold.limit;
    case '<=':
      return value <= threshold.limit;
    case '>':
      return value > threshold.limit;
    case '>=':
      return value >= threshold.limit;
    case '==':
      return value === threshold.limit;
  }
}

/**
 * Judges each threshold on every tenant and keeps the worst: the first tenant for which it does
 * not hold (or could not be measured), else the highest value.
 *
 * @example
 * judgeDrill([{ figure: 'lost', op: '<=', limit: 0, unit: 'count', text: 'lost <= 0' }], tenants);
 * // [{ threshold: 'lost <= 0', passed: false, actual: 3, tenant: 'high-volume' }]
 */
export function judgeDrill(thresholds: readonly DrillThreshold[], tenants: readonly TenantFigures[]): DrillVerdict[] {
  return thresholds.map((threshold) => {
    let worst: DrillVerdict | undefined;
    for (const tenant of tenants) {
      const actual = figureOf(tenant, threshold.figure);
      const verdict = {
        threshold: threshold.text,
        passed: actual !== null && holds(threshold, actual),
        actual,
        tenant: tenant.tenant,
      };
      if (!verdict.passed) return verdict;
      if (!worst || (actual ?? 0) > (worst.actual ?? 0)) worst = verdict;
    }
    return worst ?? { threshold: threshold.text, passed: false, actual: null };
  });
}
