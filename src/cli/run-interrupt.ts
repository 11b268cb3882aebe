import type { ChildProcess } from 'node:child_process';
import { formatDuration, parseDuration } from '../core/duration.js';
import { DEFAULT_CLEANUP_BUDGET_MS } from '../engine/cleanup-budget.js';
import { groupAlive, killTree } from '../core/process-tree.js';
import { EXIT } from './exit-codes.js';
import { watchLauncher } from './launcher-watch.js';
import type { Output } from './output.js';

/** What stopped the run: a signal the CLI received, or its launcher dying. */
export type InterruptCause = 'SIGINT' | 'SIGTERM' | 'SIGHUP' | 'orphaned';

const HANDLED = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * A signal within this long of the first is the same one delivered twice, not
 * a second signal, ms: a Ctrl-C reaches the whole group, and npm (with a
 * script shell that execs, `--script-shell=bash`) passes its copy on to the
 * CLI as well. Playwright's runner ignores repeated SIGINTs for 1 s likewise.
 */
export const REPEAT_WINDOW_MS = 1000;

/** After the cleanup budget, the time Playwright gets to stop its workers and write reports, ms. */
export const REPORT_GRACE_MS = 10_000;

export interface RunInterruptOptions {
  output: Output;
  /** `timeouts.cleanup` in ms: how long each scenario's cleanup may take after the stop. */
  cleanupBudgetMs: number;
  /** Exits the process (tests replace it). */
  exit?: (code: number) => never;
}

/**
 * How `rehearse run` ends on SIGINT, SIGTERM, SIGHUP or when its launcher
 * dies (see README "Signals"):
 *
 * - first signal: `signal` aborts (no phase starts after it), the Playwright
 *   runner gets SIGINT — the one signal it stops gracefully on: it stops its
 *   workers, whose fixture teardown runs each scenario's cleanup within
 *   `timeouts.cleanup`, and its reporters write partial reports — and the run
 *   exits 130 (SIGINT), 143 (SIGTERM, launcher gone) or 129 (SIGHUP);
 * - a second signal (at least `REPEAT_WINDOW_MS` after the first), or the cleanup budget plus `REPORT_GRACE_MS` running
 *   out: every process of the run's tree is killed at once (SIGKILL) and the
 *   CLI exits;
 * - a signal while Playwright is not running (the embedded target is starting,
 *   the preflight runs): the CLI exits at once, as no scenario has started.
 *
 * The embedded sandbox and virtual services live in the CLI's own process and
 * end with it.
 *
 * The runner is started in its own process group (see `runPlaywright`), so a
 * Ctrl-C to the terminal's group reaches the CLI only and the runner sees one
 * SIGINT, whichever signal arrived and to whichever process.
 */
export class RunInterrupt {
  private readonly controller = new AbortController();
  private readonly children = new Set<ChildProcess>();
  private cause_: InterruptCause | undefined;
  private firstAt = 0;
  private deadline: NodeJS.Timeout | undefined;
  private readonly handlers = new Map<NodeJS.Signals, () => void>();
  private readonly stopWatch: () => void;
  private readonly onExit = () => this.killChildren();

  constructor(private readonly options: RunInterruptOptions) {
    for (const signal of HANDLED) {
      const handler = () => this.receive(signal);
      this.handlers.set(signal, handler);
      process.on(signal, handler);
    }
    this.stopWatch = watchLauncher(() => this.receive('orphaned'));
    // Whatever ends the CLI (a crash included), no process of its run may outlive it.
    process.on('exit', this.onExit);
  }

  /** Aborted at the first signal. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Why the run was stopped, if it was. */
  get cause(): InterruptCause | undefined {
    return this.cause_;
  }

  /** The exit code of an interrupted run (130, 143, 129), or undefined when it was not interrupted. */
  get exitCode(): number | undefined {
    return exitCodeOf(this.cause_);
  }

  /**
   * Hands over the Playwright runner (started as a process group leader): the
   * first signal asks it to stop; a second one, or the deadline, kills it,
   * its group and every descendant. Returns a function to call once it exited.
   */
  adopt(child: ChildProcess): () => void {
    this.children.add(child);
    if (this.cause_) this.askToStop(child);
    return () => this.children.delete(child);
  }

  /** Removes the handlers and timers (the run is over). */
  dispose(): void {
    for (const [signal, handler] of this.handlers) process.off(signal, handler);
    this.handlers.clear();
    this.stopWatch();
    if (this.deadline) clearTimeout(this.deadline);
    process.off('exit', this.onExit);
  }

  private receive(cause: InterruptCause): void {
    if (this.cause_) {
      // npm and its `sh -c` die of the same SIGTERM that reached the group: that is not a second signal.
      if (cause !== 'orphaned' && Date.now() - this.firstAt >= REPEAT_WINDOW_MS) this.force(`${describe(cause)} again`);
      return;
    }
    this.cause_ = cause;
    this.firstAt = Date.now();
    this.controller.abort(cause);
    if (this.children.size === 0) {
      // Before Playwright started (or after it ended) no scenario is running and nothing needs cleaning up:
      // the embedded sandbox and virtual services live in this process and end with it.
      this.options.output.err(`\n${describe(cause)}: stopping the run.`);
      this.exit();
    }
    const graceMs = this.options.cleanupBudgetMs + REPORT_GRACE_MS;
    this.options.output.err(
      `\n${describe(cause)}: stopping the run; cleanup steps have up to ${formatDuration(this.options.cleanupBudgetMs)} (timeouts.cleanup). A second signal stops everything at once.`,
    );
    for (const child of this.children) this.askToStop(child);
    this.deadline = setTimeout(() => this.force(`the run did not stop within ${formatDuration(graceMs)}`), graceMs);
    this.deadline.unref();
  }

  private askToStop(child: ChildProcess): void {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
  }

  private force(why: string): never {
    const killed = this.killChildren();
    this.options.output.err(
      `Stopped at once (${why})${killed > 0 ? `: killed ${killed} process(es)` : ''}. Cleanup steps that had not finished did not run.`,
    );
    return this.exit();
  }

  private exit(): never {
    const exit = this.options.exit ?? ((code: number) => process.exit(code));
    return exit(this.exitCode ?? EXIT.terminated);
  }

  private killChildren(): number {
    let killed = 0;
    for (const child of this.children) {
      if (child.pid === undefined) continue;
      const running = child.exitCode === null && child.signalCode === null;
      // The group outlives its leader: orphaned workers stay in it.
      if (running || groupAlive(child.pid)) killed += killTree(child.pid, { group: true }).length;
    }
    return killed;
  }
}

/** `timeouts.cleanup` of rehearse.config.yaml in ms (default 30 s). */
export function cleanupBudgetOf(timeouts: { cleanup?: string } | undefined): number {
  return (timeouts?.cleanup === undefined ? undefined : parseDuration(timeouts.cleanup)) ?? DEFAULT_CLEANUP_BUDGET_MS;
}

/** Installs the handlers for one run. Call `dispose()` when the run is over. */
export function watchRunInterrupts(options: RunInterruptOptions): RunInterrupt {
  return new RunInterrupt(options);
}

/** 128 + the signal's number, as a shell reports a process a signal ended. */
export function exitCodeOf(cause: InterruptCause | undefined): number | undefined {
  switch (cause) {
    case undefined:
      return undefined;
    case 'SIGINT':
      return EXIT.interrupted;
    case 'SIGHUP':
      return EXIT.hangup;
    default:
      return EXIT.terminated;
  }
}

function describe(cause: InterruptCause): string {
  return cause === 'orphaned' ? 'The launcher (npx, npm or a shell) is gone' : `Received ${cause}`;
}
