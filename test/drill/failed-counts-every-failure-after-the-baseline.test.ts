// The `failed` threshold must never be greener than the traffic: a failure after the baseline
// counts whatever phase it fell in, and an operation's window takes the transactions that
// overlap it, each transaction in one window only.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  failedAfterBaseline,
  judgeDrill,
  operationFigures,
  type DrillTransaction,
  type PhaseRecord,
  type TenantFigures,
} from '../../src/drill/index.js';
import { parseDrillThreshold, type DrillThreshold } from '../../src/loader/drill-threshold.js';

const tx = (atMs: number, passed: boolean, durationMs = 100): DrillTransaction => ({
  tenant: 't',
  scenario: 's',
  atMs,
  durationMs,
  passed,
});
const operation = (index: number, startMs: number, endMs: number): PhaseRecord => ({
  index,
  name: `op${index}`,
  type: 'operation',
  kind: 'other',
  location: 'x',
  startMs,
  endMs,
  outcome: 'done',
});
const baseline = { count: 1, p50Ms: 100, p95Ms: 100, p99Ms: 100 };

test('a failure between the end of the baseline and the first operation fails `failed: 0`', () => {
  // The newcomer's repro: baseline ended at 6000, the operation started at 6016.
  const timeline = [tx(0, true), tx(6014, false, 1), tx(7000, true)];
  const operations = operationFigures(timeline, [operation(0, 6016, 6500)], baseline, 9000);
  assert.equal(operations[0]!.failed, 0, 'it ended before the operation started');
  const figures: TenantFigures = {
    tenant: 't',
    transactions: { total: 3, passed: 2, failed: 1 },
    failedAfterBaseline: failedAfterBaseline(timeline, 6000),
    baseline: { count: 1, errorRate: 0 },
    downtime: { totalMs: 0, longestMs: 0, windows: [] },
    operations,
    reconciliation: { confirmed: 0, presentSame: 0, lost: 0, changed: 0, duplicated: 0, unreadable: 0, problems: [] },
    jobs: { inFlight: 0, completedOnce: 0, unfinished: 0, duplicated: 0, gone: 0, problems: [] },
  };
  const [failed] = judgeDrill([parseDrillThreshold('failed', 0) as DrillThreshold], [figures]);
  assert.deepEqual(failed, { threshold: 'failed <= 0', passed: false, actual: 1, tenant: 't' });
});

test('results without the after-baseline count fail `failed` as not measured rather than pass', () => {
  const figures = {
    tenant: 't',
    transactions: { total: 0, passed: 0, failed: 0 },
    baseline: { count: 0, errorRate: 0 },
    downtime: { totalMs: 0, longestMs: 0, windows: [] },
    operations: [],
    reconciliation: { confirmed: 0, presentSame: 0, lost: 0, changed: 0, duplicated: 0, unreadable: 0, problems: [] },
    jobs: { inFlight: 0, completedOnce: 0, unfinished: 0, duplicated: 0, gone: 0, problems: [] },
  } satisfies TenantFigures;
  const [failed] = judgeDrill([parseDrillThreshold('failed', 0) as DrillThreshold], [figures]);
  assert.equal(failed!.passed, false);
  assert.equal(failed!.actual, null);
});

test('a transaction started before an operation and ended after it started is in that operation, once', () => {
  const phases = [operation(0, 1000, 1500), operation(1, 3000, 3500)];
  const timeline = [
    tx(900, false, 200), // straddles op0's start → op0
    tx(2900, false, 300), // started in op0's window, ended after op1 started → op1 only
    tx(1200, true),
    tx(3200, true),
    tx(500, false, 100), // ended before any operation: no window (still counted after the baseline)
  ];
  const [op0, op1] = operationFigures(timeline, phases, baseline, 5000);
  assert.equal(op0!.transactions, 2);
  assert.equal(op0!.failed, 1);
  assert.equal(op1!.transactions, 2);
  assert.equal(op1!.failed, 1);
  assert.equal(failedAfterBaseline(timeline, 400), 3);
  assert.ok(op0!.failed + op1!.failed <= failedAfterBaseline(timeline, 400));
});
