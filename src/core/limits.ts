import { MAX_TIMER_MS } from './duration.js';

/**
 * Bounds on counts that fit the syntax but not any sane run. A scenario beyond them is a
 * typo (`repeat: 1e9`) or a load test, which is `rehearse load`'s job, not a functional run's.
 * Each is far above what a release gate runs (the shipped high-volume tenant orders 200).
 */
export const LIMITS = {
  /** `repeat: N` iterations. */
  repeat: 100_000,
  /** `parallel.count` copies. */
  parallelCount: 100_000,
  /** `parallel.concurrency`, `volume.concurrency`: requests in flight at once. */
  concurrency: 1_000,
  /** Playwright workers (`workers:` in the config). */
  workers: 256,
  /** Retries of a scenario or a request. */
  retries: 10,
  /** Request counts: `virtual.next`, `virtual.expect` times/atLeast/atMost, fault `after`/`times`. */
  requests: 1_000_000,
  /** Orders per tenant (`volume.orders`). */
  orders: 1_000_000,
  /** Lines per order (`volume.linesPerOrder`). */
  linesPerOrder: 10_000,
  /**
   * Calls of the lambdas in one outermost collection call of an expression (`map(a, x => map(b,
   * y => ...))` counts every inner call): a list as long as a 64 MiB body holds, once over.
   */
  lambdaCalls: 1_000_000,
  /** Any duration: what a Node.js timer holds. */
  durationMs: MAX_TIMER_MS,
} as const;
