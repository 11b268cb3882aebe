import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { groupAlive, killTree } from '../core/process-tree.js';
import { CLI_PID_VARIABLE } from '../playwright/cli-watchdog.js';
import type { RunInterrupt } from './run-interrupt.js';

export interface PlaywrightRun {
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

/**
 * Runs `playwright test` as a child process and resolves its exit code.
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
  const child = spawn(
    process.execPath,
    ['--import', WATCHDOG_HOOK, playwrightCli(), 'test', '--config', run.configFile, ...run.args],
    {
      cwd: run.cwd,
      env: {
        ...run.env,
        [CLI_PID_VARIABLE]: String(process.pid),
        PWTEST_FORCE_EXIT_TIMEOUT: String(run.cleanupBudgetMs + 5000),
      },
      stdio: 'inherit',
      // On Windows `detached` opens a console of its own, and there are no process groups to keep apart.
      detached: process.platform !== 'win32',
    },
  );
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

/** Waits (bounded) for the workers left in the runner's group, then kills what is still there. */
async function reapGroup(pgid: number, maxMs: number): Promise<void> {
  const deadline = Date.now() + maxMs;
  while (groupAlive(pgid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  if (groupAlive(pgid)) killTree(pgid, { group: true });
}
