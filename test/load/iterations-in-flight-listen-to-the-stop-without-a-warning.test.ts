// Every iteration in flight listens to the load's stop signal (the engine aborts its pass on it):
// a closed model of 24 virtual users holds 24 listeners at once, which is the design, not a leak,
// so Node prints no MaxListenersExceededWarning on the load's stderr.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runLoad } from '../../src/load/index.js';

test('24 iterations in flight, each listening to the stop signal: no warning', async () => {
  const warnings: string[] = [];
  const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
  process.on('warning', onWarning);
  let most = 0;
  let now = 0;
  try {
    const record = await runLoad({
      profile: { model: 'closed', start: 24, stages: [{ durationMs: 300, target: 24 }] },
      segment: { index: 1, count: 1 },
      maxInFlight: 100,
      gracefulStopMs: 2000,
      iterate: async (signal) => {
        now += 1;
        most = Math.max(most, now);
        const onAbort = () => undefined;
        signal.addEventListener('abort', onAbort, { once: true });
        await new Promise((resolve) => setTimeout(resolve, 50));
        signal.removeEventListener('abort', onAbort);
        now -= 1;
        return { passed: true, actions: [] };
      },
    });
    assert.ok(record.iteration.runs >= 24, `${record.iteration.runs} iterations`);
    assert.equal(most, 24, 'the 24 virtual users were in flight at once');
    // Node emits process warnings on the next tick.
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(
      warnings.filter((w) => w.includes('MaxListeners')),
      [],
    );
  } finally {
    process.off('warning', onWarning);
  }
});
