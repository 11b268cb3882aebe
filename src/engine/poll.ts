import { DeadlineReason } from '../core/network-error.js';
import { formatDuration, parseDuration } from '../core/duration.js';
import type { StepContext } from './context.js';
import { sleep } from './sleep.js';

export interface PollResult<T> {
  last: T;
  attempts: number;
  /** Measured time from the first look to the end, ms. */
  elapsedMs: number;
  /** `within` passed while a look was still running: it was stopped (its signal aborted). */
  cutOff: boolean;
  /** When `cutOff`: the last look that ran to its end, if any (it says more than the stopped one). */
  lastComplete?: T;
}

/**
 * Looks once, then again every `every` (multiplied by `backoff` after each
 * look, up to `maxEvery`) until `done` says so or `within` runs out (no
 * `within`: one look). The one polling loop of the engine: `eventually`, and
 * the steps that wait on asynchronous senders (`virtual.expect`, `edi.expect`).
 *
 * `within` is a hard deadline: each look gets a signal that aborts when it passes (with a
 * `DeadlineReason` whose `code`, `what` and `hint` come from `deadline`), so a request still in
 * flight is stopped then instead of running to its own timeout; a look that ignores the signal
 * still ends the polling once it returns.
 */
export async function pollUntil<T>(
  ctx: StepContext,
  timing: { within?: string; every?: string; backoff?: number; maxEvery?: string },
  look: (signal: AbortSignal) => Promise<T>,
  done: (value: T) => boolean,
  deadline: { code: string; what?: string; hint: string } = {
    code: 'REHEARSE_POLL_TIMEOUT',
    hint: 'Raise `within` if the target is only slow.',
  },
): Promise<PollResult<T>> {
  const within = timing.within ? (parseDuration(timing.within) ?? 0) : 0;
  let interval = parseDuration(timing.every ?? '250ms') ?? 250;
  const maxInterval = timing.maxEvery ? (parseDuration(timing.maxEvery) ?? within) : within;
  const started = performance.now();
  const deadlineAt = started + within;
  const expiry = new AbortController();
  const what = deadline.what ?? `\`within: ${timing.within ?? formatDuration(within)}\``;
  // No `within`: one look, no deadline of its own.
  const timer = timing.within
    ? setTimeout(() => expiry.abort(new DeadlineReason(deadline.code, what, deadline.hint)), within)
    : undefined;
  const signal = AbortSignal.any([ctx.engine.signal, expiry.signal]);
  let attempts = 0;
  let lastComplete: T | undefined;
  try {
    for (;;) {
      attempts++;
      const last = await look(signal);
      const remaining = deadlineAt - performance.now();
      // A look the deadline cut short may look like a pass (its later steps skipped): the caller
      // must not take it as one, and there is no time left for another.
      const cutOff = expiry.signal.aborted;
      if (cutOff || done(last) || remaining <= 0 || ctx.engine.signal.aborted)
        return {
          last,
          attempts,
          elapsedMs: performance.now() - started,
          cutOff,
          ...(cutOff && lastComplete !== undefined ? { lastComplete } : {}),
        };
      lastComplete = last;
      await sleep(Math.min(interval, remaining), signal);
      interval = Math.min(interval * (timing.backoff ?? 1), maxInterval);
    }
  } finally {
    clearTimeout(timer);
  }
}
