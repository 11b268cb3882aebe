// The paths of `rehearse drill` that end it early, through the real CLI (a child process) in a
// copy of the shipped project: a target that is down before the drill starts (exit 3, no phase,
// no operation run), an environment marked production (exit 2, coded, nothing sent to it), and
// Ctrl-C in the middle of an operation against the embedded sandbox (exit 130, traffic and the
// operation's process group stopped, partial results and summary written). Every wait is bounded;
// only processes this test started are signalled. Run `npx tsc -p tsconfig.build.json` first.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { DrillResults } from '../../src/drill/index.js';
import { readBusinessSummary } from '../../src/report/index.js';
import { runCli, startCli, waitFor } from '../helpers/run-cli.js';
import { copyShippedProjectWithoutPages } from '../helpers/shipped-project.js';

const REPO = join(import.meta.dirname, '..', '..');
const root = mkdtempSync(join(tmpdir(), 'rehearse-drill-edges-'));
/** Requests a local target received, by path: a refused drill must have sent none. */
const received: string[] = [];
let target: Server;
let targetUrl = '';
let closedUrl = '';

/** A drill that needs no sandbox feature: traffic, a short baseline, one shell operation. */
function drillFile(name: string, operation: string): string {
  const file = join(root, 'drills', `${name}.drill.yaml`);
  writeFileSync(
    file,
    [
      `drill: ${name}`,
      'traffic: { scenarios: [order-to-cash], tenants: [high-volume], every: 1s, timeout: 45s }',
      'baseline: 3s',
      'phases:',
      '  - name: long operation',
      '    kind: release',
      `    operation: { run: '${operation}', timeout: 2m }`,
      'settle: 2s',
      'thresholds: { failed: 0 }',
      '',
    ].join('\n'),
  );
  return `drills/${name}.drill.yaml`;
}

before(async () => {
  copyShippedProjectWithoutPages(REPO, root);
  target = createServer((req, res) => {
    received.push(req.url ?? '');
    // An ops endpoint that never answers: the drill is stopped while it waits.
    if (req.url === '/hang') return;
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
  });
  await new Promise<void>((done) => target.listen(0, '127.0.0.1', done));
  targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
  // A port that was just free: nothing listens there (the target is down).
  const probe = createServer();
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
  closedUrl = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
  await new Promise((done) => probe.close(done));
  const config = join(root, 'rehearse.config.yaml');
  writeFileSync(
    config,
    readFileSync(config, 'utf8').replace(
      /^environments:\n/m,
      [
        'environments:',
        '  down:',
        `    baseUrl: ${closedUrl}`,
        '    allowedHosts: [127.0.0.1]',
        '  live:',
        `    baseUrl: ${targetUrl}`,
        '    allowedHosts: [127.0.0.1]',
        '    production: true',
        '',
      ].join('\n'),
    ),
  );
  mkdirSync(join(root, 'drills'), { recursive: true });
});
after(async () => {
  target.closeAllConnections();
  await new Promise((done) => target.close(done));
  rmSync(root, { recursive: true, force: true });
});

test('a target down before the drill starts: exit 3, no phase and no operation run', async () => {
  const marker = join(root, 'down-operation-ran');
  const file = drillFile('down', `touch ${marker}`);
  const out = join(root, 'reports-down');
  const result = await runCli(['drill', file, '--env', 'down', '--output-dir', out], { cwd: root, timeoutMs: 60_000 });
  assert.equal(result.code, 3, result.stdout + result.stderr);
  assert.match(result.stderr, /Preflight failed: the target http:\/\/127\.0\.0\.1:\d+ is not healthy/);
  assert.match(result.stderr, /The drill did not start\./);
  assert.equal(existsSync(marker), false, 'the operation must not run against a target that is down');
  assert.doesNotMatch(result.stderr, /▶ Phase/);
});

test('an environment marked production: true is refused with a code before anything is sent to it (exit 2)', async () => {
  const marker = join(root, 'production-operation-ran');
  const file = drillFile('live', `touch ${marker}`);
  const before = received.length;
  const out = join(root, 'reports-live');
  const result = await runCli(['drill', file, '--env', 'live', '--output-dir', out], { cwd: root, timeoutMs: 60_000 });
  assert.equal(result.code, 2, result.stdout + result.stderr);
  assert.match(result.stderr, /REHEARSE_PRODUCTION_REFUSED/);
  assert.match(result.stderr, /environment "live" is marked production: true/);
  assert.equal(received.length, before, `sent to production: ${received.slice(before).join(', ')}`);
  assert.equal(existsSync(marker), false);
  assert.equal(existsSync(out), false, 'no results for a drill that did not start');
});

test('Ctrl-C in the middle of an operation: traffic and the operation process group stop, partial results, exit 130', async () => {
  const pidFile = join(root, 'operation.pid');
  // The operation starts a child of its own (a process group's member besides the shell) and waits.
  const file = drillFile('interrupted', `sleep 120 & echo $! > ${pidFile}; wait`);
  const out = join(root, 'reports-interrupted');
  const summaryDir = join(root, 'summary-interrupted');
  const drill = startCli(['drill', file, '--env', 'sandbox', '--output-dir', out, '--summary-dir', summaryDir], {
    cwd: root,
    timeoutMs: 150_000,
  });
  try {
    await waitFor(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() !== '', 90_000);
  } catch (error) {
    drill.kill('SIGKILL');
    const ended = await drill.done;
    assert.fail(`the operation never started: ${String(error)}\n${ended.stdout}${ended.stderr}`);
  }
  const sleeper = Number(readFileSync(pidFile, 'utf8').trim());
  assert.ok(alive(sleeper), 'the operation is running');
  const signalledAt = Date.now();
  drill.kill('SIGINT');
  const result = await drill.done;
  assert.equal(result.code, 130, result.stdout + result.stderr);
  assert.ok(Date.now() - signalledAt < 30_000, `took ${Date.now() - signalledAt} ms to stop`);
  assert.match(result.stderr, /SIGINT: stopping the drill/);
  // Whoever stopped it learns what may be half done on the target: which operation, what ran.
  assert.match(
    result.stderr,
    /⚠ Interrupted in the middle of operation phase 1 \(long operation, release\): the target may be left mid-release\. `sleep 120 & echo \$! > [^`]+; wait` had run \d+\.\d s and was stopped/,
  );
  assert.match(result.stderr, /⚠ Check the target's state before the next drill or run\./);
  await waitFor(() => !alive(sleeper), 5000);

  const results = JSON.parse(readFileSync(join(out, 'drill-results.json'), 'utf8')) as DrillResults;
  assert.equal(results.status, 'interrupted');
  const phase = results.phases[0]!;
  assert.equal(phase.outcome, 'interrupted');
  assert.match(phase.detail ?? '', /^`sleep 120 & echo .+; wait` had run \d+\.\d s and was stopped/);
  assert.ok(results.tenants[0]!.transactions.total > 0, 'the baseline traffic is in the partial results');
  assert.equal(results.verdicts.length, 0, 'an interrupted drill judges no threshold');
  // No transaction started after the signal reached the drill (a second of slack for clocks).
  const signalledMs = signalledAt - Date.parse(results.startedAt);
  assert.ok(
    results.transactions.every((t) => t.atMs <= signalledMs + 1000),
    `traffic went on after the signal at ${signalledMs} ms`,
  );
  const summary = readBusinessSummary(join(summaryDir, 'summary.json'));
  assert.ok(summary.ok, summary.ok ? '' : summary.problem);
  assert.equal(summary.summary.verdict.result, 'failed');
  assert.match(summary.summary.verdict.reasons.join('\n'), /drill interrupted was interrupted before it finished/);
});

test('SIGTERM while an HTTP operation waits for its answer: the warning names the call, results marked interrupted, exit 143', async () => {
  const file = join(root, 'drills', 'hanging.drill.yaml');
  writeFileSync(
    file,
    [
      'drill: hanging',
      'traffic: { scenarios: [order-to-cash], tenants: [high-volume], every: 1s, timeout: 45s }',
      'baseline: 3s',
      'phases:',
      '  - name: switch traffic',
      '    kind: release',
      `    operation: { http: { url: '${targetUrl}/hang' }, timeout: 2m }`,
      '  - { name: roll back, kind: rollback, operation: { run: "true" } }',
      'thresholds: { failed: 0 }',
      '',
    ].join('\n'),
  );
  const out = join(root, 'reports-hanging');
  const drill = startCli(['drill', 'drills/hanging.drill.yaml', '--env', 'sandbox', '--output-dir', out], {
    cwd: root,
    timeoutMs: 150_000,
  });
  try {
    await waitFor(() => received.includes('/hang'), 90_000);
  } catch (error) {
    drill.kill('SIGKILL');
    const ended = await drill.done;
    assert.fail(`the operation never started: ${String(error)}\n${ended.stdout}${ended.stderr}`);
  }
  drill.kill('SIGTERM');
  const result = await drill.done;
  assert.equal(result.code, 143, result.stdout + result.stderr);
  assert.match(
    result.stderr,
    /⚠ Interrupted in the middle of operation phase 1 \(switch traffic, release\): the target may be left mid-release\. POST http:\/\/127\.0\.0\.1:\d+\/hang had waited \d+\.\d s for its answer; the request was abandoned, and the target may still be carrying it out\./,
  );
  assert.match(result.stderr, /⚠ Operations that will not run now: phase 2 \(roll back\)\. Check the target's state/);
  const results = JSON.parse(readFileSync(join(out, 'drill-results.json'), 'utf8')) as DrillResults;
  assert.equal(results.status, 'interrupted');
  assert.deepEqual(
    results.phases.map((p) => p.outcome),
    ['interrupted', 'interrupted'],
  );
  assert.match(results.phases[0]!.detail ?? '', /\/hang had waited/);
});

/** Whether a process this test's drill started still runs (signal 0 only asks). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
