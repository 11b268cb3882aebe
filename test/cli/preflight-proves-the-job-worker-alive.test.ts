// A target whose job worker has stopped still answers /health with 200: the preflight reads the
// worker's heartbeat (`heartbeat:` of the environment) and ends the run with exit 3 before any
// scenario waits on a job — against a real sandbox whose worker is stalled at start or while it runs.
import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { heartbeatProblem } from '../../src/playwright/heartbeat.js';
import { copyShippedProject } from '../bad-inputs/fuzz/mutations.js';
import { CHECKOUT, linkRehearse } from '../helpers/report-files.js';
import { runCli } from '../helpers/run-cli.js';
import { tempProject, type TempProject } from '../helpers/temp-project.js';
import { startHarness, type Harness } from '../sandbox/sandbox-harness.js';

const ADMIN = 'test-admin-token';

function projectFor(baseUrl: string, heartbeat: string): TempProject {
  const project = tempProject({
    'rehearse.config.yaml': [
      'defaultEnvironment: target',
      'environments:',
      '  target:',
      `    baseUrl: ${baseUrl}`,
      '    allowedHosts: [127.0.0.1]',
      `    heartbeat: ${heartbeat}`,
      '',
    ].join('\n'),
    'scenarios/health.scenario.yaml': [
      'name: health',
      'tenants: [standard]',
      'steps:',
      '  - http: GET /health',
      '    expect: { status: 200 }',
      '',
    ].join('\n'),
  });
  linkRehearse(project.dir);
  return project;
}

async function setDefects(harness: Harness, defects: string[]): Promise<void> {
  const answer = await fetch(`${harness.sandbox.url}/admin/defects`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ defects }),
  });
  assert.equal(answer.status, 200);
}

/** Waits (bounded) until the worker's last beat is at least `ms` old. */
async function beatOlderThan(harness: Harness, ms: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const health = (await (await fetch(`${harness.sandbox.url}/health`)).json()) as {
      jobs: { heartbeatAt: string | null };
    };
    const beat = health.jobs.heartbeatAt;
    if (beat !== null && Date.now() - Date.parse(beat) > ms) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the heartbeat did not age past ${ms} ms`);
}

describe('the preflight proves the job worker alive', () => {
  let harness: Harness;
  let project: TempProject;
  before(async () => {
    harness = await startHarness();
    project = projectFor(harness.sandbox.url, '{ field: jobs.heartbeatAt, maxAge: 1s }');
  });
  after(async () => {
    project?.remove();
    await harness?.close();
  });

  test('a beating worker passes the preflight; one that stops while the target runs ends the run with exit 3, naming the stale beat', async () => {
    const healthy = await runCli(['run'], { cwd: project.dir, timeoutMs: 120_000 });
    assert.equal(healthy.code, 0, healthy.stdout + healthy.stderr);

    await setDefects(harness, ['job-worker-stalled']);
    try {
      await beatOlderThan(harness, 1500);
      const health = await fetch(`${harness.sandbox.url}/health`);
      assert.equal(health.status, 200, 'the defect keeps /health at 200, as real targets do');
      const stalled = await runCli(['run'], { cwd: project.dir, timeoutMs: 120_000 });
      assert.equal(stalled.code, 3, stalled.stdout + stalled.stderr);
      assert.match(
        stalled.stdout + stalled.stderr,
        /background worker is not: jobs\.heartbeatAt is \d+(\.\d)?s old \(allowed 1s\)/,
      );
      assert.match(stalled.stdout + stalled.stderr, /No scenario ran/);
      assert.equal(existsSync(join(project.dir, 'reports', 'results.json')), false);
    } finally {
      await setDefects(harness, []);
    }
    const recovered = await runCli(['run'], { cwd: project.dir, timeoutMs: 120_000 });
    assert.equal(recovered.code, 0, recovered.stdout + recovered.stderr);
  });

  test('a heartbeat field the target does not send is exit 3 with what is missing', async () => {
    const wrong = projectFor(harness.sandbox.url, '{ field: jobs.lastBeat, maxAge: 5s }');
    try {
      const run = await runCli(['run'], { cwd: wrong.dir, timeoutMs: 120_000 });
      assert.equal(run.code, 3, run.stdout + run.stderr);
      assert.match(run.stdout + run.stderr, /jobs\.lastBeat is not in the answer/);
      assert.match(run.stdout + run.stderr, /remove `heartbeat:`/);
    } finally {
      wrong.remove();
    }
  });
});

test('the shipped project on an embedded sandbox whose worker never started: exit 3, not a slow timeout', async () => {
  const root = copyShippedProject(CHECKOUT);
  try {
    const run = await runCli(['run', '--scenario', 'order-to-cash', '--tenant', 'standard'], {
      cwd: root,
      env: { SANDBOX_DEFECTS: 'job-worker-stalled' },
      timeoutMs: 120_000,
    });
    assert.equal(run.code, 3, run.stdout + run.stderr);
    assert.match(
      run.stdout + run.stderr,
      /jobs\.heartbeatAt is null: the worker has not beaten since the target started/,
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

describe('judging a heartbeat', () => {
  const probe = { path: '/health', field: 'worker.beat', maxAgeMs: 10_000 };
  const now = new Date('2026-12-03T12:00:00Z');

  test('a recent beat (ISO or epoch ms) passes; an old one names its age and the limit', () => {
    assert.equal(heartbeatProblem({ worker: { beat: '2026-12-03T11:59:55Z' } }, undefined, probe, now), undefined);
    assert.equal(heartbeatProblem({ worker: { beat: now.getTime() - 3000 } }, undefined, probe, now), undefined);
    assert.equal(
      heartbeatProblem({ worker: { beat: '2026-12-03T11:59:00Z' } }, undefined, probe, now),
      'worker.beat is 60s old (allowed 10s): the worker looks stopped',
    );
  });

  test("age is measured on the target's clock (its Date header) when it sends one", () => {
    // The runner's clock is an hour ahead; the target beat 2 s before its own Date.
    const ahead = new Date('2026-12-03T13:00:00Z');
    const body = { worker: { beat: '2026-12-03T11:59:58Z' } };
    assert.equal(heartbeatProblem(body, 'Thu, 03 Dec 2026 12:00:00 GMT', probe, ahead), undefined);
    assert.match(heartbeatProblem(body, undefined, probe, ahead) ?? '', /old \(allowed 10s\)/);
  });

  test('a missing, null or unreadable beat says which', () => {
    assert.match(heartbeatProblem({}, undefined, probe, now) ?? '', /worker\.beat is not in the answer/);
    assert.match(heartbeatProblem({ worker: { beat: null } }, undefined, probe, now) ?? '', /is null/);
    assert.match(
      heartbeatProblem({ worker: { beat: 'yesterday' } }, undefined, probe, now) ?? '',
      /"yesterday", not an ISO 8601 instant or epoch milliseconds/,
    );
  });
});
