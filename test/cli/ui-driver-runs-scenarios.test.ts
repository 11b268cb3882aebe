// The ui driver through the real CLI: `drivers: [api, ui]` gives two Playwright tests side by
// side (tagged @driver:api / @driver:ui), `--driver ui` selects only the ui ones, the config's
// login action signs each tenant in once per worker (the sandbox counts screen sign-ins), a
// failing ui test leaves a screenshot, the page URL and a trace in its report with no password
// in them; an action lacking the driver's implementation, a ui step in an api: implementation
// or in an api run, and an action with no implementation are load errors at file:line:col.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startHarness, type Harness } from '../sandbox/sandbox-harness.js';
import { runCli } from '../helpers/run-cli.js';
import { scanPaths } from '../helpers/scan-secrets.js';
import { tempProjects } from '../helpers/temp-project.js';

const ADMIN = 'test-admin-token';
const project = tempProjects();

// Signs in on the sign-in screen with ui steps (Playwright then records `Fill "<password>"`: the report must not show it).
const LOGIN_STEPS = [
  '      - ui: { goto: /login }',
  "      - ui: { fill: { label: Tenant }, value: '{{ tenantId }}' }",
  "      - ui: { fill: { label: Username }, value: '{{ username }}' }",
  "      - ui: { fill: { label: Password }, value: '{{ password }}' }",
  '      - ui: { click: { role: button, name: Sign in } }',
  "      - ui: { expectUrl: '/orders' }",
];
const SESSION_ACTIONS = [
  'actions:',
  '  session.login:',
  '    params:',
  '      tenantId: { type: string, required: true }',
  '      username: { type: string, required: true }',
  '      password: { type: string, required: true, secret: true }',
  '    ui:',
  ...LOGIN_STEPS,
  '  health.check:',
  '    api:',
  '      - http: GET /health',
  '        expect: { status: 200 }',
  '    ui:',
  '      steps:',
  '        - http: GET /health',
  '          expect: { status: 200 }',
  "      returns: { driver: ui, status: '{{ response.status }}' }",
  "    returns: { driver: api, status: '{{ response.status }}' }",
  '',
].join('\n');

const CONFIG = [
  'defaultEnvironment: local',
  'environments:',
  '  local:',
  '    baseUrl: env:UI_CLI_BASE_URL',
  '    allowedHosts: [127.0.0.1]',
  '    tenants:',
  '      standard:',
  '        tenantId: uicli-acme',
  '        ui: { username: env:UI_CLI_ACME_USER, password: env:UI_CLI_ACME_PASSWORD }',
  '      regulated:',
  '        tenantId: uicli-globex',
  '        ui: { username: env:UI_CLI_GLOBEX_USER, password: env:UI_CLI_GLOBEX_PASSWORD }',
  'ui: { login: session.login, trace: "on", screenshot: only-on-failure }',
  '',
].join('\n');

const BOTH = [
  'name: both-drivers',
  'drivers: [api, ui]',
  'tags: [smoke]',
  'steps:',
  '  - do: health.check',
  '    expect: { driver: "{{ run.driver }}" }',
  '',
].join('\n');

const UI_ONLY = ['name: ui-only', 'drivers: [ui]', 'tags: [smoke]', 'steps:', '  - http: GET /health', ''].join('\n');

const BROKEN = [
  'name: broken-ui',
  'drivers: [ui]',
  'tags: [broken]',
  'steps:',
  '  - ui: { goto: /orders }',
  '  - http: GET /health',
  '    expect: { status: 418 }',
  '',
].join('\n');

interface JsonTest {
  title: string;
  tags: string[];
  status: string;
  attachments: Array<{ name: string; contentType: string; path?: string; body?: string }>;
  /** Titles of the result's top-level steps. */
  steps: string[];
}

function jsonTests(file: string): JsonTest[] {
  type Suite = {
    suites?: Suite[];
    specs?: Array<{
      title: string;
      tags?: string[];
      tests?: Array<{
        results?: Array<{ status: string; attachments?: JsonTest['attachments']; steps?: Array<{ title: string }> }>;
      }>;
    }>;
  };
  const report = JSON.parse(readFileSync(file, 'utf8')) as { suites?: Suite[] };
  const out: JsonTest[] = [];
  const walk = (suite: Suite) => {
    for (const spec of suite.specs ?? [])
      for (const t of spec.tests ?? []) {
        const last = t.results?.at(-1);
        if (last)
          // Playwright's JSON reporter writes tags without their '@'.
          out.push({
            title: spec.title,
            tags: (spec.tags ?? []).map((t) => `@${t.replace(/^@/, '')}`),
            status: last.status,
            attachments: last.attachments ?? [],
            steps: (last.steps ?? []).map((step) => step.title),
          });
      }
    for (const child of suite.suites ?? []) walk(child);
  };
  for (const suite of report.suites ?? []) walk(suite);
  return out;
}

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

async function uiLogins(harness: Harness): Promise<Record<string, number>> {
  const answer = await fetch(`${harness.sandbox.url}/admin/logins`, { headers: { authorization: `Bearer ${ADMIN}` } });
  return ((await answer.json()) as { uiLogins: Record<string, number> }).uiLogins;
}

const RENEWS = [
  'name: renews',
  'drivers: [ui]',
  'tenants: [standard]',
  'steps:',
  '  - ui: { goto: /orders }',
  '  - ui: { expectUrl: /orders }',
  '  - http: POST /admin/ui-sessions/expire',
  '    headers: { authorization: "Bearer {{ env.UI_CLI_ADMIN }}" }',
  '    json: { tenant: uicli-acme }',
  '    expect: { status: 200, body.expired: { gte: 1 } }',
  '  - ui: { goto: /orders/new }',
  '  - ui: { expectUrl: /orders/new }',
  '',
].join('\n');

describe('the ui driver runs scenarios as Playwright tests of their own', () => {
  let harness: Harness;
  let env: NodeJS.ProcessEnv;
  let passwords: string[];

  before(async () => {
    harness = await startHarness();
    const acme = await provision(harness, 'uicli-acme');
    const globex = await provision(harness, 'uicli-globex');
    passwords = [acme.password, globex.password];
    env = {
      UI_CLI_BASE_URL: harness.sandbox.url,
      UI_CLI_ACME_USER: acme.username,
      UI_CLI_ACME_PASSWORD: acme.password,
      UI_CLI_GLOBEX_USER: globex.username,
      UI_CLI_GLOBEX_PASSWORD: globex.password,
    };
  });
  after(async () => harness?.close());

  test('drivers: [api, ui] is two tests side by side; --driver ui runs only the ui ones, signing each tenant in once', async () => {
    const p = project({
      'rehearse.config.yaml': CONFIG,
      'scenarios/actions/session.yaml': SESSION_ACTIONS,
      'scenarios/both.scenario.yaml': BOTH,
      'scenarios/ui-only.scenario.yaml': UI_ONLY,
    });
    const list = await runCli(['list', '--format', 'json'], { cwd: p.dir, env });
    assert.equal(list.code, 0, list.stdout + list.stderr);
    const listed = JSON.parse(list.stdout) as Array<{ scenario: string; tenant: string; driver: string }>;
    assert.deepEqual(
      listed
        .filter((t) => t.scenario === 'both-drivers')
        .map((t) => `${t.tenant}/${t.driver}`)
        .sort(),
      ['regulated/api', 'regulated/ui', 'standard/api', 'standard/ui'],
    );

    const both = await runCli(['run', '--workers', '1', '--reporter', 'json'], { cwd: p.dir, env, timeoutMs: 180_000 });
    assert.equal(both.code, 0, both.stdout + both.stderr);
    const tests = jsonTests(join(p.dir, 'reports', 'results.json'));
    const of = (driver: string) => tests.filter((t) => t.tags.includes(`@driver:${driver}`));
    assert.equal(of('api').length, 2, 'both-drivers × 2 tenants through the api');
    assert.equal(of('ui').length, 4, '(both-drivers + ui-only) × 2 tenants through the ui');
    assert.ok(
      tests.every((t) => t.status === 'passed'),
      JSON.stringify(tests.map((t) => [t.title, t.status])),
    );
    assert.ok(
      tests.some((t) => t.title === 'both-drivers (standard, api)') &&
        tests.some((t) => t.title === 'both-drivers (standard, ui)'),
      'titles name the driver',
    );

    const before = await uiLogins(harness);
    const onlyUi = await runCli(['run', '--driver', 'ui', '--workers', '1', '--reporter', 'json'], {
      cwd: p.dir,
      env,
      timeoutMs: 180_000,
    });
    assert.equal(onlyUi.code, 0, onlyUi.stdout + onlyUi.stderr);
    const selected = jsonTests(join(p.dir, 'reports', 'results.json'));
    assert.equal(selected.length, 4);
    assert.ok(
      selected.every((t) => t.tags.includes('@driver:ui')),
      'no api test',
    );
    const afterRun = await uiLogins(harness);
    // One worker, two ui tests per tenant: one sign-in per tenant, on the first test's own page.
    assert.equal((afterRun['uicli-acme'] ?? 0) - (before['uicli-acme'] ?? 0), 1);
    assert.equal((afterRun['uicli-globex'] ?? 0) - (before['uicli-globex'] ?? 0), 1);
    for (const tenant of ['standard', 'regulated']) {
      const signIns = selected
        .filter((t) => t.tags.includes(`@tenant:${tenant}`))
        .map((t) => t.steps.filter((title) => title === `Sign in to the screens as ${tenant} (session.login)`).length);
      assert.deepEqual(
        signIns.sort(),
        [0, 1],
        `${tenant}: the first test signs in as a step, the second starts signed in`,
      );
    }
    for (const password of passwords) assert.ok(!(onlyUi.stdout + onlyUi.stderr).includes(password));
  });

  test('a failing ui test keeps a screenshot, the page URL and a redacted trace', async () => {
    const p = project({
      'rehearse.config.yaml': CONFIG,
      'scenarios/actions/session.yaml': SESSION_ACTIONS,
      'scenarios/broken.scenario.yaml': BROKEN,
    });
    const run = await runCli(['run', '--tenant', 'standard', '--workers', '1', '--reporter', 'json,html'], {
      cwd: p.dir,
      env,
      timeoutMs: 180_000,
    });
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const [broken] = jsonTests(join(p.dir, 'reports', 'results.json'));
    assert.ok(broken);
    assert.equal(broken.status, 'failed');
    const names = broken.attachments.map((a) => `${a.name} ${a.contentType}`);
    assert.ok(names.includes('screenshot image/png'), names.join(', '));
    assert.ok(names.includes('page-url text/plain'), names.join(', '));
    assert.ok(names.includes('trace application/zip'), names.join(', '));
    const trace = broken.attachments.find((a) => a.name === 'trace')!;
    assert.ok(trace.path && readFileSync(trace.path).subarray(0, 2).toString() === 'PK', 'a zip');
    const scan = scanPaths(Object.fromEntries(passwords.map((value, i) => [`password ${i}`, value])), [
      join(p.dir, 'reports'),
      join(p.dir, 'test-results'),
    ]);
    assert.ok(
      scan.scanned.some((view) => view.includes('.zip')),
      'the trace was unpacked and searched',
    );
    assert.deepEqual(scan.findings, []);
  });

  test('a session the target expired mid-test is renewed once and the step performed again', async () => {
    const p = project({
      'rehearse.config.yaml': CONFIG.replace(
        '    allowedHosts: [127.0.0.1]',
        '    allowedHosts: [127.0.0.1]\n    expose: [UI_CLI_ADMIN]',
      ),
      'scenarios/actions/session.yaml': SESSION_ACTIONS,
      'scenarios/renews.scenario.yaml': RENEWS,
    });
    const before = await uiLogins(harness);
    const run = await runCli(['run', '--workers', '1', '--reporter', 'json'], {
      cwd: p.dir,
      env: { ...env, UI_CLI_ADMIN: ADMIN },
      timeoutMs: 180_000,
    });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const afterRun = await uiLogins(harness);
    assert.equal((afterRun['uicli-acme'] ?? 0) - (before['uicli-acme'] ?? 0), 2, 'signed in, then once more');
    const report = readFileSync(join(p.dir, 'reports', 'results.json'), 'utf8');
    assert.match(report, /ui session renewed/);
  });

  test('load errors: a driver an action lacks, ui steps where api runs, an action without implementation', async () => {
    const lacking = project({
      'scenarios/order.scenario.yaml':
        'name: order\ndrivers: [api, ui]\nsteps:\n  - do: order.create\n    with: { customer: C-1 }\n',
    });
    const first = await runCli(['validate'], { cwd: lacking.dir });
    assert.equal(first.code, 2);
    assert.match(first.stdout + first.stderr, /scenarios\/order\.scenario\.yaml:2:16\b.*REHEARSE_ACTION_LACKS_DRIVER/);
    assert.match(
      first.stdout + first.stderr,
      /action "order\.create" \(scenarios\/actions\/order\.yaml:3\) has no "ui:"/,
    );

    const uiInApi = project({
      'scenarios/actions/nav.yaml': 'actions:\n  nav.orders:\n    api:\n      - ui: { goto: /orders }\n',
      'scenarios/nav.scenario.yaml': 'name: nav\nsteps:\n  - ui: { goto: /orders }\n  - do: nav.orders\n',
      'scenarios/actions/empty.yaml': 'actions:\n  nothing.here:\n    description: no implementation\n',
    });
    const second = await runCli(['validate'], { cwd: uiInApi.dir });
    const out = second.stdout + second.stderr;
    assert.equal(second.code, 2);
    assert.match(out, /scenarios\/actions\/nav\.yaml:4:9\b.*REHEARSE_UI_STEP_NOT_ALLOWED/);
    assert.match(out, /scenarios\/nav\.scenario\.yaml:3:5\b.*REHEARSE_UI_STEP_NOT_ALLOWED/);
    assert.match(out, /scenarios\/actions\/empty\.yaml:2:3\b.*REHEARSE_ACTION_NO_IMPLEMENTATION/);
  });
});
