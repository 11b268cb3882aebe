// The sandbox's item master and goods receipts, and what they make possible: a backordered line
// allocated again after stock arrives (even twice from one warehouse before it ships) ships as one
// shipment line, and the 855 after it acknowledges the whole order.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startHarness, until, type Harness, type TenantClient } from './sandbox-harness.js';

describe('item master and goods receipts', () => {
  let harness: Harness;
  let tenant: TenantClient;
  before(async () => {
    harness = await startHarness();
    tenant = await harness.tenant('receipts');
  });
  after(() => harness.close());

  test('POST /items adds an item that can be sent back from GET /items (null tax code); a SKU that exists is a 409', async () => {
    const items = (await tenant.call('GET', '/api/v1/items')).body.items as Array<Record<string, unknown>>;
    const pump = items.find((i) => i.sku === 'PUMP-100')!;
    assert.equal(pump.taxCode, null);
    const { leadTimeDays: _l, safetyStock: _s, supplier: _p, ...copy } = pump;
    const created = await tenant.call('POST', '/api/v1/items', { ...copy, sku: 'PUMP-COPY' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.unitPrice, pump.unitPrice);
    assert.equal(created.body.taxCode, null);
    const again = await tenant.call('POST', '/api/v1/items', { ...copy, sku: 'PUMP-COPY' });
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'ITEM_EXISTS');
    const bad = await tenant.call('POST', '/api/v1/items', { sku: 'X-1', name: 'x', kind: 'stocked', unitPrice: -1 });
    assert.equal(bad.status, 422);
    assert.equal(bad.body.error.fields[0].path, 'unitPrice');
  });

  test('a receipt raises on hand and keeps reservations; unknown item and warehouse are one field error each', async () => {
    const before = (await tenant.call('GET', '/api/v1/stock?sku=HOSE-10')).body.stock as Array<{
      warehouse: string;
      onHand: number;
    }>;
    const dal = before.find((s) => s.warehouse === 'DAL')!;
    const received = await tenant.call('POST', '/api/v1/stock/receipts', { sku: 'HOSE-10', warehouse: 'DAL', qty: 7 });
    assert.equal(received.status, 201);
    assert.equal(received.body.onHand, dal.onHand + 7);
    assert.equal(received.body.received, 7);
    const unknown = await tenant.call('POST', '/api/v1/stock/receipts', { sku: 'NOPE', warehouse: 'XXX', qty: 1 });
    assert.equal(unknown.status, 422);
    assert.deepEqual(
      unknown.body.error.fields.map((f: { path: string }) => f.path),
      ['sku', 'warehouse'],
    );
    const zero = await tenant.call('POST', '/api/v1/stock/receipts', { sku: 'HOSE-10', warehouse: 'DAL', qty: 0 });
    assert.equal(zero.status, 422);
  });

  test('a line allocated twice from one warehouse before shipping ships as one shipment line', async () => {
    await tenant.call('POST', '/api/v1/items', { sku: 'TWICE-1', name: 'Twice', kind: 'stocked', unitPrice: 1000 });
    await tenant.call('POST', '/api/v1/stock/receipts', { sku: 'TWICE-1', warehouse: 'DAL', qty: 2 });
    const order = await tenant.call('POST', '/api/v1/sales-orders', {
      customer: 'C-ACME',
      lines: [{ sku: 'TWICE-1', qty: 5 }],
    });
    const first = await tenant.call('POST', `/api/v1/sales-orders/${order.body.id}/allocate`);
    assert.equal(first.body.status, 'backordered');
    await tenant.call('POST', '/api/v1/stock/receipts', { sku: 'TWICE-1', warehouse: 'DAL', qty: 3 });
    const second = await tenant.call('POST', `/api/v1/sales-orders/${order.body.id}/allocate`);
    assert.equal(second.body.status, 'allocated');
    const shipped = await tenant.call('POST', `/api/v1/sales-orders/${order.body.id}/ship`, {});
    assert.equal(shipped.status, 201, JSON.stringify(shipped.body));
    assert.deepEqual(shipped.body.shipments[0].lines, [{ line: 1, sku: 'TWICE-1', qty: 5 }]);
    const invoice = await until(async () => {
      const list = (await tenant.call('GET', `/api/v1/invoices?order=${order.body.id}`)).body.invoices;
      return list[0]?.status === 'paid' || list[0]?.status === 'posted' ? list[0] : undefined;
    });
    assert.equal(invoice.subtotal, 5000);
  });
});
