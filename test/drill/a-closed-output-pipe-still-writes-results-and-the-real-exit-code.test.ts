// `rehearse drill … | head -3`: the reader closes the pipe. A drill is not a help text that may
// just stop: it must finish, write drill-results.json, drill.html and the summary, and exit with
// its own code (1 here: its operation fails). Through the real CLI against the embedded sandbox,
// in a copy of the shipped project; bounded. Run `npx tsc -p tsconfig.build.json` first.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { DrillResults } from '../../src/drill/index.js';
import { BIN } from '../helpers/run-cli.js';
import { copyShippedProjectWithoutPages } from '../helpers/shipped-project.js';

const REPO = join(import.meta.dirname, '..', '..');
const root = mkdtempSync(join(tmpdir(), 'rehearse-drill-pipe-'));
after(() => rmSync(root, { recursive: true, force: true }));

test('a drill whose output pipe closes early still writes its results and exits with its real code', async () => {
  copyShippedProjectWithoutPages(REPO, root);
  mkdirSync(join(root, 'drills'), { recursive: true });
  writeFileSync(
    join(root, 'drills', 'piped.drill.yaml'),
    [
      'drill: piped',
      'traffic: { scenarios: [order-to-cash], tenants: [high-volume], every: 1s, timeout: 45s }',
      'baseline: 2s',
      'phases:',
      '  - { name: failing step, kind: release, operation: { run: exit 1, timeout: 30s } }',
      'settle: 1s',
      'thresholds: { lost: 0 }',
      '',
    ].join('\n'),
  );
  const out = join(root, 'reports-piped');
  const summaryDir = join(root, 'summary-piped');
  const child = spawn(
    process.execPath,
    [BIN, 'drill', 'drills/piped.drill.yaml', '--env', 'sandbox', '--output-dir', out, '--summary-dir', summaryDir],
    { cwd: root, env: { ...process.env, CI: '1', NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // The reader is gone before the drill prints anything (as `| head -0`, or head after its lines).
  child.stdout.destroy();
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 150_000);
    child.on('close', (c) => {
      clearTimeout(timer);
      resolve(c);
    });
  });
  assert.equal(code, 1, stderr);
  assert.doesNotMatch(stderr, /EPIPE| {4}at /);
  const results = JSON.parse(readFileSync(join(out, 'drill-results.json'), 'utf8')) as DrillResults;
  assert.equal(results.status, 'failed');
  assert.ok(existsSync(join(out, 'drill.html')));
  assert.ok(existsSync(join(summaryDir, 'summary.json')), 'the summary is merged too');
  assert.match(stderr, /Results: /);
});
