/**
 * One request's deadline joined with the run's signal: whichever comes first aborts the attempt
 * in flight. An `AbortController` per request, and a listener added to and removed from the run's
 * signal per request, were the largest single cost of the driver's own in the engine bench; this
 * is one timer, one callback (the attempt in flight's abort), and a place in the set of requests
 * the run's signal aborts (one listener per run signal, not per request). All released by
 * `dispose()`.
 */
export interface RequestDeadline {
  /** The deadline passed or the run's signal aborted. */
  readonly aborted: boolean;
  /** Why: the deadline's `TimeoutError` DOMException, or the run signal's reason. */
  readonly reason: unknown;
  /** The deadline passed (not the run's signal). */
  readonly timedOut: boolean;
  /**
   * What to call when the request is aborted: the attempt in flight's abort. Called at once when
   * the request is aborted already; a later call replaces it (each retry's attempt sets its own),
   * `undefined` clears it (an attempt that ended).
   */
  onAbort(abort: ((reason: unknown) => void) | undefined): void;
  /** Clears the timer and leaves the run signal's set; call once the request ended. */
  dispose(): void;
}

/** What the run signal's single listener aborts: the deadlines of the requests in flight under it. */
interface Abortable {
  abort(reason: unknown): void;
}

/**
 * The deadlines in flight under each run signal: the run's signal gets one listener, the first
 * time a request runs under it, that aborts every deadline in its set (a request joins when it
 * starts and leaves when it ends). Keyed weakly: a finished run's signal and set are collected.
 */
const inFlight = new WeakMap<AbortSignal, Set<Abortable>>();

function inFlightUnder(outer: AbortSignal): Set<Abortable> {
  let set = inFlight.get(outer);
  if (!set) {
    const deadlines = (set = new Set());
    inFlight.set(outer, deadlines);
    outer.addEventListener(
      'abort',
      () => {
        for (const deadline of [...deadlines]) deadline.abort(outer.reason);
      },
      { once: true },
    );
  }
  return set;
}

/**
 * A deadline of `budgetMs` (the time every attempt of the request shares, ms) under `outer`, the
 * run's signal, if any. Its timer is unref'd: a pending request must not keep alive a process
 * that has nothing else to do.
 *
 * @example
 * const deadline = requestDeadline(30_000, runSignal);
 * deadline.onAbort((reason) => controller.abort(reason));
 * // … the request …
 * deadline.dispose();
 */
export function requestDeadline(budgetMs: number, outer: AbortSignal | undefined): RequestDeadline {
  return new Deadline(budgetMs, outer);
}

/**
 * A class, not an object of closures: made for every request, its methods are shared, not
 * allocated each time.
 */
class Deadline implements RequestDeadline, Abortable {
  aborted = false;
  reason: unknown = undefined;
  timedOut = false;
  private current: ((reason: unknown) => void) | undefined = undefined;
  private readonly timer: NodeJS.Timeout;
  private joined: Set<Abortable> | undefined = undefined;

  constructor(budgetMs: number, outer: AbortSignal | undefined) {
    this.timer = setTimeout(deadlinePassed, budgetMs, this);
    this.timer.unref();
    if (outer?.aborted) this.abort(outer.reason);
    else if (outer) (this.joined = inFlightUnder(outer)).add(this);
  }

  abort(why: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = why;
    this.current?.(why);
  }

  onAbort(abort: ((reason: unknown) => void) | undefined): void {
    this.current = abort;
    if (this.aborted) abort?.(this.reason);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.joined?.delete(this);
    this.current = undefined;
  }

  /** The deadline passed: what the timer calls. */
  expire(): void {
    this.timedOut = true;
    this.abort(new DOMException('The request’s deadline passed.', 'TimeoutError'));
  }
}

/** The timer's callback, given its deadline: no closure per request. */
function deadlinePassed(deadline: Deadline): void {
  deadline.expire();
}
