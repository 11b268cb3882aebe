// order-to-cash through the sandbox's screens, written by hand in Playwright Test: the same
// steps, in the same order, as scenarios/order-to-cash.scenario.yaml run by the ui driver with
// the ui: implementations of scenarios/actions/*.yaml (sign in once; each action on its screen,
// what the screen shows read and checked against the API's document). The bench compares its
// duration with the Rehearse scenario's.
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run this spec through bench/ui-order-to-cash.bench.ts`);
  return value;
};

/** The `<dd>` of a fact by its test id (sandbox/ui/layout.ts). */
const fact = (page: Page, term: string) => page.getByTestId(`fact-${term.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`);

/** A cell by row index and column heading, as the ui step `save: { x: { cell } }` reads it. */
async function cell(page: Page, table: string, row: number, column: string): Promise<string> {
  const t = page.getByRole('table', { name: table });
  const headings = await t.getByRole('columnheader').allInnerTexts();
  const index = headings.findIndex((h) => h.trim().toLowerCase() === column.toLowerCase());
  const cells = t.locator('tbody tr').nth(row).locator('th, td');
  return (await cells.nth(index).innerText()).trim();
}

/** Retries `attempt` every 250 ms for at most `withinMs`, as an `eventually` block does. */
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

async function apiGet(api: APIRequestContext, token: string, path: string) {
  const response = await api.get(`${env('BENCH_BASE_URL')}${path}`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status()).toBe(200);
  return response.json();
}

test('order-to-cash, hand-written', async ({ page, request }) => {
  const base = env('BENCH_BASE_URL');
  const tokenResponse = await request.post(`${base}/oauth/token`, {
    form: {
      grant_type: 'client_credentials',
      client_id: env('BENCH_CLIENT_ID'),
      client_secret: env('BENCH_CLIENT_SECRET'),
    },
  });
  const token = ((await tokenResponse.json()) as { access_token: string }).access_token;
  const get = (path: string) => apiGet(request, token, path);

  // session.login
  await page.goto(`${base}/login`);
  await page.getByLabel('Tenant').fill(env('BENCH_TENANT'));
  await page.getByLabel('Username').fill(env('BENCH_USERNAME'));
  await page.getByLabel('Password').fill(env('BENCH_PASSWORD'));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/orders$/);

  // order.create
  await page.goto(`${base}/orders/new`);
  await page.getByLabel('Customer', { exact: true }).selectOption(env('BENCH_CUSTOMER'));
  await page.getByLabel('Customer PO number').fill(`PO-bench-${Date.now()}`);
  await page.getByLabel('Line 1 item', { exact: true }).selectOption(env('BENCH_SKU'));
  await page.getByLabel('Line 1 quantity', { exact: true }).fill('2');
  await page.getByRole('button', { name: 'Create order' }).click();
  await expect(page.getByRole('status')).toContainText('created');
  const orderId = /\/orders\/([^/?]+)/.exec(page.url())![1]!;
  let status = (await fact(page, 'Status').innerText()).trim();
  const created = await get(`/api/v1/sales-orders/${orderId}`);
  expect(created.status).toBe(status);
  expect(created).toMatchObject({ status: 'open', lines: [{ qty: 2 }] });
  expect(created.subtotal).toBeGreaterThan(0);
  const subtotal = created.subtotal as number;

  // order.allocate
  await page.goto(`${base}/orders/${orderId}`);
  await page.getByRole('button', { name: 'Allocate', exact: true }).click();
  await expect(page.getByRole('status')).toContainText('Order allocated');
  status = (await fact(page, 'Status').innerText()).trim();
  const allocated = await get(`/api/v1/sales-orders/${orderId}`);
  expect(allocated.status).toBe(status);
  expect(allocated).toMatchObject({ status: 'allocated', lines: [{ qtyAllocated: 2, qtyBackordered: 0 }] });

  // order.ship
  await page.goto(`${base}/orders/${orderId}`);
  await page.getByLabel('Shipping service').selectOption('GROUND');
  await page.getByRole('button', { name: 'Ship', exact: true }).click();
  await expect(page.getByRole('status')).toContainText('Order shipped');
  status = (await fact(page, 'Status').innerText()).trim();
  const firstShipment = await cell(page, 'Shipments of', 0, 'Shipment');
  const shippedOrder = await get(`/api/v1/sales-orders/${orderId}`);
  expect(shippedOrder.status).toBe(status);
  const shipments = (await get(`/api/v1/shipments?order=${orderId}`)).shipments;
  expect(shipments[0].number).toBe(firstShipment);
  expect(shippedOrder.status).toBe('shipped');
  expect(shipments.length).toBeGreaterThanOrEqual(1);
  const shipmentId = shipments[0].id as string;

  // shipment.get until the carrier label is there
  await eventually(20_000, async () => {
    await page.goto(`${base}/shipments/${shipmentId}`);
    const labelStatus = (await fact(page, 'Label status').innerText()).trim();
    const tracking = (await fact(page, 'Tracking number').innerText()).trim();
    const shipment = await get(`/api/v1/shipments/${shipmentId}`);
    expect(shipment.label.status).toBe(labelStatus);
    expect(shipment.label.trackingNumber).toBe(tracking === '—' ? null : tracking);
    expect(shipment.label.status).toBe('created');
    expect(shipment.label.trackingNumber).toMatch(/^1Z/);
  });

  // invoice.forOrder until it is posted
  const invoice = await eventually(20_000, async () => {
    await page.goto(`${base}/orders/${orderId}`);
    const invoiceNumber = await cell(page, 'Invoices of', 0, 'Invoice');
    expect(invoiceNumber).toMatch(/^INV-/);
    await page.getByRole('link', { name: invoiceNumber, exact: true }).click();
    await expect(page.getByRole('heading', { name: `Invoice ${invoiceNumber}` })).toBeVisible();
    const invoices = (await get(`/api/v1/invoices?order=${orderId}`)).invoices;
    expect(invoices[0].number).toBe(invoiceNumber);
    expect(invoices).toHaveLength(1);
    expect(['posted', 'paid']).toContain(invoices[0].status);
    return invoices[0];
  });

  // Total is subtotal plus tax, in minor units
  expect(invoice.subtotal).toBe(subtotal);
  expect(invoice.total).toBe(invoice.subtotal + invoice.tax);
  expect(Number.isInteger(invoice.tax) && invoice.tax >= 0).toBe(true);
  expect(invoice.lines[0].tax).toBe(invoice.tax);
});
