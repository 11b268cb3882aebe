import { basename } from 'node:path';
import { commandLineOf, parentOf } from '../core/process-tree.js';

const SHELLS = new Set(['sh', 'dash', 'bash', 'zsh', 'ash', 'ksh', 'mksh', 'busybox']);

/** How often the launcher is looked at, ms. */
export const LAUNCHER_POLL_MS = 250;

/**
 * The processes that launched this one, nearest first: the parent and, while
 * that is a `sh -c …` wrapper, the process that started the shell. `npx rehearse
 * run` and `npm run <script>` start the CLI through `sh -c` (npm's script
 * shell); when npm dies the shell may live on, so the shell alone says nothing.
 * Stops below pid 1 and after four levels.
 */
export function launcherChain(): number[] {
  const chain: number[] = [];
  let pid = process.ppid;
  while (pid > 1 && chain.length < 4) {
    chain.push(pid);
    if (!isShellWrapper(commandLineOf(pid))) break;
    const parent = parentOf(pid);
    if (parent === undefined || parent < 0) break;
    pid = parent;
  }
  return chain;
}

function isShellWrapper(args: string[] | undefined): boolean {
  if (!args || args.length < 2) return false;
  return SHELLS.has(basename(args[0]!).replace(/^-/, '')) && args.slice(1).includes('-c');
}

/**
 * Calls `onOrphaned` once when the launcher is gone: this process's parent
 * changed (it was re-parented to init or a subreaper) or, through a `sh -c`
 * wrapper, the wrapper's own parent did. This is how a run notices that `npx`
 * or `npm` died without passing the signal on (npm forwards SIGTERM to its
 * `sh -c`, and dash dies of it without passing it to its child). The poll's
 * timer does not keep the process alive. Returns a function that stops it.
 */
export function watchLauncher(onOrphaned: () => void, chain: readonly number[] = launcherChain()): () => void {
  if (chain.length === 0) return () => undefined; // pid 1 in a container, or started by init: nothing to lose
  const timer = setInterval(() => {
    if (!orphaned(chain)) return;
    clearInterval(timer);
    onOrphaned();
  }, LAUNCHER_POLL_MS);
  timer.unref();
  return () => clearInterval(timer);
}

function orphaned(chain: readonly number[]): boolean {
  if (process.ppid !== chain[0]) return true;
  for (let i = 1; i < chain.length; i++) {
    const parent = parentOf(chain[i - 1]!);
    if (parent === undefined) return true;
    if (parent >= 0 && parent !== chain[i]) return true;
    if (parent < 0 && parentOf(chain[i]!) === undefined) return true; // no /proc: liveness only
  }
  return false;
}
