import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { startHarness, until, type TenantClient } from './sandbox-harness.js';
import { admin, jobs, shipNewOrder, sleep } from './recovery-helpers.js';

type History = Array<{ outcome: string; lockWaitMs?: number; status?: number | null; error?: string }>;

/** The tenant's job of this type, with its history. */
async function job(
  tenant: TenantClient,
  type: string,
): Promise<{ type: string; status: string; attempts: number; history: History }> {
  const found = (await jobs(tenant)).find((j) => j.type === type);
  assert.ok(found, `a ${type} job`);
  return found;
}

describe('jobs wait for migration locks as requests do', () => {
  test('a label and an invoice job wait while a migration holds their tables; the worker shows it; then they run', async () => {
    const harness = await startHarness();
    try {
      const tenant = await harness.tenant('job-locks');
      // Jobs are queued while the worker is stopped, so both are due when the lock is taken.
      await admin(harness, 'POST', '/admin/worker/stop');
      const { shipments } = await shipNewOrder(tenant, 'PO-LOCK');
      const migration = await admin(harness, 'POST', '/admin/migrations', {
        name: 'widen-tracking-number',
        lockMs: 1500,
        tables: ['shipments', 'invoices'],
      });
      assert.equal(migration.status, 202);
      const started = await admin(harness, 'POST', '/admin/worker/start');
      assert.equal(started.body.running, true);

      const held = await until(async () => {
        const state = await admin(harness, 'GET', '/admin/worker');
        return state.body.lockWaits.length === 2 ? state.body : undefined;
      }, 1200);
      assert.deepEqual(
        held.lockWaits.map((w: { type: string; migration: string; name: string }) => [w.type, w.migration, w.name]),
        [
          ['carrier.label', 'mig-1', 'widen-tracking-number'],
          ['invoice.post', 'mig-1', 'widen-tracking-number'],
        ],
      );
      assert.equal(held.inFlight, 2, 'a job waiting for a lock is in flight');
      assert.equal(held.lockWaits[0].ref, shipments[0]);
      await sleep(200);
      const shipment = await tenant.call('GET', `/api/v1/shipments/${shipments[0]}`);
      assert.equal(shipment.body.label.status, 'pending', 'the label is not written under the lock');

      const label = await until(async () => {
        const found = await job(tenant, 'carrier.label');
        return found.status === 'succeeded' ? found : undefined;
      });
      const invoice = await until(async () => {
        const found = await job(tenant, 'invoice.post');
        return found.status === 'succeeded' ? found : undefined;
      });
      for (const done of [label, invoice]) {
        assert.equal(done.attempts, 1, `${done.type} ran once, after the lock`);
        const waited = done.history[0]?.lockWaitMs ?? 0;
        assert.ok(waited >= 900, `${done.type} waited for the lock: ${waited} ms`);
      }
      assert.deepEqual((await admin(harness, 'GET', '/admin/worker')).body.lockWaits, []);
    } finally {
      await harness.close();
    }
  });

  test('a job that waits past the lock wait budget fails that attempt with 503 LOCK_TIMEOUT and is retried', async () => {
    const harness = await startHarness({ jobs: { maxAttempts: 10 } });
    try {
      const tenant = await harness.tenant('job-lock-timeout');
      await admin(harness, 'POST', '/admin/worker/stop');
      await shipNewOrder(tenant, 'PO-TIMEOUT');
      await admin(harness, 'POST', '/admin/migrations', {
        name: 'rebuild-shipment-index',
        lockMs: 1500,
        lockWaitMs: 400,
        tables: ['shipments'],
      });
      await admin(harness, 'POST', '/admin/worker/start');
      const label = await until(async () => {
        const found = await job(tenant, 'carrier.label');
        return found.status === 'succeeded' ? found : undefined;
      });
      const failed = label.history.filter((h) => h.outcome === 'failed');
      assert.ok(failed.length >= 1, `attempts refused by the lock: ${JSON.stringify(label.history)}`);
      for (const attempt of failed) {
        assert.equal(attempt.status, 503);
        assert.match(
          attempt.error ?? '',
          /run job carrier\.label SH-\d+: migration rebuild-shipment-index holds shipments/,
        );
      }
      assert.equal(label.history.filter((h) => h.outcome === 'succeeded').length, 1, 'the label is bought once');
    } finally {
      await harness.close();
    }
  });
});
