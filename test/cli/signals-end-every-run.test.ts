// Black-box tests of issue 9 §2: SIGINT and SIGTERM — to the process group or to the top process
// alone, with Rehearse started as `node bin/rehearse.js`, `npx rehearse run` or `npm run <script>` —
// all end the run the same way. Each test starts the real CLI against one shared, logging target,
// interrupts a scenario mid-step, and then inspects /proc (every process carrying the test's mark)
// and the target's log. Times are printed, not asserted (bounded waits only).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { constants } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import { htmlReportData } from '../helpers/html-report-data.js';
import { MARK_VARIABLE, markedProcesses, waitUntilGone, type MarkedProcess } from '../helpers/process-marks.js';
import { BIN, runCli, waitFor } from '../helpers/run-cli.js';
import { startTestTarget, type TestTarget } from '../helpers/target-server.js';
import { tempProject, type TempProject } from '../helpers/temp-project.js';

type Launcher = 'node' | 'npx' | 'npm run' | 'npx --script-shell=bash' | 'npm run --script-shell=bash';
type Signal = 'SIGINT' | 'SIGTERM';

/** Generous bounds: the machine is shared; the measured times are printed. */
const STARTED_WITHIN_MS = 120_000;
const GONE_WITHIN_MS = 60_000;
/** How long the target is watched after the run ended, for requests that come late. */
const QUIET_MS = 1500;

let target: TestTarget;
const projects: TempProject[] = [];
const marks: string[] = [];
/** When each request reached the target (the shared helper logs no times). */
const arrivals: number[] = [];
let clock: NodeJS.Timeout;

before(async () => {
  target = await startTestTarget();
  clock = setInterval(() => {
    while (arrivals.length < target.log.requests.length) arrivals.push(Date.now());
  }, 10);
});
after(async () => {
  clearInterval(clock);
  // A failed test may leave processes behind: stop ours, by pid.
  for (const mark of marks) for (const p of markedProcesses(mark)) killQuietly(p.pid);
  await target.close();
  for (const p of projects) p.remove();
});

interface RunPlan {
  launcher: Launcher;
  /** Steps and cleanup: `hang` = a step that never answers; `hang-cleanup` also hangs in cleanup first. */
  scenario?: 'hang' | 'hang-cleanup';
  embedded?: boolean;
  config?: string;
  /** When to hand the run over: mid-step (default) or while the embedded sandbox is starting. */
  until?: 'hanging' | 'starting';
}

interface StartedRun {
  token: string;
  mark: string;
  dir: string;
  top: number;
  exited: Promise<{ code: number; at: number }>;
  output(): string;
  /** Requests of this run that reached the target, with their arrival time. */
  requests(): Array<{ line: string; at: number }>;
  /** Every marked process seen while the run was going (CLI, runner, workers, launcher). */
  seen: Map<number, MarkedProcess>;
}

function killQuietly(pid: number, signal: NodeJS.Signals = 'SIGKILL'): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

function scenarioFor(plan: RunPlan, token: string): string {
  const abs = plan.embedded ? target.url : '';
  const lines = [
    `name: sig-${token}`,
    'tenants: [standard]',
    'steps:',
    ...(plan.embedded ? ['  - http: GET /health', '    expect: { status: 200 }'] : []),
    `  - http: POST ${abs}/api/orders?run=${token}`,
    `    json: { customer: C-${token}, lines: [{ sku: SKU-1, qty: 1 }] }`,
    '    expect: { status: 201 }',
    '    save: { orderId: body.id }',
    `  - http: GET ${abs}/api/hang?run=${token}`,
    '    timeout: 5m',
    'cleanup:',
  ];
  if (plan.scenario === 'hang-cleanup')
    lines.push(`  - http: GET ${abs}/api/hang?run=${token}&phase=cleanup`, '    timeout: 5m');
  lines.push(`  - http: POST ${abs}/api/orders/{{ orderId }}/cancel?run=${token}`, '');
  return lines.join('\n');
}

/** Starts one run through `plan.launcher` (as a process group leader, like a shell's job) and waits until it hangs mid-step. */
async function startRun(plan: RunPlan): Promise<StartedRun> {
  const token = randomBytes(4).toString('hex');
  const mark = `signals-${token}`;
  marks.push(mark);
  const args = ['run', '--workers', '1', ...(plan.embedded ? [] : ['--base-url', target.url])];
  const config =
    plan.config ??
    (plan.embedded
      ? 'environments:\n  sandbox:\n    embedded: sandbox\n    allowedHosts: [127.0.0.1]\n'
      : 'defaultEnvironment: local\nenvironments:\n  local:\n    baseUrl: http://127.0.0.1:1\n    allowedHosts: [127.0.0.1]\n');
  const p = tempProject({
    'rehearse.config.yaml': config,
    'scenarios/sig.scenario.yaml': scenarioFor(plan, token),
    'package.json': JSON.stringify({
      name: `signals-${token}`,
      private: true,
      scripts: { e2e: `rehearse ${args.join(' ')}` },
    }),
    // The embedded sandbox provisions each profile's master data: keep one profile, with the sandbox's own seed data.
    ...(plan.embedded
      ? { 'tenant-profiles/standard.yaml': 'name: standard\n', 'tenant-profiles/regulated.yaml': null }
      : {}),
  });
  projects.push(p);
  mkdirSync(join(p.dir, 'node_modules/.bin'), { recursive: true });
  symlinkSync(BIN, join(p.dir, 'node_modules/.bin/rehearse'));

  const [command, ...rest] = launcherCommand(plan.launcher, args);
  const env: NodeJS.ProcessEnv = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) && key !== 'INIT_CWD'),
  );
  Object.assign(env, {
    CI: '1',
    FORCE_COLOR: '0',
    NO_COLOR: '1',
    [MARK_VARIABLE]: mark,
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    npm_config_yes: 'false',
  });
  const child = spawn(command!, rest, { cwd: p.dir, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  let ended = false;
  const exited = new Promise<{ code: number; at: number }>((resolve) =>
    child.on('exit', (code, signal) => {
      ended = true;
      resolve({ code: code ?? 128 + (signal ? constants.signals[signal] : 0), at: Date.now() });
    }),
  );
  const seen = new Map<number, MarkedProcess>();
  const requests = () =>
    target.log.requests
      .map((r, i) => ({ line: `${r.method} ${r.url}`, at: arrivals[i] ?? Date.now() }))
      .filter((r) => r.line.includes(`run=${token}`));
  try {
    await waitFor(() => {
      for (const proc of markedProcesses(mark)) seen.set(proc.pid, proc);
      if (ended) throw new Error('the launcher exited');
      if (plan.until === 'starting') return output.includes('Starting the embedded sandbox');
      return requests().some((r) => r.line === `GET /api/hang?run=${token}`);
    }, STARTED_WITHIN_MS);
  } catch (error) {
    killQuietly(-child.pid!);
    throw new Error(`the run did not reach its hanging step: ${String(error)}\n${output}`);
  }
  for (const proc of markedProcesses(mark)) seen.set(proc.pid, proc);
  return { token, mark, dir: p.dir, top: child.pid!, exited, output: () => output, requests, seen };
}

function launcherCommand(launcher: Launcher, args: string[]): string[] {
  switch (launcher) {
    case 'node':
      return [process.execPath, BIN, ...args];
    case 'npx':
      return ['npx', 'rehearse', ...args];
    case 'npx --script-shell=bash':
      return ['npx', '--script-shell=bash', 'rehearse', ...args];
    case 'npm run':
      return ['npm', 'run', '--silent', 'e2e'];
    case 'npm run --script-shell=bash':
      return ['npm', 'run', '--silent', '--script-shell=bash', 'e2e'];
  }
}

/** The `rehearse run` process of a run (the launcher itself for `node`). */
function cliOf(run: StartedRun): MarkedProcess {
  const cli = [...run.seen.values()].find(
    (p) => /rehearse(\.js)? run\b/.test(p.command) && !/^(npm|sh|bash)\b/.test(p.command),
  );
  assert.ok(cli, `the CLI among ${[...run.seen.values()].map((p) => p.command).join(' | ')}`);
  return cli;
}

interface Ending {
  signalledAt: number;
  launcherCode: number;
  launcherMs: number;
  goneMs: number;
  left: MarkedProcess[];
}

/** Waits (bounded) for the launcher to exit and for every process of the run to be gone. */
async function ending(t: TestContext, run: StartedRun, signalledAt: number): Promise<Ending> {
  const left = await waitUntilGone(run.mark, GONE_WITHIN_MS);
  const gone = Date.now();
  const exit = await Promise.race([run.exited, new Promise<undefined>((r) => setTimeout(r, 5000))]);
  const result = {
    signalledAt,
    launcherCode: exit?.code ?? -1,
    launcherMs: exit ? exit.at - signalledAt : -1,
    goneMs: gone - signalledAt,
    left,
  };
  const cleanupAt = run.requests().find((r) => r.line.includes('/cancel') && r.at >= signalledAt)?.at;
  t.diagnostic(
    `launcher exited ${result.launcherCode} after ${result.launcherMs} ms; every process gone after ${result.goneMs} ms` +
      (cleanupAt ? `; cleanup reached the target after ${cleanupAt - signalledAt} ms` : ''),
  );
  return result;
}

/** The promises every stopped run keeps: nothing left, nothing late, cleanup ran, reports say interrupted. */
async function assertStoppedCleanly(
  run: StartedRun,
  end: Ending,
  options: { cleanup?: boolean; reports?: boolean } = {},
) {
  const context = () =>
    `\n--- output ---\n${run.output()}\n--- requests ---\n${run
      .requests()
      .map((r) => r.line)
      .join('\n')}`;
  assert.deepEqual(
    end.left.map((p) => `${p.pid} ${p.state} ${p.command}`),
    [],
    `no process of the run is alive ${GONE_WITHIN_MS} ms after the signal${context()}`,
  );
  const atExit = run.requests().length;
  await new Promise((r) => setTimeout(r, QUIET_MS));
  assert.equal(run.requests().length, atExit, `no request reached the target after the run ended${context()}`);
  if (options.cleanup !== false)
    assert.ok(
      run.requests().some((r) => /^POST \/api\/orders\/SO-\d+\/cancel\?run=/.test(r.line)),
      `the cleanup step reached the target${context()}`,
    );
  if (options.reports !== false) assertReportsSayInterrupted(run.dir, context);
}

function assertReportsSayInterrupted(dir: string, context: () => string): void {
  const junit = join(dir, 'reports/junit.xml');
  const html = join(dir, 'reports/html/index.html');
  assert.ok(existsSync(junit) && existsSync(html), `partial reports were written${context()}`);
  const xml = readFileSync(junit, 'utf8');
  assert.match(xml, /<property name="interrupted"/, `JUnit says interrupted${context()}`);
  assert.match(
    xml,
    /<error [^>]*type="interrupted"/,
    `an interrupted scenario is an error in JUnit, not a skip${context()}`,
  );
  assert.match(xml, /<testsuites [^>]*errors="[1-9]/, `JUnit counts the interrupted scenario as an error${context()}`);
  const data = [...htmlReportData(html).values()].join('\n');
  assert.match(data, /"status":"interrupted"/, 'the HTML report marks the test interrupted');
  assert.match(data, /"type":"interrupted"/, 'the HTML report carries the interrupted annotation');
}

function send(run: StartedRun, signal: NodeJS.Signals, to: 'group' | 'top'): number {
  process.kill(to === 'group' ? -run.top : run.top, signal);
  return Date.now();
}

const EXPECTED: Record<Signal, number> = { SIGINT: 130, SIGTERM: 143 };

describe('SIGINT and SIGTERM end every run the same way, whoever launched it', { concurrency: 3 }, () => {
  const combinations: Array<{ launcher: Launcher; signal: Signal; to: 'group' | 'top' }> = [];
  for (const launcher of ['node', 'npx', 'npm run'] as const)
    for (const signal of ['SIGINT', 'SIGTERM'] as const)
      for (const to of ['group', 'top'] as const) {
        // SIGINT to npm alone is held by npm's `sh -c` until the run ends (README "Signals"): tested below.
        if (launcher !== 'node' && signal === 'SIGINT' && to === 'top') continue;
        combinations.push({ launcher, signal, to });
      }
  combinations.push(
    { launcher: 'npx --script-shell=bash', signal: 'SIGINT', to: 'top' },
    { launcher: 'npm run --script-shell=bash', signal: 'SIGINT', to: 'top' },
    { launcher: 'npx --script-shell=bash', signal: 'SIGTERM', to: 'top' },
    // The CLI gets the signal twice here: from the group, and from npm, which passes it on.
    { launcher: 'npm run --script-shell=bash', signal: 'SIGINT', to: 'group' },
  );

  for (const { launcher, signal, to } of combinations) {
    test(`${launcher}: ${signal} to the ${to === 'group' ? 'process group' : 'top process alone'} stops the run, runs cleanup, leaves nothing, exits ${EXPECTED[signal]}`, async (t) => {
      const run = await startRun({ launcher });
      const end = await ending(t, run, send(run, signal, to));
      await assertStoppedCleanly(run, end);
      assert.equal(end.launcherCode, EXPECTED[signal], run.output());
      if (launcher === 'node' || launcher.includes('bash'))
        assert.match(run.output(), new RegExp(`Received ${signal}: stopping the run`));
    });
  }

  for (const launcher of ['npx', 'npm run'] as const) {
    test(`${launcher}: SIGINT to npm alone is held by its sh -c (as the README says); SIGTERM then stops the run`, async (t) => {
      const run = await startRun({ launcher });
      const cli = cliOf(run);
      send(run, 'SIGINT', 'top');
      await new Promise((r) => setTimeout(r, 3000));
      assert.ok(
        markedProcesses(run.mark).some((p) => p.pid === cli.pid),
        'the CLI never saw the SIGINT',
      );
      assert.ok(!run.requests().some((r) => r.line.includes('/cancel')), 'no cleanup yet: the run goes on');
      const end = await ending(t, run, send(run, 'SIGTERM', 'top'));
      await assertStoppedCleanly(run, end);
      assert.equal(end.launcherCode, 143, run.output());
    });

    test(`${launcher}: when the launcher is killed outright (SIGKILL), the orphaned run stops by itself`, async (t) => {
      const run = await startRun({ launcher });
      const end = await ending(t, run, send(run, 'SIGKILL', 'top'));
      await assertStoppedCleanly(run, end);
      assert.match(run.output(), /The launcher \(npx, npm or a shell\) is gone: stopping the run/);
    });
  }

  test('node: a second signal ends everything at once, even while a cleanup step hangs', async (t) => {
    const run = await startRun({ launcher: 'node', scenario: 'hang-cleanup' });
    const first = send(run, 'SIGINT', 'top');
    await waitFor(() => run.requests().some((r) => r.line.endsWith('&phase=cleanup')), GONE_WITHIN_MS);
    // A signal within a second of the first is taken for the same one delivered twice (npm passes its copy on).
    await waitFor(() => Date.now() - first > 1100, 5000);
    const end = await ending(t, run, send(run, 'SIGINT', 'top'));
    await assertStoppedCleanly(run, end, { cleanup: false, reports: false });
    assert.equal(end.launcherCode, 130, run.output());
    assert.match(run.output(), /Stopped at once \(Received SIGINT again\): killed \d+ process\(es\)/);
    assert.ok(!run.requests().some((r) => r.line.includes('/cancel')), 'the cleanup step after the hang never ran');
  });

  test('node: when the CLI itself is killed outright, Playwright and its workers end at once', async (t) => {
    const run = await startRun({ launcher: 'node' });
    const runner = [...run.seen.values()].find((p) => p.command.includes('@playwright/test/cli.js'));
    assert.ok(runner, 'the Playwright runner was seen');
    // Counted, not timed: arrival times come from a 10 ms clock, which may stamp the hanging request after the kill.
    const beforeKill = run.requests().map((r) => r.line);
    const killedAt = send(run, 'SIGKILL', 'top');
    const end = await ending(t, run, killedAt);
    await assertStoppedCleanly(run, end, { cleanup: false, reports: false });
    assert.deepEqual(
      run.requests().map((r) => r.line),
      beforeKill,
      'no request after the CLI was killed',
    );
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    test(`embedded sandbox: ${signal} to the CLI alone stops the run and the in-process sandbox, exits ${EXPECTED[signal]}`, async (t) => {
      const run = await startRun({ launcher: 'node', embedded: true });
      const end = await ending(t, run, send(run, signal, 'top'));
      await assertStoppedCleanly(run, end);
      assert.equal(end.launcherCode, EXPECTED[signal], run.output());
    });
  }

  test('embedded sandbox: SIGTERM while the sandbox is still starting ends the run before any scenario, exits 143', async (t) => {
    const run = await startRun({ launcher: 'node', embedded: true, until: 'starting' });
    const end = await ending(t, run, send(run, 'SIGTERM', 'top'));
    await assertStoppedCleanly(run, end, { cleanup: false, reports: false });
    assert.equal(end.launcherCode, 143, run.output());
    assert.deepEqual(run.requests(), [], 'no scenario started');
    assert.doesNotMatch(run.output(), /Running \d+ test/);
  });
});

describe('cleanup has its own time budget (timeouts.cleanup)', { concurrency: 2 }, () => {
  const config = (token: string) =>
    `defaultEnvironment: local\nenvironments:\n  local:\n    baseUrl: http://127.0.0.1:1\n    allowedHosts: [127.0.0.1]\ntimeouts: { cleanup: 2s }\n# ${token}\n`;

  test('on interrupt, a hanging cleanup step is cut off at the budget and the steps after it are reported as not run', async (t) => {
    const run = await startRun({ launcher: 'node', scenario: 'hang-cleanup', config: config('interrupt') });
    const end = await ending(t, run, send(run, 'SIGTERM', 'top'));
    await assertStoppedCleanly(run, end, { cleanup: false });
    assert.equal(end.launcherCode, 143, run.output());
    assertCutOff(run);
  });

  test('a scenario whose steps end in time passes although its cleanup ends after its timeout', async (t) => {
    const p = tempProject({
      'rehearse.config.yaml': `defaultEnvironment: local\nenvironments:\n  local:\n    baseUrl: ${target.url}\n    allowedHosts: [127.0.0.1]\ntimeouts: { scenario: 5s, cleanup: 10s }\n`,
      'tenant-profiles/regulated.yaml': null,
      'scenarios/slow-cleanup.scenario.yaml': 'name: slow-cleanup\nsteps:\n  - wait: 3s\ncleanup:\n  - wait: 3s\n',
    });
    projects.push(p);
    const started = Date.now();
    const result = await runCli(['run', '--workers', '1'], { cwd: p.dir, timeoutMs: STARTED_WITHIN_MS });
    t.diagnostic(`the run took ${Date.now() - started} ms`);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /1 passed/);
  });

  test('on timeout, the scenario runs no longer than its timeout plus the budget', async (t) => {
    const run = await startRun({
      launcher: 'node',
      scenario: 'hang-cleanup',
      config: config('timeout').replace('cleanup: 2s', 'cleanup: 2s, scenario: 3s'),
    });
    const exit = await Promise.race([run.exited, new Promise<undefined>((r) => setTimeout(r, GONE_WITHIN_MS))]);
    const hangAt = run.requests().find((r) => r.line === `GET /api/hang?run=${run.token}`)!.at;
    assert.ok(exit, `the run ended within ${GONE_WITHIN_MS} ms although its cleanup step hangs for 5 minutes`);
    t.diagnostic(
      `the run ended ${exit.at - hangAt} ms after the scenario reached its hanging step (timeout 3s + cleanup 2s)`,
    );
    assert.equal(exit.code, 1, run.output());
    assert.deepEqual(await waitUntilGone(run.mark, GONE_WITHIN_MS), []);
    assertCutOff(run);
  });
});

/** The scenario result Rehearse attaches to its test (`rehearse-result.json`), read from the HTML report. */
function scenarioResult(dir: string): {
  cleanup: Array<{ title: string; status: string; error?: { code: string; message: string } }>;
} {
  for (const [name, text] of htmlReportData(join(dir, 'reports/html/index.html'))) {
    if (name === 'report.json') continue;
    const file = JSON.parse(text) as {
      tests: Array<{ results: Array<{ attachments: Array<{ name: string; body?: string }> }> }>;
    };
    for (const attachment of file.tests.flatMap((t) => t.results).flatMap((r) => r.attachments))
      if (attachment.name === 'rehearse-result.json' && attachment.body) return JSON.parse(attachment.body);
  }
  throw new Error('no rehearse-result.json in the HTML report');
}

/** The hanging cleanup step is cut off at the budget, the one after it is reported as not run, and never reaches the target. */
function assertCutOff(run: StartedRun): void {
  const [hang, cancel, ...more] = scenarioResult(run.dir).cleanup;
  assert.deepEqual(more, []);
  assert.deepEqual(
    [hang?.status, hang?.error?.code, hang?.error?.message],
    [
      'errored',
      'REHEARSE_CLEANUP_BUDGET',
      `Failed to finish cleanup step "GET /api/hang?run=${run.token}&phase=cleanup": the cleanup budget of 2.00s (timeouts.cleanup) ran out, so it was cut off.`,
    ],
  );
  assert.deepEqual([cancel?.status, cancel?.error?.code], ['errored', 'REHEARSE_CLEANUP_BUDGET']);
  assert.match(
    cancel?.error?.message ?? '',
    /^Failed to run cleanup step "POST \/api\/orders\/SO-\d+\/cancel\?run=[0-9a-f]+": the cleanup budget of 2\.00s \(timeouts\.cleanup\) was used up by the steps before it\.$/,
  );
  assert.ok(
    !run.requests().some((r) => r.line.includes('/cancel')),
    'the step after the budget ran out never reached the target',
  );
}
