// A real Playwright trace of a sign-in on the sandbox's screens holds the typed password and the
// session cookie (checked first, so this test can fail); `redactTrace` leaves neither, in any
// spelling the trust issue's scanner looks for — even when the run's redactor knew neither
// value: the password is typed into a field whose selector names it, the cookie travels in
// Cookie/Set-Cookie headers and the context's storage state.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser } from '@playwright/test';
import { unzipSync } from 'fflate';
import { Redactor } from '../../src/core/redactor.js';
import { findBrowser } from '../../src/drivers/ui/find-browser.js';
import { redactTrace } from '../../src/playwright/redact-trace.js';
import { scanBuffer } from '../helpers/scan-secrets.js';
import { startHarness, type Harness } from '../sandbox/sandbox-harness.js';

const ADMIN = 'test-admin-token';

describe('traces of ui tests carry no secret', () => {
  let harness: Harness;
  let browser: Browser;
  let raw: Buffer;
  let secrets: Record<string, string>;
  const dir = mkdtempSync(join(tmpdir(), 'rehearse-trace-test-'));

  before(async () => {
    harness = await startHarness();
    const answer = await fetch(`${harness.sandbox.url}/admin/tenants`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        id: 'trace-acme',
        seed: 'standard',
        data: { users: [{ username: 'clerk', role: 'clerk' }] },
      }),
    });
    const user = ((await answer.json()) as { users: Array<{ username: string; password: string }> }).users[0]!;
    const found = findBrowser();
    assert.ok(found, 'a Chromium');
    browser = await chromium.launch({
      headless: true,
      ...(found.executablePath ? { executablePath: found.executablePath } : {}),
      args: found.args,
    });
    const context = await browser.newContext({ baseURL: harness.sandbox.url });
    await context.tracing.start({ screenshots: true, snapshots: true });
    const page = await context.newPage();
    await page.goto('/login');
    await page.getByLabel('Tenant').fill('trace-acme');
    await page.getByLabel('Username').fill(user.username);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/orders');
    await page.goto('/orders/new');
    const session = (await context.cookies()).find((c) => c.name === 'sandbox_session');
    assert.ok(session);
    // A second context started from the storage state, as every ui test starts: its options are in a trace too.
    const state = await context.storageState();
    await context.tracing.stop({ path: join(dir, 'trace.zip') });
    await context.close();
    const second = await browser.newContext({ baseURL: harness.sandbox.url, storageState: state });
    await second.tracing.start({ snapshots: true });
    await (await second.newPage()).goto('/orders');
    await second.tracing.stop({ path: join(dir, 'second.zip') });
    await second.close();
    raw = readFileSync(join(dir, 'trace.zip'));
    secrets = { password: user.password, 'session cookie': session.value };
  });
  after(async () => {
    await browser?.close();
    await harness?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the raw trace holds the password and the cookie: what the redaction is for', () => {
    const found = new Set(scanBuffer(secrets, 'raw trace', raw).findings.map((f) => f.secret));
    assert.deepEqual([...found].sort(), ['password', 'session cookie']);
  });

  test('redacted with what the run knew (the password), nothing is left, and the trace still opens', () => {
    const redactor = new Redactor();
    redactor.addSecret(secrets.password);
    const safe = Buffer.from(redactTrace(raw, redactor));
    assert.deepEqual(scanBuffer(secrets, 'redacted trace', safe).findings, []);
    const entries = unzipSync(safe);
    assert.ok(entries['trace.trace'] && entries['trace.network'], Object.keys(entries).join(', '));
    const events = new TextDecoder().decode(entries['trace.trace']).trim().split('\n');
    assert.ok(
      events.every((line) => JSON.parse(line) !== undefined),
      'every event is still JSON',
    );
    assert.ok(
      events.some((line) => line.includes('"fill"')),
      'the fill calls are still there, without their secret',
    );
  });

  test('redacted by a redactor that knew neither value, nothing is left either', () => {
    const safe = Buffer.from(redactTrace(raw, new Redactor()));
    assert.deepEqual(scanBuffer(secrets, 'redacted trace', safe).findings, []);
    const second = Buffer.from(redactTrace(readFileSync(join(dir, 'second.zip')), new Redactor()));
    assert.ok(scanBuffer(secrets, 'raw second trace', readFileSync(join(dir, 'second.zip'))).findings.length > 0);
    assert.deepEqual(scanBuffer(secrets, 'redacted second trace', second).findings, []);
  });
});
