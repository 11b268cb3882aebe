// Thresholds are written as k6 users expect (p95<800ms, error_rate<1%, per action), judged
// exactly, and a malformed one is a flag error with a hint, before anything runs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RehearseError } from '../../src/core/errors.js';
import { judgeThreshold, parseThreshold } from '../../src/load/index.js';

test('latency, error rate and per-action thresholds', () => {
  assert.deepEqual(parseThreshold('p95<800ms'), {
    text: 'p95<800ms',
    metric: { kind: 'percentile', percentile: 95 },
    op: '<',
    value: 800,
  });
  assert.deepEqual(parseThreshold(' order.create:p99.9 <= 2s '), {
    text: 'order.create:p99.9 <= 2s',
    action: 'order.create',
    metric: { kind: 'percentile', percentile: 99.9 },
    op: '<=',
    value: 2000,
  });
  assert.equal(parseThreshold('error_rate<1%').value, 0.01);
  assert.equal(parseThreshold('error_rate<0.05').value, 0.05);
  assert.deepEqual(parseThreshold('max<3s').metric, { kind: 'max' });
});

test('judged as written; nothing measured is a failure, not a pass', () => {
  assert.equal(judgeThreshold(parseThreshold('p95<800ms'), 799.9).passed, true);
  assert.equal(judgeThreshold(parseThreshold('p95<800ms'), 800).passed, false);
  assert.equal(judgeThreshold(parseThreshold('p95<=800ms'), 800).passed, true);
  assert.equal(judgeThreshold(parseThreshold('error_rate<1%'), 0.01).passed, false);
  assert.deepEqual(judgeThreshold(parseThreshold('order.ship:p95<1s'), undefined), {
    threshold: 'order.ship:p95<1s',
    passed: false,
  });
});

test('a malformed threshold is REHEARSE_INVALID_FLAG with what was expected', () => {
  const cases: Array<[string, RegExp]> = [
    ['p95 800ms', /expected \[action:\]metric<value/],
    ['p95<800', /"800" is not a duration/],
    ['p0<1s', /not a percentile between 0 and 100/],
    ['error_rate<150%', /is not an error rate/],
    ['latency<1s', /expected \[action:\]metric<value/],
  ];
  for (const [text, message] of cases)
    assert.throws(
      () => parseThreshold(text),
      (error: unknown) =>
        error instanceof RehearseError &&
        error.code === 'REHEARSE_INVALID_FLAG' &&
        message.test(error.message) &&
        Boolean(error.hint),
      text,
    );
});
