import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startHarness, until, type Harness, type TenantClient } from './sandbox-harness.js';

describe('tenant isolation', () => {
  let harness: Harness;
  let leaky: Harness;
  let a: TenantClient;
  let b: TenantClient;
  const ids: Record<string, string> = {};
  before(async () => {
    harness = await startHarness();
    leaky = await startHarness({ defects: ['tenant-leak', 'tenant-leak-search'] });
    a = await harness.tenant('tenant-a', 'standard', {
      items: [{ sku: 'A-ONLY', name: 'Secret', kind: 'stocked', unitPrice: 100 }],
    });
    b = await harness.tenant('tenant-b', 'high-volume');
    const order = await a.call('POST', '/api/v1/sales-orders', {
      customer: 'C-ACME',
      lines: [{ sku: 'PUMP-100', qty: 1 }],
    });
    ids.order = order.body.id;
    await a.call('POST', `/api/v1/sales-orders/${ids.order}/allocate`);
    const shipped = await a.call('POST', `/api/v1/sales-orders/${ids.order}/ship`, {});
    ids.shipment = shipped.body.shipments[0].id;
    const invoices = await until(async () => {
      const r = await a.call('GET', `/api/v1/invoices?order=${ids.order}`);
      return r.body.invoices.length ? r.body.invoices : undefined;
    });
    ids.invoice = invoices[0].id;
    ids.job = String((await a.call('GET', '/api/v1/jobs')).body.jobs[0].id);
  });
  after(async () => {
    await harness.close();
    await leaky.close();
  });

  const reads = () => [
    `/api/v1/sales-orders/${ids.order}`,
    `/api/v1/shipments/${ids.shipment}`,
    `/api/v1/invoices/${ids.invoice}`,
    `/api/v1/jobs/${ids.job}`,
    '/api/v1/items/A-ONLY',
  ];

  test("tenant B gets 404 for every one of tenant A's resources, and A sees them", async () => {
    for (const path of reads()) {
      assert.equal((await a.call('GET', path)).status, 200, `A reads ${path}`);
      const response = await b.call('GET', path);
      assert.equal(response.status, 404, `B reads ${path}: ${JSON.stringify(response.body)}`);
      assert.equal(response.body.error.code, 'NOT_FOUND');
    }
  });

  test("tenant B cannot allocate, ship or cancel tenant A's order, and A's lists do not show in B's", async () => {
    for (const action of ['allocate', 'ship', 'cancel'])
      assert.equal((await b.call('POST', `/api/v1/sales-orders/${ids.order}/${action}`, {})).status, 404, action);
    for (const [path, key] of [
      ['/api/v1/sales-orders', 'orders'],
      ['/api/v1/shipments', 'shipments'],
      ['/api/v1/invoices', 'invoices'],
      ['/api/v1/jobs', 'jobs'],
    ] as const)
      assert.deepEqual((await b.call('GET', path)).body[key], [], path);
    const items = (await b.call('GET', '/api/v1/items')).body.items as Array<{ sku: string }>;
    assert.ok(!items.some((i) => i.sku === 'A-ONLY' || i.sku === 'PUMP-100'));
  });

  test('no credentials is a 401, a forged token is a 401', async () => {
    assert.equal((await fetch(`${harness.sandbox.url}/api/v1/sales-orders`)).status, 401);
    const forged = await fetch(`${harness.sandbox.url}/api/v1/sales-orders`, {
      headers: { authorization: 'Bearer at_forged' },
    });
    assert.equal(forged.status, 401);
  });

  test("the tenant-leak defect hands tenant A's order to tenant B", async () => {
    const la = await leaky.tenant('tenant-a');
    const lb = await leaky.tenant('tenant-b', 'high-volume');
    const order = await la.call('POST', '/api/v1/sales-orders', {
      customer: 'C-ACME',
      lines: [{ sku: 'PUMP-100', qty: 1 }],
    });
    const stolen = await lb.call('GET', `/api/v1/sales-orders/${order.body.id}`);
    assert.equal(stolen.status, 200);
    assert.equal(stolen.body.customer, 'C-ACME');
  });

  test('order, shipment and invoice numbers are unique across tenants, so a number names one document', async () => {
    const ownOrder = await b.call('POST', '/api/v1/sales-orders', {
      customer: 'C-MART',
      lines: [{ sku: 'CASE-12', qty: 1 }],
    });
    // B's own orders exist, and still A's number is not found for B: B's numbers are other numbers.
    assert.equal(ownOrder.status, 201, JSON.stringify(ownOrder.body));
    assert.notEqual(ownOrder.body.id, ids.order);
    assert.equal((await b.call('GET', `/api/v1/sales-orders/${ids.order}`)).status, 404);
    assert.equal((await b.call('POST', `/api/v1/sales-orders/${ids.order}/cancel`, {})).status, 404);
    assert.equal((await a.call('GET', `/api/v1/sales-orders/${ids.order}`)).body.status, 'shipped');
  });

  test("the tenant-leak-search defect lets B's search find A's order, while B's plain list stays clean", async () => {
    const la = await leaky.tenant('search-a');
    const lb = await leaky.tenant('search-b', 'high-volume');
    const order = await la.call('POST', '/api/v1/sales-orders', {
      customer: 'C-ACME',
      lines: [{ sku: 'PUMP-100', qty: 1 }],
      poNumber: 'PO-SEARCH-LEAK',
    });
    const found = await lb.call('GET', '/api/v1/sales-orders?poNumber=PO-SEARCH-LEAK');
    assert.deepEqual(
      found.body.orders.map((o: { id: string }) => o.id),
      [order.body.id],
    );
    assert.deepEqual((await lb.call('GET', '/api/v1/sales-orders')).body.orders, []);
    const clean = await b.call('GET', '/api/v1/sales-orders?poNumber=PO-SEARCH-LEAK');
    assert.deepEqual(clean.body.orders, []);
  });
});
