import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startSandbox } from '../../sandbox/index.js';
import { startHarness, until, type Harness, type TenantClient } from './sandbox-harness.js';

async function shipOrder(tenant: TenantClient, lines: Array<{ sku: string; qty: number }>) {
  const order = await tenant.call('POST', '/api/v1/sales-orders', { customer: 'C-ACME', lines });
  await tenant.call('POST', `/api/v1/sales-orders/${order.body.id}/allocate`);
  const shipped = await tenant.call('POST', `/api/v1/sales-orders/${order.body.id}/ship`, {});
  assert.equal(shipped.status, 201, JSON.stringify(shipped.body));
  return {
    orderId: order.body.id as string,
    shipments: shipped.body.shipments as Array<{ id: string; warehouse: string }>,
  };
}

async function paidInvoices(tenant: TenantClient, orderId: string, count: number) {
  return until(async () => {
    const r = await tenant.call('GET', `/api/v1/invoices?order=${orderId}`);
    const invoices = r.body.invoices as Array<typeof r.body>;
    return invoices.length === count && invoices.every((i) => i.status === 'paid') ? invoices : undefined;
  });
}

describe('invoices: tax and totals in minor units', () => {
  let healthy: Harness;
  let broken: Harness;
  before(async () => {
    healthy = await startHarness();
    broken = await startHarness({ defects: ['tax-rounding'] });
  });
  after(async () => {
    await healthy.close();
    await broken.close();
  });

  // Ship-to Austin, TX: rate 0.0825, each line rounded half-up.
  //   VALVE-25 × 1 = 1850 → 152.625  → 153       (DAL)
  //   HOSE-10  × 1 = 1299 → 107.1675 → 107       (DAL)
  //   GLOVE-1  × 7 = 2331 → EXEMPT   → 0         (RNO: a second shipment and invoice)
  // DAL invoice: subtotal 3149, tax 260, total 3409.  RNO invoice: 2331, 0, 2331.
  test('each invoice has per-line tax from the tax partner and total = subtotal + tax exactly, then is paid', async () => {
    const tenant = await healthy.tenant('tax-ok');
    const { orderId } = await shipOrder(tenant, [
      { sku: 'VALVE-25', qty: 1 },
      { sku: 'HOSE-10', qty: 1 },
      { sku: 'GLOVE-1', qty: 7 },
    ]);
    const invoices = await paidInvoices(tenant, orderId, 2);
    const byTotal = invoices.map((i) => [i.subtotal, i.tax, i.total, i.lines.map((l: { tax: number }) => l.tax)]);
    assert.deepEqual(
      byTotal.sort((x, y) => Number(x[0]) - Number(y[0])),
      [
        [2331, 0, 2331, [0]],
        [3149, 260, 3409, [153, 107]],
      ],
    );
    for (const invoice of invoices) {
      assert.equal(invoice.payment.status, 'captured');
      assert.match(invoice.payment.captureId, /\S/);
    }
  });

  test('the tax-rounding defect truncates tax on the subtotal: 259 instead of 260', async () => {
    const tenant = await broken.tenant('tax-broken');
    const { orderId } = await shipOrder(tenant, [
      { sku: 'VALVE-25', qty: 1 },
      { sku: 'HOSE-10', qty: 1 },
    ]);
    const [invoice] = await paidInvoices(tenant, orderId, 1);
    assert.equal(invoice!.tax, 259); // trunc(3149 × 0.0825 = 259.7925)
    assert.equal(invoice!.total, 3408);
  });
});

describe('partner jobs retry and are never lost', () => {
  let harness: Harness;
  let dropping: Harness;
  before(async () => {
    harness = await startHarness();
    dropping = await startHarness({ defects: ['silent-job-drop'], jobs: { maxAttempts: 2 } });
  });
  after(async () => {
    await harness.close();
    await dropping.close();
  });

  const labelJob = (tenant: TenantClient, shipment: string) =>
    until(async () => {
      const jobs = (await tenant.call('GET', `/api/v1/jobs?type=carrier.label&ref=${shipment}`)).body.jobs;
      return ['succeeded', 'failed'].includes(jobs[0]?.status) ? jobs[0] : undefined;
    });

  test('a label job retries twice after the carrier answers 503, then succeeds with a tracking number', async () => {
    const tenant = await harness.tenant('jobs-503');
    await harness.virtual.admin.faultNext('carrier', {
      requests: 2,
      rules: [{ error: { status: 503 } }],
      tenant: 'jobs-503',
    });
    const { shipments } = await shipOrder(tenant, [{ sku: 'VALVE-25', qty: 2 }]);
    const job = await labelJob(tenant, shipments[0]!.id);
    assert.equal(job.status, 'succeeded');
    assert.equal(job.attempts, 3);
    assert.deepEqual(
      job.history.map((h: { outcome: string; status: number | null }) => [h.outcome, h.status ?? null]),
      [
        ['failed', 503],
        ['failed', 503],
        ['succeeded', null],
      ],
    );
    const shipment = (await tenant.call('GET', `/api/v1/shipments/${shipments[0]!.id}`)).body;
    assert.equal(shipment.label.status, 'created');
    assert.match(shipment.label.trackingNumber, /^1Z/);
  });

  test('a connection reset is retried like a 503', async () => {
    const tenant = await harness.tenant('jobs-reset');
    await harness.virtual.admin.faultNext('carrier', { requests: 1, rules: [{ reset: true }], tenant: 'jobs-reset' });
    const { shipments } = await shipOrder(tenant, [{ sku: 'VALVE-25', qty: 1 }]);
    const job = await labelJob(tenant, shipments[0]!.id);
    assert.equal(job.status, 'succeeded');
    assert.equal(job.attempts, 2);
    assert.match(job.history[0].error, /ECONNRESET|UND_ERR_SOCKET|other side closed|fetch failed/i);
  });

  test('with the silent-job-drop defect, a label job that exhausted its attempts is reported as succeeded without a label', async () => {
    const tenant = await dropping.tenant('jobs-drop');
    await dropping.virtual.admin.setFaults('carrier', { rules: [{ error: { status: 503 } }], tenant: 'jobs-drop' });
    const { shipments } = await shipOrder(tenant, [{ sku: 'VALVE-25', qty: 1 }]);
    const job = await labelJob(tenant, shipments[0]!.id);
    assert.equal(job.status, 'succeeded'); // the regression: a failed job reported as done
    assert.equal(job.attempts, 2);
    assert.equal((await tenant.call('GET', `/api/v1/shipments/${shipments[0]!.id}`)).body.label.trackingNumber, null);
  });
});

describe('storage', () => {
  test('with a data directory, tenants and orders survive a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-data-'));
    const partners = {
      carrier: 'http://127.0.0.1:9/c',
      tax: 'http://127.0.0.1:9/t',
      payment: 'http://127.0.0.1:9/p',
      supplier: 'http://127.0.0.1:9/s',
      ediVan: 'http://127.0.0.1:9/e',
    };
    try {
      const first = await startSandbox({ adminToken: 'adm', dataDir: dir, partners, log: () => undefined });
      const provisioned = await fetch(`${first.url}/admin/tenants`, {
        method: 'POST',
        headers: { authorization: 'Bearer adm', 'content-type': 'application/json' },
        body: JSON.stringify({ id: 'durable', seed: 'regulated' }),
      });
      const creds = (await provisioned.json()) as { apiKey: string };
      const created = await fetch(`${first.url}/api/v1/sales-orders`, {
        method: 'POST',
        headers: { 'x-api-key': creds.apiKey, 'content-type': 'application/json' },
        body: JSON.stringify({ customer: 'C-CLINIC', lines: [{ sku: 'GAUZE-4', qty: 2 }] }),
      });
      assert.equal(created.status, 201);
      await first.close();
      const second = await startSandbox({ adminToken: 'adm', dataDir: dir, partners, log: () => undefined });
      const orders = await fetch(`${second.url}/api/v1/sales-orders`, { headers: { 'x-api-key': creds.apiKey } });
      assert.equal(orders.status, 200);
      const body = (await orders.json()) as {
        orders: Array<{ id: string; lines: Array<{ sku: string; qty: number }> }>;
      };
      assert.deepEqual(
        body.orders.map((o) => [o.id, o.lines[0]!.sku, o.lines[0]!.qty]),
        [['SO-000001', 'GAUZE-4', 2]],
      );
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
