import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { startHarness, until, type Harness, type TenantClient } from './sandbox-harness.js';
import { admin, jobs, shipNewOrder, sleep, successes } from './recovery-helpers.js';

const allSucceeded = async (tenant: TenantClient) => {
  const list = await jobs(tenant);
  return list.length > 0 && list.every((j) => j.status === 'succeeded') ? list : undefined;
};

const heartbeat = async (harness: Harness): Promise<string> =>
  ((await (await fetch(`${harness.sandbox.url}/health`)).json()) as { jobs: { heartbeatAt: string } }).jobs.heartbeatAt;

describe('the job worker stops and starts', () => {
  test('jobs queued while it is stopped wait, the heartbeat ages, and on start each runs exactly once', async () => {
    const harness = await startHarness();
    try {
      const tenant = await harness.tenant('worker');
      await shipNewOrder(tenant, 'PO-1');
      await until(() => allSucceeded(tenant));

      const stopped = await admin(harness, 'POST', '/admin/worker/stop');
      assert.equal(stopped.status, 200);
      assert.equal(stopped.body.running, false);
      const { shipments } = await shipNewOrder(tenant, 'PO-2');
      const beatAtStop = await heartbeat(harness);
      await sleep(400);
      const state = await admin(harness, 'GET', '/admin/worker');
      assert.deepEqual(
        state.body,
        { running: false, stoppedBy: ['operator'], inFlight: 0, waiting: 2, lockWaits: [] },
        'the label and invoice jobs wait',
      );
      assert.equal(await heartbeat(harness), beatAtStop, 'a stopped worker does not beat');
      assert.equal((await tenant.call('GET', `/api/v1/shipments/${shipments[0]}`)).body.label.status, 'pending');

      const started = await admin(harness, 'POST', '/admin/worker/start');
      assert.equal(started.body.running, true);
      const done = await until(() =>
        allSucceeded(tenant).then((l) =>
          l?.some((j) => j.type === 'payment.capture' && j.ref.length > 0) && l.length >= 6 ? l : undefined,
        ),
      );
      await sleep(300);
      for (const job of await jobs(tenant)) {
        assert.equal(successes(job), 1, `${job.type} ${job.ref} ran once`);
        assert.equal(job.attempts, 1);
      }
      assert.ok(done.length >= 6, 'label, invoice and payment of both orders');
      assert.notEqual(await heartbeat(harness), beatAtStop, 'it beats again');
    } finally {
      await harness.close();
    }
  });

  test('worker-redelivers-on-restart: jobs finished just before the stop run again at the start', async () => {
    const harness = await startHarness({ defects: ['worker-redelivers-on-restart'] });
    try {
      const tenant = await harness.tenant('redelivers');
      await shipNewOrder(tenant, 'PO-1');
      const before = await until(() =>
        allSucceeded(tenant).then((l) => (l?.some((j) => j.type === 'payment.capture') ? l : undefined)),
      );
      await admin(harness, 'POST', '/admin/worker/stop');
      await admin(harness, 'POST', '/admin/worker/start');
      const replayed = await until(async () => {
        const list = await jobs(tenant);
        return list.every((j) => j.status === 'succeeded') && list.some((j) => successes(j) === 2) ? list : undefined;
      });
      await sleep(300);
      const after = await jobs(tenant);
      for (const job of before)
        assert.equal(successes(after.find((j) => j.id === job.id)!), 2, `${job.type} ${job.ref} ran twice`);
      // The invoice job, run again, re-posts the invoice and queues a second capture of the same invoice.
      const captures = after.filter((j) => j.type === 'payment.capture' && j.status === 'succeeded');
      assert.ok(replayed.length > 0 && captures.length >= 2, `captures: ${JSON.stringify(captures.map((c) => c.ref))}`);
      assert.equal(new Set(captures.map((c) => c.ref)).size, 1, 'both capture the one invoice');
    } finally {
      await harness.close();
    }
  });
});
