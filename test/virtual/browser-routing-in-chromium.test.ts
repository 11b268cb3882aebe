import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { routeVirtualServices, type BrowserRouting, type VirtualServicesHandle } from '../../src/virtual/index.js';
import { QUOTE, start } from './helpers.js';

const ADDRESS = { region: 'TX', postalCode: '75001', country: 'US' };

describe('partner calls made by a page, routed in Chromium', () => {
  let virtual: VirtualServicesHandle;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let routing: BrowserRouting;
  before(async () => {
    virtual = await start({ partners: ['carrier', 'tax'] });
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    context = await browser.newContext();
    await context.route('http://app.test/**', (route) =>
      route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>app</title><h1>Shop</h1>' }),
    );
    routing = await routeVirtualServices(context, virtual.hub, { urls: { carrier: 'https://api.carrier.example' } });
    page = await context.newPage();
    await page.goto('http://app.test/');
  });
  after(async () => {
    await routing?.dispose();
    await browser?.close();
    await virtual?.close();
  });

  /** fetch() inside the page: [status, body text] or ['error', message]. */
  const call = (url: string, body: unknown) =>
    page.evaluate(
      async ({ url, body }) => {
        try {
          const response = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-tenant-id': 'acme' },
            body: JSON.stringify(body),
          });
          return [response.status, await response.text(), response.headers.get('retry-after')] as const;
        } catch (error) {
          return ['error', String(error), null] as const;
        }
      },
      { url, body },
    );

  it("answers the page's cross-origin call from the route table and journals it", async () => {
    const [status, text] = await call('https://api.carrier.example/rates', {
      shipFrom: ADDRESS,
      shipTo: ADDRESS,
      parcels: [{ weightKg: 1 }],
    });
    assert.equal(status, 200);
    assert.equal((JSON.parse(text) as { rates: unknown[] }).rates.length, 3);
    const [entry] = (await virtual.admin.requests({ partner: 'carrier', route: 'POST /rates' })).requests;
    assert.deepEqual([entry?.tenant, entry?.status, entry?.matched], ['acme', 200, true]);
    const [tax] = await call('http://virtual.rehearse.test/tax/quotes', QUOTE);
    assert.equal(tax, 200, 'partners not in `urls` answer under the default base URL');
  });

  it('shows faults to the page: error status with Retry-After, reset, hang', async () => {
    await virtual.admin.setFaults('carrier', { rules: [{ error: { status: 429, retryAfter: '4s' } }] });
    const [status, , retryAfter] = await call('https://api.carrier.example/rates', {});
    assert.deepEqual([status, retryAfter], [429, '4']);

    await virtual.admin.setFaults('carrier', { rules: [{ reset: true }] });
    const [failed, message] = await call('https://api.carrier.example/rates', {});
    assert.equal(failed, 'error');
    assert.match(message, /TypeError/);

    await virtual.admin.setFaults('carrier', { rules: [{ hang: '300ms' }] });
    const started = Date.now();
    const [hung] = await call('https://api.carrier.example/rates', {});
    assert.equal(hung, 'error');
    assert.ok(Date.now() - started >= 280);

    await virtual.admin.setFaults('carrier', { rules: [{ body: 'malformed' }] });
    const [ok, damaged] = await call('https://api.carrier.example/rates', {
      shipFrom: ADDRESS,
      shipTo: ADDRESS,
      parcels: [{ weightKg: 1 }],
    });
    assert.equal(ok, 200);
    assert.throws(() => JSON.parse(damaged));
    await virtual.admin.setFaults('carrier', {});
    assert.equal(await virtual.admin.count({ partner: 'carrier', faulted: true }), 4);
  });
});
