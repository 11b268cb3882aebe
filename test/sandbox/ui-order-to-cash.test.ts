import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { findBrowser } from '../../src/drivers/ui/find-browser.js';
import { startHarness, type Harness } from './sandbox-harness.js';

const ADMIN = 'test-admin-token';
const choice = findBrowser();

interface Clerk {
  tenant: string;
  username: string;
  password: string;
}

/** Provisions a tenant through the admin API; its clerk's password comes back in the answer. */
async function provision(harness: Harness, id: string, name: string): Promise<Clerk> {
  const response = await fetch(`${harness.sandbox.url}/admin/tenants`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ id, name, seed: 'standard' }),
  });
  const body = (await response.json()) as { users: Array<{ username: string; password: string }> };
  assert.equal(response.status, 201, JSON.stringify(body));
  const clerk = body.users.find((u) => u.username === 'clerk')!;
  return { tenant: id, username: clerk.username, password: clerk.password };
}

async function signIn(page: Page, clerk: Clerk, password = clerk.password): Promise<void> {
  await page.getByLabel('Tenant').fill(clerk.tenant);
  await page.getByLabel('Username').fill(clerk.username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Reloads until `read` returns a value (bounded): the label and invoice jobs run in the background. */
async function reloadUntil<T>(page: Page, read: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not seen within ${timeoutMs} ms on ${page.url()}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
    await page.reload();
  }
}

/** The `<dd>` of a fact on a detail page. */
const fact = (page: Page, term: string) =>
  page
    .locator('dl.facts > div')
    .filter({ has: page.locator('dt', { hasText: new RegExp(`^${term}$`) }) })
    .locator('dd');

describe('sandbox screens in Chromium', () => {
  let harness: Harness;
  let browser: Browser;
  let acme: Clerk;
  let other: Clerk;
  let context: BrowserContext;
  let page: Page;
  let orderNumber = '';

  before(async () => {
    // `npm ci` installs a browser when none is there, so a missing one is a broken setup, not a reason to skip.
    assert.ok(choice, 'no Chromium found: run `npm ci` (scripts/setup.mjs installs one) or set CHROMIUM_PATH');
    harness = await startHarness();
    acme = await provision(harness, 'ui-acme', 'Acme & Sons');
    other = await provision(harness, 'ui-other', 'Other Co');
    browser = await chromium.launch({ executablePath: choice.executablePath, args: choice.args, headless: true });
    context = await browser.newContext({ baseURL: harness.sandbox.url });
    page = await context.newPage();
  });
  after(async () => {
    await browser?.close();
    await harness?.close();
  });

  test('a clerk signs in, enters an order, allocates and ships it, and sees the tracking number and the invoice', async () => {
    await page.goto('/orders');
    assert.match(page.url(), /\/login\?next=%2Forders$/, 'signed out: sent to the login');
    await signIn(page, acme);
    assert.match(page.url(), /\/orders$/);
    await page.getByRole('heading', { level: 1, name: 'Sales orders' }).waitFor();
    assert.equal(await page.getByRole('banner').getByText('Acme & Sons').count(), 1, 'tenant name shown, escaped');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'New order' }).click();
    await page.getByRole('heading', { level: 1, name: 'New sales order' }).waitFor();

    // Validation: no customer, a quantity without an item.
    await page.getByLabel('Line 1 quantity').fill('2');
    await page.getByRole('button', { name: 'Create order' }).click();
    const summary = page.getByRole('alert');
    assert.match(await summary.innerText(), /Customer: Choose a customer\.[\s\S]*Line 1 item: Choose an item/);
    const customer = page.getByLabel('Customer', { exact: true });
    assert.equal(await customer.getAttribute('aria-invalid'), 'true');
    const describedBy = (await customer.getAttribute('aria-describedby'))!;
    assert.equal(await page.locator(`[id="${describedBy}"]`).innerText(), 'Choose a customer.');
    assert.equal(await page.getByLabel('Line 1 quantity').inputValue(), '2', 'what was typed is kept');

    await customer.selectOption('C-ACME');
    await page.getByLabel('Line 1 item').selectOption('PUMP-100');
    await page.getByLabel('Line 2 item').selectOption('VALVE-25');
    await page.getByLabel('Line 2 quantity').fill('5');
    await page.getByRole('button', { name: 'Create order' }).click();
    const heading = page.getByRole('heading', { level: 1, name: /^Order SO-\d{6}$/ });
    orderNumber = (await heading.innerText()).replace('Order ', '');
    assert.match(await page.getByRole('status').innerText(), new RegExp(`Order ${orderNumber} created`));
    assert.equal(await fact(page, 'Subtotal').innerText(), '$592.48', '2 × $249.99 + 5 × $18.50');

    await page.getByRole('button', { name: 'Allocate' }).click();
    assert.equal(await page.getByRole('status').innerText(), 'Order allocated.');
    assert.equal(await fact(page, 'Status').innerText(), 'allocated');
    const reserved = page.getByRole('table', { name: `Stock reserved for ${orderNumber}` });
    assert.equal(await reserved.getByRole('row').count(), 3, 'header + one row per line');

    // A second tab still shows the allocated order when the first one ships it.
    const stale = await context.newPage();
    await stale.goto(`/orders/${orderNumber}`);

    await page.getByLabel('Shipping service').selectOption('EXPRESS');
    await page.getByRole('button', { name: 'Ship' }).click();
    assert.match(await page.getByRole('status').innerText(), /Order shipped/);
    assert.equal(await fact(page, 'Status').innerText(), 'shipped');
    assert.equal(await page.getByRole('button', { name: 'Cancel order' }).isDisabled(), true);

    // The stale tab's Cancel is a 409, shown on the order, not a crash.
    const [refused] = await Promise.all([
      stale.waitForResponse((r) => r.url().endsWith('/cancel')),
      stale.getByRole('button', { name: 'Cancel order' }).click(),
    ]);
    assert.equal(refused.status(), 409);
    assert.match(await stale.getByRole('alert').innerText(), /could not be cancelled[\s\S]*it is shipped/);
    assert.equal(await fact(stale, 'Status').innerText(), 'shipped');
    await stale.close();

    // The label is made by a background job: reload the shipment until its tracking number is there.
    await page
      .getByRole('table', { name: `Shipments of ${orderNumber}` })
      .getByRole('link')
      .first()
      .click();
    await page.getByRole('heading', { level: 1, name: /^Shipment SH-\d{6}$/ }).waitFor();
    const tracking = await reloadUntil(page, async () => {
      const text = (await fact(page, 'Tracking number').innerText()).trim();
      return text && text !== '—' ? text : undefined;
    });
    assert.match(tracking, /\w{6,}/);
    assert.equal(await fact(page, 'Label status').innerText(), 'created');
    assert.equal(await fact(page, 'Service').innerText(), 'EXPRESS');

    // The invoice is posted by a job too: tax from the tax partner, amounts from minor units.
    await page.getByRole('link', { name: orderNumber }).click();
    const invoiceLink = await reloadUntil(page, async () => {
      const links = page.getByRole('table', { name: `Invoices of ${orderNumber}` }).getByRole('link');
      return (await links.count()) > 0 ? links.first() : undefined;
    });
    await invoiceLink.click();
    await page.getByRole('heading', { level: 1, name: /^Invoice INV-\d{6}$/ }).waitFor();
    await reloadUntil(page, async () =>
      /posted|paid/.test(await fact(page, 'Status').innerText()) ? true : undefined,
    );
    const lines = page.getByRole('table', { name: /^Invoice lines of INV-/ });
    const footer = async (label: string) =>
      (
        await lines
          .getByRole('row', { name: new RegExp(`^${label}\\b`) })
          .getByRole('cell')
          .first()
          .innerText()
      ).trim();
    assert.equal(await footer('Subtotal'), '$592.48');
    const cents = (text: string) => Math.round(Number(text.replace(/[$,]/g, '')) * 100);
    const tax = await footer('Tax');
    const total = await footer('Total');
    assert.match(total, /^\$\d{1,3}(,\d{3})*\.\d{2}$/);
    assert.ok(cents(tax) > 0, `taxed: ${tax}`);
    assert.equal(cents(total), 59248 + cents(tax), `total ${total} = subtotal + tax ${tax}`);
    assert.equal(await fact(page, 'Total').innerText(), total);
  });

  test('the EDI log and MRP screens answer for the signed-in tenant', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'EDI messages' }).click();
    await page.getByRole('table', { name: /^EDI message log/ }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'MRP runs' }).click();
    await page.getByLabel('Planning date').fill('2031-01-05');
    await page.getByRole('button', { name: 'Start MRP run' }).click();
    await page.getByRole('heading', { level: 1, name: /^MRP run \d+$/ }).waitFor();
    await reloadUntil(page, async () => ((await fact(page, 'Status').innerText()) === 'completed' ? true : undefined));
    assert.equal(await fact(page, 'Planning date').innerText(), '2031-01-05');
    assert.ok(
      (await page
        .getByRole('table', { name: /^Net requirements/ })
        .getByRole('row')
        .count()) > 1,
    );
  });

  test('a bad login shows the alert and stays on the login', async () => {
    const fresh = await browser.newContext({ baseURL: harness.sandbox.url });
    const login = await fresh.newPage();
    const response = await login.goto('/login');
    assert.equal(response?.status(), 200);
    await signIn(login, acme, 'not-the-password');
    assert.match(await login.getByRole('alert').innerText(), /Sign-in failed/);
    assert.match(login.url(), /\/login$/);
    assert.equal(await login.getByLabel('Tenant').inputValue(), acme.tenant, 'the tenant is kept');
    assert.equal(await login.getByLabel('Password').inputValue(), '', 'the password is not');
    assert.deepEqual(
      (await fresh.cookies()).filter((c) => c.name === 'sandbox_session'),
      [],
      'no session',
    );
    await fresh.close();
  });

  test('a POST without the CSRF token is refused with a 403', async () => {
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'sandbox_session')!;
    assert.equal(session.httpOnly, true);
    assert.equal(session.sameSite, 'Lax');
    const post = (path: string, form: Record<string, string>) =>
      fetch(`${harness.sandbox.url}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: `sandbox_session=${session.value}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form),
      });
    for (const form of [{}, { _csrf: 'forged' }] as Array<Record<string, string>>) {
      const response = await post('/orders/new', { ...form, customer: 'C-ACME', sku1: 'VALVE-25', qty1: '1' });
      assert.equal(response.status, 403, JSON.stringify(form));
      assert.match(await response.text(), /security token/);
    }
    assert.equal((await post('/logout', {})).status, 403);
    const without = await post(`/orders/${orderNumber}/allocate`, {});
    assert.equal(without.status, 403);
    // Nothing was created: the list still has the one order.
    await page.goto('/orders');
    assert.equal(
      await page
        .getByRole('table', { name: /^Sales orders/ })
        .getByRole('link')
        .count(),
      1,
    );
    // And signed out, a POST goes to the login instead.
    const anonymous = await fetch(`${harness.sandbox.url}/orders/new`, { method: 'POST', redirect: 'manual' });
    assert.equal(anonymous.status, 303);
    assert.equal(anonymous.headers.get('location'), '/login');
  });

  test("a clerk of another tenant gets a 404 for the first tenant's order", async () => {
    const otherContext = await browser.newContext({ baseURL: harness.sandbox.url });
    const otherPage = await otherContext.newPage();
    await otherPage.goto('/login');
    await signIn(otherPage, other);
    await otherPage.getByRole('heading', { level: 1, name: 'Sales orders' }).waitFor();
    assert.equal(await otherPage.getByRole('cell', { name: 'No orders yet.' }).count(), 1);
    const response = await otherPage.goto(`/orders/${orderNumber}`);
    assert.equal(response?.status(), 404);
    await otherPage.getByRole('heading', { level: 1, name: 'Not found' }).waitFor();
    assert.equal(await otherPage.getByText('Acme').count(), 0, 'nothing of the other tenant shows');
    // Acting on it with a valid token of its own session is a 404 too.
    const token = await otherPage.locator('input[name="_csrf"]').first().inputValue();
    for (const action of ['allocate', 'ship', 'cancel']) {
      const refused = await otherContext.request.post(`/orders/${orderNumber}/${action}`, {
        form: { _csrf: token },
        maxRedirects: 0,
      });
      assert.equal(refused.status(), 404, action);
    }
    await otherContext.close();
  });
});
