// The real CLI against a node:http target on 127.0.0.1 with one forced failure (a check that
// cannot hold), one flaky pass (the first call of every pair fails, the retry passes) and one SLO
// breach (an action that answers in 300 ms against a p95 of 100 ms): the exit code of each
// quality gate (--fail-on-slo, --fail-on-flaky), the business summary's matrix, latency, breaches
// and comparison with a previous summary exactly right, JUnit holding the failure, the HTML report
// showing the cause on the failing step, Allure labelling and sorting the same run, the summary
// valid against its published JSON Schema, and no secret value in any of it.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Ajv2020 from 'ajv/dist/2020.js';
import { json, startServer, type Server } from '../drivers/helpers.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import { readHtmlReport, stepAttachments, stepTitled, testTitled } from '../helpers/html-report.js';
import { scanPaths } from '../helpers/scan-secrets.js';
import { tempProjects } from '../helpers/temp-project.js';
import type { BusinessSummary, BusinessSummaryV1 } from '../../src/schema/index.js';

const TOKEN = 'summary-secret-4711';

interface AllureResult {
  name: string;
  status: string;
  historyId: string;
  statusDetails?: { message?: string };
  labels: Array<{ name: string; value: string }>;
  parameters: Array<{ name: string; value: string }>;
}
const project = tempProjects();
let server: Server;
let flakyCalls = 0;

before(async () => {
  server = await startServer(async (req, res) => {
    const path = req.url ?? '';
    if (path === '/health') return json(res, 200, { status: 'ok' });
    // A version endpoint that also says something it should not: masked by its name.
    if (path === '/version') return json(res, 200, { version: '2.3.4', commit: 'c0ffee1', buildToken: TOKEN });
    if (path === '/api/flaky')
      return (flakyCalls += 1) % 2 === 1 ? json(res, 503, { error: 'warming up' }) : json(res, 200, { ok: true });
    if (path === '/api/slow') {
      await new Promise((resolve) => setTimeout(resolve, 300));
      return json(res, 200, { ok: true });
    }
    // Echoes the caller's credentials: a failing check that quotes the body must not show them.
    if (path === '/api/broken') return json(res, 200, { status: 'open', seenAuthorization: req.headers.authorization });
    return json(res, 200, { ok: true });
  });
});
after(() => server.close());

const action = (name: string, path: string) =>
  [`  ${name}:`, '    api:', `      - http: POST ${path}`, '        expect: { status: 200 }'].join('\n');

const scenario = (name: string, workflow: string, steps: string[], extra: string[] = []) =>
  [`name: ${name}`, `workflow: ${workflow}`, 'tenants: [standard]', ...extra, 'steps:', ...steps, ''].join('\n');

const FILES = {
  'scenarios/actions/probe.yaml': [
    'actions:',
    action('probe.ping', '/api/ping'),
    action('probe.flaky', '/api/flaky'),
    action('probe.slow', '/api/slow'),
    '  probe.broken:',
    '    api:',
    '      - http: POST /api/broken',
    '        expect: { status: 200, body.status: allocated }',
    '',
  ].join('\n'),
  'tenant-profiles/standard.yaml': [
    'name: standard',
    'customers: [{ id: C-1 }]',
    'auth: { type: bearer, token: env:PROBE_TOKEN }',
    'slos:',
    '  probe.slow: { p95: 100ms }',
    '  probe.ping: { p95: 5s, successRate: 1 }',
    '',
  ].join('\n'),
  'tenant-profiles/regulated.yaml':
    'name: regulated\ncustomers: [{ id: C-9 }]\nauth: { type: bearer, token: env:PROBE_TOKEN }\n',
  'scenarios/ok.scenario.yaml': [
    'name: ok',
    'workflow: order-to-cash',
    'tenants: all',
    'steps:',
    '  - do: probe.ping',
    '  - do: probe.ping',
    '',
  ].join('\n'),
  'scenarios/flaky.scenario.yaml': scenario('flaky', 'allocation', ['  - do: probe.flaky'], ['retries: 1']),
  'scenarios/slow.scenario.yaml': scenario('slow', 'shipment', ['  - do: probe.slow']),
  'scenarios/broken.scenario.yaml': scenario('broken', 'invoicing', ['  - do: probe.broken']),
};

const run = (dir: string, args: string[], env: Record<string, string> = {}): Promise<CliResult> => {
  flakyCalls = 0;
  return runCli(['run', '--base-url', server.url, '--workers', '1', ...args], {
    cwd: dir,
    env: { PROBE_TOKEN: TOKEN, ...env },
    timeoutMs: 120_000,
  });
};

/** `--scenario a --scenario b`. */
const only = (...names: string[]) => names.flatMap((name) => ['--scenario', name]);

const readSummary = (dir: string): BusinessSummary =>
  JSON.parse(readFileSync(join(dir, 'reports/summary/summary.json'), 'utf8')) as BusinessSummary;

/**
 * A previous summary as an earlier run would have written it: broken passed, ok × regulated failed, slow was fast.
 * Version 1 (before drills), which --compare and report merge still read.
 */
function previousSummary(): BusinessSummaryV1 {
  const test = (scenario: string, tenant: string, outcome: 'passed' | 'failed', workflow: string) => ({
    key: `${scenario}|${tenant}|api`,
    scenario,
    title: `${scenario} (${tenant}, api)`,
    workflow,
    tenant,
    driver: 'api',
    outcome,
    attempts: 1,
    durationMs: 10,
  });
  const latency = (action: string, p95Ms: number) => ({
    tenant: 'standard',
    action,
    driver: 'api',
    samples: 2,
    p50Ms: p95Ms,
    p95Ms,
    p99Ms: p95Ms,
    maxMs: p95Ms,
    successRate: 1,
  });
  return {
    schemaVersion: 1,
    run: {
      id: 'previous-run',
      environment: 'staging',
      seed: '1',
      startedAt: '2026-12-02T03:00:00.000Z',
      durationMs: 1000,
      status: 'failed',
    },
    deployment: {},
    verdict: {
      result: 'failed',
      reasons: ['1 test(s) failed'],
      warnings: [],
      gates: { failOnSlo: false, failOnFlaky: false },
    },
    totals: { tests: 4, passed: 3, failed: 1, flaky: 0, skipped: 0 },
    successRate: 0.75,
    matrix: { workflows: [], tenants: [], cells: [] },
    tests: [
      test('broken', 'standard', 'passed', 'invoicing'),
      test('ok', 'regulated', 'failed', 'order-to-cash'),
      test('ok', 'standard', 'passed', 'order-to-cash'),
      test('slow', 'standard', 'passed', 'shipment'),
    ],
    latency: [latency('probe.slow', 20), latency('probe.ping', 1000)],
    sloBreaches: [],
    faultsInjected: {},
  };
}

describe('the business summary and the quality gates judge a run', () => {
  let dir: string;
  let full: CliResult;

  before(async () => {
    const p = project(FILES);
    dir = p.dir;
    p.write('previous.json', JSON.stringify(previousSummary()));
    full = await run(dir, ['--reporter', 'line,html,junit,summary,allure', '--compare', 'previous.json']);
  });

  test('a run with a failure exits 1 and JUnit holds the failure', () => {
    assert.equal(full.code, 1, full.stdout + full.stderr);
    const junit = readFileSync(join(dir, 'reports/junit.xml'), 'utf8');
    assert.match(junit, /<testsuites[^>]* tests="5"[^>]* failures="1"/);
    assert.match(junit, /<testcase name="broken \(standard, api\)"[^>]*>(?:(?!<\/testcase>)[\s\S])*<failure/, junit);
    // The flaky pass keeps its failed first attempt where CI servers read reruns (Surefire's flakyFailure).
    const flaky =
      /<testcase name="flaky \(standard, api\)"[^>]*>((?:(?!<\/testcase>)[\s\S])*)<\/testcase>/.exec(junit)?.[1] ?? '';
    assert.match(flaky, /<property name="flaky" value="passed at attempt 2 after 1 failed attempt\(s\)"\/>/, junit);
    assert.match(flaky, /<flakyFailure message="[^"]*POST \/api\/flaky" type="failed">[^<]*got 503/, flaky);
    assert.doesNotMatch(flaky, /<failure|<error/);
    assert.match(full.stderr, /1 test\(s\) passed only after a retry \(flaky\):\n {2}flaky \(standard, api\)/);
    assert.match(full.stderr, /⚠ 1 SLO breach\(es\):\n {2}standard · probe\.slow: p95 \d+ ms > 100 ms \(1 run\(s\)\)/);
  });

  test('the same run: the HTML report shows the cause on the failing step, Allure sorts and labels the tests', () => {
    const report = readHtmlReport(join(dir, 'reports/html'));
    const broken = testTitled(report, 'broken (standard, api)').results.at(-1)!;
    const step = stepTitled(broken, /POST \/api\/broken/);
    const cause = stepAttachments(broken, step).find((a) => a.name === 'cause')?.body ?? '';
    assert.match(cause, /body\.status: expected "allocated", got "open"/);
    const allure = readdirSync(join(dir, 'reports/allure-results'))
      .filter((f) => f.endsWith('-result.json'))
      .map((f) => JSON.parse(readFileSync(join(dir, 'reports/allure-results', f), 'utf8')) as AllureResult);
    const named = (name: string) => allure.filter((r) => r.name === name);
    const label = (r: AllureResult, name: string) => r.labels.filter((l) => l.name === name).map((l) => l.value);
    const [failed] = named('broken (standard, api)');
    assert.equal(failed?.status, 'failed');
    assert.match(failed?.statusDetails?.message ?? '', /^\[product defect\]/);
    assert.deepEqual(label(failed!, 'epic'), ['invoicing']);
    assert.deepEqual(label(failed!, 'story'), ['probe.broken']);
    assert.deepEqual(
      failed!.parameters.map((x) => [x.name, x.value]),
      [
        ['tenant', 'standard'],
        ['driver', 'api'],
      ],
    );
    // The flaky test: its failed first attempt and its passing retry, one history id.
    const flaky = named('flaky (standard, api)');
    assert.deepEqual(flaky.map((r) => r.status).sort(), ['broken', 'passed']);
    assert.equal(new Set(flaky.map((r) => r.historyId)).size, 1);
  });

  test('the matrix counts every test under its workflow and tenant', () => {
    const summary = readSummary(dir);
    assert.deepEqual(summary.totals, { tests: 5, passed: 3, failed: 1, flaky: 1, skipped: 0 });
    assert.deepEqual(summary.verdict, {
      result: 'failed',
      reasons: ['1 test(s) failed'],
      warnings: ['1 test(s) passed only after a retry (flaky)', '1 SLO breach(es)'],
      gates: { failOnSlo: false, failOnFlaky: false },
    });
    assert.equal(summary.successRate, 4 / 5);
    assert.deepEqual(summary.matrix.workflows, ['allocation', 'invoicing', 'order-to-cash', 'shipment']);
    assert.deepEqual(summary.matrix.tenants, ['regulated', 'standard']);
    const zero = { passed: 0, failed: 0, flaky: 0, skipped: 0 };
    assert.deepEqual(summary.matrix.cells, [
      { workflow: 'allocation', tenant: 'standard', ...zero, flaky: 1 },
      { workflow: 'invoicing', tenant: 'standard', ...zero, failed: 1 },
      { workflow: 'order-to-cash', tenant: 'regulated', ...zero, passed: 1 },
      { workflow: 'order-to-cash', tenant: 'standard', ...zero, passed: 1 },
      { workflow: 'shipment', tenant: 'standard', ...zero, passed: 1 },
    ]);
    const flaky = summary.tests.find((t) => t.key === 'flaky|standard|api');
    assert.equal(flaky?.outcome, 'flaky');
    assert.equal(flaky?.attempts, 2);
    const broken = summary.tests.find((t) => t.key === 'broken|standard|api');
    assert.match(broken?.failure ?? '', /status: expected "allocated", got "open"|allocated/);
  });

  test('latency per action counts every run and judges only what the SLOs name', () => {
    const summary = readSummary(dir);
    const of = (tenant: string, action: string) =>
      summary.latency.find((l) => l.tenant === tenant && l.action === action);
    assert.equal(of('standard', 'probe.ping')?.samples, 2);
    assert.equal(of('regulated', 'probe.ping')?.samples, 2);
    // Both attempts of the flaky test ran the action: one failed, one passed.
    assert.equal(of('standard', 'probe.flaky')?.samples, 2);
    assert.equal(of('standard', 'probe.flaky')?.successRate, 0.5);
    const slow = of('standard', 'probe.slow')!;
    assert.ok(slow.p95Ms >= 300, `probe.slow p95 ${slow.p95Ms} ms`);
    assert.deepEqual(slow.slo, { p95Ms: 100 });
    assert.deepEqual(of('standard', 'probe.ping')?.slo, { p95Ms: 5000, successRate: 1 });
    assert.equal(of('regulated', 'probe.ping')?.slo, undefined);
    assert.deepEqual(
      summary.sloBreaches.map(({ actual: _actual, ...rest }) => rest),
      [{ tenant: 'standard', action: 'probe.slow', objective: 'p95', target: 100, samples: 1 }],
    );
  });

  test('the comparison with the previous summary names new failures, fixes and latency regressions', () => {
    const comparison = readSummary(dir).comparison!;
    assert.equal(comparison.previousRunId, 'previous-run');
    assert.deepEqual(comparison.newFailures, ['broken|standard|api']);
    assert.deepEqual(comparison.fixed, ['ok|regulated|api']);
    assert.deepEqual(comparison.stillFailing, []);
    assert.deepEqual(
      comparison.latencyRegressions.map((r) => [r.tenant, r.action, r.driver, r.previousP95Ms]),
      [['standard', 'probe.slow', 'api', 20]],
    );
  });

  test('the summary is valid against its published schema and carries the deployment, masked', () => {
    const summary = readSummary(dir);
    const schema = JSON.parse(
      readFileSync(new URL('../../schemas/business-summary.schema.json', import.meta.url), 'utf8'),
    );
    const ajv = new Ajv2020.default({ strict: false });
    const validate = ajv.compile(schema);
    assert.ok(validate(summary), JSON.stringify(validate.errors));
    assert.equal(summary.deployment.version, '2.3.4');
    assert.equal(summary.deployment.commit, 'c0ffee1');
    assert.notEqual(summary.deployment.buildToken, TOKEN);
    const markdown = readFileSync(join(dir, 'reports/summary/summary.md'), 'utf8');
    assert.match(markdown, /\| invoicing \| — \| ✗ 1 \|/, markdown);
    assert.match(markdown, /New failures: `broken\|standard\|api`\n/);
    const html = readFileSync(join(dir, 'reports/summary/summary.html'), 'utf8');
    assert.match(html, /<svg role="img" aria-label="latency per action"/);
    // Self-contained: no script, no stylesheet or image to fetch.
    assert.doesNotMatch(html, /<script|<link|(?:src|href)\s*=/i);
  });

  test('no secret value reaches the summary, the JUnit or the HTML report, in any encoding', () => {
    const scan = scanPaths({ token: TOKEN }, [join(dir, 'reports')]);
    assert.ok(scan.scanned.some((f) => f.includes('summary.html')));
    assert.deepEqual(scan.findings, []);
  });

  test('without flags a flaky pass and an SLO breach are warnings: exit 0', async () => {
    const result = await run(dir, [...only('ok', 'flaky', 'slow'), '--reporter', 'line']);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stderr, /⚠ 1 test\(s\) passed only after a retry/);
    assert.doesNotMatch(result.stderr, /SLO breach/, 'no summary reporter, no SLO judged');
  });

  test('--fail-on-flaky fails a run whose only problem is a pass after a retry', async () => {
    const result = await run(dir, [...only('ok', 'flaky'), '--reporter', 'line', '--fail-on-flaky']);
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.match(result.stderr, /✗ 1 test\(s\) passed only after a retry \(flaky\), and --fail-on-flaky fails the run/);
  });

  test('--fail-on-slo fails a run whose only problem is an SLO breach, and writes the summary it judged', async () => {
    const stepSummary = join(dir, 'github-step-summary.md');
    writeFileSync(stepSummary, '# Earlier step\n');
    const result = await run(dir, [...only('ok', 'slow'), '--reporter', 'line', '--fail-on-slo'], {
      GITHUB_STEP_SUMMARY: stepSummary,
    });
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.match(
      result.stderr,
      /✗ 1 SLO breach\(es\), and --fail-on-slo fails the run:\n {2}standard · probe\.slow: p95/,
    );
    // The page says what the exit code says: no test failed, and the gate failed the run.
    const judged = readSummary(dir);
    assert.equal(judged.totals.failed, 0);
    assert.equal(judged.verdict.result, 'failed');
    assert.deepEqual(judged.verdict.reasons, ['1 SLO breach(es), and --fail-on-slo fails the run']);
    assert.match(readFileSync(join(dir, 'reports/summary/summary.md'), 'utf8'), /^\*\*✗ failed\*\*/m);
    // Appended to the job's summary page, after what earlier steps wrote.
    assert.match(
      readFileSync(stepSummary, 'utf8'),
      /^# Earlier step\n## Rehearse — business summary\n[\s\S]*### SLO breaches\n\n- ✗ standard · probe\.slow: p95/,
    );
  });

  test('--fail-on-slo passes a run within its SLOs', async () => {
    const result = await run(dir, [...only('ok'), '--reporter', 'line', '--fail-on-slo']);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const judged = readSummary(dir);
    assert.equal(judged.verdict.result, 'passed');
    assert.deepEqual(judged.verdict.gates, { failOnSlo: true, failOnFlaky: false });
  });

  test('a shard that holds no test says "nothing tested" in its summary, as its exit code does', async () => {
    // `ok` is two tests (two tenants); the third of three shards gets none.
    const result = await run(dir, [...only('ok'), '--reporter', 'line,summary', '--shard', '3/3']);
    assert.equal(result.code, 2, result.stdout + result.stderr);
    const summary = readSummary(dir);
    assert.equal(summary.totals.tests, 0);
    assert.equal(summary.successRate, null);
    assert.equal(summary.verdict.result, 'nothing-tested');
    const markdown = readFileSync(join(dir, 'reports/summary/summary.md'), 'utf8');
    assert.match(markdown, /^\*\*✗ nothing tested\*\*/m);
    assert.match(markdown, /success rate n\/a/);
    assert.doesNotMatch(markdown, /✓ passed/);
  });

  test('a reporter that throws breaks neither the run nor the other reporters, and the verdict says why it is 1', async () => {
    writeFileSync(
      join(dir, 'throwing-reporter.mjs'),
      [
        'export default class Throwing {',
        "  onBegin() { throw new Error('boom in onBegin'); }",
        "  onTestEnd() { throw new Error('boom in onTestEnd'); }",
        "  onEnd() { throw new Error('boom in onEnd'); }",
        '}',
        '',
      ].join('\n'),
    );
    rmSync(join(dir, 'reports'), { recursive: true, force: true });
    const result = await run(dir, [...only('ok'), '--reporter', 'line,./throwing-reporter.mjs,junit,summary']);
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.match(result.stdout + result.stderr, /2 passed/, result.stdout + result.stderr);
    assert.match(
      result.stderr,
      /No test failed, but Playwright ended with code 1: an error outside the tests \(a reporter that threw/,
    );
    assert.match(readFileSync(join(dir, 'reports/junit.xml'), 'utf8'), /<testsuites[^>]* tests="2" failures="0"/);
    assert.equal(readSummary(dir).totals.passed, 2);
  });

  test('report merge writes the same summary from blob reports and applies the same gates', async () => {
    const blob = await run(dir, [...only('ok', 'flaky', 'slow'), '--reporter', 'blob']);
    assert.equal(blob.code, 0, blob.stdout + blob.stderr);
    const merge = await runCli(['report', 'merge', '--output', 'merged', '--fail-on-slo'], {
      cwd: dir,
      timeoutMs: 120_000,
    });
    assert.equal(merge.code, 1, merge.stdout + merge.stderr);
    assert.match(
      merge.stderr,
      /✗ 1 SLO breach\(es\), and --fail-on-slo fails the run:\n {2}standard · probe\.slow: p95/,
    );
    assert.match(merge.stderr, /⚠ 1 test\(s\) passed only after a retry \(flaky\)/);
    // The SLOs and the deployment travel in the blobs' metadata.
    const merged = JSON.parse(readFileSync(join(dir, 'merged/summary/summary.json'), 'utf8')) as BusinessSummary;
    assert.deepEqual(merged.totals, { tests: 4, passed: 3, failed: 0, flaky: 1, skipped: 0 });
    assert.deepEqual(merged.latency.find((l) => l.action === 'probe.slow')?.slo, { p95Ms: 100 });
    assert.equal(merged.deployment.version, '2.3.4');
    assert.equal(merged.verdict.result, 'failed');
    assert.equal(merged.comparison, undefined);
    // The same merge again: the summary does not compare the run with itself.
    const again = await runCli(['report', 'merge', '--output', 'merged'], { cwd: dir, timeoutMs: 120_000 });
    assert.equal(again.code, 0, again.stdout + again.stderr);
    const remerged = JSON.parse(readFileSync(join(dir, 'merged/summary/summary.json'), 'utf8')) as BusinessSummary;
    assert.equal(remerged.comparison, undefined);
    assert.equal(remerged.verdict.result, 'passed');
  });

  test('a merge with a missing shard says "incomplete" in its summary, and --compare is taken there too', async () => {
    rmSync(join(dir, 'reports/blob'), { recursive: true, force: true });
    const blob = await run(dir, [...only('ok', 'slow'), '--reporter', 'blob', '--shard', '1/2']);
    assert.equal(blob.code, 0, blob.stdout + blob.stderr);
    writeFileSync(join(dir, 'previous.json'), JSON.stringify(previousSummary()));
    const merge = await runCli(['report', 'merge', '--output', 'partial', '--compare', 'previous.json'], {
      cwd: dir,
      timeoutMs: 120_000,
    });
    assert.equal(merge.code, 2, merge.stdout + merge.stderr);
    const partial = JSON.parse(readFileSync(join(dir, 'partial/summary/summary.json'), 'utf8')) as BusinessSummary;
    assert.equal(partial.run.shards, 2);
    assert.deepEqual(partial.run.missingShards, [2]);
    assert.equal(partial.verdict.result, 'incomplete');
    assert.match(partial.verdict.reasons.join('\n'), /shard\(s\) 2 of 2 missing from the merge/);
    assert.equal(partial.comparison?.previousRunId, 'previous-run');
    assert.match(
      readFileSync(join(dir, 'partial/summary/summary.md'), 'utf8'),
      /^\*\*✗ incomplete\*\*.*1 of 2 shard\(s\) merged/m,
    );
  });

  test('--compare names a business summary: anything else is exit 2 before the run starts', async () => {
    writeFileSync(join(dir, 'empty.json'), '');
    writeFileSync(join(dir, 'results.json'), JSON.stringify({ config: {}, suites: [] }));
    writeFileSync(join(dir, 'v4.json'), JSON.stringify({ ...previousSummary(), schemaVersion: 4 }));
    const { tests: _tests, ...noTests } = previousSummary();
    writeFileSync(join(dir, 'no-tests.json'), JSON.stringify(noTests));
    const cases: Array<[string, RegExp]> = [
      ['no-such-summary.json', /no file at \S*no-such-summary\.json/],
      ['scenarios', /is a folder, not a summary\.json/],
      ['empty.json', /empty\.json is empty/],
      ['results.json', /is not a business summary \(it has no schemaVersion/],
      ['v4.json', /is a version 4 business summary; this Rehearse reads versions 1, 2 and 3/],
      ['no-tests.json', /does not match the business summary schema at \/tests: Expected required property/],
    ];
    for (const [file, problem] of cases) {
      const result = await runCli(['run', '--base-url', 'http://127.0.0.1:9', '--compare', file], { cwd: dir });
      assert.equal(result.code, 2, `${file}: ${result.stdout}${result.stderr}`);
      assert.match(result.stderr, /REHEARSE_INVALID_FLAG/);
      assert.match(result.stderr, problem, result.stderr);
      // Refused before anything ran: the target is not even asked for its health.
      assert.doesNotMatch(result.stderr, /health|preflight|ECONNREFUSED/i, result.stderr);
    }
  });
});
