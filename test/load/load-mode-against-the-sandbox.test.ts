// `rehearse load` through the real CLI against the embedded sandbox (a copy of the shipped
// project): thresholds that hold exit 0 and thresholds that do not exit 1; three segments run
// at once merge into exactly the percentiles of one histogram over the union of their samples;
// a missing segment is no verdict; production and bad flags are refused before anything runs.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Ajv2020 from 'ajv/dist/2020.js';
import { runCli } from '../helpers/run-cli.js';
import { copyShippedProjectWithoutPages } from '../helpers/shipped-project.js';
import { decodeHistogram, newHistogram } from '../../src/load/index.js';
import type { LoadResults } from '../../src/schema/index.js';

const REPO = new URL('../../', import.meta.url).pathname;
let dir: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'rehearse-load-'));
  copyShippedProjectWithoutPages(REPO, dir);
});
after(() => rmSync(dir, { recursive: true, force: true }));

const load = (args: string[], env: Record<string, string> = {}) =>
  runCli(['load', 'order-to-cash', '--tenant', 'standard', ...args], { cwd: dir, timeoutMs: 120_000, env });
const read = (file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8')) as LoadResults;

describe('rehearse load against the embedded sandbox', () => {
  test('thresholds that hold: exit 0, results valid against the published schema', async () => {
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
        '--threshold',
        'order.create:p99<60s',
        '--output-dir',
        'open',
      ],
      { GITHUB_STEP_SUMMARY: join(dir, 'step-summary.md') },
    );
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /✓ p95<60s {2}\(\d/);
    assert.match(result.stdout, /✓ error_rate<=0% {2}\(0 %\)/);
    assert.match(result.stdout, /order\.create {2,}p50 [\d.]+ ms/);
    const results = read('open/load/segment-1-of-1.json');
    const schema = JSON.parse(readFileSync(join(REPO, 'schemas/load-results.schema.json'), 'utf8'));
    const validate = new Ajv2020.default({ strict: false }).compile(schema);
    assert.ok(validate(results), JSON.stringify(validate.errors));
    assert.equal(results.iterations.scheduled, 8);
    assert.equal(results.iteration.runs, 8);
    assert.equal(results.iteration.failed, 0);
    // The page: latency over time as an inline chart, nothing to fetch; and the job summary page.
    const html = readFileSync(join(dir, 'open/load/segment-1-of-1.html'), 'utf8');
    assert.match(html, /<svg role="img" aria-label="latency over time"/);
    assert.match(html, /✓ passed/);
    assert.doesNotMatch(html, /<script|<link|(?:src|href)\s*=/i);
    // The job's page: the load's figures as Markdown, the full text report folded under them.
    const step = readFileSync(join(dir, 'step-summary.md'), 'utf8');
    assert.match(step, /^## Rehearse — load\n\n\*\*✓ load order-to-cash × standard passed/);
    assert.match(step, /\| standard \| iteration \| 8 \| 0 % \|/);
    assert.match(step, /<details><summary>The full report<\/summary>\n\n```\nLoad: order-to-cash × standard/);
    assert.deepEqual(
      Object.keys(results.actions)
        .filter((a) => a.startsWith('order.'))
        .sort(),
      ['order.allocate', 'order.create', 'order.ship'],
    );
  });

  test('thresholds that do not hold: exit 1 naming each, through the closed model', async () => {
    const result = await load([
      '--vus',
      '1',
      '--duration',
      '2s',
      '--threshold',
      'p95<1ms',
      '--threshold',
      'order.create:max<1ms',
      '--output-dir',
      'closed',
    ]);
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.match(result.stdout, /✗ p95<1ms {2}\([\d.]+ (ms|s)\)/);
    assert.match(result.stdout, /✗ order\.create:max<1ms/);
    assert.match(result.stderr, /✗ 2 of 2 threshold\(s\) did not hold/);
    // The tenant's SLOs are judged and shown, but set no exit code without --fail-on-slo.
    assert.match(
      result.stdout,
      /SLOs \(reported; --fail-on-slo makes them thresholds\):\n {2}[✓⚠] order\.create:p95<=800ms/,
    );
    assert.equal(read('closed/load/segment-1-of-1.json').load.model, 'closed');
  });

  test('three segments at once merge exactly: the percentiles of one histogram over every sample', async () => {
    const flags = ['--rate', '6/s', '--duration', '2s', '--seed', '42', '--keep-samples', '--threshold', 'p95<60s'];
    const segments = await Promise.all(
      [1, 2, 3].map((i) => load([...flags, '--segment', `${i}/3`, '--output-dir', `seg${i}`])),
    );
    for (const [i, s] of segments.entries()) {
      assert.equal(s.code, 0, `segment ${i + 1}: ${s.stdout}${s.stderr}`);
      assert.match(s.stderr, /judged on all segments by `rehearse load merge`/);
    }
    const merge = await runCli(['load', 'merge', 'seg1/load', 'seg2/load', 'seg3/load', '-o', 'merged.json'], {
      cwd: dir,
      timeoutMs: 60_000,
    });
    assert.equal(merge.code, 0, merge.stdout + merge.stderr);
    assert.match(merge.stdout, /✓ p95<60s/, 'the thresholds the segments recorded are judged on the merge');
    const merged = read('merged.json');
    const parts = [1, 2, 3].map((i) => read(`seg${i}/load/segment-${i}-of-3.json`));
    // Each arrival of the whole schedule (6/s × 2 s) fell to exactly one segment.
    assert.deepEqual(
      parts.map((p) => p.iterations.scheduled),
      [4, 4, 4],
    );
    assert.equal(merged.iterations.scheduled, 12);
    assert.deepEqual(merged.segments, { count: 3, merged: [1, 2, 3], missing: [] });
    const samples = parts.flatMap((p) => p.samples!);
    assert.equal(samples.length, merged.iteration.runs);
    const union = newHistogram();
    for (const us of samples) union.recordValue(us);
    const mergedHistogram = decodeHistogram(merged.iteration.histogram);
    for (const p of [50, 90, 95, 99, 99.9, 100])
      assert.equal(mergedHistogram.getValueAtPercentile(p), union.getValueAtPercentile(p), `p${p}`);
    assert.equal(mergedHistogram.totalCount, union.totalCount);
    // The stored form keeps the max to its bucket (within 0.1 %), as HdrHistogram's format does.
    assert.ok(Math.abs(mergedHistogram.maxValue - union.maxValue) <= union.maxValue * 0.001);

    // A segment missing: written, reported, and no verdict (exit 2).
    const partial = await runCli(['load', 'merge', 'seg1/load', 'seg3/load', '-o', 'partial.json'], {
      cwd: dir,
      timeoutMs: 60_000,
    });
    assert.equal(partial.code, 2, partial.stdout + partial.stderr);
    assert.match(partial.stderr, /Incomplete: segment\(s\) 2 of 3 missing/);
    assert.deepEqual(read('partial.json').segments.missing, [2]);
    // Another run's segment is refused.
    const mixed = await runCli(['load', 'merge', 'seg1/load', 'open/load'], { cwd: dir, timeoutMs: 60_000 });
    assert.equal(mixed.code, 2, mixed.stdout + mixed.stderr);
    assert.match(mixed.stderr, /REHEARSE_LOAD_MIXED_RUNS/);
  });

  test('noisy neighbour: a second tenant measured against its own baseline; the noisy-neighbour defect moves it beyond --max-shift', async () => {
    const rehearsal = (extra: string[], env: Record<string, string> = {}) =>
      runCli(
        [
          'load',
          'order-to-cash',
          '--tenant',
          'high-volume',
          '--rate',
          '8/s',
          '--duration',
          '3s',
          '--neighbour',
          'standard',
          '--neighbour-tag',
          'order-to-cash',
          '--baseline',
          '3s',
          ...extra,
        ],
        { cwd: dir, timeoutMs: 120_000, env },
      );
    const healthy = await rehearsal([
      '--max-shift',
      'p95<1000%',
      '--max-shift',
      'error_rate<50%',
      '--output-dir',
      'neighbour-ok',
    ]);
    assert.equal(healthy.code, 0, healthy.stdout + healthy.stderr);
    assert.match(
      healthy.stdout,
      /Noisy neighbour: standard \(\d+ scenario\(s\) tagged order-to-cash\) while high-volume was loaded/,
    );
    assert.match(
      healthy.stdout,
      /✓ p95<1000% {2}\([\w-]+: [+-][\d.]+ %, [\d.]+ m?s → [\d.]+ m?s; \d+ scenario\(s\) compared\)/,
    );
    const neighbour = read('neighbour-ok/load/segment-1-of-1.json').neighbour!;
    const measured = Object.values(neighbour.scenarios).filter((m) => m.baseline.runs && m.underLoad.runs);
    assert.ok(measured.length >= 1, JSON.stringify(neighbour.scenarios));
    assert.deepEqual(neighbour.maxShifts, ['p95<1000%', 'error_rate<50%']);

    // Shared capacity without fairness: high-volume's ~80 requests a second slow every one of standard's.
    const noisy = await rehearsal(['--max-shift', 'p50<100%', '--output-dir', 'neighbour-noisy'], {
      SANDBOX_DEFECTS: 'noisy-neighbour',
    });
    assert.equal(noisy.code, 1, noisy.stdout + noisy.stderr);
    assert.match(
      noisy.stdout,
      /✗ p50<100% {2}\([\w-]+: \+[\d.]+ %, [\d.]+ m?s → [\d.]+ m?s; \d+ scenario\(s\) compared\)/,
    );
    assert.match(
      noisy.stderr,
      /✗ The neighbour standard moved beyond 1 of 1 --max-shift threshold\(s\) while high-volume was loaded/,
    );

    for (const [args, message] of [
      [['--rate', '1/s', '--max-shift', 'p95<50%'], /--max-shift: it belongs to the noisy-neighbour rehearsal/],
      [['--rate', '1/s', '--neighbour', 'regulated', '--segment', '1/2'], /--neighbour with --segment/],
      [['--rate', '1/s', '--neighbour', 'regulated', '--max-shift', 'p95 up 50%'], /--max-shift "p95 up 50%"/],
    ] as const) {
      const result = await load([...args]);
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stdout}${result.stderr}`);
      assert.match(result.stderr, message);
    }
  });

  test('a production environment is refused unless --allow-production; bad flags before anything starts', async () => {
    const production = await load(['--env', 'production', '--rate', '1/s'], {
      PRODUCTION_BASE_URL: 'https://erp.example.com',
    });
    assert.equal(production.code, 2, production.stdout + production.stderr);
    assert.match(production.stderr, /REHEARSE_PRODUCTION_REFUSED/);
    assert.match(production.stderr, /--allow-production/);
    for (const [args, message] of [
      [['--rate', '5/s', '--vus', '2'], /only one of --rate .* and --vus/],
      [['--rate', 'fast'], /--rate "fast": expected an arrival rate/],
      [['--stage', '10s:5/s', '--stage', '10s:3'], /mixes arrival rates and virtual users/],
      [['--rate', '5/s', '--segment', '4/3'], /--segment "4\/3": expected i\/n/],
      [['--rate', '5/s', '--threshold', 'p95<fast'], /--threshold "p95<fast"/],
    ] as const) {
      const result = await load([...args]);
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stdout}${result.stderr}`);
      assert.match(result.stderr, /REHEARSE_INVALID_FLAG/);
      assert.match(result.stderr, message);
      assert.doesNotMatch(result.stderr, /Starting the embedded| {4}at /, 'refused before anything started, no stack');
    }
  });
});
