// `rehearse run` starts Playwright's runner before the target is healthy, so that Playwright
// loads its own modules while the embedded sandbox starts (src/cli/playwright-host.ts), and
// starts the embedded sandbox and partners while it validates the project
// (src/playwright/early-target.ts). What this proves, through the real CLI and the real sandbox:
// the runner is there before the target is healthy and then runs the scenarios with the run's
// options and credentials; a run that ends before Playwright (target down, a signal while the
// sandbox starts, an invalid project) leaves nothing behind and exits at once.
import { randomBytes } from 'node:crypto';
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MARK_VARIABLE, markedProcesses, waitUntilGone } from '../helpers/process-marks.js';
import { startCli } from '../helpers/run-cli.js';
import { tempProjects } from '../helpers/temp-project.js';

const project = tempProjects();
const marks: string[] = [];
after(async () => {
  // Whatever a failed assertion left: only processes this file started (they carry its marks).
  for (const mark of marks) for (const p of markedProcesses(mark)) process.kill(p.pid, 'SIGKILL');
});

const HOST = /playwright-host\.js/;

function embeddedProject() {
  return project({
    'rehearse.config.yaml': 'environments:\n  sandbox:\n    embedded: sandbox\n    allowedHosts: [127.0.0.1]\n',
    // The embedded sandbox provisions each profile: one, with the sandbox's own seed data.
    'tenant-profiles/standard.yaml': 'name: standard\n',
    'tenant-profiles/regulated.yaml': null,
    'scenarios/orders.scenario.yaml': [
      'name: orders',
      'steps:',
      '  - http: GET /api/v1/tenant',
      '    expect: { status: 200 }',
      '',
    ].join('\n'),
  });
}

function newMark(): string {
  const mark = `warm-runner-${randomBytes(4).toString('hex')}`;
  marks.push(mark);
  return mark;
}

describe("Playwright's runner loads while the target starts", () => {
  test('the runner is up before the target is healthy, then runs the scenario signed in', async () => {
    const p = embeddedProject();
    const mark = newMark();
    const run = startCli(['run', '--workers', '1'], { cwd: p.dir, env: { [MARK_VARIABLE]: mark }, timeoutMs: 120_000 });
    let hostBeforeHealthy = false;
    // Bounded: the run ends (or is killed by startCli) well before this loop's last turn.
    for (let i = 0; i < 2400 && !/is healthy/.test(run.output()); i++) {
      if (markedProcesses(mark).some((m) => HOST.test(m.command))) hostBeforeHealthy = true;
      await new Promise((r) => setTimeout(r, 50));
    }
    const result = await run.done;
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.ok(hostBeforeHealthy, `a runner was loading before "is healthy":\n${result.stderr}`);
    assert.match(result.stdout + result.stderr, /1 passed/);
    assert.deepEqual(await waitUntilGone(mark, 5000), [], 'nothing of the run is left');
  });

  test('a target that is down ends the run with exit 3 and no runner left', async () => {
    const p = project({
      'rehearse.config.yaml':
        'defaultEnvironment: local\nenvironments:\n  local:\n    baseUrl: http://127.0.0.1:1\n    allowedHosts: [127.0.0.1]\n',
      'scenarios/orders.scenario.yaml': 'name: orders\nsteps:\n  - http: GET /api/v1/tenant\n',
    });
    const mark = newMark();
    const result = await startCli(['run'], { cwd: p.dir, env: { [MARK_VARIABLE]: mark }, timeoutMs: 60_000 }).done;
    assert.equal(result.code, 3, result.stdout + result.stderr);
    assert.doesNotMatch(result.stdout, /Running \d+ test/, 'Playwright ran nothing');
    assert.deepEqual(await waitUntilGone(mark, 5000), [], 'the runner started ahead is gone');
  });

  test('SIGINT while the sandbox starts: exit 130, no runner left', async () => {
    const p = embeddedProject();
    const mark = newMark();
    const run = startCli(['run'], { cwd: p.dir, env: { [MARK_VARIABLE]: mark }, timeoutMs: 60_000 });
    for (let i = 0; i < 600 && !markedProcesses(mark).some((m) => HOST.test(m.command)); i++)
      await new Promise((r) => setTimeout(r, 20));
    assert.ok(
      markedProcesses(mark).some((m) => HOST.test(m.command)),
      `the runner started ahead:\n${run.output()}`,
    );
    assert.doesNotMatch(run.output(), /is healthy/, 'the signal comes while the target starts');
    run.kill('SIGINT');
    const result = await run.done;
    assert.equal(result.code, 130, result.stdout + result.stderr);
    assert.deepEqual(await waitUntilGone(mark, 5000), [], 'nothing of the run is left');
  });

  test('an invalid project whose environment is embedded: what started ahead is closed, exit 2, nothing left', async () => {
    const p = embeddedProject();
    p.write('scenarios/broken.scenario.yaml', 'name: broken\nsteps:\n  - htp: GET /x\n');
    const mark = newMark();
    const started = Date.now();
    const result = await startCli(['run'], { cwd: p.dir, env: { [MARK_VARIABLE]: mark }, timeoutMs: 60_000 }).done;
    assert.equal(result.code, 2, result.stdout + result.stderr);
    assert.match(result.stderr, /broken\.scenario\.yaml:3:5/);
    assert.doesNotMatch(result.stderr, /Starting the embedded sandbox/);
    // The CLI only sets its exit code: a sandbox thread or partner server left open would keep it alive.
    assert.ok(Date.now() - started < 30_000, `the CLI ended by itself (${Date.now() - started} ms)`);
    assert.deepEqual(await waitUntilGone(mark, 5000), [], 'nothing of the run is left');
  });
});
