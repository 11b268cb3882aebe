import { setMaxListeners } from 'node:events';
import { performance } from 'node:perf_hooks';
import { MetricRecorder } from './latency-histograms.js';
import {
  arrivalTimes,
  profileDurationMs,
  segmentShare,
  targetAt,
  type LoadProfile,
  type LoadSegment,
} from './load-profile.js';

/**
 * The error key of an iteration still running when the graceful stop ended: counted as a failed
 * run (for the error rate and every threshold), its latency the time from its start to the cut —
 * a lower bound, which this key flags. Only a signal's stop counts iterations as interrupted.
 */
export const UNFINISHED =
  'did not finish within the graceful stop (counted as failed; latency to the cut, a lower bound)';

/** What one iteration (one pass of the scenario) came to. */
export interface IterationOutcome {
  passed: boolean;
  /** The first failure, said briefly (an error code, a failed check), when it failed. */
  failure?: string;
  /** Every `do:` action it ran, nested ones included, as the engine timed them. */
  actions: Array<{ action: string; durationMs: number; passed: boolean }>;
  /** The scenario it ran, when iterations take several in turn (the noisy neighbour's). */
  scenario?: string;
}

/** Runs one iteration; `signal` aborts it when the run is over. Never rejects for a failed scenario. */
export type RunIteration = (signal: AbortSignal) => Promise<IterationOutcome>;

/** Where a load run stands, for the live progress line. */
export interface LoadProgress {
  elapsedMs: number;
  durationMs: number;
  /** The rate (open) or VUs (closed) the profile asks for now, for this segment. */
  target: number;
  inFlight: number;
  runs: number;
  failed: number;
  dropped: number;
  /** p95 of the iterations that ended in the last progress interval, ms. */
  recentP95Ms?: number;
}

export interface LoadRunOptions {
  profile: LoadProfile;
  segment: LoadSegment;
  /** Open model: iterations in flight at most (k6's maxVUs); an arrival beyond waits, then is dropped at the end. */
  maxInFlight: number;
  /** How long iterations still running at the end may take to finish before they are aborted, ms. */
  gracefulStopMs: number;
  iterate: RunIteration;
  /**
   * Ends the run early (a signal): in-flight iterations are aborted and counted as interrupted.
   * Without it, those the graceful stop cuts are failed runs (`UNFINISHED`), not interrupted.
   */
  signal?: AbortSignal;
  onProgress?: (progress: LoadProgress) => void;
  progressEveryMs?: number;
  /** Keep every iteration latency (µs) besides the histograms: for checking a merge. */
  keepSamples?: boolean;
}

/** What a load run measured. */
export interface LoadRecord {
  startedAt: Date;
  durationMs: number;
  scheduled: number;
  dropped: number;
  interrupted: number;
  iteration: MetricRecorder;
  actions: Map<string, MetricRecorder>;
  errors: Map<string, number>;
  /** By second from the start: the iterations that ended in it. */
  timeline: Map<number, MetricRecorder>;
  /** By scenario, for iterations that name theirs (`IterationOutcome.scenario`). */
  byScenario: Map<string, MetricRecorder>;
  samples?: number[];
}

/**
 * Applies a load profile to `iterate` for this segment and measures it. Open model: the
 * iterations start at `arrivalTimes` whatever the answers (at most `maxInFlight` at once; a late
 * start is measured from its intended time, so a slow target is not hidden — coordinated
 * omission corrected; arrivals still waiting at the end are dropped and count as failures).
 * Closed model: `segmentShare` of the profile's VUs each run iterations back to back, measured
 * from their start. Bounded: it ends at the profile's duration plus `gracefulStopMs`, or at `signal`.
 */
export async function runLoad(options: LoadRunOptions): Promise<LoadRecord> {
  const { profile, segment } = options;
  const durationMs = profileDurationMs(profile);
  const record: LoadRecord = {
    startedAt: new Date(),
    durationMs: 0,
    scheduled: 0,
    dropped: 0,
    interrupted: 0,
    iteration: new MetricRecorder(),
    actions: new Map(),
    errors: new Map(),
    timeline: new Map(),
    byScenario: new Map(),
    ...(options.keepSamples ? { samples: [] } : {}),
  };
  const t0 = performance.now();
  const elapsed = () => performance.now() - t0;
  const stop = new AbortController();
  // Every iteration in flight listens on it (up to maxInFlight): not a leak, so no warning past 10.
  setMaxListeners(0, stop.signal);
  const onOuterAbort = () => stop.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });
  let inFlight = 0;
  let recent = new MetricRecorder();
  /** ms from t0 when the graceful stop ran out and the iterations still running were aborted. */
  let cutAtMs: number | undefined;

  const finish = (startedAtMs: number, outcome: IterationOutcome | undefined, endMs = elapsed()) => {
    if (!outcome) {
      record.interrupted += 1;
      return;
    }
    const latency = endMs - startedAtMs;
    record.iteration.record(latency, outcome.passed);
    recent.record(latency, outcome.passed);
    record.samples?.push(Math.max(1, Math.round(latency * 1000)));
    const second = Math.floor(endMs / 1000);
    let point = record.timeline.get(second);
    if (!point) record.timeline.set(second, (point = new MetricRecorder()));
    point.record(latency, outcome.passed);
    if (outcome.scenario !== undefined) {
      let metric = record.byScenario.get(outcome.scenario);
      if (!metric) record.byScenario.set(outcome.scenario, (metric = new MetricRecorder()));
      metric.record(latency, outcome.passed);
    }
    for (const action of outcome.actions) {
      let metric = record.actions.get(action.action);
      if (!metric) record.actions.set(action.action, (metric = new MetricRecorder()));
      metric.record(action.durationMs, action.passed);
    }
    if (!outcome.passed) {
      const key = outcome.failure ?? 'failed';
      record.errors.set(key, (record.errors.get(key) ?? 0) + 1);
    }
  };

  /** Runs one iteration; `measuredFrom` is its intended (open) or actual (closed) start, ms from t0. */
  const start = async (measuredFrom: number): Promise<void> => {
    inFlight += 1;
    try {
      const outcome = await options
        .iterate(stop.signal)
        .catch((error: unknown): IterationOutcome => ({ passed: false, failure: errorText(error), actions: [] }));
      if (!stop.signal.aborted) finish(measuredFrom, outcome);
      else if (cutAtMs !== undefined && !options.signal?.aborted)
        // Cut at the graceful stop's end: it did not finish, so it failed (the actions it ran
        // are kept — the one that hung is there as failed); its latency runs to the cut.
        finish(measuredFrom, { ...outcome, passed: false, failure: UNFINISHED }, cutAtMs);
      else finish(measuredFrom, undefined);
    } finally {
      inFlight -= 1;
    }
  };

  const progress = options.onProgress
    ? setInterval(() => {
        const p95 = recent.runs ? recent.histogram.getValueAtPercentile(95) / 1000 : undefined;
        recent = new MetricRecorder();
        options.onProgress!({
          elapsedMs: Math.min(elapsed(), durationMs),
          durationMs,
          target:
            profile.model === 'open'
              ? targetAt(profile, elapsed()) / segment.count
              : segmentShare(Math.round(targetAt(profile, elapsed())), segment),
          inFlight,
          runs: record.iteration.runs,
          failed: record.iteration.failed,
          dropped: record.dropped,
          ...(p95 !== undefined ? { recentP95Ms: p95 } : {}),
        });
      }, options.progressEveryMs ?? 1000)
    : undefined;

  const running = new Set<Promise<void>>();
  const track = (work: Promise<void>) => {
    running.add(work);
    void work.finally(() => running.delete(work));
  };
  try {
    if (profile.model === 'open') await openModel();
    else await closedModel();
    // The profile is over: what still runs gets its graceful stop, then is aborted.
    if (running.size && !stop.signal.aborted)
      await Promise.race([Promise.all(running), sleep(options.gracefulStopMs, stop.signal)]);
    if (running.size) {
      if (!stop.signal.aborted) cutAtMs = elapsed();
      stop.abort(new Error('the load run ended'));
      await Promise.all(running);
    }
  } finally {
    if (progress) clearInterval(progress);
    options.signal?.removeEventListener('abort', onOuterAbort);
  }
  record.durationMs = elapsed();
  return record;

  async function openModel(): Promise<void> {
    const due = arrivalTimes(profile, segment);
    record.scheduled = due.length;
    const waiting: number[] = [];
    let wakeUp: (() => void) | undefined;
    const wake = () => wakeUp?.();
    let next = 0;
    while (!stop.signal.aborted) {
      const now = elapsed();
      while (next < due.length && due[next]! <= now) waiting.push(due[next++]!);
      while (waiting.length && inFlight < options.maxInFlight) track(start(waiting.shift()!).finally(wake));
      if ((next >= due.length && !waiting.length) || now >= durationMs) break;
      // Sleep until the next arrival is due or an iteration ends (a place frees up), never past the end.
      const until = Math.min(next < due.length ? due[next]! - now : Infinity, durationMs - now);
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          stop.signal.removeEventListener('abort', done);
          wakeUp = undefined;
          resolve();
        };
        const timer = setTimeout(done, Math.max(0, until));
        wakeUp = done;
        stop.signal.addEventListener('abort', done, { once: true });
      });
    }
    // Arrivals that never got a place (or that a signal kept from starting) did not run.
    record.dropped = waiting.length + (due.length - next);
  }

  async function closedModel(): Promise<void> {
    const peak = Math.max(profile.start, ...profile.stages.map((s) => s.target));
    const vus = segmentShare(Math.round(peak), segment);
    // Set when the profile's time is up: a timer may fire a little before the clock reads the end,
    // and no VU may start an iteration the graceful stop does not know of.
    let ended = false;
    const vu = async (slot: number): Promise<void> => {
      while (!ended && !stop.signal.aborted && elapsed() < durationMs) {
        const active = segmentShare(Math.round(targetAt(profile, elapsed())), segment);
        if (slot >= active) {
          await sleep(Math.min(50, durationMs - elapsed()), stop.signal);
          continue;
        }
        record.scheduled += 1;
        const iteration = start(elapsed());
        track(iteration);
        await iteration;
      }
    };
    const loops = Promise.all(Array.from({ length: vus }, (_, slot) => vu(slot)));
    // At the end the VUs start nothing new; what they run gets the graceful stop.
    await Promise.race([loops, sleep(durationMs - elapsed(), stop.signal)]);
    ended = true;
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(resolve, Math.max(0, ms));
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

function errorText(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : error instanceof Error ? error.name : 'error';
}
