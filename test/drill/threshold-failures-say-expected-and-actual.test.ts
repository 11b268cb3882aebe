// A threshold that did not hold reads as every failed check of Rehearse does (`expected:` and
// `actual:` lines under it), through the real CLI (a child process) against the real embedded
// sandbox; and a threshold written wrong is an error at its file:line:col with a hint on how to
// write it. Run `npx tsc -p tsconfig.build.json` first.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { expectedActual, type DrillResults } from '../../src/drill/index.js';
import { runCli } from '../helpers/run-cli.js';

const REPO = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'rehearse-drill-thresholds-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function drillFile(name: string, lines: string[]): string {
  const file = join(dir, `${name}.drill.yaml`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

test('a threshold in the wrong unit is REHEARSE_DRILL_THRESHOLD at its file:line:col, with a hint (exit 2)', async () => {
  const file = drillFile('wrong-units', [
    'drill: wrong-units',
    'traffic: { scenarios: [order-to-cash], tenants: [high-volume], every: 1s }',
    'phases:',
    '  - { kind: rollback, operation: { run: "true" } }',
    'thresholds:',
    "  rto: '< 1'",
    "  lost: '< 2s'",
    "  latencyShift.p95: '3'",
  ]);
  const result = await runCli(['drill', file], { cwd: REPO, timeoutMs: 60_000 });
  assert.equal(result.code, 2, result.stdout + result.stderr);
  const at = (line: number, col: number) =>
    new RegExp(`wrong-units\\.drill\\.yaml:${line}:${col} error REHEARSE_DRILL_THRESHOLD\\n[^\\n]*\\n  hint: `);
  assert.match(result.stderr, at(6, 8));
  assert.match(result.stderr, /hint: rto is a duration with its unit \(ms, s, m or h\), e\.g\. rto: "< 2m"\./);
  assert.match(result.stderr, at(7, 9));
  assert.match(result.stderr, /hint: lost is a count: a whole number is at most that \(lost: 0\)/);
  assert.match(result.stderr, at(8, 21));
  assert.match(result.stderr, /hint: latencyShift\.p95 is a ratio to the baseline, e\.g\. latencyShift\.p95: "< 2x"/);
  assert.match(result.stderr, /> 6 \| +rto: '< 1'\n +\| {8}\^/, 'a code frame points at the value');
  assert.doesNotMatch(result.stderr, /Starting the embedded sandbox/, 'an invalid drill starts nothing');
});

test('thresholds that did not hold print expected: and actual: lines under them (exit 1)', async () => {
  const file = drillFile('too-strict', [
    'drill: too-strict',
    'traffic: { scenarios: [order-to-cash], tenants: [high-volume], every: 500ms, timeout: 45s }',
    'baseline: 5s',
    'phases:',
    '  - { name: no-op rollback, kind: rollback, operation: { run: "true" } }',
    '  - wait: 1s',
    'settle: 5s',
    'thresholds:',
    "  rto: '< 1ms'",
    "  latencyShift.p95: '< 0.001x'",
    '  lost: 0',
  ]);
  const result = await runCli(['drill', file, '--output-dir', join(dir, 'out'), '--summary-dir', join(dir, 'sum')], {
    cwd: REPO,
    timeoutMs: 120_000,
  });
  assert.equal(result.code, 1, result.stdout + result.stderr);
  assert.match(
    result.stdout,
    /✗ rto < 1ms — [\d.]+m?s \(high-volume\)\n {6}expected: rto < 1ms\n {6}actual: {3}[\d.]+m?s \(high-volume\)\n/,
  );
  assert.match(
    result.stdout,
    /✗ latencyShift\.p95 < 0\.001x — [\d.]+x \(high-volume\)\n {6}expected: latencyShift\.p95 < 0\.001x\n {6}actual: {3}[\d.]+x \(high-volume\)\n/,
  );
  // A threshold that held says no more than its line.
  assert.match(result.stdout, /✓ lost <= 0 — 0 \(high-volume\)\n(?! {6}expected)/);
});

test('a figure that could not be measured says why on its actual: line', () => {
  const results = {
    phases: [],
    tenants: [
      {
        tenant: 'standard',
        operations: [
          { name: 'roll back', rtoMs: null, transactions: 2, overlapping: 2, latency: { count: 0 } },
          { name: 'stop the worker', transactions: 0, overlapping: 0, latency: { count: 0 } },
        ],
        jobs: {},
      },
    ],
  } as unknown as DrillResults;
  assert.deepEqual(
    expectedActual({ threshold: 'rto < 1m', passed: false, actual: null, tenant: 'standard' }, results),
    ['expected: rto < 1m', 'actual:   not measured — no good transaction started after roll back ended (standard)'],
  );
  assert.deepEqual(
    expectedActual({ threshold: 'failed <= 0', passed: false, actual: null, tenant: 'standard' }, results),
    ['expected: failed <= 0', 'actual:   not measured — no transaction ran through stop the worker (standard)'],
  );
});
