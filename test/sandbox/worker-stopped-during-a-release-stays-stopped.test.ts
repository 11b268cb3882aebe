import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { startHarness, until, type TenantClient } from './sandbox-harness.js';
import { admin, jobs, shipNewOrder, sleep, successes } from './recovery-helpers.js';

const allSucceeded = async (tenant: TenantClient) => {
  const list = await jobs(tenant);
  return list.length > 0 && list.every((j) => j.status === 'succeeded') ? list : undefined;
};

describe('a restart release gives the job worker back as it found it, or as an operator left it', () => {
  test('a worker stopped by hand during the restart stays stopped after it; its start runs the waiting jobs once', async () => {
    const harness = await startHarness();
    try {
      const tenant = await harness.tenant('stopped-in-release');
      const release = admin(harness, 'POST', '/admin/release', { version: '2.0.0', downtimeMs: 1000 });
      await sleep(250);
      const during = await admin(harness, 'GET', '/admin/worker');
      assert.deepEqual([during.body.running, during.body.stoppedBy], [false, ['release']], 'the restart holds it');
      const stopped = await admin(harness, 'POST', '/admin/worker/stop');
      assert.deepEqual(stopped.body.stoppedBy, ['operator', 'release']);
      assert.equal((await release).status, 200);

      const after = await admin(harness, 'GET', '/admin/worker');
      assert.deepEqual(
        [after.body.running, after.body.stoppedBy],
        [false, ['operator']],
        'the release let go of its own hold only',
      );
      const { shipments } = await shipNewOrder(tenant, 'PO-AFTER-RELEASE');
      await sleep(400);
      assert.deepEqual(
        (await jobs(tenant)).map((j) => [j.type, j.status]),
        [
          ['carrier.label', 'queued'],
          ['invoice.post', 'queued'],
        ],
        'no job runs while the operator holds the worker',
      );
      assert.equal((await tenant.call('GET', `/api/v1/shipments/${shipments[0]}`)).body.label.status, 'pending');

      const started = await admin(harness, 'POST', '/admin/worker/start');
      assert.deepEqual([started.body.running, started.body.stoppedBy], [true, []]);
      await until(() => allSucceeded(tenant).then((l) => (l && l.length >= 3 ? l : undefined)));
      for (const job of await jobs(tenant)) assert.equal(successes(job), 1, `${job.type} ${job.ref} ran once`);
    } finally {
      await harness.close();
    }
  });

  test('a worker running before the restart runs after it, and one started by hand during it starts when it ends', async () => {
    const harness = await startHarness();
    try {
      const tenant = await harness.tenant('started-in-release');
      await admin(harness, 'POST', '/admin/release', { version: '2.0.0', downtimeMs: 300 });
      assert.deepEqual(
        (await admin(harness, 'GET', '/admin/worker')).body.running,
        true,
        'running before, running after',
      );

      await admin(harness, 'POST', '/admin/worker/stop');
      const release = admin(harness, 'POST', '/admin/release', { version: '2.1.0', downtimeMs: 1000 });
      await sleep(250);
      const started = await admin(harness, 'POST', '/admin/worker/start');
      assert.deepEqual(
        [started.status, started.body.running, started.body.stoppedBy],
        [200, false, ['release']],
        'the start is taken; the restart still holds the worker',
      );
      assert.equal((await release).status, 200);
      const after = await admin(harness, 'GET', '/admin/worker');
      assert.deepEqual([after.body.running, after.body.stoppedBy], [true, []]);
      await shipNewOrder(tenant, 'PO-STARTED');
      await until(() => allSucceeded(tenant).then((l) => (l && l.length >= 3 ? l : undefined)));
    } finally {
      await harness.close();
    }
  });
});
