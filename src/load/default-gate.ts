import type { LoadResults } from '../schema/index.js';
import { errorRate } from './load-results.js';
import type { ThresholdVerdict } from './thresholds.js';

/** The threshold a load is judged by whatever `--threshold` says: some iteration must pass. */
export const DEFAULT_GATE = 'error_rate<100%';

/**
 * The verdicts with the default gate added when it does not hold: iterations ended and none of
 * them passed (error rate 1, dropped arrivals counted as `errorRate` counts them) — nothing of
 * the scenario worked, so the load fails (exit 1) whatever its thresholds, and the summary names
 * `error_rate<100%` as the reason. A gate that holds is not added: a load without `--threshold`
 * is still said to have judged none (a warning). Nothing ended: unchanged (that is exit 2).
 *
 * @example
 * withDefaultGate(allFailed, []); // [{ threshold: 'error_rate<100%', actual: 1, passed: false }]
 */
export function withDefaultGate(results: LoadResults, verdicts: readonly ThresholdVerdict[]): ThresholdVerdict[] {
  // Ended iterations all failed is exactly an error rate of 1, dropped arrivals or not.
  if (!noIterationPassed(results) || verdicts.some((v) => v.threshold === DEFAULT_GATE)) return [...verdicts];
  return [...verdicts, { threshold: DEFAULT_GATE, actual: errorRate(results) ?? 1, passed: false }];
}

/** True when iterations ended and none passed (the default gate did not hold). */
export function noIterationPassed(results: LoadResults): boolean {
  return results.iteration.runs > 0 && results.iteration.failed === results.iteration.runs;
}
