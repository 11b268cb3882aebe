import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createSchemaValidator } from '../../src/engine/schema-validator.js';
import { buildX12 } from '../../src/edi/index.js';
import { startHarness, until, type Harness, type TenantClient } from './sandbox-harness.js';

/**
 * Scenarios check bodies with `schema: <Name>` against the component schemas of
 * /openapi.json; these answers must really have the shapes it documents.
 */
describe('the OpenAPI document describes what the API answers', () => {
  let harness: Harness;
  let tenant: TenantClient;
  let check: (name: string, value: unknown) => void;
  let paths: Record<string, Record<string, unknown>>;
  before(async () => {
    harness = await startHarness();
    tenant = await harness.tenant('shapes', 'integration-heavy', { edi: { isaId: 'SHAPES' } });
    const doc = (await (await fetch(`${harness.sandbox.url}/openapi.json`)).json()) as {
      components: { schemas: Record<string, object> };
      paths: Record<string, Record<string, unknown>>;
    };
    paths = doc.paths;
    const validate = createSchemaValidator(new Map(Object.entries(doc.components.schemas)));
    check = (name, value) => {
      const verdict = validate(name, value);
      assert.ok(verdict.ok, `${name}: ${verdict.errors.join('; ')}\n${JSON.stringify(value).slice(0, 600)}`);
    };
  });
  after(() => harness.close());

  test('orders, shipments, invoices and jobs', async () => {
    const order = await tenant.call('POST', '/api/v1/sales-orders', {
      customer: 'C-WALKIN',
      lines: [{ sku: 'LAMP-01', qty: 1 }],
    });
    check('SalesOrder', order.body);
    await tenant.call('POST', `/api/v1/sales-orders/${order.body.id}/allocate`);
    const shipped = await tenant.call('POST', `/api/v1/sales-orders/${order.body.id}/ship`, {});
    check('Shipment', shipped.body.shipments[0]);
    const invoice = await until(async () => {
      const list = (await tenant.call('GET', `/api/v1/invoices?order=${order.body.id}`)).body.invoices;
      return list[0]?.status === 'paid' ? list[0] : undefined;
    });
    check('Invoice', invoice);
    for (const job of (await tenant.call('GET', '/api/v1/jobs')).body.jobs) check('Job', job);
  });

  test('MRP runs, purchase orders and EDI messages', async () => {
    const started = await tenant.call('POST', '/api/v1/mrp-runs', { today: '2030-01-07' });
    const run = await until(async () => {
      const r = (await tenant.call('GET', `/api/v1/mrp-runs/${started.body.id}`)).body;
      return ['completed', 'failed'].includes(r.status) ? r : undefined;
    });
    check('MrpRun', run);
    for (const po of (await tenant.call('GET', '/api/v1/purchase-orders')).body.purchaseOrders)
      check('PurchaseOrder', po);

    const x12 = buildX12({
      sender: { id: 'BIGBOXRETAIL' },
      receiver: { id: 'SHAPES' },
      sets: [
        {
          id: '850',
          segments: [
            ['BEG', '00', 'SA', 'PO-SHAPE', '', '20300107'],
            ['PO1', '1', 2, 'EA', '1', '', 'VP', 'LAMP-01'],
            ['CTT', 1],
          ],
        },
      ],
    });
    assert.equal((await tenant.postText('/edi/inbound', x12)).status, 200);
    const messages = (await tenant.call('GET', '/api/v1/edi/messages')).body.messages;
    assert.ok(messages.length >= 2, 'the 850 and the 997');
    for (const message of messages) check('EdiMessage', message);
    check('EdiMessage', (await tenant.call('GET', `/api/v1/edi/messages/${messages[0].id}`)).body);
  });

  test('the tenant configuration and the admin routes that change it', async () => {
    assert.ok(paths['/api/v1/tenant']?.get, 'GET /api/v1/tenant is documented');
    assert.ok(paths['/admin/tenants/{id}/rotate-secret']?.post, 'POST /admin/tenants/{id}/rotate-secret is documented');
    assert.ok(paths['/admin/tenants/{id}/features']?.put, 'PUT /admin/tenants/{id}/features is documented');

    const configuration = await tenant.call('GET', '/api/v1/tenant');
    assert.equal(configuration.status, 200);
    check('TenantConfiguration', configuration.body);
    assert.equal(configuration.body.features.edi, true, 'integration-heavy trades by EDI');

    const admin = (method: string, path: string, body?: unknown) =>
      fetch(`${harness.sandbox.url}${path}`, {
        method,
        headers: { authorization: 'Bearer test-admin-token', 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const switched = await admin('PUT', '/admin/tenants/shapes/features', { features: { edi: false, region: 'EU' } });
    assert.equal(switched.status, 200);
    const after = await switched.json();
    check('TenantConfiguration', after);
    assert.deepEqual([after.features.edi, after.features.region], [false, 'EU']);
    const refused = await admin('PUT', '/admin/tenants/shapes/features', { features: { edi: [1] } });
    assert.equal(refused.status, 422);
    check('Error', await refused.json());
    const rotated = await admin('POST', '/admin/tenants/shapes/rotate-secret');
    assert.equal(rotated.status, 200);
    assert.deepEqual(Object.keys(await rotated.json()).sort(), ['clientId', 'clientSecret', 'tenantId']);
    assert.equal((await admin('POST', '/admin/tenants/nobody/rotate-secret')).status, 404);
  });
});
