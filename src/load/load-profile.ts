/**
 * How load is applied over time, as k6's executors do it:
 * - `open`: iterations *arrive* at a rate (per second) whatever the target's answers — k6's
 *   `ramping-arrival-rate`; a slow target does not slow the arrivals (no coordinated omission);
 * - `closed`: a number of virtual users each run one iteration after another — k6's
 *   `ramping-vus`; a slow target slows the load.
 * Each stage goes linearly from the previous stage's target (the first from `start`) to its own
 * over `durationMs`, as k6's `stages` do; a constant load is one stage whose start equals its target.
 */
export interface LoadProfile {
  model: 'open' | 'closed';
  /** Iterations per second (open) or virtual users (closed) at time 0. */
  start: number;
  stages: LoadStage[];
}

/** One stage: reach `target` (iterations/s or VUs) linearly over `durationMs` (ms). */
export interface LoadStage {
  durationMs: number;
  target: number;
}

/** Which share of a load this process runs: segment `index` (1-based) of `count`. */
export interface LoadSegment {
  index: number;
  count: number;
}

/** The whole run: `{ index: 1, count: 1 }`. */
export const WHOLE: LoadSegment = { index: 1, count: 1 };

/** Total length of a profile, ms. */
export function profileDurationMs(profile: LoadProfile): number {
  return profile.stages.reduce((sum, stage) => sum + stage.durationMs, 0);
}

/** The target (rate or VUs) at `atMs` from the start: linear within each stage. */
export function targetAt(profile: LoadProfile, atMs: number): number {
  let from = profile.start;
  let offset = 0;
  for (const stage of profile.stages) {
    if (atMs < offset + stage.durationMs)
      return from + ((stage.target - from) * (atMs - offset)) / Math.max(stage.durationMs, 1);
    offset += stage.durationMs;
    from = stage.target;
  }
  return from;
}

/**
 * Intended start times (ms from the start) of the open model's iterations that fall to
 * `segment`: the k-th arrival of the whole run (k = 0, 1, ...) is due when the arrivals so far,
 * the integral of the rate, reach k — so a constant 10/s over 1 s arrives at 0, 100, ..., 900 ms.
 * Segment i of n takes every arrival with k mod n = i − 1: the segments' schedules are disjoint
 * and their union is the whole run's, exactly.
 */
export function arrivalTimes(profile: LoadProfile, segment: LoadSegment = WHOLE): number[] {
  const times: number[] = [];
  let offset = 0; // ms at the start of the stage
  let done = 0; // arrivals (a real number) due before the stage
  let from = profile.start;
  let k = 0;
  for (const stage of profile.stages) {
    const T = stage.durationMs / 1000; // s
    const r0 = from;
    const r1 = stage.target;
    const inStage = ((r0 + r1) / 2) * T; // arrivals during the stage
    // The arrivals k with done ≤ k < done + inStage: solve r0·t + (r1 − r0)·t²/(2T) = k − done for t.
    while (k < done + inStage - 1e-9) {
      const need = k - done;
      const a = (r1 - r0) / (2 * Math.max(T, 1e-9));
      const t = Math.abs(a) < 1e-12 ? need / r0 : (-r0 + Math.sqrt(r0 * r0 + 4 * a * need)) / (2 * a);
      if ((k % segment.count) + 1 === segment.index) times.push(offset + t * 1000);
      k += 1;
    }
    done += inStage;
    offset += stage.durationMs;
    from = r1;
  }
  return times;
}

/** Virtual users of `segment` when the whole run has `total`: the first `total mod count` segments get one more. */
export function segmentShare(total: number, segment: LoadSegment): number {
  const whole = Math.floor(total);
  const base = Math.floor(whole / segment.count);
  return base + (segment.index - 1 < whole % segment.count ? 1 : 0);
}
