import { groupOf, killTree } from '../core/process-tree.js';

/** Environment variable through which `rehearse run` tells the Playwright runner its pid. */
export const CLI_PID_VARIABLE = 'REHEARSE_CLI_PID';

/** How often the runner looks at its parent, ms. */
export const CLI_POLL_MS = 250;

/**
 * Runs in Playwright's runner (imported before it with `node --import`): when
 * the `rehearse run` that started it is gone — it was killed outright, since
 * on any signal it can handle it stops the runner itself — the runner kills
 * its process group (itself and its workers) and every descendant (browsers)
 * at once, so that nothing goes on talking to the target after the CLI has
 * exited. Does nothing in any other process (workers inherit the import; their
 * parent is the runner, and Playwright stops them when the runner's IPC
 * channel closes). The poll's timer does not keep the runner alive.
 */
export function watchCli(env: NodeJS.ProcessEnv = process.env): void {
  const cliPid = Number(env[CLI_PID_VARIABLE]);
  if (!Number.isInteger(cliPid) || cliPid <= 1 || process.ppid !== cliPid) return;
  const timer = setInterval(() => {
    if (process.ppid === cliPid) return;
    clearInterval(timer);
    // The CLI starts the runner as a group leader; its workers are in that group.
    killTree(process.pid, { group: groupOf(process.pid) === process.pid });
  }, CLI_POLL_MS);
  timer.unref();
}
