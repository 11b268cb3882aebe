// runLoad against a real node:http target on 127.0.0.1 that stalls: in the open model an
// iteration that waited behind the stall is measured from when it was due, not from when it got
// to start (coordinated omission corrected); arrivals that never got a place are dropped and
// count as errors; one the graceful stop cuts is a failed run; the closed model never runs more iterations at once than it has VUs.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { request } from 'undici';
import { json, startServer, type Server } from '../drivers/helpers.js';
import {
  errorRate,
  loadResultsOf,
  runLoad,
  UNFINISHED,
  type IterationOutcome,
  type LoadRecord,
} from '../../src/load/index.js';

let server: Server;
let stallMs = 0;
let active = 0;
let peak = 0;

before(async () => {
  server = await startServer(async (_req, res) => {
    active += 1;
    peak = Math.max(peak, active);
    const wait = stallMs;
    stallMs = 0; // only the first request after a stall is set stalls
    await new Promise((resolve) => setTimeout(resolve, wait || 5));
    active -= 1;
    json(res, 200, { ok: true });
  });
});
after(() => server.close());

const iterate = async (signal: AbortSignal): Promise<IterationOutcome> => {
  const started = performance.now();
  const response = await request(`${server.url}/work`, { signal });
  await response.body.text();
  return {
    passed: response.statusCode === 200,
    actions: [{ action: 'probe.work', durationMs: performance.now() - started, passed: true }],
  };
};

const results = (record: LoadRecord) =>
  loadResultsOf(
    record,
    {
      scenario: 's',
      file: 'scenarios/s.scenario.yaml',
      tenant: 't',
      environment: 'local',
      targetUrl: server.url,
      model: 'open',
      start: 20,
      stages: [{ durationMs: 1000, target: 20 }],
      maxInFlight: 1,
      seed: '1',
      thresholds: [],
      sloWarnings: [],
      group: 'g',
    },
    { index: 1, count: 1 },
  );

test('open model: the iterations queued behind a 600 ms stall count the wait from their intended start', async () => {
  stallMs = 600;
  const record = await runLoad({
    profile: { model: 'open', start: 20, stages: [{ durationMs: 1000, target: 20 }] },
    segment: { index: 1, count: 1 },
    maxInFlight: 1,
    gracefulStopMs: 5000,
    iterate,
    keepSamples: true,
  });
  assert.equal(record.scheduled, 20);
  assert.equal(record.iteration.runs + record.dropped, 20);
  // One at a time, in order: the k-th sample is the arrival due at 50·k ms, which could not start
  // before the stall ended at 600 ms or later.
  const samplesMs = record.samples!.map((us) => us / 1000);
  assert.ok(samplesMs[0]! >= 600, `the stalled one: ${samplesMs[0]} ms`);
  for (let k = 1; k <= 11 && k < samplesMs.length; k++)
    assert.ok(samplesMs[k]! >= 600 - 50 * k, `arrival ${k} (due at ${50 * k} ms) measured ${samplesMs[k]} ms`);
  // The action's own time, as the engine would time it, does not see the queue: the iteration's does.
  const probe = record.actions.get('probe.work')!;
  assert.ok(record.iteration.histogram.getValueAtPercentile(50) > probe.histogram.getValueAtPercentile(50));
});

test('open model: arrivals still waiting at the end are dropped and count as errors', async () => {
  stallMs = 1500;
  const record = await runLoad({
    profile: { model: 'open', start: 20, stages: [{ durationMs: 500, target: 20 }] },
    segment: { index: 1, count: 1 },
    maxInFlight: 1,
    gracefulStopMs: 5000,
    iterate,
  });
  assert.equal(record.scheduled, 10);
  assert.equal(record.iteration.runs, 1, 'only the stalled one ran, and finished in its graceful stop');
  assert.equal(record.dropped, 9);
  assert.equal(errorRate(results(record)), 0.9);
});

test('an iteration still running after the graceful stop is a failed run, measured to the cut (not interrupted)', async () => {
  stallMs = 3000;
  const record = await runLoad({
    profile: { model: 'open', start: 5, stages: [{ durationMs: 100, target: 5 }] },
    segment: { index: 1, count: 1 },
    maxInFlight: 10,
    gracefulStopMs: 200,
    iterate,
  });
  assert.equal(record.scheduled, 1);
  assert.equal(record.interrupted, 0, 'only a signal interrupts');
  assert.equal(record.iteration.runs, 1);
  assert.equal(record.iteration.failed, 1);
  assert.deepEqual([...record.errors], [[UNFINISHED, 1]]);
});

test('closed model: 2 virtual users never have more than 2 iterations in flight, and run until the end', async () => {
  // The interrupted test's stalled request may still be in the server: wait it out (bounded).
  for (let i = 0; i < 100 && active > 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
  peak = 0;
  const record = await runLoad({
    profile: { model: 'closed', start: 2, stages: [{ durationMs: 600, target: 2 }] },
    segment: { index: 1, count: 1 },
    maxInFlight: 100,
    gracefulStopMs: 2000,
    iterate,
  });
  assert.ok(peak <= 2, `peak ${peak}`);
  assert.ok(record.iteration.runs >= 2, `${record.iteration.runs} iterations`);
  assert.equal(record.iteration.failed, 0);
  assert.equal(record.scheduled, record.iteration.runs);
});

test('a signal ends the run early: what did not start is dropped, nothing hangs', async () => {
  const stop = new AbortController();
  setTimeout(() => stop.abort(new Error('SIGINT')), 300);
  const record = await runLoad({
    profile: { model: 'open', start: 10, stages: [{ durationMs: 60_000, target: 10 }] },
    segment: { index: 1, count: 1 },
    maxInFlight: 10,
    gracefulStopMs: 60_000,
    iterate,
    signal: stop.signal,
  });
  assert.ok(record.durationMs < 30_000, `ended after ${record.durationMs} ms`);
  assert.ok(record.dropped > 500, `${record.dropped} arrivals never started`);
});
