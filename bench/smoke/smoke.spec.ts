// The shipped smoke subset (the scenarios tagged `smoke`: backorder-and-cancel, order-to-cash,
// order-validation for every tenant, tenant-isolation for standard) written by hand in
// Playwright Test: the same requests in the same order as `rehearse run --tag smoke --driver api`
// sends them (scenarios/*.scenario.yaml with the api: implementations of scenarios/actions/), with
// the same checks on status and body, the `schema:` checks included (Ajv, the same
// schemas/data/*.schema.json), the `eventually` blocks polled every 250 ms, and the cleanup
// requests. One OAuth2 token per tenant and worker. bench/smoke.bench.ts compares the two.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Ajv, ValidateFunction } from 'ajv';
import { expect, test, type APIRequestContext, type APIResponse } from '@playwright/test';
import type { SmokeTarget } from './global-setup.js';

const target = JSON.parse(process.env.BENCH_SMOKE ?? 'null') as SmokeTarget | null;
if (!target) throw new Error('BENCH_SMOKE is not set: run this spec with -c bench/smoke/playwright.config.ts');
const runId = `bench-${process.env.TEST_PARALLEL_INDEX ?? 0}-${Date.now()}`;

// Ajv is CommonJS: required as src/core/schema-validate.ts does.
const require = createRequire(import.meta.url);
const ajv = new (require('ajv') as { default: new (options: object) => Ajv }).default({
  allErrors: true,
  strict: false,
});
(require('ajv-formats') as { default: (ajv: Ajv) => Ajv }).default(ajv);
const validators = new Map<string, ValidateFunction>();
/** `schema: Name` of a step: the body against schemas/data/Name.schema.json, compiled once per worker. */
function expectSchema(name: string, body: unknown) {
  let validate = validators.get(name);
  if (!validate) {
    const file = new URL(`../../schemas/data/${name}.schema.json`, import.meta.url);
    validate = ajv.compile(JSON.parse(readFileSync(file, 'utf8')) as object);
    validators.set(name, validate);
  }
  expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
}

/** The tax partner's published rates, as scenarios/actions/invoice-expectations.yaml has them. */
const RATES: Record<string, number> = {
  TX: 0.0825,
  CA: 0.0725,
  NY: 0.08875,
  WA: 0.065,
  FL: 0.06,
  IL: 0.0625,
  GA: 0.04,
  PA: 0.06,
  OH: 0.0575,
  NJ: 0.06625,
  OR: 0,
  MT: 0,
  NH: 0,
  DE: 0,
  AK: 0,
};

const tokens = new Map<string, Promise<string>>();

/** The requests of one tenant: bearer token from its client credentials (cached per worker). */
function client(request: APIRequestContext, tenant: string) {
  const { clientId, clientSecret } = target!.tenants[tenant]!;
  const token = () => {
    let cached = tokens.get(tenant);
    if (!cached) {
      cached = request
        .post(`${target!.baseUrl}/oauth/token`, {
          form: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret },
        })
        .then(async (response) => {
          expect(response.status()).toBe(200);
          return ((await response.json()) as { access_token: string }).access_token;
        });
      tokens.set(tenant, cached);
    }
    return cached;
  };
  const send = async (method: 'GET' | 'POST', path: string, data?: unknown) => {
    const headers = { authorization: `Bearer ${await token()}` };
    const url = `${target!.baseUrl}${path}`;
    return method === 'GET' ? request.get(url, { headers }) : request.post(url, { headers, data });
  };
  /** One request and its JSON body, the status checked. */
  const call = async (method: 'GET' | 'POST', path: string, status: number, data?: unknown) => {
    const response: APIResponse = await send(method, path, data);
    expect(response.status(), `${method} ${path}`).toBe(status);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies are checked field by field below
    return (await response.json()) as any;
  };
  return { send, call };
}

/** Polls `attempt` every 250 ms for at most `withinMs`, as an `eventually` block does. */
async function eventually<T>(withinMs: number, attempt: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

for (const tenant of Object.keys(target.tenants).sort()) {
  const t = target.tenants[tenant]!;

  test.describe(tenant, { tag: `@tenant:${tenant}` }, () => {
    test('backorder-and-cancel', async ({ request }) => {
      const { call, send } = client(request, tenant);
      let orderId: string | undefined;
      try {
        const { stock } = await call('GET', `/api/v1/stock?sku=${t.scarce}`, 200);
        const onHand = (stock as Array<{ onHand: number }>).reduce((sum, row) => sum + row.onHand, 0);
        const order = await call('POST', '/api/v1/sales-orders', 201, {
          customer: t.customer,
          lines: [{ sku: t.scarce, qty: onHand + 5 }],
          poNumber: `PO-${runId}`,
        });
        expectSchema('SalesOrder', order);
        orderId = order.id as string;
        const allocated = await call('POST', `/api/v1/sales-orders/${orderId}/allocate`, 200);
        expect(allocated.status).toBe('backordered');
        expect(allocated.lines[0].qtyBackordered).toBeGreaterThanOrEqual(5);
        const cancelled = await (await send('POST', `/api/v1/sales-orders/${orderId}/cancel`)).json();
        expect(cancelled).toMatchObject({ status: 'cancelled', lines: [{ qtyAllocated: 0 }] });
        const refused = await call('POST', `/api/v1/sales-orders/${orderId}/cancel`, 409);
        expect(refused.error.code).toBe('ILLEGAL_TRANSITION');
        expectSchema('Error', refused);
      } finally {
        if (orderId)
          expect([200, 409]).toContain((await send('POST', `/api/v1/sales-orders/${orderId}/cancel`)).status());
      }
    });

    test('order-to-cash', async ({ request }) => {
      const { call } = client(request, tenant);
      const sku = t.stocked[0]!;
      const order = await call('POST', '/api/v1/sales-orders', 201, {
        customer: t.customer,
        lines: [{ sku, qty: 2 }],
        poNumber: `PO-${runId}`,
      });
      expectSchema('SalesOrder', order);
      expect(order).toMatchObject({ status: 'open', lines: [{ qty: 2 }] });
      expect(order.subtotal).toBeGreaterThan(0);
      const orderId = order.id as string;
      const allocated = await call('POST', `/api/v1/sales-orders/${orderId}/allocate`, 200);
      expect(allocated).toMatchObject({ status: 'allocated', lines: [{ qtyAllocated: 2, qtyBackordered: 0 }] });
      const shipped = await call('POST', `/api/v1/sales-orders/${orderId}/ship`, 201, { service: 'GROUND' });
      expect(shipped.order.status).toBe('shipped');
      expect(shipped.shipments.length).toBeGreaterThanOrEqual(1);
      const shipmentId = shipped.shipments[0].id as string;
      await eventually(20_000, async () => {
        const shipment = await call('GET', `/api/v1/shipments/${shipmentId}`, 200);
        expectSchema('Shipment', shipment);
        expect(shipment.label.status).toBe('created');
        expect(shipment.label.trackingNumber).toMatch(/^1Z/);
      });
      const invoice = await eventually(20_000, async () => {
        const { invoices } = await call('GET', `/api/v1/invoices?order=${orderId}`, 200);
        expect(invoices).toHaveLength(1);
        expect(['posted', 'paid']).toContain(invoices[0].status);
        return invoices[0];
      });
      expect(invoice.subtotal).toBe(order.subtotal);
      expect(invoice.total).toBe(invoice.subtotal + invoice.tax);
      expect(Number.isInteger(invoice.tax) && invoice.tax >= 0).toBe(true);
      expect(invoice.lines[0].tax).toBe(invoice.tax);
      const { items } = await call('GET', '/api/v1/items', 200);
      const item = (items as Array<{ sku: string; unitPrice: number; taxCode?: string }>).find((i) => i.sku === sku)!;
      const { region, country } = order.shipTo as { region: string; country: string };
      const rate = country === 'US' ? (RATES[region.toUpperCase()] ?? 0.05) : 0.05;
      const exempt = ['EXEMPT', 'NT'].includes((item.taxCode ?? '').toUpperCase());
      const subtotal = 2 * item.unitPrice;
      const tax = exempt ? 0 : Math.round(subtotal * rate);
      expect({ subtotal: invoice.subtotal, tax: invoice.tax, total: invoice.total }).toEqual({
        subtotal,
        tax,
        total: subtotal + tax,
      });
    });

    test('order-validation', async ({ request }) => {
      const { call, send } = client(request, tenant);
      let orderId: string | undefined;
      try {
        const zero = await call('POST', '/api/v1/sales-orders', 422, {
          customer: t.customer,
          lines: [{ sku: 'NO-SUCH-SKU', qty: 0 }],
        });
        expectSchema('Error', zero);
        expect(zero.error.fields[0].path).toBe('lines[0].qty');
        const nobody = await call('POST', '/api/v1/sales-orders', 422, {
          customer: `NOBODY-${runId}`,
          lines: [{ sku: t.stocked[0], qty: 1 }],
        });
        expect(nobody.error.fields).toMatchObject([{ path: 'customer' }]);
        const order = await call('POST', '/api/v1/sales-orders', 201, {
          customer: t.customer,
          lines: [{ sku: t.stocked[0], qty: 1 }],
          poNumber: `PO-${runId}`,
        });
        expectSchema('SalesOrder', order);
        orderId = order.id as string;
        const notAllocated = await call('POST', `/api/v1/sales-orders/${orderId}/ship`, 409);
        expect(notAllocated.error.code).toBe('ILLEGAL_TRANSITION');
        await call('GET', '/api/v1/sales-orders/SO-999999', 404);
      } finally {
        if (orderId) await send('POST', `/api/v1/sales-orders/${orderId}/cancel`);
      }
    });

    if (tenant !== 'standard') return;
    test('tenant-isolation', async ({ request }) => {
      const standard = client(request, 'standard');
      const regulated = client(request, 'regulated');
      const poNumber = `ISO-${runId}`;
      const sku = t.stocked[1]!;
      let orderId: string | undefined;
      let shipmentId: string | undefined;
      try {
        const order = await standard.call('POST', '/api/v1/sales-orders', 201, {
          customer: t.customer,
          lines: [{ sku, qty: 1 }],
          poNumber,
        });
        expectSchema('SalesOrder', order);
        orderId = order.id as string;
        const customer = order.customer as string;
        const notFound = async (method: 'GET' | 'POST', path: string) =>
          expect((await regulated.call(method, path, 404)).error.code).toBe('NOT_FOUND');
        await notFound('GET', `/api/v1/sales-orders/${orderId}`);
        expect((await regulated.call('GET', `/api/v1/sales-orders?poNumber=${poNumber}`, 200)).orders).toEqual([]);
        expect((await regulated.call('GET', `/api/v1/sales-orders?customer=${customer}`, 200)).orders).toEqual([]);
        await notFound('POST', `/api/v1/sales-orders/${orderId}/cancel`);
        await notFound('POST', `/api/v1/sales-orders/${orderId}/allocate`);
        expect((await regulated.call('GET', `/api/v1/stock?sku=${sku}`, 200)).stock).toEqual([]);
        expect(await standard.call('GET', `/api/v1/sales-orders/${orderId}`, 200)).toMatchObject({
          status: 'open',
          poNumber,
        });
        expect((await standard.call('POST', `/api/v1/sales-orders/${orderId}/allocate`, 200)).status).toBe('allocated');
        const shipped = await standard.call('POST', `/api/v1/sales-orders/${orderId}/ship`, 201, { service: 'GROUND' });
        shipmentId = shipped.shipments[0].id as string;
        await notFound('GET', `/api/v1/shipments/${shipmentId}`);
        expect((await regulated.call('GET', `/api/v1/shipments?order=${orderId}`, 200)).shipments).toEqual([]);
      } finally {
        if (orderId && !shipmentId)
          expect([200, 409]).toContain(
            (await standard.send('POST', `/api/v1/sales-orders/${orderId}/cancel`)).status(),
          );
      }
    });
  });
}
