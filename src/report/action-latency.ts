import { nearestRank } from '../core/nearest-rank.js';
import type { ScenarioResult, StepResult } from '../engine/results.js';
import type { ActionLatency } from '../schema/index.js';

/** One run of an action: how long it took and whether it passed. */
interface ActionRun {
  durationMs: number;
  passed: boolean;
}

/**
 * Latency and success rate per tenant × action × driver, from the `do:` steps of scenario
 * results (every attempt given, actions run inside actions included): p50/p95/p99 by nearest
 * rank over the recorded durations (ms), success rate = runs that passed / runs. Skipped steps
 * are not runs. Sorted by tenant, action, driver.
 */
export function actionLatency(results: Iterable<ScenarioResult>): ActionLatency[] {
  const runs = new Map<string, { tenant: string; action: string; driver: string; runs: ActionRun[] }>();
  const visit = (result: ScenarioResult, steps: readonly StepResult[]) => {
    for (const step of steps) {
      if (step.action && step.status !== 'skipped') {
        const key = JSON.stringify([result.tenant, step.action, result.driver]);
        let entry = runs.get(key);
        if (!entry)
          runs.set(key, (entry = { tenant: result.tenant, action: step.action, driver: result.driver, runs: [] }));
        entry.runs.push({ durationMs: step.durationMs, passed: step.status === 'passed' });
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
    .map(({ tenant, action, driver, runs: list }) => {
      const sorted = list.map((r) => r.durationMs).sort((a, b) => a - b);
      const at = (p: number) => nearestRank(sorted, p) ?? 0;
      return {
        tenant,
        action,
        driver,
        samples: list.length,
        p50Ms: at(50),
        p95Ms: at(95),
        p99Ms: at(99),
        maxMs: sorted[sorted.length - 1] ?? 0,
        successRate: list.filter((r) => r.passed).length / list.length,
      };
    });
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
