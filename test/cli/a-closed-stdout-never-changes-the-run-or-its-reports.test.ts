// `rehearse run | head -3`: the reader closes the pipe after three lines. The run goes on as
// `git log | head` does: Playwright's runner no longer crashed on EPIPE, the exit code is the run's
// (a failing scenario still exits 1), and the reports in reports/ are this run's — an earlier
// run's junit.xml or results.json is never left to be read as this one's.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CHECKOUT } from '../helpers/report-files.js';
import { BIN } from '../helpers/run-cli.js';
import { copyShippedProjectWithoutPages } from '../helpers/shipped-project.js';

const dir = mkdtempSync(join(tmpdir(), 'rehearse-closed-stdout-'));
after(() => rmSync(dir, { recursive: true, force: true }));
copyShippedProjectWithoutPages(CHECKOUT, dir);
for (const name of readdirSync(join(dir, 'scenarios')))
  if (name.endsWith('.scenario.yaml')) rmSync(join(dir, 'scenarios', name));
const scenario = (name: string, status: number) =>
  writeFileSync(
    join(dir, 'scenarios', `${name}.scenario.yaml`),
    `name: ${name}\ntenants: [standard]\nsteps:\n  - http: GET /health\n    expect: { status: ${status} }\n`,
  );
scenario('health-answers', 200);
scenario('health-breaks', 599);

/** An earlier run's reports: a green JUnit, a JSON report this run does not write, a blob. */
function leaveStaleReports(): void {
  mkdirSync(join(dir, 'reports', 'blob'), { recursive: true });
  writeFileSync(join(dir, 'reports', 'junit.xml'), '<testsuites name="stale" tests="9" failures="0"/>');
  writeFileSync(join(dir, 'reports', 'results.json'), '{"stale":true}');
  writeFileSync(join(dir, 'reports', 'blob', 'report-1.zip'), 'stale');
}

/** Runs one scenario with its stdout (and with `both`, its stderr) closed like `| head -3` would. */
function runClosed(name: string, both: boolean): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(
    process.execPath,
    [BIN, 'run', '-s', name, '--driver', 'api', '--tenant', 'standard', '--reporter', 'list,junit'],
    { cwd: dir, env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  let lines = 0;
  child.stdout.on('data', (chunk: Buffer) => {
    lines += chunk.toString().split('\n').length - 1;
    if (lines >= 3) child.stdout.destroy();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (both && /is healthy/.test(stderr)) child.stderr.destroy();
  });
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 150_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

test('stdout closed after three lines: the run passes, writes its JUnit and leaves no earlier report', async () => {
  leaveStaleReports();
  const run = await runClosed('health-answers', false);
  assert.equal(run.code, 0, run.stderr);
  assert.doesNotMatch(run.stderr, /EPIPE|Error:| {4}at /);
  const junit = readFileSync(join(dir, 'reports', 'junit.xml'), 'utf8');
  assert.match(junit, /<testsuites name="rehearse" tests="1" failures="0"/);
  assert.match(junit, /health-answers \(standard, api\)/);
  assert.ok(!existsSync(join(dir, 'reports', 'results.json')), 'the earlier run’s results.json is gone');
  assert.ok(!existsSync(join(dir, 'reports', 'blob', 'report-1.zip')), 'the earlier run’s blob is gone');
  assert.match(run.stderr, /Reports: \S*junit\.xml/);
});

test('stdout and stderr closed mid-run: a failing scenario still exits 1, with its JUnit failure', async () => {
  leaveStaleReports();
  const run = await runClosed('health-breaks', true);
  assert.equal(run.code, 1, run.stderr);
  assert.match(readFileSync(join(dir, 'reports', 'junit.xml'), 'utf8'), /tests="1" failures="1"/);
  assert.ok(!existsSync(join(dir, 'reports', 'results.json')));
});
