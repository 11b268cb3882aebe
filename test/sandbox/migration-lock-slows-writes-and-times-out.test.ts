import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { startHarness, type TenantClient } from './sandbox-harness.js';
import { admin, placeOrder, sleep } from './recovery-helpers.js';

/** One call, timed (ms). */
async function timed(tenant: TenantClient, method: string, path: string, body?: unknown) {
  const started = Date.now();
  const answer = await tenant.call(method, path, body);
  return { ...answer, ms: Date.now() - started };
}

const order = { customer: 'C-ACME', lines: [{ sku: 'VALVE-25', qty: 1 }] };

describe('a migration that holds a table lock', () => {
  test('writes to its tables wait for the lock, reads do not, and a wait past the budget is a 503 LOCK_TIMEOUT', async () => {
    const harness = await startHarness();
    try {
      const tenant = await harness.tenant('migrating');
      const baseline = await timed(tenant, 'POST', '/api/v1/sales-orders', order);
      assert.equal(baseline.status, 201);

      const migration = await admin(harness, 'POST', '/admin/migrations', { name: 'add-incoterms', lockMs: 800 });
      assert.equal(migration.status, 202);
      assert.equal(migration.body.status, 'locking');
      assert.deepEqual(migration.body.tables, ['sales_orders', 'order_lines']);
      assert.equal(migration.body.lockWaitMs, 5000);
      const [write, read, stock] = await Promise.all([
        timed(tenant, 'POST', '/api/v1/sales-orders', order),
        timed(tenant, 'GET', '/api/v1/sales-orders'),
        timed(tenant, 'POST', '/api/v1/stock/receipts', { sku: 'VALVE-25', warehouse: 'DAL', qty: 1 }),
      ]);
      assert.equal(write.status, 201, 'the write waited, then went through');
      assert.ok(write.ms >= 600, `the write waited for the lock: ${write.ms} ms (baseline ${baseline.ms} ms)`);
      assert.ok(read.ms < 400, `a read does not wait: ${read.ms} ms`);
      assert.ok(stock.ms < 400 && stock.status === 201, `another table does not wait: ${stock.ms} ms`);

      const long = await admin(harness, 'POST', '/admin/migrations', {
        name: 'rebuild-order-index',
        lockMs: 3000,
        lockWaitMs: 500,
        tables: ['sales_orders'],
      });
      assert.equal(long.status, 202);
      const refused = await timed(tenant, 'POST', '/api/v1/sales-orders', order);
      assert.deepEqual([refused.status, refused.body.error.code], [503, 'LOCK_TIMEOUT']);
      assert.ok(refused.ms >= 450 && refused.ms < 2000, `failed after the budget: ${refused.ms} ms`);
      assert.match(refused.body.error.message, /rebuild-order-index/);

      const listed = await admin(harness, 'GET', '/admin/migrations');
      assert.deepEqual(
        listed.body.migrations.map((m: { name: string; status: string }) => [m.name, m.status]),
        [
          ['add-incoterms', 'done'],
          ['rebuild-order-index', 'locking'],
        ],
      );
      const bad = await admin(harness, 'POST', '/admin/migrations', { name: 'x', lockMs: 10, tables: ['nope'] });
      assert.deepEqual([bad.status, bad.body.error.code], [422, 'VALIDATION_FAILED']);
    } finally {
      await harness.close();
    }
  });

  test('migration-locks-reads: reads of the locked tables wait and time out too', async () => {
    const harness = await startHarness({ defects: ['migration-locks-reads'] });
    try {
      const tenant = await harness.tenant('locks-reads');
      await placeOrder(tenant, 'PO-1');
      await admin(harness, 'POST', '/admin/migrations', { name: 'add-incoterms', lockMs: 2000, lockWaitMs: 400 });
      const read = await timed(tenant, 'GET', '/api/v1/sales-orders');
      assert.deepEqual([read.status, read.body.error?.code], [503, 'LOCK_TIMEOUT']);
    } finally {
      await harness.close();
    }
  });

  test('migration-lock-overruns: writes still wait well after the stated lock time', async () => {
    const harness = await startHarness({ defects: ['migration-lock-overruns'] });
    try {
      const tenant = await harness.tenant('overruns');
      const migration = await admin(harness, 'POST', '/admin/migrations', { name: 'add-incoterms', lockMs: 500 });
      assert.equal(Date.parse(migration.body.releasedAt) - Date.parse(migration.body.startedAt), 1500);
      await sleep(700); // past the stated 500 ms
      const write = await timed(tenant, 'POST', '/api/v1/sales-orders', order);
      assert.equal(write.status, 201);
      assert.ok(write.ms >= 500, `still waiting for the lock after its stated time: ${write.ms} ms`);
    } finally {
      await harness.close();
    }
  });
});
