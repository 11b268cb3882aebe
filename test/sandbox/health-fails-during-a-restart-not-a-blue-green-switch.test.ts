import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { startHarness, type Harness } from './sandbox-harness.js';
import { admin, sleep } from './recovery-helpers.js';

const health = async (harness: Harness) => {
  const answer = await fetch(`${harness.sandbox.url}/health`);
  return { status: answer.status, retryAfter: answer.headers.get('retry-after'), body: await answer.json() };
};

/**
 * A restart release takes the instance down, /health included: a load balancer's health check,
 * or a preflight, sees what a real restart shows. A blue-green switch keeps it healthy throughout.
 * (sandbox/README.md, "Health during a release".)
 */
describe('/health through a release', () => {
  test('a restart answers 503 RESTARTING on /health until the new version serves; a blue-green switch never does', async () => {
    const harness = await startHarness();
    try {
      const restart = admin(harness, 'POST', '/admin/release', { version: '2.0.0', downtimeMs: 800 });
      await sleep(200);
      const during = await health(harness);
      assert.deepEqual([during.status, during.body.error?.code, during.retryAfter], [503, 'RESTARTING', '1']);
      assert.equal((await restart).status, 200);
      assert.equal((await health(harness)).status, 200);

      const blueGreen = admin(harness, 'POST', '/admin/release', {
        version: '2.1.0',
        mode: 'blue-green',
        downtimeMs: 600,
      });
      const seen: number[] = [];
      for (let i = 0; i < 5; i++) {
        seen.push((await health(harness)).status);
        await sleep(100);
      }
      assert.equal((await blueGreen).status, 200);
      assert.deepEqual([...new Set(seen)], [200], 'healthy throughout the switch');
    } finally {
      await harness.close();
    }
  });
});
