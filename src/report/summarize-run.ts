import type { ScenarioResult } from '../engine/results.js';
import {
  BUSINESS_SUMMARY_VERSION,
  type BusinessSummary,
  type SummaryOutcome,
  type SummaryTest,
} from '../schema/index.js';
import { actionLatency } from './action-latency.js';
import { compareSummaries, type RegressionThreshold } from './compare-summaries.js';
import { judgeSlos, type TenantSlos } from './slo.js';
import { judgeSummary, type QualityGateFlags } from './summary-verdict.js';

/** One attempt of a test: Playwright's status and, when it got that far, the scenario's result. */
export interface TestAttempt {
  status: 'passed' | 'failed' | 'timedOut' | 'skipped' | 'interrupted';
  durationMs: number;
  result?: ScenarioResult;
}

/** A scenario × tenant × driver test as the run ended it. */
export interface RunTest {
  scenario: string;
  title: string;
  workflow: string;
  tenant: string;
  driver: string;
  /** Playwright's outcome: expected, unexpected, flaky, skipped. */
  outcome: 'expected' | 'unexpected' | 'flaky' | 'skipped';
  /** In the order they ran. */
  attempts: TestAttempt[];
}

/** Everything a business summary is made of. */
export interface SummaryInput {
  run: BusinessSummary['run'];
  deployment: Record<string, unknown>;
  tests: readonly RunTest[];
  slos: TenantSlos;
  /** The previous run's summary, for the comparison. */
  previous?: BusinessSummary;
  /** Why no previous summary is compared with although one was looked for (it is this run's own, unreadable, ...). */
  comparisonSkipped?: string;
  threshold?: RegressionThreshold;
  /** The quality gates the verdict is judged with; default none (flaky passes and breaches are warnings). */
  gates?: QualityGateFlags;
}

/**
 * The business summary of a run (see `BusinessSummarySchema`): totals and a workflows × tenants
 * matrix of test outcomes, per-action latency judged against the tenants' SLOs, faults injected
 * per partner, and the comparison with the previous summary when one is given.
 */
export function summarizeRun(input: SummaryInput): BusinessSummary {
  const tests = input.tests.map(summaryTest).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const results = input.tests.flatMap((t) => t.attempts.flatMap((a) => (a.result ? [a.result] : [])));
  const { latency, breaches } = judgeSlos(actionLatency(results), input.slos);
  const totals = { tests: tests.length, passed: 0, failed: 0, flaky: 0, skipped: 0 };
  const cells = new Map<string, BusinessSummary['matrix']['cells'][number]>();
  for (const test of tests) {
    totals[test.outcome] += 1;
    const key = JSON.stringify([test.workflow, test.tenant]);
    let cell = cells.get(key);
    if (!cell)
      cells.set(
        key,
        (cell = { workflow: test.workflow, tenant: test.tenant, passed: 0, failed: 0, flaky: 0, skipped: 0 }),
      );
    cell[test.outcome] += 1;
  }
  const ran = totals.tests - totals.skipped;
  const faultsInjected: Record<string, number> = {};
  for (const result of results)
    for (const [partner, count] of Object.entries(result.faultsInjected ?? {}))
      faultsInjected[partner] = (faultsInjected[partner] ?? 0) + count;
  const summary: BusinessSummary = {
    schemaVersion: BUSINESS_SUMMARY_VERSION,
    run: input.run,
    deployment: input.deployment,
    verdict: judgeSummary({ run: input.run, totals, tests, sloBreaches: breaches }, input.gates),
    totals,
    successRate: ran === 0 ? null : (totals.passed + totals.flaky) / ran,
    matrix: {
      workflows: [...new Set(tests.map((t) => t.workflow))].sort(),
      tenants: [...new Set(tests.map((t) => t.tenant))].sort(),
      cells: [...cells.values()].sort(
        (a, b) => a.workflow.localeCompare(b.workflow) || a.tenant.localeCompare(b.tenant),
      ),
    },
    tests,
    latency,
    sloBreaches: breaches,
    faultsInjected: Object.fromEntries(Object.entries(faultsInjected).sort(([a], [b]) => a.localeCompare(b))),
  };
  if (input.previous) summary.comparison = compareSummaries(summary, input.previous, input.threshold);
  else if (input.comparisonSkipped) summary.comparisonSkipped = input.comparisonSkipped;
  return summary;
}

/** `scenario|tenant|driver`: a test's identity across runs. */
export function testKey(test: { scenario: string; tenant: string; driver: string }): string {
  return `${test.scenario}|${test.tenant}|${test.driver}`;
}

function summaryTest(test: RunTest): SummaryTest {
  const last = test.attempts[test.attempts.length - 1];
  const failure = last?.result?.failure;
  const outcome = outcomeOf(test);
  return {
    key: testKey(test),
    scenario: test.scenario,
    title: test.title,
    workflow: test.workflow,
    tenant: test.tenant,
    driver: test.driver,
    outcome,
    attempts: test.attempts.length,
    durationMs: last?.durationMs ?? 0,
    ...(outcome === 'failed'
      ? { failure: failure ? `${failure.title}: ${failure.message}` : `the test ${last?.status ?? 'did not run'}` }
      : {}),
  };
}

function outcomeOf(test: RunTest): SummaryOutcome {
  const last = test.attempts[test.attempts.length - 1];
  // An interrupted run's unfinished tests did not pass: the gate never calls them skipped.
  if (last?.status === 'interrupted') return 'failed';
  switch (test.outcome) {
    case 'expected':
      return 'passed';
    case 'flaky':
      return 'flaky';
    case 'skipped':
      return 'skipped';
    default:
      return 'failed';
  }
}
