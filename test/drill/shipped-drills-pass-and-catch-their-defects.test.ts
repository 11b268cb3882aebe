// Each shipped drill through the real CLI (a child process) against the real embedded sandbox:
// it passes (exit 0) with every figure measured, and fails (exit 1) with its recovery defect
// switched on (SANDBOX_DEFECTS), naming the figure that moved: the five drills catch each of the
// eight recovery defects. Run `npx tsc -p tsconfig.build.json` first.
//
// A drill is mostly waiting (its baseline, its phases' waits, its settle: about a quarter of a
// core each), and each starts a sandbox of its own on a port of its own and writes into a folder
// of its own, so three run at once.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { Value } from '@sinclair/typebox/value';
import type { DrillResults } from '../../src/drill/index.js';
import { readBusinessSummary } from '../../src/report/index.js';
import { DrillResultsSchema } from '../../src/schema/index.js';

const root = join(import.meta.dirname, '..', '..');
const out = mkdtempSync(join(tmpdir(), 'rehearse-drill-'));
after(() => rmSync(out, { recursive: true, force: true }));

/** What a finished child printed; killed (its whole group, which it started) after `timeoutMs`. */
function runChild(
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

async function drill(
  name: string,
  defects = '',
): Promise<{ status: number | null; results: DrillResults; stdout: string; stderr: string }> {
  const dir = join(out, defects ? `${name}-${defects}` : name);
  // Bounded: a drill that hangs is killed (only this child and its group, which it started).
  const child = await runChild(
    [
      'bin/rehearse.js',
      'drill',
      `drills/${name}.drill.yaml`,
      '--output-dir',
      dir,
      '--summary-dir',
      join(dir, 'summary'),
    ],
    { cwd: root, env: { ...process.env, SANDBOX_DEFECTS: defects }, timeoutMs: 240_000 },
  );
  const results = JSON.parse(readFileSync(join(dir, 'drill-results.json'), 'utf8')) as DrillResults;
  assert.equal(results.schemaVersion, 1);
  // What the CLI wrote is what schemas/drill-results.schema.json (from the same TypeBox source) describes.
  assert.equal(Value.Errors(DrillResultsSchema, results).First(), undefined);
  assert.match(readFileSync(join(dir, 'drill.html'), 'utf8'), /<svg[^>]*aria-label="Transactions per/);
  // The figures join the business summary, judged as the exit code judges them.
  const summary = readBusinessSummary(join(dir, 'summary', 'summary.json'));
  assert.ok(summary.ok, summary.ok ? '' : summary.problem);
  const entry = summary.summary.drills?.find((d) => d.drill === results.drill);
  assert.equal(entry?.status, results.status);
  assert.equal(entry?.results, '../drill-results.json');
  assert.deepEqual(
    entry?.tenants.map((t) => [t.tenant, t.downtimeMs, t.rtoMs, t.records.lost, t.jobs.duplicated]),
    results.tenants.map((t) => [t.tenant, t.downtime.totalMs, t.rtoMs, t.reconciliation.lost, t.jobs.duplicated]),
  );
  assert.equal(summary.summary.verdict.result, results.status === 'passed' ? 'passed' : 'failed');
  assert.match(readFileSync(join(dir, 'summary', 'summary.md'), 'utf8'), /### Drills/);
  return { status: child.status, results, stdout: child.stdout, stderr: child.stderr };
}
const verdict = (results: DrillResults, prefix: string) =>
  results.verdicts.find((v) => v.threshold.startsWith(prefix))!;

describe('the shipped drills pass, and catch their defects', { concurrency: 3 }, () => {
  test('restore from a snapshot: RTO measured, orders after the snapshot lost with their age as the recovery point', async () => {
    const { status, results, stderr } = await drill('restore-from-snapshot');
    assert.equal(status, 0, stderr);
    const [t] = results.tenants;
    assert.ok(t!.rtoMs! > 0 && t!.rtoMs! < 60_000, `rto ${t!.rtoMs}`);
    assert.ok(t!.reconciliation.lost > 0, 'what came after the snapshot is lost');
    assert.ok(t!.reconciliation.rpoMs! > 0 && t!.reconciliation.rpoMs! < 8000, `rpo ${t!.reconciliation.rpoMs}`);
    assert.ok(t!.reconciliation.presentSame > 0);
    assert.equal(t!.jobs.duplicated, 0);
  });

  test('restore from a snapshot fails when the restore replays finished jobs (restore-replays-jobs)', async () => {
    const { status, results } = await drill('restore-from-snapshot', 'restore-replays-jobs');
    assert.equal(status, 1);
    assert.ok(results.tenants[0]!.jobs.duplicated > 0);
    assert.equal(verdict(results, 'jobs.duplicated').passed, false);
  });

  test('restore from a snapshot fails when the snapshot is read from a lagging replica (recovery point too old)', async () => {
    const { status, results } = await drill('restore-from-snapshot', 'snapshot-from-lagging-replica');
    assert.equal(status, 1);
    const rpo = verdict(results, 'rpo');
    assert.equal(rpo.passed, false);
    assert.ok(rpo.actual! >= 8000, `rpo ${rpo.actual}`);
  });

  test('rollback of a release: restarts show as downtime and failed transactions, RTO from the rollback, nothing lost', async () => {
    const { status, results, stderr } = await drill('rollback-of-a-release');
    assert.equal(status, 0, stderr);
    const [t] = results.tenants;
    assert.ok(t!.downtime.totalMs > 0 && t!.downtime.windows.length > 0, 'a restart release is not zero-downtime');
    assert.ok(t!.operations.some((o) => o.failed > 0));
    assert.ok(t!.rtoMs! > 0);
    assert.equal(t!.reconciliation.lost, 0);
    assert.ok(t!.reconciliation.confirmed > 0);
    assert.match(
      stderr,
      /\$ node bin\/rehearse\.js sandbox op rollback/,
      'the shell operation is shown before it runs',
    );
    // The runbook stops the worker first: the jobs queued meanwhile run once, on the old version.
    const stop = t!.operations.find((o) => o.name === 'stop the worker')!;
    assert.ok(stop.overlapping! > 0, 'traffic ran through the worker stop, though each transaction ended after it');
    assert.ok(t!.jobs.inFlight > 0, 'jobs were queued while the worker was stopped');
    assert.deepEqual([t!.jobs.completedOnce, t!.jobs.gone], [t!.jobs.inFlight, 0]);
    assert.equal(verdict(results, 'jobs.lost').passed, true);
  });

  test('rollback of a release fails when the rollback drops the jobs the release queued (rollback-drops-queue)', async () => {
    const { status, results, stdout } = await drill('rollback-of-a-release', 'rollback-drops-queue');
    assert.equal(status, 1);
    const jobs = results.tenants[0]!.jobs;
    assert.ok(jobs.gone > 0, `jobs gone: ${JSON.stringify(jobs)}`);
    assert.deepEqual([verdict(results, 'jobs.lost').passed, verdict(results, 'jobs.lost').actual], [false, jobs.gone]);
    // Labels and invoices of shipped orders: what a customer misses.
    assert.ok(
      jobs.problems.every(
        (p) => p.status !== 'gone' || /^(carrier\.label|invoice\.post|payment\.capture)$/.test(p.type),
      ),
    );
    assert.match(stdout, /gone job \d+ (carrier\.label|invoice\.post)/, 'the lost jobs are named in the console');
    assert.match(
      stdout,
      /✗ jobs\.lost <= 0 — \d+ \(high-volume\)\n {6}expected: jobs\.lost <= 0\n {6}actual: {3}\d+ \(high-volume\)/,
    );
  });

  test('rollback of a release fails when the rollback restores the pre-release backup (lost orders)', async () => {
    const { status, results } = await drill('rollback-of-a-release', 'rollback-restores-pre-release-backup');
    assert.equal(status, 1);
    assert.ok(results.tenants[0]!.reconciliation.lost > 0);
    assert.equal(verdict(results, 'lost').passed, false);
  });

  test('a locking migration slows writes (latency shift) but fails no transaction, and lookups stay fast', async () => {
    const { status, results, stderr } = await drill('locking-migration-under-traffic');
    assert.equal(status, 0, stderr);
    const op = results.tenants[0]!.operations[0]!;
    assert.equal(op.failed, 0);
    assert.ok(op.latencyShift.p95! > 1, `p95 shift ${op.latencyShift.p95}`);
    const phase = results.phases[0]!;
    const lookups = results.transactions.filter(
      (t) => t.scenario === 'order-lookup' && t.atMs >= phase.startMs && t.atMs < phase.startMs + 3000,
    );
    assert.ok(lookups.length >= 2, `lookups during the 3 s lock: ${lookups.length}`);
    assert.ok(
      lookups.every((t) => t.passed && t.durationMs < 1000),
      JSON.stringify(lookups),
    );
  });

  test('a locking migration fails when the lock blocks reads too (migration-locks-reads): lookups miss their 1 s', async () => {
    const { status, results } = await drill('locking-migration-under-traffic', 'migration-locks-reads');
    assert.equal(status, 1);
    const failed = results.transactions.filter((t) => !t.passed);
    assert.ok(failed.length > 0);
    assert.ok(
      failed.every(
        (t) =>
          t.scenario === 'order-lookup' &&
          /maxDuration/.test(t.failure ?? '') &&
          // What the reader needs: the target answered, but too slowly.
          /^200, but took [\d.]+m?s, more than maxDuration 1s$/.test(t.cause ?? ''),
      ),
      JSON.stringify(failed),
    );
    assert.deepEqual([verdict(results, 'failed').passed, verdict(results, 'failed').actual], [false, failed.length]);
  });

  test('a locking migration fails when its lock overruns (migration-lock-overruns): transactions fail', async () => {
    const { status, results } = await drill('locking-migration-under-traffic', 'migration-lock-overruns');
    assert.equal(status, 1);
    assert.ok(results.tenants[0]!.operations[0]!.failed > 0);
    assert.equal(verdict(results, 'failed').passed, false);
  });

  test('a worker outage: jobs in flight at it complete exactly once after it', async () => {
    const { status, results, stderr } = await drill('worker-outage-with-queue-replay');
    assert.equal(status, 0, stderr);
    const jobs = results.tenants[0]!.jobs;
    assert.ok(jobs.inFlight > 0);
    assert.equal(jobs.completedOnce, jobs.inFlight);
  });

  test('a worker outage fails when the worker redelivers finished jobs at its restart', async () => {
    const { status, results } = await drill('worker-outage-with-queue-replay', 'worker-redelivers-on-restart');
    assert.equal(status, 1);
    assert.ok(results.tenants[0]!.jobs.duplicated > 0);
  });

  test('a blue/green release under traffic fails no transaction and shows no downtime', async () => {
    const { status, results, stderr } = await drill('blue-green-release-under-traffic');
    assert.equal(status, 0, stderr);
    const [t] = results.tenants;
    const op = t!.operations[0]!;
    assert.ok(op.transactions >= 3, `transactions through the switch: ${op.transactions}`);
    assert.deepEqual([op.failed, t!.failedAfterBaseline, t!.downtime.totalMs], [0, 0, 0]);
    assert.equal(t!.reconciliation.lost, 0);
    assert.ok(t!.reconciliation.confirmed > 0);
  });

  test('a blue/green release fails when traffic switches before the green instance is ready (blue-green-skips-readiness)', async () => {
    const { status, results } = await drill('blue-green-release-under-traffic', 'blue-green-skips-readiness');
    assert.equal(status, 1);
    const [t] = results.tenants;
    const op = t!.operations[0]!;
    assert.ok(op.failed > 0);
    assert.match(op.firstFailure?.cause ?? '', /^503 STARTING/);
    assert.ok(t!.downtime.totalMs > 1000, `downtime ${t!.downtime.totalMs}`);
    assert.equal(verdict(results, 'failed').passed, false);
    assert.equal(verdict(results, 'downtime').passed, false);
  });
});
