// compareSummaries on summaries made by summarizeRun: which tests are new failures, fixed or still
// failing, and which p95s count as regressions under the ratio-and-floor threshold.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { summarizeRun, type RunTest } from '../../src/report/index.js';
import type { ScenarioResult } from '../../src/engine/results.js';

const RUN = {
  id: 'r',
  environment: 'staging',
  seed: '1',
  startedAt: '2026-12-03T00:00:00.000Z',
  durationMs: 1,
  status: 'passed',
};

function result(tenant: string, action: string, durations: number[]): ScenarioResult {
  return {
    scenario: 's',
    title: 's',
    file: 'scenarios/s.scenario.yaml',
    workflow: 'order-to-cash',
    tenant,
    driver: 'api',
    traceId: 't',
    runId: 'r',
    seed: '1',
    status: 'passed',
    startedAt: RUN.startedAt,
    durationMs: 1,
    steps: durations.map((durationMs) => ({
      kind: 'do',
      action,
      title: action,
      status: 'passed' as const,
      startedAt: RUN.startedAt,
      durationMs,
      checks: [],
      exchanges: [],
    })),
    cleanup: [],
  };
}

function runTest(scenario: string, outcome: RunTest['outcome'], durations: number[] = [10]): RunTest {
  return {
    scenario,
    title: scenario,
    workflow: 'order-to-cash',
    tenant: 'standard',
    driver: 'api',
    outcome,
    attempts: [
      {
        status: outcome === 'unexpected' ? 'failed' : 'passed',
        durationMs: 1,
        result: result('standard', `${scenario}.act`, durations),
      },
    ],
  };
}

const summary = (tests: RunTest[], previous?: ReturnType<typeof summarizeRun>) =>
  summarizeRun({ run: RUN, deployment: {}, tests, slos: {}, ...(previous ? { previous } : {}) });

test('new failures, fixed and still failing are told apart by test key', () => {
  const before = summary([
    runTest('a', 'expected'),
    runTest('b', 'unexpected'),
    runTest('c', 'unexpected'),
    runTest('d', 'flaky'),
    runTest('e', 'unexpected'),
  ]);
  const now = summary(
    [
      runTest('a', 'unexpected'), // passed before
      runTest('b', 'flaky'), // failed before: a flaky pass is a fix
      runTest('c', 'unexpected'), // still failing
      runTest('d', 'unexpected'), // flaky before is not failing
      runTest('f', 'unexpected'), // new test, failing
      runTest('g', 'expected'), // new test, passing: nothing to say
    ],
    before,
  );
  const c = now.comparison!;
  assert.deepEqual(c.newFailures, ['a|standard|api', 'd|standard|api', 'f|standard|api']);
  assert.deepEqual(c.fixed, ['b|standard|api']);
  assert.deepEqual(c.stillFailing, ['c|standard|api']);
});

test('a p95 regresses only past both the ratio and the floor', () => {
  const before = summary([
    runTest('x', 'expected', [100]),
    runTest('y', 'expected', [1000]),
    runTest('z', 'expected', [10]),
  ]);
  const now = summary(
    [
      runTest('x', 'expected', [140]), // +40 %, +40 ms: under the 50 ms floor
      runTest('y', 'expected', [1300]), // +30 %, +300 ms: a regression
      runTest('z', 'expected', [11]), // +10 %
    ],
    before,
  );
  assert.deepEqual(now.comparison!.latencyRegressions, [
    { tenant: 'standard', action: 'y.act', driver: 'api', previousP95Ms: 1000, p95Ms: 1300, ratio: 1.3 },
  ]);
  assert.deepEqual(now.comparison!.threshold, { ratio: 0.2, minMs: 50 });
});

test('percentiles are nearest-rank values that were measured', () => {
  const durations = Array.from({ length: 20 }, (_, i) => (i + 1) * 10); // 10..200
  const s = summary([runTest('p', 'expected', durations)]);
  const l = s.latency[0]!;
  assert.deepEqual([l.samples, l.p50Ms, l.p95Ms, l.p99Ms, l.maxMs], [20, 100, 190, 200, 200]);
});
