// A failed transaction's key (`order.create: check status (eq)`) says where; its cause says why:
// the HTTP status and the target's error code and message, kept per transaction and shown per
// operation (its first failure) in the console text and drill.html.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { failureCause } from '../../src/cli/commands/drill.js';
import {
  operationFigures,
  renderDrillHtml,
  renderDrillText,
  type DrillResults,
  type DrillTransaction,
  type PhaseRecord,
} from '../../src/drill/index.js';
import type { ScenarioResult, StepResult } from '../../src/engine/results.js';

const step = (over: Partial<StepResult>): StepResult => ({
  kind: 'do',
  title: 'create the order',
  status: 'failed',
  startedAt: '2026-01-01T00:00:00.000Z',
  durationMs: 10,
  checks: [],
  exchanges: [],
  ...over,
});
const scenario = (steps: StepResult[]): ScenarioResult => ({
  scenario: 'order-to-cash',
  title: 'Order to cash',
  file: 'x',
  workflow: 'order-to-cash',
  tenant: 'high-volume',
  driver: 'api',
  traceId: 't',
  runId: 'r',
  seed: '1',
  status: 'failed',
  startedAt: '2026-01-01T00:00:00.000Z',
  durationMs: 10,
  steps,
  cleanup: [],
});
const exchange = (status: number, body: string) => ({
  request: { method: 'POST', url: 'http://x/api/v1/sales-orders', headers: {} },
  response: { status, headers: {}, body },
  timings: { startedAt: '2026-01-01T00:00:00.000Z', totalMs: 5 },
  attempts: 1,
  traceparent: '00-x',
});

test('a failed transaction’s cause is the HTTP status and the target’s error code and message', () => {
  const inner = step({
    kind: 'http',
    exchanges: [
      exchange(503, JSON.stringify({ error: { code: 'RESTARTING', message: 'The release is restarting.' } })),
    ],
    checks: [{ path: 'status', matcher: 'eq', expected: 201, actual: 503, passed: false, message: 'x' }],
  });
  const result = scenario([step({ action: 'order.create', children: [inner] })]);
  assert.equal(failureCause(result), '503 RESTARTING: The release is restarting.');
  // Without an error body the status alone still tells a 401 from a 503.
  const stale = scenario([step({ exchanges: [exchange(401, '')] })]);
  assert.equal(failureCause(stale), '401');
});

test('each operation shows its first failure with its cause, in the console text and drill.html', () => {
  const tx = (atMs: number, passed: boolean, cause?: string): DrillTransaction => ({
    tenant: 'high-volume',
    scenario: 'order-to-cash',
    atMs,
    durationMs: 100,
    passed,
    ...(passed ? {} : { failure: 'order.create: check status (eq)', ...(cause ? { cause } : {}) }),
  });
  const phases: PhaseRecord[] = [
    {
      index: 0,
      name: 'migration',
      type: 'operation',
      kind: 'migration',
      location: 'x',
      startMs: 1000,
      endMs: 2000,
      outcome: 'done',
    },
  ];
  const timeline = [tx(0, true), tx(1500, false, '503 LOCK_TIMEOUT: waited 5 s'), tx(1800, false, '503 other')];
  const operations = operationFigures(timeline, phases, { count: 1, p50Ms: 100, p95Ms: 100, p99Ms: 100 }, 3000);
  assert.deepEqual(operations[0]!.firstFailure, {
    atMs: 1500,
    failure: 'order.create: check status (eq)',
    cause: '503 LOCK_TIMEOUT: waited 5 s',
  });
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
    phases,
    tenants: [
      {
        tenant: 'high-volume',
        transactions: { total: 3, passed: 1, failed: 2 },
        failedAfterBaseline: 2,
        baseline: { count: 1, errorRate: 0 },
        downtime: { totalMs: 0, longestMs: 0, windows: [] },
        operations,
        reconciliation: {
          confirmed: 0,
          presentSame: 0,
          lost: 0,
          changed: 0,
          duplicated: 0,
          unreadable: 0,
          problems: [],
        },
        jobs: { inFlight: 0, completedOnce: 0, unfinished: 0, duplicated: 0, gone: 0, problems: [] },
      },
    ],
    verdicts: [],
    transactions: timeline,
    droppedTransactions: 0,
    skippedArrivals: 0,
  };
  const line = 'first failure at 1.5s: order.create: check status (eq) — 503 LOCK_TIMEOUT: waited 5 s';
  assert.ok(renderDrillText(results).includes(line), renderDrillText(results));
  assert.ok(renderDrillHtml(results).includes(line));
});
