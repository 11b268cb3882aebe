// `rehearse load` through the real CLI against the embedded sandbox (a copy of the shipped
// project), briefly: its figures join the business summary a run left (version 2, kept and
// written back as version 3) — valid against the published schema, percentiles read from the
// results' histograms, a latency-over-time chart inline in summary.html — thresholds that do not
// hold fail the summary as they fail the exit code, a later load replaces the earlier entry, an
// interrupted load is said to be, and `rehearse load merge --summary-dir` puts merged segments in.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Ajv2020 from 'ajv/dist/2020.js';
import { runCli, startCli } from '../helpers/run-cli.js';
import { copyShippedProjectWithoutPages } from '../helpers/shipped-project.js';
import { decodeHistogram } from '../../src/load/index.js';
import { summarizeRun } from '../../src/report/index.js';
import type { BusinessSummary, LoadResults } from '../../src/schema/index.js';

const REPO = new URL('../../', import.meta.url).pathname;
let dir: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'rehearse-load-summary-'));
  copyShippedProjectWithoutPages(REPO, dir);
});
after(() => rmSync(dir, { recursive: true, force: true }));

const load = (args: string[], env: Record<string, string> = {}) =>
  runCli(['load', 'order-to-cash', '--tenant', 'standard', ...args], { cwd: dir, timeoutMs: 120_000, env });
const json = <T>(file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8')) as T;
const schema = () =>
  new Ajv2020.default({ strict: false }).compile(
    JSON.parse(readFileSync(join(REPO, 'schemas/business-summary.schema.json'), 'utf8')),
  );

/** What `rehearse run` left in the summary folder before this Rehearse had loads: a version-2 summary. */
function runSummaryVersionTwo(): Record<string, unknown> {
  const summary = summarizeRun({
    run: {
      id: 'nightly',
      environment: 'sandbox',
      seed: '1',
      startedAt: '2026-12-05T00:00:00.000Z',
      durationMs: 1000,
      status: 'passed',
    },
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
  return { ...summary, schemaVersion: 2, drills: [] };
}

describe('load results in the business summary, through the real CLI', () => {
  test("thresholds that hold: the load joins the run's summary, passed, with its figures and a chart", async () => {
    mkdirSync(join(dir, 'out/summary'), { recursive: true });
    writeFileSync(join(dir, 'out/summary/summary.json'), JSON.stringify(runSummaryVersionTwo()));
    const result = await load(
      [
        '--rate',
        '4/s',
        '--duration',
        '2s',
        '--threshold',
        'p95<60s',
        '--threshold',
        'error_rate<=0%',
        '--output-dir',
        'out',
      ],
      { GITHUB_STEP_SUMMARY: join(dir, 'step-summary.md') },
    );
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stderr, /Results: .*segment-1-of-1\.json .*summary[/\\]summary\.json/);
    const summary = json<BusinessSummary>('out/summary/summary.json');
    const validate = schema();
    assert.ok(validate(summary), JSON.stringify(validate.errors));
    assert.equal(summary.schemaVersion, 3);
    assert.equal(summary.run.id, 'nightly', "the run's summary is merged into, not replaced");
    assert.equal(summary.tests.length, 1);
    assert.equal(summary.verdict.result, 'passed');
    const [entry] = summary.loads!;
    assert.equal(summary.loads!.length, 1);
    assert.equal(entry!.status, 'passed');
    assert.equal(entry!.results, '../load/segment-1-of-1.json');
    const results = json<LoadResults>('out/load/segment-1-of-1.json');
    assert.equal(entry!.iteration.runs, results.iteration.runs);
    const histogram = decodeHistogram(results.iteration.histogram);
    assert.equal(entry!.iteration.p95Ms, histogram.getValueAtPercentile(95) / 1000, 'read from the histogram');
    assert.equal(entry!.iteration.p99Ms, histogram.getValueAtPercentile(99) / 1000);
    assert.deepEqual(
      entry!.actions.filter((a) => a.action.startsWith('order.')).map((a) => [a.action, a.runs]),
      [
        ['order.allocate', 8],
        ['order.create', 8],
        ['order.ship', 8],
      ],
    );
    assert.deepEqual(
      entry!.thresholds.map((t) => [t.threshold, t.unit, t.passed]),
      [
        ['p95<60s', 'ms', true],
        ['error_rate<=0%', 'ratio', true],
      ],
    );
    assert.equal(entry!.thresholds[1]!.actual, 0);
    // Without --fail-on-slo the tenant's SLOs are reported beside, as warnings.
    assert.deepEqual(
      entry!.sloWarnings.map((t) => t.threshold),
      ['order.create:p95<=800ms', 'order.create:error_rate<=1%'],
    );
    assert.ok(entry!.timeline.slots.some((s) => s.p95Ms !== undefined));
    const html = readFileSync(join(dir, 'out/summary/summary.html'), 'utf8');
    assert.match(html, /<h2>Load<\/h2>/);
    assert.match(html, /✓ load order-to-cash × standard passed/);
    assert.match(html, /<svg role="img" aria-label="order-to-cash × standard: p95 per 1 s"/);
    assert.doesNotMatch(html, /<script|<link|(?:src|href)\s*=/i);
    const markdown = readFileSync(join(dir, 'out/summary/summary.md'), 'utf8');
    assert.match(markdown, /\| standard \| iteration \| 8 \| 0 % \|/);
    assert.match(readFileSync(join(dir, 'step-summary.md'), 'utf8'), /- ✓ p95<60s — [\d.]+ ms/);
  });

  test('thresholds that do not hold: exit 1, and the summary says failed, naming them; the entry is replaced', async () => {
    const result = await load(['--vus', '1', '--duration', '1s', '--threshold', 'p95<1ms', '--output-dir', 'out']);
    assert.equal(result.code, 1, result.stdout + result.stderr);
    const summary = json<BusinessSummary>('out/summary/summary.json');
    assert.equal(summary.loads!.length, 1, 'a later load of the same scenario × tenant replaces the earlier');
    const [entry] = summary.loads!;
    assert.equal(entry!.status, 'failed');
    assert.equal(entry!.model, 'closed');
    assert.equal(entry!.thresholds[0]!.passed, false);
    assert.ok(entry!.thresholds[0]!.actual! > 1);
    assert.equal(summary.verdict.result, 'failed');
    assert.deepEqual(summary.verdict.reasons, ['load order-to-cash × standard: p95<1ms did not hold']);
    assert.equal(summary.tests.length, 1);
    assert.match(readFileSync(join(dir, 'out/summary/summary.html'), 'utf8'), /✗ p95&#60;1ms — [\d.]+ ms/);
  });

  test('interrupted: exit 130, the load is marked interrupted and the summary of loads alone is not passed', async () => {
    const run = startCli(
      ['load', 'order-to-cash', '--tenant', 'standard', '--rate', '2/s', '--duration', '60s', '--output-dir', 'int'],
      { cwd: dir, timeoutMs: 120_000 },
    );
    let ended = false;
    void run.done.then(() => (ended = true));
    // Stopped once the load is under way (its first progress line), not at a time.
    while (!ended && !/\[\s*\d+s\/60s\]/.test(run.output())) await new Promise((resolve) => setTimeout(resolve, 200));
    run.kill('SIGINT');
    const result = await run.done;
    assert.equal(result.code, 130, result.stdout + result.stderr);
    const summary = json<BusinessSummary>('int/summary/summary.json');
    assert.equal(summary.loads![0]!.status, 'interrupted');
    assert.equal(summary.run.status, 'interrupted');
    assert.equal(summary.verdict.result, 'failed');
    assert.ok(summary.verdict.reasons.includes('load order-to-cash × standard was interrupted before it finished'));
  });

  test('segments join the summary only through `rehearse load merge --summary-dir`; one missing is incomplete', async () => {
    const flags = ['--rate', '4/s', '--duration', '1s', '--seed', '9', '--threshold', 'p95<60s'];
    const segments = await Promise.all(
      [1, 2].map((i) => load([...flags, '--segment', `${i}/2`, '--output-dir', `seg${i}`])),
    );
    for (const s of segments) assert.equal(s.code, 0, s.stdout + s.stderr);
    assert.equal(existsSync(join(dir, 'seg1/summary')), false, 'a segment alone is not judged, so not summarised');
    const merge = await runCli(
      ['load', 'merge', 'seg1/load', 'seg2/load', '-o', 'merged.json', '--summary-dir', 'merged-summary'],
      { cwd: dir, timeoutMs: 60_000 },
    );
    assert.equal(merge.code, 0, merge.stdout + merge.stderr);
    const summary = json<BusinessSummary>('merged-summary/summary.json');
    const merged = json<LoadResults>('merged.json');
    const [entry] = summary.loads!;
    assert.deepEqual(entry!.segments, { count: 2, missing: [] });
    assert.equal(entry!.iteration.runs, merged.iteration.runs);
    assert.equal(entry!.iteration.p95Ms, decodeHistogram(merged.iteration.histogram).getValueAtPercentile(95) / 1000);
    assert.equal(entry!.results, '../merged.json');
    assert.equal(summary.verdict.result, 'passed');

    const partial = await runCli(
      [
        'load',
        'merge',
        'seg1/load',
        '-o',
        'partial.json',
        '--summary-dir',
        'partial-summary',
        '--threshold',
        'error_rate<50%',
      ],
      { cwd: dir, timeoutMs: 60_000 },
    );
    assert.equal(partial.code, 2, partial.stdout + partial.stderr);
    const incomplete = json<BusinessSummary>('partial-summary/summary.json');
    assert.equal(incomplete.loads![0]!.status, 'incomplete');
    assert.equal(incomplete.verdict.result, 'incomplete');
    // A --threshold after `merge` is merge's, although `rehearse load` has one of that name too.
    assert.deepEqual(
      incomplete.loads![0]!.thresholds.map((t) => t.threshold),
      ['p95<60s', 'error_rate<50%'],
    );
  });
});
