import { EventEmitter } from 'node:events';

/**
 * One request's deadline joined with the run's signal, as one signal for undici.
 * An `AbortController` per request, and a listener added to and removed from the run's signal
 * per request, were the largest single cost of the driver's own in the engine bench; this is an
 * EventEmitter with undici's signal interface (`aborted`, `reason`, an `abort` event), one timer,
 * and a place in the set of requests the run's signal aborts (one listener per run signal, not
 * per request). All released by `dispose()`.
 */
export interface RequestDeadline {
  /** What undici's `request({ signal })` reads: `aborted`, `reason`, and an `abort` event. */
  signal: DeadlineSignal;
  /** The deadline passed (not the run's signal). */
  readonly timedOut: boolean;
  /** Clears the timer and leaves the run signal's set; call once the request ended. */
  dispose(): void;
}

/**
 * An abort signal in the EventEmitter style undici accepts (`util.addAbortListener` uses `once`
 * and `removeListener` when the object has no `addEventListener`): `aborted`, `reason` and one
 * `abort` event. Cheaper to make than an `AbortController` (no EventTarget, no internal signal).
 */
export class DeadlineSignal extends EventEmitter {
  aborted = false;
  reason: unknown = undefined;

  /** Aborts with `reason` and emits `abort` once; a second call does nothing. */
  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.emit('abort');
  }
}

/**
 * The deadlines in flight under each run signal: the run's signal gets one listener, the first
 * time a request runs under it, that aborts every deadline in its set (a request joins when it
 * starts and leaves when it ends). Keyed weakly: a finished run's signal and set are collected.
 */
const inFlight = new WeakMap<AbortSignal, Set<DeadlineSignal>>();

function inFlightUnder(outer: AbortSignal): Set<DeadlineSignal> {
  let set = inFlight.get(outer);
  if (!set) {
    const deadlines = (set = new Set());
    inFlight.set(outer, deadlines);
    outer.addEventListener(
      'abort',
      () => {
        for (const signal of [...deadlines]) signal.abort(outer.reason);
      },
      { once: true },
    );
  }
  return set;
}

/** `budgetMs`: the time every attempt of the request shares, ms. `outer`: the run's signal, if any. */
export function requestDeadline(budgetMs: number, outer: AbortSignal | undefined): RequestDeadline {
  const signal = new DeadlineSignal();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    signal.abort(new DOMException('The request’s deadline passed.', 'TimeoutError'));
  }, budgetMs);
  // A pending request's timer must not keep a process alive that has nothing else to do.
  timer.unref();
  let joined: Set<DeadlineSignal> | undefined;
  if (outer?.aborted) signal.abort(outer.reason);
  else if (outer) (joined = inFlightUnder(outer)).add(signal);
  return {
    signal,
    get timedOut() {
      return timedOut;
    },
    dispose() {
      clearTimeout(timer);
      joined?.delete(signal);
    },
  };
}
