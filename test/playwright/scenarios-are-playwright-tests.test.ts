// Scenario files are Playwright tests in every way: a plain `npx playwright test` runs the
// shipped project (starting and stopping the embedded sandbox itself), every reporter names the
// scenario YAML file and line of each test and step, a failed step's code frame is the YAML,
// and one scenario file can be selected by its path.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { htmlReportData } from '../helpers/html-report-data.js';
import { MARK_VARIABLE, waitUntilGone } from '../helpers/process-marks.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import { CHECKOUT, filesUnder, linkRehearse } from '../helpers/report-files.js';
import { tempProject, type TempProject } from '../helpers/temp-project.js';

const SHIPPED = ['scenarios', 'pages', 'tenant-profiles', 'edi', 'schemas', 'virtual-services'];
const PLAYWRIGHT_CLI = join(CHECKOUT, 'node_modules', '@playwright', 'test', 'cli.js');

/** A copy of the shipped project whose playwright.config.ts adds the JSON reporter to Rehearse's. */
function shippedProject(): TempProject {
  const project = tempProject({
    'tenant-profiles/standard.yaml': null,
    'tenant-profiles/regulated.yaml': null,
    'scenarios/actions/order.yaml': null,
  });
  for (const dir of SHIPPED) cpSync(join(CHECKOUT, dir), join(project.dir, dir), { recursive: true });
  cpSync(join(CHECKOUT, 'rehearse.config.yaml'), join(project.dir, 'rehearse.config.yaml'));
  project.write('package.json', '{ "type": "module", "private": true }\n');
  project.write(
    'playwright.config.ts',
    [
      "import { defineRehearseConfig, reporters } from 'rehearse/playwright';",
      "export default defineRehearseConfig({ reporter: reporters(['list', 'json', 'junit', 'html'], 'reports') });",
      '',
    ].join('\n'),
  );
  linkRehearse(project.dir);
  // The shipped virtual partners' handlers import msw, as an installed Rehearse brings it.
  symlinkSync(join(CHECKOUT, 'node_modules', 'msw'), join(project.dir, 'node_modules', 'msw'), 'dir');
  return project;
}

/** Runs Playwright's own CLI in `dir`, every process marked; bounded. */
function playwrightTest(dir: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const child = spawn(process.execPath, [PLAYWRIGHT_CLI, 'test', ...args], {
    cwd: dir,
    env: { ...process.env, CI: '1', FORCE_COLOR: '0', NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
  return new Promise((resolve) =>
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    }),
  );
}

/** 1-based line of the first line of `file` matching `pattern`. */
function lineOf(file: string, pattern: RegExp): number {
  const index = readFileSync(file, 'utf8')
    .split('\n')
    .findIndex((l) => pattern.test(l));
  assert.ok(index >= 0, `${file} has a line matching ${pattern}`);
  return index + 1;
}

interface JsonSpec {
  title: string;
  file: string;
  line: number;
  column: number;
  tests: Array<{ results: Array<{ status: string; errors: Array<{ location?: { file: string; line: number } }> }> }>;
}
interface JsonSuite {
  file: string;
  specs?: JsonSpec[];
  suites?: JsonSuite[];
}

function jsonSpecs(dir: string): JsonSpec[] {
  const report = JSON.parse(readFileSync(join(dir, 'reports', 'results.json'), 'utf8')) as { suites: JsonSuite[] };
  const out: JsonSpec[] = [];
  const walk = (suite: JsonSuite) => {
    out.push(...(suite.specs ?? []));
    (suite.suites ?? []).forEach(walk);
  };
  report.suites.forEach(walk);
  return out;
}

const scenarioFiles = readdirSync(join(CHECKOUT, 'scenarios'))
  .filter((n) => n.endsWith('.scenario.yaml'))
  .map((n) => `scenarios/${n}`)
  .sort();

describe('npx playwright test runs the shipped project, every location at the YAML', () => {
  let project: TempProject;
  let run: CliResult;
  const mark = `pw-standalone-${process.pid}`;

  before(async () => {
    project = shippedProject();
    // The api tests of every scenario file: the locations are the point here, not the screens (suite time).
    run = await playwrightTest(project.dir, ['--workers', '2', '--grep', '@driver:api'], { [MARK_VARIABLE]: mark });
  });
  after(() => project.remove());

  test('runs green on its own: the embedded sandbox is started for it and nothing is left running', async () => {
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /\d+ passed/);
    assert.doesNotMatch(run.stdout, /\d+ (failed|skipped)/);
    assert.deepEqual(await waitUntilGone(mark, 5000), []);
  });

  test('the JSON reporter puts each test at its scenario file and the line of its name', () => {
    const specs = jsonSpecs(project.dir);
    assert.deepEqual([...new Set(specs.map((s) => s.file))].sort(), scenarioFiles);
    for (const spec of specs) {
      assert.equal(spec.line, lineOf(join(project.dir, spec.file), /^name:/), `${spec.title} at ${spec.file}`);
      assert.equal(spec.column, 1);
    }
  });

  test('the list reporter names the YAML file and line', () => {
    const line = lineOf(join(project.dir, 'scenarios/order-to-cash.scenario.yaml'), /^name:/);
    // Tenants share one Playwright project named "", so a line starts at the file; the tenant is in the title.
    assert.match(
      run.stdout,
      new RegExp(`(?:✓|✘|ok)\\s+\\d+ scenarios/order-to-cash\\.scenario\\.yaml:${line}:1 › .*\\(standard, api\\)`),
    );
    assert.doesNotMatch(run.stdout, /define-tests|\.rehearse\//);
  });

  test('JUnit names the scenario file as file and classname of each testcase', () => {
    const junit = readFileSync(join(project.dir, 'reports', 'junit.xml'), 'utf8');
    const cases = [...junit.matchAll(/<testcase [^>]*classname="([^"]+)" file="([^"]+)" line="(\d+)"/g)];
    assert.ok(cases.length > 0, junit.slice(0, 500));
    for (const [, classname, file, line] of cases) {
      assert.equal(classname, file);
      assert.ok(scenarioFiles.includes(file!), file);
      assert.equal(Number(line), lineOf(join(project.dir, file!), /^name:/));
    }
  });

  test('the HTML report groups the tests by scenario file and locates each step at its YAML line', () => {
    const data = htmlReportData(join(project.dir, 'reports', 'html', 'index.html'));
    const report = JSON.parse(data.get('report.json')!) as { files: Array<{ fileId: string; fileName: string }> };
    assert.deepEqual(report.files.map((f) => f.fileName).sort(), scenarioFiles);
    const file = report.files.find((f) => f.fileName === 'scenarios/order-to-cash.scenario.yaml')!;
    const detail = JSON.parse(data.get(`${file.fileId}.json`)!) as {
      tests: Array<{ results: Array<{ steps: Array<{ title: string; location?: { file: string; line: number } }> }> }>;
    };
    const steps = detail.tests[0]!.results[0]!.steps.filter((s) => s.location);
    const yaml = join(project.dir, 'scenarios/order-to-cash.scenario.yaml');
    const allocate = steps.find((s) => s.title === 'Allocate stock');
    assert.ok(allocate, JSON.stringify(steps.map((s) => s.title)));
    assert.deepEqual(allocate.location, {
      file: 'scenarios/order-to-cash.scenario.yaml',
      line: lineOf(yaml, /^ {2}- name: Allocate stock$/),
      column: 5,
    });
  });
});

describe('a failing scenario and a selected scenario file', () => {
  let project: TempProject;
  before(() => {
    project = shippedProject();
  });
  after(() => project.remove());

  test("rehearse run: a failed step's error, code frame and message are at its YAML line", async () => {
    const run = await runCli(
      ['run', '--scenario', 'order-to-cash', '--tenant', 'standard', '--driver', 'api', '--reporter', 'list,json'],
      {
        cwd: project.dir,
        env: { SANDBOX_DEFECTS: 'tax-rounding' },
        timeoutMs: 180_000,
      },
    );
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const yaml = join(project.dir, 'scenarios/order-to-cash.scenario.yaml');
    const failing = lineOf(yaml, /^ {2}- name: Total is subtotal plus tax/);
    const at = `failing step: scenarios/order-to-cash.scenario.yaml:${failing}:5`;
    assert.ok(run.stdout.includes(at), run.stdout);
    assert.match(run.stdout, new RegExp(`> ${failing} \\|   - name: Total is subtotal plus tax`));
    const [spec] = jsonSpecs(project.dir);
    assert.equal(spec!.file, 'scenarios/order-to-cash.scenario.yaml');
    const error = spec!.tests[0]!.results[0]!.errors[0]!;
    assert.deepEqual(error.location, { file: yaml, line: failing, column: 5 });
  });

  test('a scenario file that holds a secret as written is located in a masked copy: its code frame shows no secret', async () => {
    const yaml = join(project.dir, 'scenarios/order-to-cash.scenario.yaml');
    const secret = 'pin-S3cr3t-written-4471';
    const original = readFileSync(yaml, 'utf8');
    writeFileSync(yaml, original.replace(/^vars:\n/m, `secrets: [pin]\nvars:\n  pin: ${secret}\n`));
    try {
      const run = await runCli(
        ['run', '--scenario', 'order-to-cash', '--tenant', 'standard', '--driver', 'api', '--reporter', 'list,json'],
        { cwd: project.dir, env: { SANDBOX_DEFECTS: 'tax-rounding' }, timeoutMs: 180_000 },
      );
      assert.equal(run.code, 1, run.stdout + run.stderr);
      const failing = lineOf(yaml, /^ {2}- name: Total is subtotal plus tax/);
      assert.ok(run.stdout.includes(`failing step: scenarios/order-to-cash.scenario.yaml:${failing}:5.`), run.stdout);
      assert.match(run.stdout, new RegExp(`> ${failing} \\|   - name: Total is subtotal plus tax`));
      const [spec] = jsonSpecs(project.dir);
      const error = spec!.tests[0]!.results[0]!.errors[0]!;
      const copy = error.location!.file;
      assert.match(copy, /[/\\]\.rehearse[/\\]sources[/\\]scenarios[/\\]order-to-cash\.scenario\.[0-9a-f]{8}\.yaml$/);
      assert.equal(error.location!.line, failing);
      const masked = readFileSync(resolve(project.dir, copy), 'utf8');
      assert.equal(masked.split('\n').length, original.split('\n').length + 2);
      assert.ok(!masked.includes(secret) && masked.includes('pin: '), masked.slice(0, 400));
      assert.ok(!run.stdout.includes(secret) && !run.stderr.includes(secret));
      const everything = filesUnder(project.dir)
        .filter((f) => !f.endsWith('.scenario.yaml') || f.includes('.rehearse'))
        .filter((f) => !f.startsWith('node_modules'));
      for (const file of everything)
        assert.ok(!readFileSync(join(project.dir, file)).includes(secret), `${file} holds the secret`);
    } finally {
      writeFileSync(yaml, original);
    }
  });

  test('npx playwright test <scenario file> runs that file alone', async () => {
    const run = await playwrightTest(project.dir, [
      'scenarios/order-validation.scenario.yaml',
      '--grep',
      '@tenant:standard',
    ]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    // The scenario declares drivers: [api, ui]; the shipped config's defaultDrivers: [api] selects the api test.
    const specs = jsonSpecs(project.dir);
    assert.deepEqual(specs.map((s) => /\((standard), (api|ui)\)$/.exec(s.title)?.slice(1).join(' ')).sort(), [
      'standard api',
    ]);
    for (const spec of specs) {
      assert.equal(spec.file, 'scenarios/order-validation.scenario.yaml');
      assert.equal(spec.tests[0]!.results[0]!.status, 'passed', spec.title);
    }
  });
});

describe('an invalid project under plain npx playwright test says why, listing or running', () => {
  const project = tempProject({
    'package.json': '{ "type": "module", "private": true }\n',
    'playwright.config.ts':
      "import { defineRehearseConfig } from 'rehearse/playwright';\nexport default defineRehearseConfig();\n",
    'scenarios/bad.scenario.yaml': 'name: bad\nsteps:\n  - http: GET /x\n  - bogus: 1\n',
  });
  linkRehearse(project.dir);
  after(() => project.remove());

  // --list runs no globalSetup, and the VS Code extension and UI mode list tests this way.
  for (const args of [['--list'], []]) {
    test(`npx playwright test ${args.join(' ')}: exit 1, the file:line:col and the code, no stack`, async () => {
      const run = await playwrightTest(project.dir, args);
      const output = run.stdout + run.stderr;
      assert.equal(run.code, 1, output);
      assert.match(output, /scenarios\/bad\.scenario\.yaml:4:5/);
      assert.match(output, /REHEARSE_UNKNOWN_STEP_KIND/);
      assert.doesNotMatch(output, /No tests found/);
      assert.doesNotMatch(output, /^\s+at .*\.js:\d+/m);
    });
  }
});
