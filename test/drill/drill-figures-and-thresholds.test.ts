// The drill's arithmetic on hand-made timelines: downtime windows, RTO from a restore's start,
// latency shift against the baseline, jobs run once, and thresholds judged on the worst tenant.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  downtimeOf,
  judgeDrill,
  operationFigures,
  type DrillTransaction,
  type PhaseRecord,
  type TenantFigures,
} from '../../src/drill/index.js';
import { jobFigures, type JobRow } from '../../src/drill/track-jobs.js';
import { parseDrillThreshold, type DrillThreshold } from '../../src/loader/drill-threshold.js';

const tx = (atMs: number, passed: boolean, durationMs = 100): DrillTransaction => ({
  tenant: 't',
  scenario: 's',
  atMs,
  durationMs,
  passed,
});

test('downtime runs from the first failed start to the end of the first good transaction started after it', () => {
  const d = downtimeOf([tx(0, true), tx(1000, false), tx(2000, false), tx(2500, true, 300), tx(3000, false)], 5000);
  assert.deepEqual(d.windows, [
    { fromMs: 1000, toMs: 2800, failed: 2 },
    { fromMs: 3000, failed: 1 },
  ]);
  // The open window counts to the drill's end.
  assert.equal(d.totalMs, 1800 + 2000);
  assert.equal(d.longestMs, 2000);
});

test('RTO runs from a restore’s start to the end of the first good transaction started after it ended; shift is during ÷ baseline', () => {
  const phases: PhaseRecord[] = [
    {
      index: 0,
      name: 'restore',
      type: 'operation',
      kind: 'restore',
      location: 'x',
      startMs: 1000,
      endMs: 2000,
      outcome: 'done',
    },
  ];
  const all = [tx(0, true, 100), tx(1200, false), tx(1900, true, 400), tx(2100, true, 300)];
  const [op] = operationFigures(all, phases, { count: 1, p50Ms: 100, p95Ms: 100, p99Ms: 100 }, 3000);
  assert.equal(op!.rtoMs, 2400 - 1000);
  assert.equal(op!.failed, 1);
  assert.equal(op!.transactions, 3);
  assert.equal(op!.latencyShift.p95, 4);
});

test('a job run twice (two successes, or a replayed copy) is duplicated; one still queued is unfinished', () => {
  const job = (id: number, ref: string, status: string, successes = status === 'succeeded' ? 1 : 0): JobRow => ({
    id,
    type: 'carrier.label',
    ref,
    status,
    history: Array.from({ length: successes }, () => ({ outcome: 'succeeded' })),
  });
  const tracked = new Map([1, 2, 3].map((id) => [id, job(id, `SH-${id}`, 'queued')]));
  const figures = jobFigures(tracked, [
    job(1, 'SH-1', 'succeeded'),
    job(2, 'SH-2', 'succeeded', 2),
    job(3, 'SH-3', 'queued'),
    job(4, 'SH-9', 'succeeded'),
    job(5, 'SH-9', 'succeeded'),
  ]);
  assert.equal(figures.completedOnce, 1);
  assert.equal(figures.unfinished, 1);
  assert.equal(figures.duplicated, 2);
  assert.deepEqual(
    figures.problems
      .filter((p) => p.status === 'duplicated')
      .map((p) => p.ref)
      .sort(),
    ['SH-2', 'SH-9'],
  );
});

const figures = (tenant: string, lost: number, rtoMs: number | null): TenantFigures => ({
  tenant,
  transactions: { total: 1, passed: 1, failed: 0 },
  baseline: { count: 1, errorRate: 0 },
  downtime: { totalMs: 0, longestMs: 0, windows: [] },
  rtoMs,
  operations: [],
  reconciliation: { confirmed: lost, presentSame: 0, lost, changed: 0, duplicated: 0, unreadable: 0, problems: [] },
  jobs: { inFlight: 0, completedOnce: 0, unfinished: 0, duplicated: 0, gone: 0, problems: [] },
});
const read = (figure: Parameters<typeof parseDrillThreshold>[0], value: string | number) =>
  parseDrillThreshold(figure, value) as DrillThreshold;

test('thresholds hold when every tenant is within them, and fail naming the first tenant that is not', () => {
  const tenants = [figures('standard', 0, 20_000), figures('high-volume', 2, 50_000)];
  const [lost, rto] = judgeDrill([read('lost', 0), read('rto', '< 1m')], tenants);
  assert.deepEqual(lost, { threshold: 'lost <= 0', passed: false, actual: 2, tenant: 'high-volume' });
  assert.deepEqual(rto, { threshold: 'rto < 1m', passed: true, actual: 50_000, tenant: 'high-volume' });
});

test('an RTO that never came (null) fails its threshold as not measured', () => {
  const [rto] = judgeDrill([read('rto', '< 1m')], [figures('standard', 0, null)]);
  assert.equal(rto!.passed, false);
  assert.equal(rto!.actual, null);
});
