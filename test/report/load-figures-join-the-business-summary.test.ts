// A load's figures in the business summary, from real HDR histograms: percentiles of the merged
// histograms (never averaged), the p95 per time slot for the chart, the verdict by the rules of
// load's exit code, an entry replaced by a later load of the same scenario × tenant, and readers
// that still take version-2 summaries (drills, no loads) and refuse a version 2 with loads.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Value } from '@sinclair/typebox/value';
import {
  judgeThresholds,
  loadStatusOf,
  loadSummaryOf,
  mergeLoadResults,
  MetricRecorder,
  newHistogram,
  parseThreshold,
  recordMs,
} from '../../src/load/index.js';
import {
  mergeLoadSummary,
  readBusinessSummary,
  renderSummaryHtml,
  renderSummaryMarkdown,
  summarizeRun,
  writeLoadIntoSummary,
} from '../../src/report/index.js';
import {
  BUSINESS_SUMMARY_VERSION,
  BusinessSummarySchema,
  LOAD_RESULTS_VERSION,
  type LoadResults,
  type SummaryLoad,
} from '../../src/schema/index.js';

const dir = mkdtempSync(join(tmpdir(), 'rehearse-load-summary-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const RUN = { id: 'load-1', environment: 'sandbox', seed: '7' };

/** One segment's results: its iterations' latencies (ms) spread one a second from `second0`. */
function segment(index: number, latencies: number[], second0 = 0): LoadResults {
  const iteration = new MetricRecorder();
  const action = new MetricRecorder();
  const timeline = new Map<number, MetricRecorder>();
  latencies.forEach((ms, i) => {
    iteration.record(ms, true);
    action.record(ms / 2, i % 10 !== 0);
    const second = second0 + i;
    if (!timeline.has(second)) timeline.set(second, new MetricRecorder());
    timeline.get(second)!.record(ms, true);
  });
  return {
    schemaVersion: LOAD_RESULTS_VERSION,
    load: {
      scenario: 'order-to-cash',
      file: 'scenarios/order-to-cash.yaml',
      tenant: 'standard',
      environment: 'sandbox',
      targetUrl: 'http://127.0.0.1:4000',
      model: 'open',
      start: 0,
      stages: [{ durationMs: 10_000, target: 5 }],
      maxInFlight: 100,
      seed: '7',
      thresholds: ['p95<500ms', 'order.create:error_rate<1%'],
      sloWarnings: [],
      group: 'g',
    },
    segments: { count: 2, merged: [index], missing: [] },
    startedAt: '2026-12-05T01:00:00.000Z',
    durationMs: 10_000,
    iterations: { scheduled: latencies.length, dropped: 0, interrupted: 0 },
    iteration: iteration.toJSON(),
    actions: { 'order.create': action.toJSON() },
    errors: {},
    timeline: [...timeline].map(([second, m]) => ({ second, ...m.toJSON() })),
  };
}

/** Segment 1 fast, segment 2 slow: the average of their p95s is far from the p95 of the whole. */
const fast = Array.from({ length: 90 }, (_, i) => 10 + (i % 10));
const slow = Array.from({ length: 10 }, () => 1000);
const merged = mergeLoadResults([
  { file: 'seg1.json', results: segment(1, fast) },
  { file: 'seg2.json', results: segment(2, slow, 90) },
]);

/** Within HdrHistogram's 3 significant digits (a value is kept to 0.1 %). */
function near(actual: number | undefined, expected: number): void {
  assert.ok(actual !== undefined && Math.abs(actual - expected) <= expected * 0.001, `${actual} ≈ ${expected}`);
}

function summaryLoad(results: LoadResults, interrupted = false): SummaryLoad {
  const thresholds = results.load.thresholds.map(parseThreshold);
  const verdicts = judgeThresholds(results, thresholds);
  const status = loadStatusOf({ results, verdicts, shifts: [], interrupted });
  return loadSummaryOf({ results, status, verdicts, sloWarnings: [], shifts: [], resultsFile: '../load/merged.json' });
}

test('percentiles come from the merged histograms, not from averaged percentiles', () => {
  const load = summaryLoad(merged);
  const union = newHistogram();
  for (const ms of [...fast, ...slow]) recordMs(union, ms);
  assert.equal(load.iteration.runs, 100);
  assert.equal(load.iteration.p95Ms, union.getValueAtPercentile(95) / 1000);
  assert.equal(load.iteration.p99Ms, union.getValueAtPercentile(99) / 1000);
  assert.ok(load.iteration.p95Ms! > 900, `p95 ${load.iteration.p95Ms} is the slow segment's, as one histogram says`);
  assert.equal(load.iteration.throughputPerS, 10, '100 runs in 10 s');
  const [create] = load.actions;
  assert.equal(create!.action, 'order.create');
  assert.equal(create!.failed, 10);
  assert.equal(create!.errorRate, 0.1);
  assert.deepEqual(
    load.thresholds.map((t) => [t.threshold, t.unit, t.passed]),
    [
      ['p95<500ms', 'ms', false],
      ['order.create:error_rate<1%', 'ratio', false],
    ],
  );
  assert.equal(load.thresholds[1]!.actual, 0.1);
  assert.equal(load.status, 'failed');
  assert.deepEqual(load.segments, { count: 2, missing: [] });
});

test("the chart's slots: one a second, or wider so there are at most 120; p95 from the slot's added histograms", () => {
  const short = summaryLoad(merged).timeline;
  assert.equal(short.slotS, 1);
  assert.equal(short.slots.length, 100);
  near(short.slots[95]!.p95Ms, 1000);
  const long = summaryLoad(
    segment(
      1,
      Array.from({ length: 300 }, (_, i) => (i < 150 ? 20 : 400)),
    ),
  ).timeline;
  assert.equal(long.slotS, 3);
  assert.equal(long.slots.length, 100);
  assert.deepEqual(
    long.slots.map((s) => s.runs),
    Array.from({ length: 100 }, () => 3),
  );
  near(long.slots[49]!.p95Ms, 20);
  near(long.slots[50]!.p95Ms, 400);
});

test('the summary verdict follows load exit code: failed, interrupted, incomplete, nothing measured, passed', () => {
  const failed = mergeLoadSummary({ load: summaryLoad(merged), run: RUN, deployment: {} });
  assert.equal(Value.Errors(BusinessSummarySchema, failed).First(), undefined);
  assert.equal(failed.verdict.result, 'failed');
  assert.deepEqual(failed.verdict.reasons, [
    'load order-to-cash × standard: p95<500ms, order.create:error_rate<1% did not hold',
  ]);

  const interrupted = mergeLoadSummary({ load: summaryLoad(merged, true), run: RUN, deployment: {} });
  assert.equal(interrupted.loads![0]!.status, 'interrupted');
  assert.equal(interrupted.run.status, 'interrupted');
  assert.equal(interrupted.verdict.result, 'failed');
  assert.ok(interrupted.verdict.reasons.includes('load order-to-cash × standard was interrupted before it finished'));

  const partial = mergeLoadResults([{ file: 'seg1.json', results: segment(1, fast) }]);
  const incomplete = mergeLoadSummary({ load: summaryLoad(partial), run: RUN, deployment: {} });
  assert.equal(incomplete.verdict.result, 'incomplete');
  assert.match(incomplete.verdict.reasons.join(), /segment\(s\) 2 of 2 missing from the merge, so no verdict/);

  const empty = segment(1, []);
  const nothing = mergeLoadSummary({ load: summaryLoad(empty), run: RUN, deployment: {} });
  assert.equal(nothing.loads![0]!.status, 'nothing-measured');
  assert.equal(nothing.verdict.result, 'failed');

  const holding = { ...segment(1, fast), load: { ...segment(1, fast).load, thresholds: ['p95<500ms'] } };
  const passed = mergeLoadSummary({ load: summaryLoad(holding), run: RUN, deployment: {} });
  assert.equal(passed.verdict.result, 'passed', 'loads alone tested something: not "nothing tested"');
  const unjudged = { ...holding, load: { ...holding.load, thresholds: [] } };
  const warned = mergeLoadSummary({ load: summaryLoad(unjudged), run: RUN, deployment: {} });
  assert.equal(warned.verdict.result, 'passed');
  assert.deepEqual(warned.verdict.warnings, ['load order-to-cash × standard judged no threshold']);
});

test("into a run's version-2 summary with drills: tests and drills stay, a later load of the same scenario × tenant replaces its entry; the page draws p95 over time", () => {
  const folder = join(dir, 'merge');
  const run = summarizeRun({
    run: { ...RUN, id: 'nightly', startedAt: '2026-12-05T00:00:00.000Z', durationMs: 1000, status: 'passed' },
    deployment: {},
    tests: [
      {
        scenario: 'order-to-cash',
        title: 'order-to-cash (standard, api)',
        workflow: 'order-to-cash',
        tenant: 'standard',
        driver: 'api',
        outcome: 'expected',
        attempts: [{ status: 'passed', durationMs: 10 }],
      },
    ],
    slos: {},
  });
  const versionTwo = { ...run, schemaVersion: 2, drills: [] };
  rmSync(folder, { recursive: true, force: true });
  writeLoadIntoSummary({ dir: folder, load: summaryLoad(merged), run: RUN, deployment: {} });
  writeFileSync(join(folder, 'summary.json'), JSON.stringify(versionTwo));
  const holding = { ...segment(1, fast), load: { ...segment(1, fast).load, thresholds: ['p95<500ms'] } };
  assert.equal(writeLoadIntoSummary({ dir: folder, load: summaryLoad(merged), run: RUN, deployment: {} }).merged, true);
  const other = { ...holding, load: { ...holding.load, tenant: 'high-volume' } };
  writeLoadIntoSummary({ dir: folder, load: summaryLoad(other), run: RUN, deployment: {} });
  writeLoadIntoSummary({ dir: folder, load: summaryLoad(holding), run: RUN, deployment: {} });
  const reading = readBusinessSummary(join(folder, 'summary.json'));
  assert.ok(reading.ok, reading.ok ? '' : reading.problem);
  const summary = reading.summary;
  assert.equal(summary.schemaVersion, BUSINESS_SUMMARY_VERSION);
  assert.equal(summary.run.id, 'nightly');
  assert.equal(summary.tests.length, 1);
  assert.deepEqual(summary.drills, []);
  assert.deepEqual(
    summary.loads!.map((l) => [l.tenant, l.status, l.segments.count]),
    [
      ['high-volume', 'passed', 2],
      ['standard', 'passed', 2],
    ],
  );
  assert.equal(summary.verdict.result, 'passed');
  const html = renderSummaryHtml(summary);
  assert.match(html, /<h2>Load<\/h2>/);
  assert.match(html, /<svg role="img" aria-label="order-to-cash × standard: p95 per 1 s"/);
  assert.match(html, /<polyline fill="none" stroke="#bf8700"/);
  assert.doesNotMatch(html, /<script|<link|(?:src|href)\s*=/i);
  const markdown = renderSummaryMarkdown(summary);
  assert.match(markdown, /### Load/);
  assert.match(markdown, /\| standard \| iteration \| 90 \| 0 % \| \d+(\.\d)? \| \d+(\.\d)? \| \d+(\.\d)? \| 9 \|/);
  assert.match(markdown, /- ✓ p95<500ms — [\d.]+ ms/);
  assert.equal(readFileSync(join(folder, 'summary.md'), 'utf8'), markdown);
});

test('readers take a version-2 summary with drills and refuse a version 1 or 2 that has loads', () => {
  const file = (name: string, value: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify(value));
    return path;
  };
  const base = mergeLoadSummary({ load: summaryLoad(merged), run: RUN, deployment: {} });
  const { loads, ...withoutLoads } = base;
  const v2 = readBusinessSummary(file('v2.json', { ...withoutLoads, schemaVersion: 2, drills: [] }));
  assert.ok(v2.ok, v2.ok ? '' : v2.problem);
  assert.equal(v2.summary.schemaVersion, BUSINESS_SUMMARY_VERSION);
  const v2Loads = readBusinessSummary(file('v2-loads.json', { ...withoutLoads, schemaVersion: 2, loads }));
  assert.match(v2Loads.ok ? '' : v2Loads.problem, /version 2 business summary with loads/);
  const v1Loads = readBusinessSummary(file('v1-loads.json', { ...withoutLoads, schemaVersion: 1, loads }));
  assert.match(v1Loads.ok ? '' : v1Loads.problem, /version 1 business summary with loads/);
  const current = readBusinessSummary(file('v3.json', base));
  assert.ok(current.ok, current.ok ? '' : current.problem);
});
