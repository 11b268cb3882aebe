import { nearestRank } from '../core/nearest-rank.js';
import type { ScenarioResult, StepResult } from '../engine/results.js';
import type { ActionLatency } from '../schema/index.js';

/** The runs of one action: each one's duration (ms), and how many of them did not pass. */
interface ActionRuns {
  tenant: string;
  action: string;
  driver: string;
  durationsMs: number[];
  failed: number;
}

/**
 * Latency and success rate per tenant × action × driver, from the `do:` steps of scenario
 * results (every attempt given, actions run inside actions included, and the runs a block's
 * summary of folded iterations holds — see `IterationSummary`): p50/p95/p99 by nearest rank over
 * the recorded durations (ms), success rate = runs that passed / runs. Skipped steps are not
 * runs. Sorted by tenant, action, driver.
 */
export function actionLatency(results: Iterable<ScenarioResult>): ActionLatency[] {
  const runs = new Map<string, ActionRuns>();
  const entry = (result: ScenarioResult, action: string): ActionRuns => {
    const key = JSON.stringify([result.tenant, action, result.driver]);
    let found = runs.get(key);
    if (!found)
      runs.set(key, (found = { tenant: result.tenant, action, driver: result.driver, durationsMs: [], failed: 0 }));
    return found;
  };
  const visit = (result: ScenarioResult, steps: readonly StepResult[]) => {
    for (const step of steps) {
      if (step.action && step.status !== 'skipped') {
        const found = entry(result, step.action);
        found.durationsMs.push(step.durationMs);
        if (step.status !== 'passed') found.failed++;
      }
      for (const folded of step.summary?.steps ?? []) {
        if (!folded.action) continue;
        const found = entry(result, folded.action);
        for (const ms of folded.durationsMs) found.durationsMs.push(ms);
        found.failed += folded.failed;
      }
      if (step.children) visit(result, step.children);
    }
  };
  for (const result of results) {
    visit(result, result.steps);
    visit(result, result.cleanup);
  }
  return [...runs.values()]
    .sort((a, b) => compare(a.tenant, b.tenant) || compare(a.action, b.action) || compare(a.driver, b.driver))
    .map(({ tenant, action, driver, durationsMs, failed }) => {
      const sorted = [...durationsMs].sort((a, b) => a - b);
      const at = (p: number) => nearestRank(sorted, p) ?? 0;
      return {
        tenant,
        action,
        driver,
        samples: sorted.length,
        p50Ms: at(50),
        p95Ms: at(95),
        p99Ms: at(99),
        maxMs: sorted[sorted.length - 1] ?? 0,
        successRate: (sorted.length - failed) / sorted.length,
      };
    });
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
