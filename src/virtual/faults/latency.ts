import { parseDuration } from '../../core/duration.js';
import type { Rng } from '../../core/rng.js';
import type { DurationValue, LatencyModel } from './fault-profile-schema.js';

/** z of the 99th percentile of the standard normal distribution. */
const Z99 = 2.3263478740408408;

/** A latency sampler: milliseconds drawn from the given seeded generator. */
export type LatencySampler = (rng: Rng) => number;

/** Milliseconds of a validated duration value (0 when absent). */
export function durationMs(value: DurationValue | undefined): number {
  if (value === undefined) return 0;
  return parseDuration(value) ?? 0;
}

/**
 * Compiles a latency model into a sampler. Lognormal is given by its median
 * and 99th percentile, the way latency is usually reported: mu = ln(p50),
 * sigma = ln(p99 / p50) / z99. Results are never negative.
 *
 * @example
 * const sample = latencySampler({ model: 'lognormal', p50: '100ms', p99: '800ms' });
 * sample(createRng('seed')) // e.g. 87.4
 */
export function latencySampler(model: LatencyModel): LatencySampler {
  switch (model.model) {
    case 'fixed': {
      const delay = durationMs(model.delay);
      return () => delay;
    }
    case 'uniform': {
      const min = durationMs(model.min);
      const max = durationMs(model.max);
      return (rng) => min + rng.next() * (max - min);
    }
    case 'normal': {
      const mean = durationMs(model.mean);
      const stddev = durationMs(model.stddev);
      return (rng) => Math.max(0, mean + stddev * rng.normal());
    }
    case 'lognormal': {
      const p50 = Math.max(durationMs(model.p50), 0.001);
      const p99 = Math.max(durationMs(model.p99), p50);
      const mu = Math.log(p50);
      const sigma = Math.log(p99 / p50) / Z99;
      return (rng) => Math.exp(mu + sigma * rng.normal());
    }
  }
}

/** Which keys each latency model takes (the rest are reported as unused). */
export const LATENCY_MODEL_KEYS: Record<LatencyModel['model'], readonly string[]> = {
  fixed: ['delay'],
  uniform: ['min', 'max'],
  normal: ['mean', 'stddev'],
  lognormal: ['p50', 'p99'],
};
