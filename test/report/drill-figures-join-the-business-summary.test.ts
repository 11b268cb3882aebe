// A drill's figures in the business summary: merged into a run's summary (an older, version-1 one
// included) or a summary of drills alone, judged into the verdict by rehearse drill's exit rules,
// rendered in summary.md and summary.html; and the summary's readers still take version 1 and say
// which versions they read.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Value } from '@sinclair/typebox/value';
import {
  drillSummaryOf,
  mergeDrillSummary,
  readBusinessSummary,
  summarizeRun,
  writeDrillIntoSummary,
} from '../../src/report/index.js';
import {
  BUSINESS_SUMMARY_VERSION,
  BusinessSummarySchema,
  type DrillResults,
  type TenantFigures,
} from '../../src/schema/index.js';

const dir = mkdtempSync(join(tmpdir(), 'rehearse-drill-summary-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const RUN = { id: 'drill-run', environment: 'sandbox', seed: '7' };

function tenant(name: string, over: Partial<TenantFigures> = {}): TenantFigures {
  return {
    tenant: name,
    transactions: { total: 30, passed: 27, failed: 3 },
    baseline: { count: 8, p50Ms: 40, p95Ms: 60, p99Ms: 70, errorRate: 0 },
    downtime: { totalMs: 4200, longestMs: 4200, windows: [{ fromMs: 9000, toMs: 13_200, failed: 3 }] },
    rtoMs: 5100,
    operations: [
      {
        phase: 1,
        name: 'restore',
        kind: 'restore',
        transactions: 10,
        failed: 3,
        errorRate: 0.3,
        latency: { count: 7, p50Ms: 50, p95Ms: 90, p99Ms: 95 },
        latencyShift: { p50: 1.25, p95: 1.5, p99: 1.36 },
        rtoMs: 5100,
      },
    ],
    reconciliation: {
      confirmed: 20,
      presentSame: 17,
      lost: 3,
      changed: 0,
      duplicated: 0,
      unreadable: 0,
      rpoMs: 3900,
      problems: [{ record: 'order', id: 'SO-1', status: 'lost', confirmedAtMs: 8000, ageMs: 3900, detail: '404' }],
    },
    jobs: { inFlight: 4, completedOnce: 4, unfinished: 0, duplicated: 0, gone: 0, problems: [] },
    ...over,
  };
}

function results(over: Partial<DrillResults> = {}): DrillResults {
  return {
    schemaVersion: 1,
    drill: 'restore-from-snapshot',
    file: 'drills/restore-from-snapshot.drill.yaml',
    environment: 'sandbox',
    targetUrl: 'http://127.0.0.1:4000',
    startedAt: '2026-12-04T10:00:00.000Z',
    durationMs: 42_000,
    baselineMs: 8000,
    status: 'passed',
    phases: [],
    tenants: [tenant('high-volume')],
    verdicts: [{ threshold: 'rto < 1m', passed: true, actual: 5100, tenant: 'high-volume' }],
    transactions: [],
    droppedTransactions: 0,
    skippedArrivals: 0,
    ...over,
  };
}

/** A run's summary as Rehearse wrote it before drills: version 1. */
function versionOneSummary(): Record<string, unknown> {
  const summary = summarizeRun({
    run: { ...RUN, id: 'nightly', startedAt: '2026-12-04T03:00:00.000Z', durationMs: 1000, status: 'passed' },
    deployment: { version: '1.4.2' },
    tests: [
      {
        scenario: 'order-to-cash',
        title: 'order-to-cash (high-volume, api)',
        workflow: 'order-to-cash',
        tenant: 'high-volume',
        driver: 'api',
        outcome: 'expected',
        attempts: [{ status: 'passed', durationMs: 10 }],
      },
    ],
    slos: {},
  });
  return { ...summary, schemaVersion: 1 };
}

test('a drill passes its figures per tenant into the summary, not its transactions', () => {
  const drill = drillSummaryOf(results(), '../drills/restore-from-snapshot/drill-results.json');
  const [t] = drill.tenants;
  assert.equal(t!.downtimeMs, 4200);
  assert.equal(t!.rtoMs, 5100);
  assert.equal(t!.rpoMs, 3900);
  assert.deepEqual(t!.records, { confirmed: 20, presentSame: 17, lost: 3, changed: 0, duplicated: 0, unreadable: 0 });
  assert.equal(t!.jobs.completedOnce, 4);
  assert.deepEqual(t!.operations[0]!.latencyShift, { p50: 1.25, p95: 1.5, p99: 1.36 });
  assert.equal(drill.results, '../drills/restore-from-snapshot/drill-results.json');
  const summary = mergeDrillSummary({ drill, run: RUN, deployment: {} });
  assert.equal(Value.Errors(BusinessSummarySchema, summary).First(), undefined);
});

test('a summary of a drill alone is judged by the drill: passed, not "nothing tested"; a failed threshold fails it', () => {
  const passed = mergeDrillSummary({ drill: drillSummaryOf(results(), 'r.json'), run: RUN, deployment: {} });
  assert.equal(passed.verdict.result, 'passed');
  assert.equal(passed.totals.tests, 0);
  assert.equal(passed.run.startedAt, '2026-12-04T10:00:00.000Z');

  const failing = results({
    status: 'failed',
    tenants: [tenant('high-volume', { rtoMs: null })],
    verdicts: [
      { threshold: 'rto < 1m', passed: false, actual: null, tenant: 'high-volume' },
      { threshold: 'lost: 0', passed: true, actual: 0 },
    ],
  });
  const failed = mergeDrillSummary({ drill: drillSummaryOf(failing, 'r.json'), run: RUN, deployment: {} });
  assert.equal(failed.verdict.result, 'failed');
  assert.deepEqual(failed.verdict.reasons, ['drill restore-from-snapshot: rto < 1m did not hold']);

  const down = mergeDrillSummary({
    drill: drillSummaryOf(results({ status: 'target-down', verdicts: [] }), 'r.json'),
    run: RUN,
    deployment: {},
  });
  assert.equal(down.verdict.result, 'failed');
  assert.match(down.verdict.reasons.join(), /no good transaction in the baseline/);
  const interrupted = mergeDrillSummary({
    drill: drillSummaryOf(results({ status: 'interrupted', verdicts: [] }), 'r.json'),
    run: RUN,
    deployment: {},
  });
  assert.equal(interrupted.run.status, 'interrupted');
  assert.equal(interrupted.verdict.result, 'failed');

  const unjudged = mergeDrillSummary({
    drill: drillSummaryOf(results({ verdicts: [] }), 'r.json'),
    run: RUN,
    deployment: {},
  });
  assert.equal(unjudged.verdict.result, 'passed');
  assert.deepEqual(unjudged.verdict.warnings, ['drill restore-from-snapshot judged no threshold']);
});

test("merged into a run's version-1 summary: its tests stay, it becomes the current version, a drill run again replaces its entry", () => {
  const folder = join(dir, 'merge');
  const first = writeDrillIntoSummary({
    dir: folder,
    drill: drillSummaryOf(results(), 'a.json'),
    run: RUN,
    deployment: {},
  });
  assert.equal(first.merged, false);
  // A run then writes its own summary over it (as the reporter does); the drill merges into that.
  writeFileSync(join(folder, 'summary.json'), JSON.stringify(versionOneSummary()));
  const write = (r: DrillResults) =>
    writeDrillIntoSummary({ dir: folder, drill: drillSummaryOf(r, 'a.json'), run: RUN, deployment: {} });
  assert.equal(write(results()).merged, true);
  write(results({ drill: 'worker-outage-with-queue-replay' }));
  write(results({ startedAt: '2026-12-04T11:00:00.000Z' }));
  const reading = readBusinessSummary(join(folder, 'summary.json'));
  assert.ok(reading.ok, reading.ok ? '' : reading.problem);
  const summary = reading.summary;
  assert.equal(summary.schemaVersion, BUSINESS_SUMMARY_VERSION);
  assert.equal(summary.run.id, 'nightly');
  assert.equal(summary.tests.length, 1);
  assert.deepEqual(
    summary.drills?.map((d) => [d.drill, d.startedAt]),
    [
      ['restore-from-snapshot', '2026-12-04T11:00:00.000Z'],
      ['worker-outage-with-queue-replay', '2026-12-04T10:00:00.000Z'],
    ],
  );
  assert.equal(summary.verdict.result, 'passed');
  const markdown = readFileSync(join(folder, 'summary.md'), 'utf8');
  assert.match(markdown, /### Drills/);
  assert.match(
    markdown,
    /\| high-volume \| 27 good, 3 failed \| 4\.2 s \(longest 4\.2 s\) \| 5\.1 s \| 3\.9 s \| 3 \/ 0 \/ 0 of 20 \|/,
  );
  assert.match(markdown, /restore: 3 of 10, p95 1\.50×/);
  const html = readFileSync(join(folder, 'summary.html'), 'utf8');
  assert.match(html, /<h2>Drills<\/h2>/);
  assert.match(html, /worker-outage-with-queue-replay passed/);
});

test('a summary that cannot be read is kept as previous-summary.json, not overwritten', () => {
  const folder = join(dir, 'unreadable');
  writeDrillIntoSummary({ dir: folder, drill: drillSummaryOf(results(), 'a.json'), run: RUN, deployment: {} });
  writeFileSync(join(folder, 'summary.json'), '{"not":"a summary"}');
  const write = writeDrillIntoSummary({
    dir: folder,
    drill: drillSummaryOf(results(), 'a.json'),
    run: RUN,
    deployment: {},
  });
  assert.equal(write.merged, false);
  assert.match(write.problem ?? '', /is not a business summary/);
  assert.equal(readFileSync(join(folder, 'previous-summary.json'), 'utf8'), '{"not":"a summary"}');
});

test('readers take versions 1, 2 and 3, name the versions they read, and refuse a version 1 with drills', () => {
  const file = (name: string, value: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify(value));
    return path;
  };
  const v1 = readBusinessSummary(file('v1.json', versionOneSummary()));
  assert.ok(v1.ok);
  assert.equal(v1.summary.schemaVersion, BUSINESS_SUMMARY_VERSION);
  const v4 = readBusinessSummary(file('v4.json', { ...versionOneSummary(), schemaVersion: 4 }));
  assert.deepEqual(
    v4.ok ? '' : v4.problem.replace(dir, '<dir>'),
    '<dir>/v4.json: it is a version 4 business summary; this Rehearse reads versions 1, 2 and 3',
  );
  const mixed = readBusinessSummary(file('v1-drills.json', { ...versionOneSummary(), drills: [] }));
  assert.match(mixed.ok ? '' : mixed.problem, /version 1 business summary with drills/);
  const badDrill = readBusinessSummary(
    file('v2-bad.json', { ...versionOneSummary(), schemaVersion: 2, drills: [{ drill: 'x' }] }),
  );
  assert.match(badDrill.ok ? '' : badDrill.problem, /does not match the business summary schema at \/drills\/0/);
});
