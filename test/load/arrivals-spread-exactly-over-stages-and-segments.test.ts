// The open model's schedule: arrivals follow the integral of the rate through linear stages, and
// n segments split them so that each arrival falls to exactly one — their union is the whole run.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { arrivalTimes, segmentShare, targetAt, type LoadProfile } from '../../src/load/index.js';

const constant: LoadProfile = { model: 'open', start: 10, stages: [{ durationMs: 1000, target: 10 }] };
const ramp: LoadProfile = {
  model: 'open',
  start: 0,
  stages: [
    { durationMs: 2000, target: 20 },
    { durationMs: 3000, target: 20 },
    { durationMs: 1000, target: 0 },
  ],
};

test('a constant rate arrives evenly: 10/s over 1 s at 0, 100, …, 900 ms', () => {
  assert.deepEqual(
    arrivalTimes(constant).map((t) => Math.round(t)),
    [0, 100, 200, 300, 400, 500, 600, 700, 800, 900],
  );
});

test('a ramp arrives as the integral of its rate: 0→20/s over 2 s is 20 arrivals, denser at the end', () => {
  const times = arrivalTimes(ramp);
  // 20 during the ramp (its mean rate 10/s × 2 s), 60 on the plateau, 10 on the way down.
  assert.equal(times.filter((t) => t < 2000).length, 20);
  assert.equal(times.filter((t) => t >= 2000 && t < 5000).length, 60);
  assert.equal(times.length, 90);
  // The k-th arrival of the ramp is due when 20·t²/(2·2 s) = k: t = sqrt(k/5) s.
  for (const k of [1, 5, 19]) assert.ok(Math.abs(times[k]! - Math.sqrt(k / 5) * 1000) < 1e-6, `arrival ${k}`);
  for (let i = 1; i < times.length; i++) assert.ok(times[i]! > times[i - 1]!, 'strictly increasing');
});

test('n segments take disjoint shares whose union is the whole schedule', () => {
  const whole = arrivalTimes(ramp);
  for (const count of [2, 3, 7]) {
    const parts = Array.from({ length: count }, (_, i) => arrivalTimes(ramp, { index: i + 1, count }));
    const union = parts.flat().sort((a, b) => a - b);
    assert.deepEqual(union, whole, `${count} segments`);
    const sizes = parts.map((p) => p.length);
    assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `even shares: ${sizes.join(', ')}`);
  }
});

test('virtual users split across segments sum to the whole, the first segments taking the remainder', () => {
  assert.deepEqual(
    [1, 2, 3].map((index) => segmentShare(10, { index, count: 3 })),
    [4, 3, 3],
  );
  for (const total of [0, 1, 5, 16]) {
    const sum = [1, 2, 3, 4].map((index) => segmentShare(total, { index, count: 4 })).reduce((a, b) => a + b, 0);
    assert.equal(sum, total);
  }
});

test('the target moves linearly within a stage and holds after the last', () => {
  assert.equal(targetAt(ramp, 0), 0);
  assert.equal(targetAt(ramp, 1000), 10);
  assert.equal(targetAt(ramp, 3000), 20);
  assert.equal(targetAt(ramp, 5500), 10);
  assert.equal(targetAt(ramp, 60_000), 0);
});
