import { parseDuration } from '../core/duration.js';
import type { StepContext } from './context.js';
import { sleep } from './sleep.js';

export interface PollResult<T> {
  last: T;
  attempts: number;
}

/**
 * Looks once, then again every `every` (multiplied by `backoff` after each
 * look, up to `maxEvery`) until `done` says so or `within` runs out (no
 * `within`: one look). The one polling loop of the engine: `eventually`, and
 * the steps that wait on asynchronous senders (`virtual.expect`, `edi.expect`).
 */
export async function pollUntil<T>(
  ctx: StepContext,
  timing: { within?: string; every?: string; backoff?: number; maxEvery?: string },
  look: () => Promise<T>,
  done: (value: T) => boolean,
): Promise<PollResult<T>> {
  const within = timing.within ? (parseDuration(timing.within) ?? 0) : 0;
  let interval = parseDuration(timing.every ?? '250ms') ?? 250;
  const maxInterval = timing.maxEvery ? (parseDuration(timing.maxEvery) ?? within) : within;
  const deadline = performance.now() + within;
  let attempts = 0;
  for (;;) {
    attempts++;
    const last = await look();
    const remaining = deadline - performance.now();
    if (done(last) || remaining <= 0 || ctx.engine.signal.aborted) return { last, attempts };
    await sleep(Math.min(interval, remaining), ctx.engine.signal);
    interval = Math.min(interval * (timing.backoff ?? 1), maxInterval);
  }
}
