import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { groupAlive, killTree } from '../core/process-tree.js';
import { CLI_PID_VARIABLE } from '../playwright/cli-watchdog.js';
import type { HostStart } from './playwright-host.js';
import type { RunInterrupt } from './run-interrupt.js';

export interface PlaywrightRun {
  /** A runner started ahead by `prewarmPlaywright`: used when it is still there, else a runner is spawned. */
  warm?: WarmRunner;
  configFile: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** The run's signal handling: the runner is handed over to it. */
  interrupt: RunInterrupt;
  /** `timeouts.cleanup`, ms: how long the workers may stay after the runner to finish cleanup. */
  cleanupBudgetMs: number;
}

/** Path of Playwright Test's CLI from the copy Rehearse depends on (one instance for runner and tests). */
export function playwrightCli(): string {
  const require = createRequire(import.meta.url);
  const packageJson = require.resolve('@playwright/test/package.json');
  return join(dirname(packageJson), 'cli.js');
}

/** The module every Playwright process imports first (`node --import`): it ends the runner when the CLI is gone. */
const WATCHDOG_HOOK = new URL('../playwright/cli-watchdog-hook.js', import.meta.url).href;

/** The module that keeps the runner going when a reader closes its stdout or stderr (`closed-pipes-hook.ts`). */
const CLOSED_PIPES_HOOK = new URL('./closed-pipes-hook.js', import.meta.url).href;

/** What every runner imports first: the watchdog, then the closed-pipes hook. */
const RUNNER_IMPORTS = ['--import', WATCHDOG_HOOK, '--import', CLOSED_PIPES_HOOK];

/** The runner's host script (`playwright-host.ts`). */
const HOST = fileURLToPath(new URL('./playwright-host.js', import.meta.url));

/**
 * A Playwright runner started before the run is ready: it loads Playwright Test while the CLI
 * starts the target (see playwright-host.ts), and becomes `playwright test` when `runPlaywright`
 * hands it the run. `discard` ends it when no run is handed over (the target was down, a
 * preflight failed, a signal came); it is also killed if the CLI exits first.
 */
export interface WarmRunner {
  /**
   * Hands the run to the runner once it has loaded, and resolves to it; undefined when it failed
   * or ended (the caller spawns a runner then).
   */
  take(start: HostStart): Promise<ChildProcess | undefined>;
  /** Ends the runner unless it was taken. Safe to call more than once. */
  discard(): void;
}

/**
 * Starts Playwright's runner ahead of the run (see `WarmRunner`). `cwd` and `env` are the
 * process's until the run is handed over; the cleanup budget (ms) sets Playwright's
 * `PWTEST_FORCE_EXIT_TIMEOUT` as `runPlaywright` does.
 */
export function prewarmPlaywright(options: {
  cwd: string;
  env: NodeJS.ProcessEnv;
  cleanupBudgetMs: number;
}): WarmRunner {
  let taken = false;
  const child = spawn(process.execPath, [...RUNNER_IMPORTS, HOST, playwrightCli()], {
    cwd: options.cwd,
    env: runnerEnv(options.env, options.cleanupBudgetMs),
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    detached: process.platform !== 'win32',
  });
  const kill = () => {
    if (!taken && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  process.on('exit', kill);
  const loaded = new Promise<boolean>((resolve) => {
    child.once('message', () => resolve(true));
    child.once('exit', () => resolve(false));
    child.once('error', () => resolve(false));
  });
  return {
    take: async (start) => {
      if (taken || !(await loaded) || child.exitCode !== null || child.signalCode !== null || !child.connected)
        return undefined;
      taken = true;
      process.off('exit', kill);
      child.send(start);
      return child;
    },
    discard: () => {
      kill();
      process.off('exit', kill);
    },
  };
}

function runnerEnv(env: NodeJS.ProcessEnv, cleanupBudgetMs: number): NodeJS.ProcessEnv {
  return {
    ...env,
    [CLI_PID_VARIABLE]: String(process.pid),
    PWTEST_FORCE_EXIT_TIMEOUT: String(cleanupBudgetMs + 5000),
  };
}

/**
 * Runs `playwright test` as a child process and resolves its exit code: the runner started ahead
 * (`run.warm`) when it loaded, else a new one.
 *
 * The runner is started as the leader of a process group of its own
 * (`detached`, setsid(2)); its workers join that group (Playwright forks them
 * with `detached: false`). So a Ctrl-C to the terminal reaches the CLI alone,
 * and the CLI decides: it sends the runner one SIGINT, Playwright's graceful
 * stop (`RunInterrupt`). Playwright has no SIGTERM handler: a SIGTERM reaching
 * the runner would kill it before any report is written. The runner imports
 * `cli-watchdog-hook` so that it ends itself and its workers if the CLI is
 * killed outright; its workers are given the cleanup budget to exit after the
 * runner is gone (`PWTEST_FORCE_EXIT_TIMEOUT`, Playwright's own limit).
 * Nothing of the group outlives this call: a worker still there once the
 * budget has passed after the runner's exit is killed.
 */
export async function runPlaywright(run: PlaywrightRun): Promise<{ code: number; interrupted: boolean }> {
  const { interrupt } = run;
  if (interrupt.signal.aborted) return { code: interrupt.exitCode!, interrupted: true };
  const args = ['test', '--config', run.configFile, ...run.args];
  const env = runnerEnv(run.env, run.cleanupBudgetMs);
  const warm = await run.warm?.take({ args, env: definedOnly(env), cwd: run.cwd });
  const child =
    warm ??
    spawn(process.execPath, [...RUNNER_IMPORTS, playwrightCli(), ...args], {
      cwd: run.cwd,
      env,
      stdio: 'inherit',
      // On Windows `detached` opens a console of its own, and there are no process groups to keep apart.
      detached: process.platform !== 'win32',
    });
  const release = interrupt.adopt(child);
  const code = await new Promise<number | null>((resolve) => {
    child.on('exit', (exitCode) => resolve(exitCode));
    child.on('error', () => resolve(1));
  });
  if (child.pid !== undefined) await reapGroup(child.pid, run.cleanupBudgetMs + 5000);
  release();
  // A runner killed outright (OOM killer) ran nothing to the end: a failure, not an interrupt.
  const interrupted = interrupt.signal.aborted || code === 130;
  return { code: code ?? 1, interrupted };
}

function definedOnly(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

/** Waits (bounded) for the workers left in the runner's group, then kills what is still there. */
async function reapGroup(pgid: number, maxMs: number): Promise<void> {
  const deadline = Date.now() + maxMs;
  while (groupAlive(pgid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  if (groupAlive(pgid)) killTree(pgid, { group: true });
}
