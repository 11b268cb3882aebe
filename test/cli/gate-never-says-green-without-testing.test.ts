// The exit code gates a release, so "0" must mean "tested and passed": a run that executed nothing,
// an empty shard, a grep that selects nothing or a mistyped flag is never a pass.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { linkRehearse } from '../helpers/report-files.js';
import { runCli } from '../helpers/run-cli.js';
import { startTestTarget, type TestTarget } from '../helpers/target-server.js';
import { tempProjects } from '../helpers/temp-project.js';

const project = tempProjects();

const skippedEverywhere = [
  'name: feature-off',
  'tenants: [standard]',
  'vars: { enabled: false }',
  'steps:',
  '  - http: GET /health',
  '    if: "{{ enabled }}"',
  '  - http: GET /version',
  '    if: "{{ enabled }}"',
  '',
].join('\n');

const passing = [
  'name: health',
  'tags: [smoke]',
  'steps:',
  '  - http: GET /health',
  '    expect: { status: 200 }',
  '',
].join('\n');

describe('nothing executed is never a pass', () => {
  let target: TestTarget;
  before(async () => {
    target = await startTestTarget();
  });
  after(() => target.close());
  const run = (dir: string, args: string[] = []) =>
    runCli(['run', '--base-url', target.url, '--workers', '1', '--reporter', 'line', ...args], {
      cwd: dir,
      timeoutMs: 120_000,
    });

  test('a scenario whose steps were all skipped by if: is skipped, and a run of only such scenarios exits 2', async () => {
    const p = project({ 'scenarios/off.scenario.yaml': skippedEverywhere });
    const result = await run(p.dir);
    assert.equal(result.code, 2, result.stdout + result.stderr);
    assert.match(result.stdout, /1 skipped/);
    assert.doesNotMatch(result.stdout, /passed/);
    assert.match(result.stderr, /No scenario executed a step: 1 of 1 test\(s\) were skipped/);
    const allowed = await run(p.dir, ['--pass-with-no-tests']);
    assert.equal(allowed.code, 0, allowed.stdout + allowed.stderr);
    assert.match(allowed.stderr, /--pass-with-no-tests/);
  });

  test('a skipped scenario next to one that ran does not stop the run from passing', async () => {
    const p = project({ 'scenarios/off.scenario.yaml': skippedEverywhere, 'scenarios/health.scenario.yaml': passing });
    const result = await run(p.dir);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /1 skipped/);
    assert.match(result.stdout, /2 passed/);
  });

  test('an empty shard says so and exits 2, or 0 with --pass-with-no-tests', async () => {
    const p = project({ 'scenarios/health.scenario.yaml': passing });
    const result = await run(p.dir, ['--tenant', 'standard', '--shard', '2/2']);
    assert.equal(result.code, 2, result.stdout + result.stderr);
    assert.match(result.stderr, /Shard 2\/2 holds no test/);
    const allowed = await run(p.dir, ['--tenant', 'standard', '--shard', '2/2', '--pass-with-no-tests']);
    assert.equal(allowed.code, 0, allowed.stdout + allowed.stderr);
    const first = await run(p.dir, ['--tenant', 'standard', '--shard', '1/2']);
    assert.equal(first.code, 0, first.stdout + first.stderr);
    assert.match(first.stdout, /1 passed/);
  });

  // The project's Playwright config stands in for an editor saving a file between Rehearse's
  // check and Playwright's load: it renames the scenario the CLI selected.
  const renaming = (alsoDropSnapshot: boolean) =>
    [
      "import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';",
      "import { defineRehearseConfig } from 'rehearse/playwright';",
      "const file = 'scenarios/health.scenario.yaml';",
      "writeFileSync(file, readFileSync(file, 'utf8').replace('name: health\\n', 'name: health-renamed\\n'));",
      ...(alsoDropSnapshot
        ? ["for (const name of readdirSync('.rehearse')) if (name.endsWith('.v8')) rmSync(`.rehearse/${name}`);"]
        : []),
      'export default defineRehearseConfig();',
      '',
    ].join('\n');

  test('a scenario renamed while the run was starting: the run runs the project it validated', async () => {
    const p = project({
      'scenarios/health.scenario.yaml': passing,
      'package.json': '{ "type": "module", "private": true }\n',
      'playwright.config.ts': renaming(false),
    });
    linkRehearse(p.dir);
    const result = await run(p.dir, ['--scenario', 'health']);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /› health › health \(standard, api\)/);
    assert.match(result.stdout, /2 passed/);
    assert.match(readFileSync(join(p.dir, 'scenarios/health.scenario.yaml'), 'utf8'), /name: health-renamed/);
  });

  test('renamed, and the validated project lost too: nothing runs, exit 2, and the message says the files changed', async () => {
    const p = project({
      'scenarios/health.scenario.yaml': passing,
      'package.json': '{ "type": "module", "private": true }\n',
      'playwright.config.ts': renaming(true),
    });
    linkRehearse(p.dir);
    const result = await run(p.dir, ['--scenario', 'health']);
    assert.equal(result.code, 2, result.stdout + result.stderr);
    assert.match(result.stderr, /The project's files changed while the run was starting/);
    assert.doesNotMatch(result.stderr, /No test was selected/);
  });
});

interface JsonSuite {
  specs?: Array<{ title: string; tests?: Array<{ results?: Array<{ status: string }> }> }>;
  suites?: JsonSuite[];
}

/** Each test of Playwright's JSON report as "title" and its last status ("not run" when it has none). */
function jsonReportTests(file: string): Array<{ title: string; status: string }> {
  const out: Array<{ title: string; status: string }> = [];
  const walk = (suite: JsonSuite) => {
    for (const spec of suite.specs ?? [])
      for (const t of spec.tests ?? []) out.push({ title: spec.title, status: t.results?.at(-1)?.status ?? 'not run' });
    for (const child of suite.suites ?? []) walk(child);
  };
  for (const suite of (JSON.parse(readFileSync(file, 'utf8')) as JsonSuite).suites ?? []) walk(suite);
  return out;
}

describe("a title or tag that spells Rehearse's own tags neither hides a test nor copies one", () => {
  let target: TestTarget;
  before(async () => {
    target = await startTestTarget();
  });
  after(() => target.close());

  const failing = (name: string, extra: string[]) =>
    [`name: ${name}`, ...extra, 'steps:', '  - http: GET /health', '    expect: { status: 599 }', ''].join('\n');

  for (const { what, files } of [
    {
      what: 'without setup tenants',
      files: {},
    },
    {
      what: 'beside a tenant with setup and teardown',
      files: {
        'scenarios/open.scenario.yaml': 'name: open\nkind: setup\ntenants: [standard]\nsteps:\n  - http: GET /health\n',
        'scenarios/close.scenario.yaml':
          'name: close\nkind: teardown\ntenants: [standard]\nsteps:\n  - http: GET /health\n',
      },
    },
  ]) {
    test(`a failing scenario titled "@phase:teardown", one tagged phase:setup, one titled "@tenant:regulated" (${what}): each runs once per tenant and the run fails`, async () => {
      const p = project({
        ...files,
        'scenarios/audit.scenario.yaml': failing('audit', ['title: Audit trail @phase:teardown must be written']),
        'scenarios/tagged.scenario.yaml': failing('tagged', ['tags: [phase:setup]', 'tenants: [regulated]']),
        'scenarios/spoof.scenario.yaml': failing('spoof', [
          'title: reads the order @tenant:regulated for audit',
          'tenants: [standard]',
        ]),
      });
      const result = await runCli(['run', '--base-url', target.url, '--workers', '1', '--reporter', 'list,json'], {
        cwd: p.dir,
        timeoutMs: 120_000,
      });
      assert.equal(result.code, 1, result.stdout + result.stderr);
      // Every test of the JSON report, also one that did not run: a copy in another tenant's project would be one.
      const tests = jsonReportTests(join(p.dir, 'reports', 'results.json'));
      const ran = (title: string) =>
        tests
          .filter((t) => t.title.startsWith(title))
          .map((t) => `${t.status} ${/\(([\w-]+), api\)$/.exec(t.title)?.[1] ?? t.title}`)
          .sort();
      assert.deepEqual(ran('Audit trail'), ['failed regulated', 'failed standard'], result.stdout);
      assert.deepEqual(ran('tagged'), ['failed regulated'], result.stdout);
      assert.deepEqual(ran('reads the order'), ['failed standard'], result.stdout);
    });
  }
});

describe('mistakes in flags are exit 2 before anything starts', () => {
  const p = project({ 'scenarios/health.scenario.yaml': passing });
  const cases: Array<{ flags: string[]; says: RegExp }> = [
    {
      flags: ['--grep', 'nothing-is-called-this'],
      says: /--grep "nothing-is-called-this" matches none of the 2 selected test/,
    },
    { flags: ['--grep', '(unclosed'], says: /Failed to read --grep "\(unclosed"/ },
    { flags: ['--reporter', 'junti'], says: /unknown reporter "junti"[\s\S]*Did you mean "junit"\?/ },
    { flags: ['--reporter', './missing-reporter.js'], says: /no reporter module at/ },
    { flags: ['--shard', '5/3'], says: /Failed to read --shard "5\/3"[\s\S]*only 3 shard/ },
    { flags: ['--shard', '0/3'], says: /Failed to read --shard "0\/3"/ },
    { flags: ['--shard', 'one/3'], says: /Failed to read --shard "one\/3"/ },
  ];
  for (const { flags, says } of cases) {
    test(`rehearse run ${flags.join(' ')}`, async () => {
      // Port 9 (discard) on loopback: nothing listens, so a run that got as far as the preflight would exit 3.
      const result = await runCli(['run', '--base-url', 'http://127.0.0.1:9', ...flags], {
        cwd: p.dir,
        timeoutMs: 60_000,
      });
      assert.equal(result.code, 2, result.stdout + result.stderr);
      assert.match(result.stderr, says);
      assert.match(result.stderr, /REHEARSE_(INVALID_FLAG|NOTHING_TO_RUN)/);
      assert.doesNotMatch(result.stderr, /Preflight|Running \d+ test/);
      assert.doesNotMatch(result.stderr, /^\s+at /m);
    });
  }
});
