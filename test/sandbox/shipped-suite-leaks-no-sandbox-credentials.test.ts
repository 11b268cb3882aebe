// The shipped suite (every scenario, action and tenant profile of this repository) against the
// real sandbox, with two defects switched on so that some scenarios fail and their failure
// messages, exchanges and attachments are written too, and Playwright traces on: the sandbox
// credentials the run was given (each tenant's OAuth2 client id and secret, each user's password)
// appear in no byte of any output, in any encoding.
//
// To know those generated values, the test starts the sandbox itself with the function
// `rehearse run` uses (`startEmbeddedTarget`: same provisioning, same fresh credentials, same
// `REHEARSE_SANDBOX_*` variables handed to Playwright's processes), and runs the shipped project
// against it through an environment that reads the credentials from those variables — the way
// a staging environment gets them from CI secrets.
//
// The shipped scenarios that declare `drivers: [api, ui]` run through the screens too: each
// tenant's clerk signs in with the login action (the password typed into the form), and one
// UI scenario added here fails on a locator the screen lacks, so its screenshot and trace are
// kept. Traces are on for every test; their zips are unpacked and searched.
import assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse, stringify } from 'yaml';
import { startEmbeddedTarget, type EmbeddedTarget } from '../../src/playwright/embedded-target.js';
import { loadProject } from '../../src/loader/load-project.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import { CHECKOUT, filesUnder, linkRehearse, reportedTests, type ReportedTest } from '../helpers/report-files.js';
import { scanBuffer, scanPaths, type ScanResult } from '../helpers/scan-secrets.js';
import { tempProject, type TempProject } from '../helpers/temp-project.js';

const SHIPPED = ['scenarios', 'pages', 'tenant-profiles', 'edi', 'schemas', 'virtual-services'];

/** A UI scenario that fails on a button the screen does not have, after typing on the page. */
const BROKEN_UI = [
  'name: broken-ui',
  'title: A UI step that fails keeps its screenshot and trace',
  'tenants: [standard]',
  'drivers: [ui]',
  'steps:',
  '  - ui: { goto: /orders/new }',
  "  - ui: { fill: { label: Customer PO number }, value: 'PO-{{ run.id }}' }",
  '  - name: A button the screen does not have',
  '    ui: { click: { role: button, name: Approve order } }',
  '    timeout: 2s',
  '',
].join('\n');

describe('the shipped suite against the sandbox leaks none of its credentials', () => {
  let target: EmbeddedTarget;
  let project: TempProject;
  let run: CliResult;
  let tests: ReportedTest[];
  let scan: ScanResult;
  const credentials: Record<string, string> = {};

  before(async () => {
    const loaded = loadProject({ root: CHECKOUT });
    assert.ok(loaded.project, 'the shipped project loads');
    target = await startEmbeddedTarget({
      project: loaded.project,
      seed: 'secrets-stay-hidden',
      defects: ['tax-rounding', 'oversell'],
    });
    for (const [name, value] of Object.entries(target.secretEnv))
      if (/_(CLIENT_ID|CLIENT_SECRET|PASSWORD)$/.test(name)) credentials[name] = value;

    project = tempProject({
      'tenant-profiles/standard.yaml': null,
      'tenant-profiles/regulated.yaml': null,
      'scenarios/actions/order.yaml': null,
    });
    for (const dir of SHIPPED) cpSync(join(CHECKOUT, dir), join(project.dir, dir), { recursive: true });
    const config = parse(readFileSync(join(CHECKOUT, 'rehearse.config.yaml'), 'utf8')) as {
      environments: Record<string, unknown>;
      ui?: Record<string, unknown>;
    };
    // Every UI test records a trace (Rehearse's own, redacted; Playwright's stays off).
    config.ui = { ...config.ui, trace: 'on' };
    config.environments.local = {
      description: 'The sandbox this test started; credentials from the variables rehearse run would set.',
      baseUrl: 'env:SECRETS_TEST_BASE_URL',
      virtualServices: 'env:SECRETS_TEST_VIRTUAL_URL',
      allowedHosts: ['127.0.0.1', 'localhost'],
      tenants: Object.fromEntries(
        Object.entries(target.tenantAuth).map(([tenant, auth]) => [
          tenant,
          {
            tenantId: target.tenantIds[tenant],
            auth,
            ...(target.tenantUi[tenant] ? { ui: target.tenantUi[tenant] } : {}),
          },
        ]),
      ),
    };
    writeFileSync(join(project.dir, 'rehearse.config.yaml'), stringify(config));
    project.write('scenarios/broken-ui.scenario.yaml', BROKEN_UI);
    project.write('package.json', '{ "type": "module", "private": true }\n');
    project.write(
      'playwright.config.ts',
      "import { defineRehearseConfig } from 'rehearse/playwright';\nexport default defineRehearseConfig({ use: { trace: 'on' } });\n",
    );
    linkRehearse(project.dir);
    const inputs = new Set(filesUnder(project.dir));

    // --driver api,ui: the shipped config's defaultDrivers is [api]; the screens must be covered too.
    // --seed: tax-rounding only shows when a generated quantity and price leave a half cent or
    // more, so a random seed let every order-to-cash pass now and then. This seed's quantities
    // cross that boundary (the test of the defect itself is in test/sandbox; here it is a witness
    // that the run used the credentials).
    run = await runCli(
      [
        'run',
        '--env',
        'local',
        '--driver',
        'api,ui',
        '--workers',
        '2',
        '--seed',
        'secrets-stay-hidden',
        '--reporter',
        'list,html,junit,json',
      ],
      {
        cwd: project.dir,
        env: {
          ...target.secretEnv,
          SECRETS_TEST_BASE_URL: target.baseUrl,
          SECRETS_TEST_VIRTUAL_URL: target.virtualUrl,
        },
        // Both drivers, every tenant, traces on: the UI half is most of it.
        timeoutMs: 600_000,
      },
    );
    const report = join(project.dir, 'reports', 'results.json');
    if (!existsSync(report))
      throw new Error(`the run wrote no JSON report (exit ${run.code}):\n${run.stdout}${run.stderr}`);
    tests = reportedTests(report);
    const outputs = filesUnder(project.dir).filter((file) => !inputs.has(file) && !file.startsWith('.rehearse/'));
    scan = scanPaths(
      credentials,
      outputs.map((file) => join(project.dir, file)),
    );
    const console = scanBuffer(credentials, 'console', Buffer.from(run.stdout + run.stderr));
    scan.scanned.push(...console.scanned);
    scan.findings.push(...console.findings);
  });
  after(async () => {
    await target?.close();
    project?.remove();
  });

  test('the suite ran with those credentials: most scenarios pass, the two defects are caught', () => {
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.ok(
      Object.keys(credentials).length >= 8,
      `credentials of every tenant: ${Object.keys(credentials).join(', ')}`,
    );
    const passed = tests.filter((t) => t.status === 'passed');
    const failed = tests.filter((t) => t.status === 'failed');
    assert.ok(passed.length >= tests.length / 2, `${passed.length} of ${tests.length} passed:\n${run.stdout}`);
    const caught = new Set(failed.map((t) => t.result.scenario));
    assert.ok(caught.has('order-to-cash'), `tax-rounding caught: ${[...caught].join(', ')}`);
    assert.ok(caught.has('concurrent-allocation'), `oversell caught: ${[...caught].join(', ')}`);
    // \b401\b: a failure names its trace id, and a random hex id may hold "401".
    for (const t of failed) assert.doesNotMatch(t.message, /REHEARSE_AUTH_FAILED|\b401\b/, `${t.title}: ${t.message}`);
  });

  test('the UI runs signed in and ran through the screens; the broken one kept its evidence', () => {
    const ui = tests.filter((t) => t.tags.includes('driver:ui'));
    const uiPassed = ui.filter((t) => t.status === 'passed').map((t) => t.result.scenario);
    assert.ok(uiPassed.includes('backorder-and-cancel'), `UI tests that passed: ${uiPassed.join(', ')}\n${run.stdout}`);
    assert.ok(uiPassed.includes('order-validation'), `UI tests that passed: ${uiPassed.join(', ')}`);
    const broken = ui.find((t) => t.result.scenario === 'broken-ui');
    assert.ok(broken, `the broken UI scenario ran: ${ui.map((t) => t.result.scenario).join(', ')}`);
    assert.equal(broken.status, 'failed');
    assert.match(broken.message, /Approve order/, 'the failing locator is named');
    assert.ok(
      broken.attachments.some((a) => a.contentType === 'image/png'),
      `a screenshot is attached: ${broken.attachments.map((a) => a.name).join(', ')}`,
    );
    assert.ok(
      broken.attachments.some((a) => a.name === 'trace'),
      `a trace is attached: ${broken.attachments.map((a) => a.name).join(', ')}`,
    );
  });

  test('every output was searched, traces and the HTML report unpacked', () => {
    const views = scan.scanned.join('\n');
    assert.match(views, /reports\/html\/index\.html!embedded-zip/);
    // UI tests' traces (attachments, in the HTML report's data), unpacked: their action logs,
    // DOM snapshots and network records were searched. Playwright's own trace is off since the
    // UI driver (it could not be redacted), so there is no test-results/…/trace.zip any more.
    assert.match(views, /reports\/html\/data\/[0-9a-f]+\.zip!trace\.trace/);
    assert.match(views, /reports\/html\/data\/[0-9a-f]+\.zip!trace\.network/);
    assert.match(views, /reports\/junit\.xml/);
    assert.match(views, /reports\/results\.json/);
    assert.match(views, /^console/m);
  });

  test('and finds none of the credentials', (t) => {
    t.diagnostic(
      `${scan.scanned.length} outputs scanned (files, zip entries, embedded archives), ${scan.findings.length} findings`,
    );
    assert.deepEqual(
      scan.findings.map((f) => `${f.secret} (${f.encoding}) in ${f.view}: …${f.context}…`),
      [],
      `${scan.scanned.length} views scanned`,
    );
  });
});
