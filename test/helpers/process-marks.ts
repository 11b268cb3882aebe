import { readFileSync, readdirSync } from 'node:fs';

/** The environment variable a test sets on a launcher; every process of its tree inherits it. */
export const MARK_VARIABLE = 'REHEARSE_TEST_PROCESS_MARK';

export interface MarkedProcess {
  pid: number;
  ppid: number;
  pgid: number;
  /** /proc state letter: R, S, D, T … (zombies are left out: they are dead, only not reaped yet). */
  state: string;
  command: string;
}

/**
 * Every live process whose environment carries `MARK_VARIABLE=<mark>`: the
 * launcher, npm's `sh -c`, the CLI, Playwright's runner and workers, browsers
 * — wherever they were re-parented to and whatever process group they moved
 * to. Reads /proc (Linux).
 */
export function markedProcesses(mark: string): MarkedProcess[] {
  const needle = `${MARK_VARIABLE}=${mark}\0`;
  const out: MarkedProcess[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const environ = readFileSync(`/proc/${name}/environ`, 'latin1');
      if (!environ.includes(needle)) continue;
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] === 'Z' || fields[0] === 'X') continue;
      const command = readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0+$/, '').replace(/\0/g, ' ');
      out.push({ pid: Number(name), ppid: Number(fields[1]), pgid: Number(fields[2]), state: fields[0]!, command });
    } catch {
      // Gone while we looked, or not readable: not one of ours.
    }
  }
  return out;
}

/** Polls until no process carries the mark; resolves the ones still alive at `timeoutMs` (empty = all gone). */
export async function waitUntilGone(mark: string, timeoutMs: number): Promise<MarkedProcess[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const alive = markedProcesses(mark);
    if (alive.length === 0 || Date.now() > deadline) return alive;
    await new Promise((r) => setTimeout(r, 50));
  }
}
