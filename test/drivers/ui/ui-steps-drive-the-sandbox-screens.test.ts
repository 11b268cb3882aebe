// `ui:` steps run through the real engine (loader → step runner → createUiDriver) in headless
// Chromium against the real sandbox over HTTP: a clerk signs in (the password a secret: hidden in
// titles and results), enters an order, allocates it, saves its number from the URL and its status
// from a table cell, expects text, count, URL and enabled. When a locator finds nothing or an
// expectation does not hold, the step fails with the locator in the YAML's terms, what was
// expected and found, the page URL, an accessible snapshot around the spot, a did-you-mean from
// the page's accessible names, and a PNG screenshot attached. One browser for the whole file.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Page } from '@playwright/test';
import { Redactor } from '../../../src/core/redactor.js';
import { createUiDriver } from '../../../src/drivers/ui/index.js';
import type { StepResult } from '../../../src/engine/results.js';
import { ScenarioExecution } from '../../../src/engine/run-scenario.js';
import { loadProject } from '../../../src/loader/load-project.js';
import type { Project } from '../../../src/loader/project.js';
import type { Scenario } from '../../../src/schema/index.js';
import { startHarness, type Harness } from '../../sandbox/sandbox-harness.js';
import { tempProject, type TempProject } from '../../helpers/temp-project.js';
import { engineContexts } from '../../engine/helpers.js';
import { findBrowser } from '../../../src/drivers/ui/find-browser.js';

const ADMIN = 'test-admin-token';
const choice = findBrowser();

const CONFIG = [
  'environments:',
  '  sandbox: { embedded: sandbox, allowedHosts: [127.0.0.1], expose: [CLERK_TENANT, CLERK_PASSWORD] }',
  '',
].join('\n');

const ORDER = [
  'name: ui-order',
  'secrets: [password]',
  'vars:',
  "  tenantId: '{{ env.CLERK_TENANT }}'",
  "  password: '{{ env.CLERK_PASSWORD }}'",
  'steps:',
  '  - ui: { goto: /login }',
  "  - ui: { fill: { label: Tenant }, value: '{{ tenantId }}' }",
  '  - ui: { fill: { label: Username }, value: clerk }',
  "  - ui: { fill: { label: Password }, value: '{{ password }}' }",
  '  - ui: { click: { role: button, name: Sign in }, waitForResponse: { url: /login, method: POST, status: 303 } }',
  '  - ui: { expect: { role: heading, level: 1, name: Sales orders } }',
  '  - ui: { click: { role: link, name: New order, within: { role: navigation, name: Main } } }',
  '  - ui: { select: { label: Customer, exact: true }, option: C-ACME }',
  '  - ui: { select: { label: Line 1 item }, option: PUMP-100 }',
  '  - ui: { fill: { label: Line 1 quantity }, value: 2 }',
  "  - ui: { click: { role: button, name: Create order }, waitForResponse: { url: '**/orders/new', status: 303 } }",
  "  - ui: { expectUrl: '/orders/SO-*' }",
  "  - ui: { save: { number: { urlPath: '/orders/:number' } } }",
  "  - ui: { expect: { role: status }, text: 'Order {{ number }} created' }",
  '  - ui: { expect: { role: button, name: Ship }, enabled: false }',
  '  - ui: { click: { role: button, name: Allocate } }',
  '  - ui: { expect: { role: status }, text: { equals: Order allocated. } }',
  '  - ui: { expect: { role: button, name: Ship }, enabled: true }',
  "  - ui: { expect: { role: row, within: { role: table, name: 'Stock reserved for {{ number }}' } }, count: 2 }",
  '  - ui: { goto: /orders }',
  '  - ui:',
  '      save:',
  '        status:',
  '          cell:',
  '            table: { role: table, name: Sales orders }',
  "            row: { hasText: '{{ number }}' }",
  '            column: Status',
  '        firstOrder: { text: { role: rowheader, first: true } }',
  '  - ui: { screenshot: orders list }',
  "  - expect: { status: allocated, number: { matches: '^SO-\\d{6}$' } }",
  '',
].join('\n');

const BROKEN = (name: string, step: string) =>
  [`name: ${name}`, 'steps:', '  - ui: { goto: /orders }', step, ''].join('\n');

let harness: Harness;
let browser: Browser;
let page: Page;
let project: TempProject;
let loaded: Project;
let clerk: { tenant: string; password: string };

before(async () => {
  assert.ok(choice, 'no Chromium found: run `npm ci` (scripts/setup.mjs installs one) or set CHROMIUM_PATH');
  project = tempProject({
    'rehearse.config.yaml': CONFIG,
    'scenarios/ui-order.scenario.yaml': ORDER,
    'scenarios/ui-missing-link.scenario.yaml': BROKEN(
      'ui-missing-link',
      '  - ui: { click: { role: link, name: New ordr } }\n    timeout: 500ms',
    ),
    'scenarios/ui-missing-row.scenario.yaml': BROKEN(
      'ui-missing-row',
      '  - ui: { click: { role: link, name: SO-999999, within: { role: table, name: Sales orders } } }\n    timeout: 500ms',
    ),
    'scenarios/ui-wrong-text.scenario.yaml': BROKEN(
      'ui-wrong-text',
      '  - ui: { expect: { role: heading, level: 1 }, text: Sales ordres }\n    timeout: 500ms',
    ),
    'scenarios/ui-wrong-column.scenario.yaml': BROKEN(
      'ui-wrong-column',
      '  - ui: { save: { s: { cell: { table: { role: table }, row: 0, column: Stauts } } } }\n    timeout: 500ms',
    ),
  });
  const result = loadProject({ root: project.dir });
  assert.ok(result.project, JSON.stringify(result.diagnostics));
  assert.deepEqual(
    result.diagnostics.filter((d) => d.severity !== 'warning'),
    [],
  );
  loaded = result.project;
  harness = await startHarness();
  const provisioned = await fetch(`${harness.sandbox.url}/admin/tenants`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ id: 'ui-steps', name: 'Acme & Sons', seed: 'standard' }),
  });
  const body = (await provisioned.json()) as { users: Array<{ username: string; password: string }> };
  clerk = { tenant: 'ui-steps', password: body.users.find((u) => u.username === 'clerk')!.password };
  browser = await chromium.launch({ executablePath: choice.executablePath, args: choice.args, headless: true });
  page = await (await browser.newContext()).newPage();
});

after(async () => {
  await browser?.close();
  await harness?.close();
  project?.remove();
});

/** Runs one loaded scenario through the engine with a UI driver on the shared page. */
async function run(name: string, options: { ui?: boolean } = {}): Promise<{ steps: StepResult[]; redactor: Redactor }> {
  const contexts = engineContexts(loaded);
  const redactor = new Redactor();
  const engine = contexts.engine({
    redactor,
    baseUrl: harness.sandbox.url,
    env: { CLERK_TENANT: clerk.tenant, CLERK_PASSWORD: clerk.password },
    run: {
      id: 'r1',
      seed: '1',
      startedAt: new Date().toISOString(),
      scenario: name,
      tenant: 'standard',
      driver: 'ui',
      traceId: '0'.repeat(32),
    },
    ...(options.ui === false
      ? {}
      : {
          ui: createUiDriver({
            page,
            baseUrl: harness.sandbox.url,
            projectRoot: project.dir,
            redactor,
            timeoutMs: 5000,
          }),
        }),
  });
  try {
    const entry = loaded.scenarios.find((s) => (s.scenario as Scenario).name === name)!;
    const steps = await new ScenarioExecution({
      scenario: entry.scenario as Scenario,
      file: entry.file,
      engine,
    }).start();
    return { steps, redactor };
  } finally {
    await contexts.close();
  }
}

const isPng = (body: string) => Buffer.from(body, 'base64').subarray(0, 8).toString('hex') === '89504e470d0a1a0a';

describe('ui steps against the sandbox in Chromium', () => {
  let orderNumber = '';

  test('a clerk signs in, enters an order, allocates it, and the step saves its number and status', async () => {
    const { steps } = await run('ui-order');
    const problems = steps.filter((s) => s.status !== 'passed');
    assert.deepEqual(
      problems.map((s) => `${s.title}: ${s.error?.message ?? JSON.stringify(s.checks)}`),
      [],
    );
    const titles = steps.map((s) => s.title);
    assert.ok(titles.includes('fill label "Password" with [REDACTED]'), titles.join('\n'));
    assert.ok(titles.includes('click button "Allocate"'), titles.join('\n'));
    assert.ok(
      titles.includes('expect status has text "Order allocated."') ||
        titles.some((t) => t.startsWith('expect status text is')),
      titles.join('\n'),
    );
    assert.ok(!JSON.stringify(steps).includes(clerk.password), 'the typed password is in no title, message or record');
    const saved = Object.assign({}, ...steps.map((s) => s.saved ?? {})) as Record<string, string>;
    assert.match(saved.number!, /^SO-\d{6}$/);
    assert.equal(saved.status, 'allocated');
    assert.equal(saved.firstOrder, saved.number, 'the only order is the first row');
    orderNumber = saved.number!;
    const shot = steps.find((s) => s.title === 'screenshot orders list')!.attachments![0]!;
    assert.equal(shot.contentType, 'image/png');
    assert.equal(shot.when, 'always');
    assert.ok(isPng(shot.body), 'a PNG in base64');
  });

  test('a locator that finds nothing names itself, shows the URL and the page, suggests the name, attaches a screenshot', async () => {
    const { steps } = await run('ui-missing-link');
    const failed = steps[1]!;
    assert.equal(failed.status, 'failed');
    assert.equal(failed.title, 'click link "New ordr"');
    assert.equal(failed.error?.code, 'REHEARSE_UI_NOT_FOUND');
    const message = failed.error!.message;
    assert.match(message, /^Failed to click role=link name="New ordr": no element matched it within 500ms\./);
    assert.match(message, new RegExp(`\\n  page: ${harness.sandbox.url.replace(/[.]/g, '\\.')}/orders\\n`));
    assert.match(message, /accessible snapshot of (main|body):\n/);
    assert.match(message, /- link "New order"/, 'the snapshot shows what is there');
    assert.match(failed.error!.hint ?? '', /Did you mean name="New order"\?/);
    const [shot] = failed.attachments ?? [];
    assert.equal(shot?.contentType, 'image/png');
    assert.equal(shot?.when, 'failure');
    assert.ok(isPng(shot!.body));
  });

  test('inside a within, the snapshot is of that element', async () => {
    const { steps } = await run('ui-missing-row');
    const failed = steps[1]!;
    assert.equal(failed.status, 'failed');
    const message = failed.error!.message;
    assert.match(
      message,
      /^Failed to click role=table name="Sales orders" >> role=link name="SO-999999": no element matched it/,
    );
    assert.match(message, /accessible snapshot of role=table name="Sales orders":\n {4}- table "Sales orders/);
    assert.match(message, new RegExp(`- link "${orderNumber}"`));
    assert.doesNotMatch(message, /navigation "Main"/, 'the snapshot is of the table, not the whole page');
  });

  test('an expectation that does not hold says what was expected and what the page had', async () => {
    const { steps } = await run('ui-wrong-text');
    const failed = steps[1]!;
    assert.equal(failed.status, 'failed');
    assert.equal(failed.error?.code, 'REHEARSE_UI_EXPECTATION_FAILED');
    assert.match(
      failed.error!.message,
      /^Expected role=heading level=1 to contain the text "Sales ordres", got "Sales orders" \(waited 500ms\)\./,
    );
    assert.match(failed.error!.message, /\n {2}page: http:\/\/127\.0\.0\.1:\d+\/orders\n/);
    const [check] = failed.checks;
    assert.deepEqual(
      {
        path: check?.path,
        matcher: check?.matcher,
        expected: check?.expected,
        actual: check?.actual,
        passed: check?.passed,
      },
      {
        path: 'role=heading level=1',
        matcher: 'ui.text',
        expected: 'Sales ordres',
        actual: 'Sales orders',
        passed: false,
      },
    );
    assert.ok(isPng(failed.attachments![0]!.body));
  });

  test('a column heading that is not in the table is named with the headings there', async () => {
    const { steps } = await run('ui-wrong-column');
    const failed = steps[1]!;
    assert.equal(failed.error?.code, 'REHEARSE_UI_NO_SUCH_COLUMN');
    assert.match(
      failed.error!.message,
      /role=table has no column "Stauts"; its headings are "Order", "Customer", "Customer PO", "Status"/,
    );
    assert.match(failed.error!.hint ?? '', /Did you mean column: Status\?/);
  });

  test('without a UI driver on the context a ui step errors with REHEARSE_UI_DRIVER_ABSENT and a hint', async () => {
    const { steps } = await run('ui-missing-link', { ui: false });
    assert.equal(steps[0]!.status, 'errored');
    assert.equal(steps[0]!.error?.code, 'REHEARSE_UI_DRIVER_ABSENT');
    assert.match(steps[0]!.error!.hint ?? '', /--driver ui/);
    assert.equal(steps[1]!.status, 'skipped');
  });
});
