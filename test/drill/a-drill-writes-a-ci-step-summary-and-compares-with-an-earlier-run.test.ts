// Through the real CLI (a child process) against the real embedded sandbox: with
// $GITHUB_STEP_SUMMARY naming a file, `rehearse drill` appends a Markdown summary of its figures
// and verdict to it (after what earlier steps wrote); `--compare <drill-results.json>` shows how
// each figure moved since that run, in the console and in the summary; a file --compare cannot
// read is refused before anything starts (exit 2). Run `npx tsc -p tsconfig.build.json` first.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { DrillResults } from '../../src/drill/index.js';
import { runCli } from '../helpers/run-cli.js';

const REPO = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'rehearse-drill-ci-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const file = join(dir, 'quick.drill.yaml');
writeFileSync(
  file,
  [
    'drill: quick',
    'traffic: { scenarios: [order-to-cash], tenants: [high-volume], every: 500ms, timeout: 45s }',
    'baseline: 5s',
    'phases:',
    '  - { name: no-op rollback, kind: rollback, operation: { run: "true" } }',
    '  - wait: 1s',
    'settle: 5s',
    'thresholds:',
    "  rto: '< 1m'",
    '  lost: 0',
    "  latencyShift.p95: '< 0.001x'",
    '',
  ].join('\n'),
);
const summary = join(dir, 'step-summary.md');
const read = (out: string) => JSON.parse(readFileSync(join(out, 'drill-results.json'), 'utf8')) as DrillResults;

test('$GITHUB_STEP_SUMMARY gets the figures and the verdict appended; --compare shows how each figure moved', async () => {
  writeFileSync(summary, '## Smoke run\n\n37 passed\n\n');
  const first = await runCli(['drill', file, '--output-dir', join(dir, 'first'), '--summary-dir', join(dir, 's1')], {
    cwd: REPO,
    env: { GITHUB_STEP_SUMMARY: summary },
    timeoutMs: 120_000,
  });
  assert.equal(first.code, 1, first.stdout + first.stderr);
  const earlier = read(join(dir, 'first'));
  const [t] = earlier.tenants;
  const markdown = readFileSync(summary, 'utf8');
  assert.ok(markdown.startsWith('## Smoke run\n\n37 passed\n\n### ❌ Drill `quick`: failed\n'), markdown);
  assert.ok(
    markdown.includes(
      `| high-volume | ${t!.transactions.passed} / ${t!.transactions.total} | ${t!.failedAfterBaseline} | `,
    ),
    markdown,
  );
  assert.match(markdown, /\| ✅ \| `rto < 1m` \| [\d.]+m?s \| high-volume \|/);
  assert.match(markdown, /\| ❌ \| `latencyShift\.p95 < 0\.001x` \| [\d.]+x \| high-volume \|/);
  assert.doesNotMatch(markdown, /Compared with/);

  const second = await runCli(
    [
      'drill',
      file,
      '--output-dir',
      join(dir, 'second'),
      '--summary-dir',
      join(dir, 's2'),
      '--compare',
      join(dir, 'first', 'drill-results.json'),
    ],
    { cwd: REPO, env: { GITHUB_STEP_SUMMARY: summary }, timeoutMs: 120_000 },
  );
  assert.equal(second.code, 1, second.stdout + second.stderr);
  const now = read(join(dir, 'second'));
  assert.match(second.stdout, /Compared with .*drill-results\.json \(quick, started .+, failed\):\n {2}high-volume:\n/);
  const line = (figure: string) =>
    new RegExp(`\\n {4}${figure.replace('.', '\\.')} +(\\S+) +was +(\\S+) +(=|[▲▼].*)\\n`);
  const lost = line('lost').exec(second.stdout);
  assert.deepEqual(lost?.slice(1), ['0', '0', '=']);
  const rto = line('rto').exec(second.stdout);
  assert.ok(rto, second.stdout);
  const [before, after] = [earlier.tenants[0]!.rtoMs!, now.tenants[0]!.rtoMs!];
  assert.equal(rto[3], before === after ? '=' : `${after > before ? '▲ +' : '▼ −'}${rto[3]!.slice(3)}`);
  assert.match(second.stdout, /\n {4}baseline\.p95 +\S+ +was +\S+ +/);
  const appended = readFileSync(summary, 'utf8').slice(markdown.length);
  assert.match(appended, /^### ❌ Drill `quick`: failed\n/);
  assert.match(appended, /Compared with the drill of .+ \(failed\): ▲ worse, ▼ better/);
  assert.match(appended, /\| high-volume \| `lost` \| 0 \| 0 \| = \|/);
});

test('--compare with a file that is no drill results is refused before the drill starts (exit 2)', async () => {
  const notResults = join(dir, 'not-results.json');
  writeFileSync(notResults, '{"schemaVersion": 1, "drill": "quick"}');
  const refused = await runCli(['drill', file, '--compare', notResults], { cwd: REPO, timeoutMs: 60_000 });
  assert.equal(refused.code, 2, refused.stdout + refused.stderr);
  assert.match(refused.stderr, /REHEARSE_DRILL_COMPARE_UNREADABLE/);
  assert.match(refused.stderr, /it is no drill results of schemaVersion 1/);
  assert.doesNotMatch(refused.stderr, /Starting the embedded sandbox/);
  const missing = await runCli(['drill', file, '--compare', join(dir, 'nowhere.json')], {
    cwd: REPO,
    timeoutMs: 60_000,
  });
  assert.equal(missing.code, 2, missing.stdout + missing.stderr);
  assert.match(missing.stderr, /Failed to read .*nowhere\.json for --compare: ENOENT/);
});
