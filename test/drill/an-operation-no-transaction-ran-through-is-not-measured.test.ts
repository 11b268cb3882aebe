// With every arrival skipped during an operation, that operation saw neither failures nor
// downtime: it says "not measured" and `failed` and `downtime` do not pass (as an RTO that never
// came does not); the skipped arrivals are reported in the console text.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { judgeDrill, renderDrillText, type DrillResults, type TenantFigures } from '../../src/drill/index.js';
import { parseDrillThreshold, type DrillThreshold } from '../../src/loader/drill-threshold.js';

const tenant: TenantFigures = {
  tenant: 'high-volume',
  transactions: { total: 4, passed: 4, failed: 0 },
  failedAfterBaseline: 0,
  baseline: { count: 4, p50Ms: 100, p95Ms: 100, p99Ms: 100, errorRate: 0 },
  downtime: { totalMs: 0, longestMs: 0, windows: [] },
  operations: [
    {
      phase: 0,
      name: 'start the worker',
      kind: 'other',
      transactions: 0,
      failed: 0,
      errorRate: 0,
      latency: { count: 0 },
      latencyShift: {},
    },
  ],
  reconciliation: { confirmed: 0, presentSame: 0, lost: 0, changed: 0, duplicated: 0, unreadable: 0, problems: [] },
  jobs: { inFlight: 0, completedOnce: 0, unfinished: 0, duplicated: 0, gone: 0, problems: [] },
};
const read = (figure: Parameters<typeof parseDrillThreshold>[0], value: string | number) =>
  parseDrillThreshold(figure, value) as DrillThreshold;

test('failed and downtime do not pass when an operation had no transaction', () => {
  const [failed, downtime, lost] = judgeDrill([read('failed', 0), read('downtime', '< 1s'), read('lost', 0)], [tenant]);
  assert.deepEqual(failed, { threshold: 'failed <= 0', passed: false, actual: null, tenant: 'high-volume' });
  assert.equal(downtime!.passed, false);
  assert.equal(downtime!.actual, null);
  // Reconciliation re-reads records; it does not depend on the traffic during the operation.
  assert.equal(lost!.passed, true);
});

test('the console says an operation without a transaction was not measured, and counts skipped arrivals', () => {
  const results: DrillResults = {
    schemaVersion: 1,
    drill: 'd',
    file: 'drills/d.drill.yaml',
    environment: 'sandbox',
    targetUrl: 'http://x',
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 3000,
    baselineMs: 1000,
    status: 'failed',
    phases: [],
    tenants: [tenant],
    verdicts: judgeDrill([read('failed', 0)], [tenant]),
    transactions: [],
    droppedTransactions: 0,
    skippedArrivals: 7,
  };
  const text = renderDrillText(results);
  assert.match(text, /start the worker \(other\): not measured: no transaction ran during it/);
  assert.doesNotMatch(text, /0\/0 failed/);
  assert.match(text, /Skipped arrivals: 7/);
  assert.match(text, /✗ failed <= 0 — not measured \(high-volume\)/);
});
