import type { BusinessSummary, LatencyRegression } from '../schema/index.js';

/** When a p95 counts as a regression: it grew by more than `ratio` (0.2 = 20 %) and by at least `minMs`. */
export interface RegressionThreshold {
  ratio: number;
  minMs: number;
}

/** Default: 20 % and 50 ms — below 50 ms a shared CI machine's noise alone moves a p95 by 20 %. */
export const DEFAULT_REGRESSION_THRESHOLD: RegressionThreshold = { ratio: 0.2, minMs: 50 };

/**
 * This run against the previous run's summary, by test key (scenario|tenant|driver) and by
 * tenant × action × driver: new failures (failing now, not failing before — passed, flaky,
 * skipped or absent), fixed (failing before, passed or flaky now), still failing, and latency
 * regressions (p95 beyond `threshold`). Tests of one run only (added, removed) are neither new
 * failures nor fixed unless they fail now.
 */
export function compareSummaries(
  current: Pick<BusinessSummary, 'tests' | 'latency'>,
  previous: BusinessSummary,
  threshold: RegressionThreshold = DEFAULT_REGRESSION_THRESHOLD,
): NonNullable<BusinessSummary['comparison']> {
  const before = new Map(previous.tests.map((t) => [t.key, t.outcome]));
  const failingNow = current.tests.filter((t) => t.outcome === 'failed').map((t) => t.key);
  const newFailures = failingNow.filter((key) => before.get(key) !== 'failed');
  const stillFailing = failingNow.filter((key) => before.get(key) === 'failed');
  const fixed = current.tests
    .filter((t) => (t.outcome === 'passed' || t.outcome === 'flaky') && before.get(t.key) === 'failed')
    .map((t) => t.key);
  const latencyBefore = new Map(previous.latency.map((l) => [latencyKey(l), l]));
  const latencyRegressions: LatencyRegression[] = [];
  for (const now of current.latency) {
    const then = latencyBefore.get(latencyKey(now));
    if (!then || then.p95Ms <= 0) continue;
    const grew = now.p95Ms - then.p95Ms;
    if (now.p95Ms > then.p95Ms * (1 + threshold.ratio) && grew >= threshold.minMs)
      latencyRegressions.push({
        tenant: now.tenant,
        action: now.action,
        driver: now.driver,
        previousP95Ms: then.p95Ms,
        p95Ms: now.p95Ms,
        ratio: Math.round((now.p95Ms / then.p95Ms) * 100) / 100,
      });
  }
  return {
    previousRunId: previous.run.id,
    previousStartedAt: previous.run.startedAt,
    newFailures: newFailures.sort(),
    fixed: fixed.sort(),
    stillFailing: stillFailing.sort(),
    latencyRegressions,
    threshold: { ...threshold },
  };
}

function latencyKey(l: { tenant: string; action: string; driver: string }): string {
  return JSON.stringify([l.tenant, l.action, l.driver]);
}
