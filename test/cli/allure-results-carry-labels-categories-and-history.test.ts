// `--reporter allure` against the embedded sandbox and its virtual partners: one scenario that
// passes, one whose check fails (a product defect), one a partner’s injected fault breaks (and the same in a scenario tagged resilience: a product defect), one
// whose expression cannot be evaluated (a scenario error). The Allure results carry Rehearse's
// labels and parameters, each failure falls in its category by Allure's own matching rules, the
// environment block holds what the sandbox's version endpoint said, and no secret is anywhere.
// `rehearse report allure` builds the HTML report, and its history file keeps both runs.
import assert from 'node:assert/strict';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import { CHECKOUT } from '../helpers/report-files.js';
import { scanPaths } from '../helpers/scan-secrets.js';
import { copyShippedProjectWithoutPages } from '../helpers/shipped-project.js';
import { tempProject, type TempProject } from '../helpers/temp-project.js';

interface AllureResult {
  name: string;
  status: string;
  labels: Array<{ name: string; value: string }>;
  parameters: Array<{ name: string; value: string }>;
  statusDetails: { message?: string };
  steps: Array<{ name: string }>;
}

interface AllureCategory {
  name: string;
  matchedStatuses: string[];
  messageRegex: string;
}

const SECRET = 'allure-test-s3cret-Ph4se-7Qx';
const COMMIT = 'allure-test-commit-4f2a9c';
const SEED = '424242';

const order = [
  '  - do: order.create',
  '    with:',
  "      customer: '{{ tenant.customers[0].code }}'",
  "      lines: [{ sku: '{{ tenant.items.stocked[0].sku }}', qty: 1 }]",
];

/** A scenario whose carrier answers every label request 503, then waits for the label job to succeed. */
function labelOutage(name: string, tags: string[]): string[] {
  return [
    `name: ${name}`,
    `tags: [${tags.join(', ')}]`,
    'tenants: [standard]',
    'virtual:',
    '  carrier: { faults: [{ name: labels-down, match: { route: POST /labels }, error: { status: 503 } }] }',
    'steps:',
    ...order,
    '    save: { orderId: id }',
    '  - do: order.allocate',
    "    with: { orderId: '{{ orderId }}' }",
    '  - do: order.ship',
    "    with: { orderId: '{{ orderId }}' }",
    "    save: { shipmentNumber: 'shipments[0].number' }",
    '  - name: The label job succeeds',
    '    eventually: { within: 2s, every: 250ms }',
    '    steps:',
    '      - http: GET /api/v1/jobs',
    "        query: { type: carrier.label, ref: '{{ shipmentNumber }}' }",
    "        expect: { status: 200, 'body.jobs[0].status': succeeded }",
  ];
}

const SCENARIOS: Record<string, string[]> = {
  'passes.scenario.yaml': [
    'name: order-passes',
    'title: An order is created and allocated',
    'workflow: order-to-cash',
    'owner: team-orders',
    'tags: [smoke, orders]',
    'tenants: [standard]',
    'secrets: [note]',
    'vars:',
    `  note: ${SECRET}`,
    'steps:',
    ...order,
    '    save: { orderId: id }',
    '  - do: order.allocate',
    "    with: { orderId: '{{ orderId }}' }",
    '  - name: The note travels in a header',
    '    http: GET /api/v1/sales-orders/{{ orderId }}',
    "    headers: { x-note: '{{ note }}' }",
    '    expect: { status: 200 }',
  ],
  'check-fails.scenario.yaml': [
    'name: check-fails',
    'tags: [allocation, blocker]',
    'tenants: [standard]',
    'secrets: [note]',
    'vars:',
    `  note: ${SECRET}`,
    'steps:',
    ...order,
    "    expect: { status: shipped, customer: '{{ note }}' }",
  ],
  'partner-fault.scenario.yaml': labelOutage('partner-fault', ['shipment']),
  // The same outage in a scenario that rehearses coping with it.
  'resilience-regression.scenario.yaml': labelOutage('resilience-regression', ['resilience', 'shipment']),
  'expression-error.scenario.yaml': [
    'name: expression-error',
    'tenants: [standard]',
    'steps:',
    ...order,
    "    save: { order: '$' }",
    '  - name: The total of lines the order does not have',
    "    set: { total: '{{ sum(order.noSuchLines) + 1 }}' }",
  ],
};

describe('Allure results of a run: labels, parameters, categories, environment, history', () => {
  let project: TempProject;
  let run: CliResult;
  let resultsDir: string;
  let results: AllureResult[];
  let categories: AllureCategory[];

  before(async () => {
    project = tempProject({ 'tenant-profiles/standard.yaml': null, 'tenant-profiles/regulated.yaml': null });
    rmSync(join(project.dir, 'scenarios'), { recursive: true, force: true });
    copyShippedProjectWithoutPages(CHECKOUT, project.dir);
    for (const name of readdirSync(join(project.dir, 'scenarios')))
      if (name.endsWith('.scenario.yaml')) rmSync(join(project.dir, 'scenarios', name));
    for (const [name, lines] of Object.entries(SCENARIOS))
      writeFileSync(join(project.dir, 'scenarios', name), `${lines.join('\n')}\n`);
    run = await runCli(['run', '--reporter', 'line,allure', '--workers', '2', '--seed', SEED], {
      cwd: project.dir,
      env: { SANDBOX_COMMIT: COMMIT },
      timeoutMs: 150_000,
    });
    resultsDir = join(project.dir, 'reports', 'allure-results');
    results = resultsIn(resultsDir);
    categories = JSON.parse(readFileSync(join(resultsDir, 'categories.json'), 'utf8')) as AllureCategory[];
  });
  after(() => project?.remove());

  const named = (scenario: string) => {
    const found = results.find((r) => label(r, 'feature') === scenario);
    assert.ok(found, `no Allure result for ${scenario}: ${results.map((r) => r.name).join(', ')}`);
    return found;
  };

  test('the run wrote one result per test, and names the results folder', () => {
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(run.stdout + run.stderr, /reports\/allure-results/);
    assert.deepEqual(results.map((r) => `${label(r, 'feature')}: ${r.status}`).sort(), [
      'check-fails: failed',
      'expression-error: broken',
      'order-passes: passed',
      'partner-fault: broken',
      'resilience-regression: failed',
    ]);
  });

  test('labels: epic = workflow, feature = scenario, parent suite = tenant, a story per action, severity, owner, the scenario’s own tags', () => {
    const passes = named('order-passes');
    assert.deepEqual(labels(passes, 'epic'), ['order-to-cash']);
    assert.deepEqual(labels(passes, 'story'), ['order.create', 'order.allocate']);
    assert.deepEqual(labels(passes, 'severity'), ['critical'], 'a smoke scenario gates releases');
    assert.deepEqual(labels(passes, 'owner'), ['team-orders']);
    assert.deepEqual(labels(passes, 'tag').sort(), ['orders', 'smoke'], 'no @tenant:/@driver: tag, none twice');
    assert.deepEqual(labels(passes, 'suite'), ['scenarios/passes.scenario.yaml']);
    // The tenant, not the Playwright project: tenants share one, named "".
    assert.deepEqual(labels(passes, 'parentSuite'), ['standard']);
    assert.deepEqual(labels(passes, 'package'), ['scenarios.passes.scenario.yaml']);
    const fails = named('check-fails');
    assert.deepEqual(labels(fails, 'epic'), ['allocation'], 'the first tag naming a workflow');
    assert.deepEqual(labels(fails, 'severity'), ['blocker']);
    assert.deepEqual(labels(fails, 'owner'), []);
    assert.deepEqual(labels(named('partner-fault'), 'story'), ['order.create', 'order.allocate', 'order.ship']);
    assert.deepEqual(labels(named('expression-error'), 'epic'), ['other']);
    for (const r of results) {
      assert.deepEqual(r.parameters, [
        { name: 'tenant', value: 'standard' },
        { name: 'driver', value: 'api' },
      ]);
      const annotationSteps = r.steps.filter((s) =>
        /^(workflow|severity|tenant|driver|action|scenario): /.test(s.name),
      );
      assert.deepEqual(annotationSteps, [], `${r.name}: annotations are labels, not steps`);
    }
  });

  test('each failure falls in its category, by Allure 3’s matching (search) and Allure 2’s (whole message)', () => {
    assert.deepEqual(
      categories.map((c) => c.name),
      ['Product defects', 'Partner or environment faults', 'Scenario errors'],
    );
    const categoryOf = (r: AllureResult, whole: boolean) =>
      categories.find(
        (c) =>
          c.matchedStatuses.includes(r.status) &&
          new RegExp(whole ? `^(?:${c.messageRegex})$` : c.messageRegex).test(r.statusDetails.message ?? ''),
      )?.name;
    const expected: Record<string, string | undefined> = {
      'order-passes': undefined,
      'check-fails': 'Product defects',
      'partner-fault': 'Partner or environment faults',
      // The same outage in a scenario that rehearses coping with it: the product did not cope.
      'resilience-regression': 'Product defects',
      'expression-error': 'Scenario errors',
    };
    for (const r of results)
      for (const whole of [false, true])
        assert.equal(categoryOf(r, whole), expected[label(r, 'feature')!], `${r.name}: ${r.statusDetails.message}`);
    assert.match(named('partner-fault').statusDetails.message!, /^\[partner or environment fault\] .*carrier ×\d+/);
    assert.match(named('expression-error').statusDetails.message!, /^\[scenario error\] REHEARSE_UNKNOWN_NAME\n/);
    assert.match(named('check-fails').statusDetails.message!, /^\[product defect\] check status/);
    assert.match(named('check-fails').statusDetails.message!, /expected "shipped", got "open"/, 'the cause follows');
    assert.match(
      named('check-fails').statusDetails.message!,
      /customer: .*\[REDACTED\]/,
      'the secret was quoted, masked',
    );
  });

  test('the environment block holds the environment, the target and what its version endpoint said', () => {
    const env = Object.fromEntries(
      readFileSync(join(resultsDir, 'environment.properties'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    assert.equal(env.environment, 'sandbox');
    assert.match(env['target.url'] ?? '', /^http:\/\/127\.0\.0\.1:\d+/);
    assert.equal(env['release.commit'], COMMIT);
    assert.equal(env['release.name'], 'rehearse-sandbox-erp');
    assert.match(env['release.version'] ?? '', /^\d+\.\d+\.\d+$/);
    assert.equal(env.seed, SEED);
    assert.match(env['run.id'] ?? '', /\S/);
  });

  test('rehearse report allure builds the HTML report and its history file keeps every run', async () => {
    const history = join(project.dir, 'ci-cache', 'allure-history.jsonl');
    const first = await runCli(['report', 'allure', '--history', history], { cwd: project.dir });
    assert.equal(first.code, 0, first.stdout + first.stderr);
    assert.ok(existsSync(join(project.dir, 'reports', 'allure-report', 'index.html')));
    assert.match(first.stdout, /History: .*allure-history\.jsonl \(1 run\(s\)\)/);
    // The same results built again (a re-run CI step) are not a second run in the trends.
    const rebuilt = await runCli(
      ['report', 'allure', '--history', history, '--output', 'reports/allure-report-again'],
      {
        cwd: project.dir,
      },
    );
    assert.equal(rebuilt.code, 0, rebuilt.stdout + rebuilt.stderr);
    assert.match(rebuilt.stdout, /\(1 run\(s\)\)\nThese results were already in the history/);

    // A second run of one scenario: its results replace the first run's, and its report adds to the history.
    const again = await runCli(['run', '--reporter', 'allure', '--scenario', 'order-passes'], {
      cwd: project.dir,
      timeoutMs: 120_000,
    });
    assert.equal(again.code, 0, again.stdout + again.stderr);
    assert.deepEqual(
      resultsIn(resultsDir).map((r) => label(r, 'feature')),
      ['order-passes'],
      'the first run’s results were cleared',
    );
    const second = await runCli(['report', 'allure', '--history', history, '--output', 'reports/allure-report-2'], {
      cwd: project.dir,
    });
    assert.equal(second.code, 0, second.stdout + second.stderr);
    assert.ok(existsSync(join(project.dir, 'reports', 'allure-report-2', 'index.html')));

    const entries = readFileSync(history, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { testResults: Record<string, { name: string; status: string }> });
    assert.equal(entries.length, 2);
    const passes = named('order-passes');
    const keys = entries.map((entry) =>
      Object.keys(entry.testResults).find((k) => entry.testResults[k]!.name === passes.name),
    );
    assert.ok(keys[0] && keys[1], `both runs of the history hold order-passes: ${JSON.stringify(keys)}`);
    assert.equal(keys[0], keys[1], 'under the same history id, so Allure links them as one test’s history');
    for (const [i, entry] of entries.entries()) assert.equal(entry.testResults[keys[i]!]!.status, 'passed');
    assert.equal(Object.keys(entries[0]!.testResults).length, 5, 'the first run held all five tests');
  });

  test('no secret reaches the Allure results, the HTML report or the history, in any encoding', () => {
    const reports = join(project.dir, 'reports');
    const scan = scanPaths({ note: SECRET }, [
      join(reports, 'allure-results'),
      join(reports, 'allure-report'),
      join(project.dir, 'ci-cache'),
    ]);
    assert.ok(
      scan.scanned.some((view) => view.includes('-result.json')),
      'the results were searched',
    );
    assert.ok(
      scan.scanned.some((view) => view.includes('allure-report')),
      'the report was searched',
    );
    assert.deepEqual(scan.findings, []);
  });

  test('where Allure is not installed, the command says what to install (exit 2, no stack)', async () => {
    const bare = tempProject({});
    try {
      const results = join(bare.dir, 'reports', 'allure-results');
      writeFileSync(join(bare.dir, 'package.json'), '{}\n');
      rmSync(results, { recursive: true, force: true });
      cpSync(resultsDir, results, { recursive: true });
      const missing = await runCli(['report', 'allure'], { cwd: bare.dir, env: { PATH: '/nonexistent' } });
      assert.equal(missing.code, 2, missing.stdout + missing.stderr);
      assert.match(
        missing.stderr,
        /REHEARSE_ALLURE_MISSING: Failed to build the Allure report: the Allure command line is not installed/,
      );
      assert.match(missing.stderr, /npm i -D allure/);
      assert.doesNotMatch(missing.stderr, /\n\s+at /, 'no stack trace');
      const none = await runCli(['report', 'allure', '--results', 'nowhere'], { cwd: bare.dir });
      assert.equal(none.code, 2, none.stdout + none.stderr);
      assert.match(none.stderr, /REHEARSE_ALLURE_NO_RESULTS/);
    } finally {
      bare.remove();
    }
  });
});

function resultsIn(dir: string): AllureResult[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('-result.json'))
    .map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as AllureResult);
}

function labels(result: AllureResult, name: string): string[] {
  return result.labels.filter((l) => l.name === name).map((l) => l.value);
}

function label(result: AllureResult, name: string): string | undefined {
  return labels(result, name)[0];
}
