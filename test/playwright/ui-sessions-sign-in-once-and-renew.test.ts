// The ui driver's sessions against the real sandbox in a real Chromium: the config's login action
// runs once per tenant per worker (the sandbox counts screen sign-ins), its storage state opens a
// signed-in page, a session the target expired is renewed once (a step that lands on the sign-in
// screen is performed again, signed in), and a failed sign-in says so without the password.
// The login action here signs in with http steps (Playwright's "API login"): the ui: steps that
// drive the sign-in form are the ui step language's own tests.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Page } from '@playwright/test';
import { findBrowser } from '../../src/drivers/ui/find-browser.js';
import type { StepContext } from '../../src/engine/context.js';
import type { UiDriver } from '../../src/engine/ui-port.js';
import { loadProject } from '../../src/loader/load-project.js';
import type { Project } from '../../src/loader/project.js';
import { renewingUiDriver } from '../../src/playwright/renewing-ui-driver.js';
import type { RunOptions } from '../../src/playwright/run-options.js';
import { createUiSessions } from '../../src/playwright/ui-login.js';
import { startHarness, type Harness } from '../sandbox/sandbox-harness.js';
import { tempProjects } from '../helpers/temp-project.js';
import { localRunOptions } from '../helpers/run-options.js';

const ADMIN = 'test-admin-token';
// The sign-in form's double-submit token: any 43 URL-safe characters, sent as cookie and field.
const FORM_TOKEN = 'rehearse-ui-test-login-token-00000000000000';
const project = tempProjects();

const LOGIN_ACTION = [
  'actions:',
  '  session.login:',
  '    params:',
  '      tenantId: { type: string, required: true }',
  '      username: { type: string, required: true }',
  '      password: { type: string, required: true, secret: true }',
  '    ui:',
  '      - http: POST /login',
  `        headers: { cookie: 'sandbox_login=${FORM_TOKEN}' }`,
  `        form: { _csrf: ${FORM_TOKEN}, tenant: '{{ tenantId }}', username: '{{ username }}', password: '{{ password }}', next: /orders }`,
  '        followRedirects: false',
  '        expect: { status: 303 }',
  '',
].join('\n');

async function provision(harness: Harness, id: string): Promise<{ username: string; password: string }> {
  const answer = await fetch(`${harness.sandbox.url}/admin/tenants`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ id, seed: 'standard', data: { users: [{ username: 'clerk', role: 'clerk' }] } }),
  });
  const body = (await answer.json()) as { users: Array<{ username: string; password: string }> };
  assert.equal(answer.status, 201, JSON.stringify(body));
  return body.users[0]!;
}

async function admin(harness: Harness, method: string, path: string, body?: unknown): Promise<unknown> {
  const answer = await fetch(`${harness.sandbox.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  assert.equal(answer.status, 200);
  return answer.json();
}

const uiLogins = async (harness: Harness) =>
  ((await admin(harness, 'GET', '/admin/logins')) as { uiLogins: Record<string, number> }).uiLogins;

function runOptions(root: string, baseUrl: string, env: string): RunOptions {
  return localRunOptions(root, baseUrl, {
    runId: 'ui-sessions',
    seed: 'ui-sessions',
    environment: env,
    tenantIds: { standard: 'ui-acme', regulated: 'ui-globex' },
    tenantUi: {
      standard: { username: 'env:UI_TEST_ACME_USER', password: 'env:UI_TEST_ACME_PASSWORD' },
      regulated: { username: 'env:UI_TEST_GLOBEX_USER', password: 'env:UI_TEST_GLOBEX_PASSWORD' },
    },
    ui: { login: 'session.login', trace: 'off', screenshot: 'off', headless: true },
    drivers: ['ui'],
    requestTimeoutMs: 10_000,
  });
}

/** A page object for this test only: `{ ui: { goto } }` on the page (the ui step language is not under test here). */
function gotoDriver(page: Page): UiDriver {
  return {
    perform: async (step) => {
      const goto = (step as unknown as { ui: { goto: string } }).ui.goto;
      await page.goto(goto);
      return {};
    },
  };
}

describe('ui sessions: one sign-in per tenant per worker, renewed when the target ends it', () => {
  let harness: Harness;
  let browser: Browser;
  let loaded: Project;
  let passwords: Record<string, string>;
  let usernames: Record<string, string>;

  before(async () => {
    harness = await startHarness();
    const acme = await provision(harness, 'ui-acme');
    const globex = await provision(harness, 'ui-globex');
    passwords = { acme: acme.password, globex: globex.password };
    usernames = { acme: acme.username, globex: globex.username };
    process.env.UI_TEST_ACME_USER = usernames.acme;
    process.env.UI_TEST_ACME_PASSWORD = passwords.acme;
    process.env.UI_TEST_GLOBEX_USER = usernames.globex;
    process.env.UI_TEST_GLOBEX_PASSWORD = passwords.globex;
    const dir = project({
      'rehearse.config.yaml':
        'defaultEnvironment: local\nenvironments:\n  local:\n    baseUrl: http://127.0.0.1:1\n    allowedHosts: [127.0.0.1]\nui: { login: session.login }\n',
      'scenarios/actions/session.yaml': LOGIN_ACTION,
      'scenarios/smoke.scenario.yaml':
        'name: smoke\ndrivers: [ui]\nsteps:\n  - do: session.login\n    with: { tenantId: x, username: y, password: z }\n',
    }).dir;
    const result = loadProject({ root: dir });
    assert.ok(result.project, JSON.stringify(result.diagnostics, null, 2));
    loaded = result.project;
    const found = findBrowser();
    assert.ok(found, 'a Chromium for the ui driver');
    browser = await chromium.launch({
      headless: true,
      ...(found.executablePath ? { executablePath: found.executablePath } : {}),
      args: found.args,
    });
  });
  after(async () => {
    await browser?.close();
    await harness?.close();
  });

  /** A worker's sessions against this harness (the run options of environment `local` unless given). */
  const newSessions = (options: RunOptions = runOptions(loaded.root, harness.sandbox.url, 'local')) =>
    createUiSessions({ browser, project: loaded, options, uiBaseUrl: harness.sandbox.url, timeoutMs: 10_000 });

  test('the login runs once per tenant; its storage state opens a signed-in page', async () => {
    const sessions = newSessions();
    const before = await uiLogins(harness);
    const [a, b] = await Promise.all([sessions.signIn('standard'), sessions.signIn('standard')]);
    const c = await sessions.signIn('standard');
    const other = await sessions.signIn('regulated');
    assert.ok(a && other);
    assert.equal(a, b, 'two tests asking at once share one sign-in');
    assert.equal(a, c);
    const after = await uiLogins(harness);
    assert.equal((after['ui-acme'] ?? 0) - (before['ui-acme'] ?? 0), 1, 'one sign-in for standard');
    assert.equal((after['ui-globex'] ?? 0) - (before['ui-globex'] ?? 0), 1, 'one sign-in for regulated');
    assert.deepEqual(Object.fromEntries(sessions.logins), { standard: 1, regulated: 1 });
    assert.ok(a.secrets.includes(passwords.acme!), 'the password is a secret of every ui test');
    assert.ok(a.state.cookies.some((cookie) => cookie.name === 'sandbox_session' && a.secrets.includes(cookie.value)));

    const context = await browser.newContext({ baseURL: harness.sandbox.url, storageState: a.state });
    try {
      const page = await context.newPage();
      await page.goto('/orders');
      assert.equal(new URL(page.url()).pathname, '/orders', 'signed in: the orders screen, not the sign-in');
    } finally {
      await context.close();
    }
  });

  test("the first test's own page signs in: its context holds the session, no other context is opened", async () => {
    const sessions = newSessions();
    assert.equal(sessions.current('standard'), undefined, 'no session before the first sign-in');
    const context = await browser.newContext({ baseURL: harness.sandbox.url });
    try {
      const page = await context.newPage();
      const contextsBefore = browser.contexts().length;
      const made = await sessions.signIn('standard', { context, page });
      assert.ok(made);
      assert.equal(browser.contexts().length, contextsBefore, 'signed in on the given page');
      assert.equal(await sessions.current('standard'), made, 'kept for the worker');
      assert.equal(await sessions.signIn('standard'), made, 'later tests reuse it');
      assert.deepEqual(Object.fromEntries(sessions.logins), { standard: 1 });
      const cookies = await context.cookies();
      assert.ok(
        cookies.some((cookie) => cookie.name === 'sandbox_session' && made.secrets.includes(cookie.value)),
        "the test's context holds the session cookie",
      );
      await page.goto('/orders');
      assert.equal(new URL(page.url()).pathname, '/orders', 'the page is signed in');
    } finally {
      await context.close();
    }
  });

  test('a session the target ended is renewed once and the step performed again', async () => {
    const sessions = newSessions();
    const first = await sessions.signIn('standard');
    assert.ok(first);
    const context = await browser.newContext({ baseURL: harness.sandbox.url, storageState: first.state });
    try {
      const page = await context.newPage();
      let current = first;
      let renewals = 0;
      const driver = renewingUiDriver(gotoDriver(page), {
        page,
        loginPath: '/login',
        renew: async () => {
          renewals++;
          const fresh = await sessions.renew('standard', current);
          if (!fresh) return false;
          current = fresh;
          await context.clearCookies();
          await context.addCookies(fresh.state.cookies);
          return true;
        },
      });
      const ctx = {} as StepContext;
      await driver.perform({ ui: { goto: '/orders' } }, ctx);
      assert.equal(new URL(page.url()).pathname, '/orders');
      assert.equal(renewals, 0, 'a live session is not renewed');

      const before = await uiLogins(harness);
      const expired = (await admin(harness, 'POST', '/admin/ui-sessions/expire', { tenant: 'ui-acme' })) as {
        expired: number;
      };
      assert.ok(expired.expired >= 1);
      await driver.perform({ ui: { goto: '/orders/new' } }, ctx);
      assert.equal(new URL(page.url()).pathname, '/orders/new', 'performed again, signed in');
      assert.equal(renewals, 1);
      assert.notEqual(current, first, 'a fresh session');
      const after = await uiLogins(harness);
      assert.equal((after['ui-acme'] ?? 0) - (before['ui-acme'] ?? 0), 1, 'one more sign-in');
      // Another test of the worker that still holds the old session gets the fresh one, no new sign-in.
      assert.equal(await sessions.renew('standard', first), current);
      assert.equal((await uiLogins(harness))['ui-acme'], after['ui-acme']);

      // Once per test: a second loss is the step's own outcome.
      await admin(harness, 'POST', '/admin/ui-sessions/expire', { tenant: 'ui-acme' });
      await driver.perform({ ui: { goto: '/orders' } }, ctx);
      assert.equal(new URL(page.url()).pathname, '/login');
      assert.equal(renewals, 1);
    } finally {
      await context.close();
    }
  });

  test('a refused sign-in fails with the step that refused it, never the password', async () => {
    const options = runOptions(loaded.root, harness.sandbox.url, 'local');
    process.env.UI_TEST_WRONG_PASSWORD = `${passwords.acme}-wrong`;
    options.tenantUi = { standard: { username: 'env:UI_TEST_ACME_USER', password: 'env:UI_TEST_WRONG_PASSWORD' } };
    const sessions = newSessions(options);
    await assert.rejects(sessions.signIn('standard'), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'REHEARSE_UI_LOGIN_FAILED');
      assert.match(error.message, /POST \/login/);
      assert.match(error.message, /401/);
      assert.doesNotMatch(error.message, new RegExp(passwords.acme!));
      return true;
    });
    const missing = newSessions({ ...options, tenantUi: {} });
    await assert.rejects(missing.signIn('standard'), /REHEARSE_UI_CREDENTIALS_MISSING|gives no UI sign-in/);
  });
});
