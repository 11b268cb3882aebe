// Page objects through the real CLI: a TypeScript module under pages/ (the shipped
// pages/order-screen.ts, importing definePage from rehearse/ui as a user's project would) is
// called from a ui: step against the sandbox's screens, its result checked and saved; one that
// throws fails its step with its name, its message, the user's own file:line, the page URL and a
// screenshot; validate checks page names and with: at file:line:col without a browser.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { startHarness, type Harness } from '../sandbox/sandbox-harness.js';
import { runCli } from '../helpers/run-cli.js';
import { tempProjects } from '../helpers/temp-project.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const ADMIN = 'test-admin-token';
const FORM_TOKEN = 'rehearse-ui-test-login-token-00000000000000';
const project = tempProjects();

const SESSION = [
  'actions:',
  '  session.login:',
  '    params:',
  '      username: { type: string, required: true }',
  '      password: { type: string, required: true, secret: true }',
  '    ui:',
  '      - http: POST /login',
  `        headers: { cookie: 'sandbox_login=${FORM_TOKEN}' }`,
  `        form: { _csrf: ${FORM_TOKEN}, tenant: '{{ tenant.tenantId }}', username: '{{ username }}', password: '{{ password }}', next: /orders }`,
  '        followRedirects: false',
  '        expect: { status: 303 }',
  '',
].join('\n');

const CONFIG = [
  'defaultEnvironment: local',
  'environments:',
  '  local:',
  '    baseUrl: env:PAGES_BASE_URL',
  '    allowedHosts: [127.0.0.1]',
  '    tenants:',
  '      standard:',
  '        tenantId: pages-acme',
  '        ui: { username: env:PAGES_USER, password: env:PAGES_PASSWORD }',
  'ui: { login: session.login, trace: "off" }',
  '',
].join('\n');

const ENTER_ORDER = [
  '  - ui: { goto: /orders/new }',
  '  - ui: { select: { label: Customer, exact: true }, option: C-ACME }',
  '  - ui: { select: { label: Line 1 item }, option: PUMP-100 }',
  "  - ui: { fill: { label: Line 1 quantity }, value: '3' }",
  '  - ui: { click: { role: button, name: Create order } }',
  "  - ui: { save: { number: { urlPath: '/orders/:number' } } }",
].join('\n');

const LINES_SCENARIO = [
  'name: order-lines',
  'drivers: [ui]',
  'tenants: [standard]',
  'steps:',
  ENTER_ORDER,
  "  - ui: { page: orderScreen.lines, with: { orderId: '{{ number }}' }, expect: { 'lines[0].sku': PUMP-100, 'lines[0].qty': 3 }, save: { first: 'lines[0]' } }",
  '  - expect: { first.qtyShipped: 0, first.line: 1 }',
  '  - do: order.lines',
  "    with: { orderId: '{{ number }}' }",
  "    expect: { '[0].qty': 3 }",
  '',
].join('\n');

const BROKEN_PAGE = [
  "import { definePage } from 'rehearse/ui';",
  '',
  'export default definePage({',
  "  name: 'orderScreen.totals',",
  "  params: { orderId: { type: 'string', required: true } },",
  '  async run(page, { orderId }) {',
  '    await page.goto(`/orders/${orderId}`);',
  "    const text = await page.getByRole('table', { name: 'Order totals' }).innerText();",
  '    return { text };',
  '  },',
  '});',
  '',
].join('\n');

const BROKEN_SCENARIO = [
  'name: order-totals',
  'drivers: [ui]',
  'tenants: [standard]',
  'steps:',
  ENTER_ORDER,
  "  - ui: { page: orderScreen.totals, with: { orderId: '{{ number }}' } }",
  '    timeout: 1s',
  '',
].join('\n');

/** The user's project as npm would install it: node_modules/rehearse is this package. */
function pageProject(files: Record<string, string>) {
  const p = project({
    'rehearse.config.yaml': CONFIG,
    'scenarios/actions/session.yaml': SESSION,
    'scenarios/actions/order-lines.yaml': readFileSync(join(REPO, 'scenarios/actions/order-lines.yaml'), 'utf8'),
    'pages/order-screen.ts': readFileSync(join(REPO, 'pages/order-screen.ts'), 'utf8'),
    ...files,
  });
  mkdirSync(join(p.dir, 'node_modules'), { recursive: true });
  symlinkSync(REPO, join(p.dir, 'node_modules', 'rehearse'), 'dir');
  return p;
}

describe('page objects are TypeScript called from ui: steps', () => {
  let harness: Harness;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    harness = await startHarness();
    const answer = await fetch(`${harness.sandbox.url}/admin/tenants`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        id: 'pages-acme',
        seed: 'standard',
        data: { users: [{ username: 'clerk', role: 'clerk' }] },
      }),
    });
    const body = (await answer.json()) as { users: Array<{ username: string; password: string }> };
    assert.equal(answer.status, 201, JSON.stringify(body));
    env = {
      PAGES_BASE_URL: harness.sandbox.url,
      PAGES_USER: body.users[0]!.username,
      PAGES_PASSWORD: body.users[0]!.password,
    };
  });
  after(async () => harness?.close());

  test('the shipped orderScreen.lines reads the lines table; a page object that throws fails its step with evidence', async () => {
    const p = pageProject({
      'scenarios/order-lines.scenario.yaml': LINES_SCENARIO,
      'scenarios/order-totals.scenario.yaml': BROKEN_SCENARIO,
      'pages/totals.ts': BROKEN_PAGE,
    });
    const run = await runCli(['run', '--driver', 'ui', '--workers', '1', '--reporter', 'list,json'], {
      cwd: p.dir,
      env,
      timeoutMs: 180_000,
    });
    const out = run.stdout + run.stderr;
    assert.equal(run.code, 1, out);
    assert.match(out, /✓.*order-lines \(standard, ui\)/, out);
    assert.match(out, /✘.*order-totals \(standard, ui\)/, out);
    assert.match(
      out,
      /REHEARSE_UI_PAGE_OBJECT_FAILED: Failed to run page object "orderScreen\.totals": Timeout 1000ms exceeded/,
      out,
    );
    assert.match(out, /\(thrown at pages\/totals\.ts:8:\d+\)\./, 'the user frame of the page object');
    assert.match(out, /page: http:\/\/127\.0\.0\.1:\d+\/orders\/SO-\d+/);
    const report = readFileSync(join(p.dir, 'reports', 'results.json'), 'utf8');
    const attachments = [...report.matchAll(/"name": "([^"]+)",\s*"contentType": "([^"]+)"/g)].map(
      (m) => `${m[1]} ${m[2]}`,
    );
    assert.ok(attachments.includes('screenshot image/png'), attachments.join(', '));
    assert.doesNotMatch(out, /src\/drivers\/ui|perform-page-object/, 'no stack of Rehearse itself');
  });

  test('validate knows page objects without a browser: unknown name, missing and mistyped parameters at file:line:col', async () => {
    const p = pageProject({
      'scenarios/calls.scenario.yaml': [
        'name: calls',
        'drivers: [ui]',
        'steps:',
        '  - ui: { page: orderScreen.line, with: { orderId: SO-1 } }',
        '  - ui: { page: orderScreen.lines, with: {} }',
        '  - ui: { page: orderScreen.lines, with: { orderId: 12 } }',
        '',
      ].join('\n'),
    });
    const result = await runCli(['validate'], { cwd: p.dir, env });
    const out = result.stdout + result.stderr;
    assert.equal(result.code, 2, out);
    assert.match(out, /scenarios\/calls\.scenario\.yaml:4:\d+.*REHEARSE_UNKNOWN_PAGE_OBJECT/);
    assert.match(out, /Did you mean "orderScreen\.lines"\?/);
    assert.match(out, /scenarios\/calls\.scenario\.yaml:5:\d+.*REHEARSE_MISSING_PARAMETER/);
    assert.match(out, /scenarios\/calls\.scenario\.yaml:6:\d+.*REHEARSE_PARAMETER_TYPE/);
    assert.match(out, /must be string, got integer/);
  });
});
