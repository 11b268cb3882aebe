import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

/** One row of the process table: pid, parent pid and process group id. */
export interface ProcessEntry {
  pid: number;
  ppid: number;
  pgid: number;
}

/**
 * Reads the process table. On Linux it reads `/proc/<pid>/stat` (proc(5)), so it
 * works in slim and distroless container images that ship no `ps` — the places
 * where `docker stop` and Kubernetes send their SIGTERM. Elsewhere it asks
 * `ps -A -o pid=,ppid=,pgid=` (POSIX). Synchronous on purpose: it also runs in
 * `process.on('exit')`, where nothing asynchronous may happen. Returns an empty
 * table when neither source is available.
 */
export function readProcessTable(): ProcessEntry[] {
  if (process.platform === 'linux') return readProc();
  try {
    const text = execFileSync('ps', ['-A', '-o', 'pid=,ppid=,pgid='], { encoding: 'utf8', timeout: 2000 });
    return text
      .split('\n')
      .map((line) => line.trim().split(/\s+/).map(Number))
      .filter((cols) => cols.length === 3 && cols.every(Number.isInteger))
      .map(([pid, ppid, pgid]) => ({ pid: pid!, ppid: ppid!, pgid: pgid! }));
  } catch {
    return [];
  }
}

function readProc(): ProcessEntry[] {
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return [];
  }
  const out: ProcessEntry[] = [];
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    const entry = statOf(Number(name));
    if (entry) out.push(entry);
  }
  return out;
}

/** `/proc/<pid>/stat`: "pid (comm) state ppid pgrp …"; comm may hold spaces and parentheses. */
function statOf(pid: number): ProcessEntry | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { pid, ppid: Number(fields[1]), pgid: Number(fields[2]) };
  } catch {
    return undefined;
  }
}

/**
 * Every process below `pid` (children, grandchildren, …), parents before
 * children. Processes that already left the tree (re-parented to init after
 * their parent died) are not found: take the list while the tree is whole.
 */
export function descendantsOf(pid: number, table: readonly ProcessEntry[] = readProcessTable()): number[] {
  const children = new Map<number, number[]>();
  for (const entry of table) children.set(entry.ppid, [...(children.get(entry.ppid) ?? []), entry.pid]);
  const out: number[] = [];
  const queue = [...(children.get(pid) ?? [])];
  const seen = new Set<number>([pid]);
  while (queue.length > 0) {
    const next = queue.shift()!;
    if (seen.has(next)) continue;
    seen.add(next);
    out.push(next);
    queue.push(...(children.get(next) ?? []));
  }
  return out;
}

/**
 * The parent pid of `pid`, or undefined when the process is gone. Linux reads
 * `/proc`; elsewhere only liveness is known (`kill(pid, 0)`), so the answer is
 * `-1` for "alive, parent unknown".
 */
export function parentOf(pid: number): number | undefined {
  if (process.platform === 'linux') return statOf(pid)?.ppid;
  return isAlive(pid) ? -1 : undefined;
}

/** The process group of `pid`, or undefined when it is gone or unknown. */
export function groupOf(pid: number): number | undefined {
  if (process.platform === 'linux') return statOf(pid)?.pgid;
  return readProcessTable().find((entry) => entry.pid === pid)?.pgid;
}

/** The command line of `pid` (`/proc/<pid>/cmdline`; `ps -o args=` elsewhere), or undefined. */
export function commandLineOf(pid: number): string[] | undefined {
  try {
    if (process.platform === 'linux') {
      const raw = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const args = raw.split('\0');
      while (args.length > 0 && args.at(-1) === '') args.pop();
      // A process that rewrote its title (npm does) shows one space-joined string.
      return args.length === 1 ? args[0]!.split(' ').filter(Boolean) : args;
    }
    const text = execFileSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8', timeout: 2000 }).trim();
    return text ? text.split(/\s+/) : undefined;
  } catch {
    return undefined;
  }
}

/** `kill(pid, 0)`: true while the process exists (EPERM means it exists but is not ours). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True while any process is left in process group `pgid` (`kill(-pgid, 0)`). */
export function groupAlive(pgid: number): boolean {
  return isAlive(-pgid);
}

/**
 * Sends `signal` to each pid (a negative pid is a process group, kill(2)),
 * ignoring those already gone. Synchronous, so it can run in an exit handler.
 */
export function signalAll(pids: readonly number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // Already gone (ESRCH) or not ours (EPERM): nothing to stop.
    }
  }
}

/**
 * Kills a process, its process group and every descendant at once with
 * SIGKILL. The descendants are listed before anything is killed, so children
 * that live in process groups of their own (Playwright starts each browser as
 * a group leader) are found while their parents still hold them.
 */
export function killTree(pid: number, options: { group?: boolean } = {}): number[] {
  const below = descendantsOf(pid);
  // The caller may be in the tree (a runner ending itself): it goes last.
  signalAll([...below.filter((p) => p !== process.pid), ...(options.group ? [-pid] : []), pid], 'SIGKILL');
  return [pid, ...below];
}
