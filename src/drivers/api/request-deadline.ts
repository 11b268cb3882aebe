/**
 * One request's deadline joined with the run's signal, as one signal for undici.
 * `AbortSignal.timeout` + `AbortSignal.any` per request did the same at twice the cost (a
 * dependant-signal registry that Node keeps until the signals are collected); this is one
 * controller, one timer and one listener, all released by `dispose()`.
 */
export interface RequestDeadline {
  signal: AbortSignal;
  /** The deadline passed (not the run's signal). */
  readonly timedOut: boolean;
  /** Clears the timer and the listener on the run's signal; call once the request ended. */
  dispose(): void;
}

/** `budgetMs`: the time every attempt of the request shares, ms. `outer`: the run's signal, if any. */
export function requestDeadline(budgetMs: number, outer: AbortSignal | undefined): RequestDeadline {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException('The request’s deadline passed.', 'TimeoutError'));
  }, budgetMs);
  // A pending request's timer must not keep a process alive that has nothing else to do.
  timer.unref();
  const onAbort = () => controller.abort(outer?.reason);
  if (outer?.aborted) onAbort();
  else outer?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    get timedOut() {
      return timedOut;
    },
    dispose() {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
    },
  };
}
