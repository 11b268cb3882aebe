import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startHarness, type Harness } from './sandbox-harness.js';

// HOSE-10 in the standard seed: 12 on hand in DAL (priority 1), 8 in RNO: 20 units in all.
async function allocateTenOrdersAtOnce(harness: Harness, tenantId: string) {
  const tenant = await harness.tenant(tenantId);
  const orders = await Promise.all(
    Array.from({ length: 10 }, () =>
      tenant.call('POST', '/api/v1/sales-orders', { customer: 'C-ACME', lines: [{ sku: 'HOSE-10', qty: 5 }] }),
    ),
  );
  const allocated = await Promise.all(
    orders.map((o) => tenant.call('POST', `/api/v1/sales-orders/${o.body.id}/allocate`)),
  );
  const stock = await tenant.call('GET', '/api/v1/stock?sku=HOSE-10');
  const total = allocated.reduce((sum, a) => sum + (a.body.lines[0].qtyAllocated as number), 0);
  return {
    allocated,
    stock: stock.body.stock as Array<{ warehouse: string; onHand: number; allocated: number }>,
    total,
  };
}

describe('allocation under concurrency', () => {
  let healthy: Harness;
  let broken: Harness;
  before(async () => {
    healthy = await startHarness();
    broken = await startHarness({ defects: ['oversell'] });
  });
  after(async () => {
    await healthy.close();
    await broken.close();
  });

  test('ten parallel allocations of 5 units share the 20 units exactly: four full, the rest backordered', async () => {
    const { allocated, stock, total } = await allocateTenOrdersAtOnce(healthy, 'alloc-ok');
    assert.equal(total, 20);
    assert.deepEqual(
      allocated.map((a) => a.body.status).sort(),
      [...Array(4).fill('allocated'), ...Array(6).fill('backordered')].sort(),
    );
    for (const row of stock)
      assert.ok(row.allocated <= row.onHand, `${row.warehouse} reserved ${row.allocated} of ${row.onHand}`);
    assert.deepEqual(
      stock.map((s) => [s.warehouse, s.allocated]),
      [
        ['DAL', 12],
        ['RNO', 8],
      ],
    );
  });

  test('the oversell defect lets parallel allocations reserve more than is on hand (what the scenarios must catch)', async () => {
    const { stock, total } = await allocateTenOrdersAtOnce(broken, 'alloc-broken');
    assert.ok(total > 20, `allocated ${total}`);
    assert.ok(stock.some((row) => row.allocated > row.onHand));
  });

  test('cancel releases the reservation and a second cancel is a 409', async () => {
    const tenant = await healthy.tenant('alloc-cancel');
    const order = await tenant.call('POST', '/api/v1/sales-orders', {
      customer: 'C-ACME',
      lines: [{ sku: 'PUMP-100', qty: 50 }],
    });
    const allocated = await tenant.call('POST', `/api/v1/sales-orders/${order.body.id}/allocate`);
    assert.deepEqual(
      allocated.body.allocations.map((a: { warehouse: string; qty: number }) => [a.warehouse, a.qty]),
      [
        ['DAL', 40],
        ['RNO', 10],
      ],
    );
    const cancelled = await tenant.call('POST', `/api/v1/sales-orders/${order.body.id}/cancel`);
    assert.equal(cancelled.body.status, 'cancelled');
    const stock = await tenant.call('GET', '/api/v1/stock?sku=PUMP-100');
    assert.deepEqual(
      stock.body.stock.map((s: { allocated: number }) => s.allocated),
      [0, 0],
    );
    const again = await tenant.call('POST', `/api/v1/sales-orders/${order.body.id}/cancel`);
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'ILLEGAL_TRANSITION');
  });

  test('an invalid order is a 422 with one field error per problem', async () => {
    const tenant = await healthy.tenant('alloc-invalid');
    const response = await tenant.call('POST', '/api/v1/sales-orders', {
      customer: 'NOPE',
      lines: [{ sku: 'NOPE', qty: 2 }],
    });
    assert.equal(response.status, 422);
    assert.deepEqual(
      response.body.error.fields.map((f: { path: string }) => f.path),
      ['customer', 'lines[0].sku'],
    );
  });
});
