import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import type { DoctorReport } from '../../src/cli/commands/doctor.js';
import { runCli } from '../helpers/run-cli.js';
import { tempProjects } from '../helpers/temp-project.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const project = tempProjects();

const doctor = async (args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }) => {
  const result = await runCli(['doctor', '--format', 'json', ...args], options);
  return { ...result, report: JSON.parse(result.stdout) as DoctorReport };
};

/** Where Playwright keeps its own Chromium, when it has been installed on this machine. */
const bundled = (() => {
  try {
    const path = chromium.executablePath();
    return existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
})();
const anyBrowser = bundled ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

const STAGING_CONFIG = [
  'defaultEnvironment: staging',
  'environments:',
  '  sandbox: { embedded: sandbox, allowedHosts: [127.0.0.1] }',
  '  staging:',
  '    baseUrl: env:DOCTOR_TEST_BASE_URL',
  '    allowedHosts: [staging.example.com]',
  '    tenants:',
  '      standard: { auth: { type: bearer, token: env:DOCTOR_TEST_TOKEN } }',
  '',
].join('\n');
const SCENARIO = 'name: a\nsteps:\n  - http: GET /health\n';

describe('rehearse doctor', () => {
  before(() => {
    // `npm ci` installs a browser when none is there (scripts/setup.mjs): a missing one is a broken setup, not a reason to skip.
    assert.ok(anyBrowser, 'no Chromium found: run `npm ci` or set CHROMIUM_PATH');
  });

  test('on the shipped project: Node, the browser with its version, the counts, exit 0', async () => {
    const { code, report } = await doctor(['-C', REPO], { cwd: REPO, env: { CHROMIUM_PATH: '' } });
    assert.equal(code, 0, JSON.stringify(report.problems));
    assert.equal(report.ok, true);
    assert.equal(report.node.version, process.versions.node);
    assert.equal(report.browser.found, true);
    assert.equal(report.browser.path, anyBrowser);
    assert.equal(report.browser.source, bundled ? 'playwright' : 'system');
    assert.match(report.browser.version ?? '', /\d+\.\d+\.\d+/);
    const scenarioFiles = readdirSync(join(REPO, 'scenarios')).filter((f) => f.endsWith('.scenario.yaml'));
    assert.equal(report.project.loads, true);
    assert.equal(report.project.scenarios, scenarioFiles.length);
    assert.equal(report.project.tenants, readdirSync(join(REPO, 'tenant-profiles')).length);
    assert.equal(report.project.drivers?.api, scenarioFiles.length);
    assert.deepEqual(
      report.environments.list.map((e) => e.name),
      ['sandbox', 'staging', 'production'],
    );
    assert.equal(report.environments.selected, 'sandbox');
    assert.deepEqual(report.environments.unset, []);
  });

  test('text output says the same in lines a person reads', async () => {
    const { code, stdout } = await runCli(['-C', REPO, 'doctor'], { cwd: REPO, env: { CHROMIUM_PATH: '' } });
    assert.equal(code, 0);
    assert.match(stdout, new RegExp(`✓ Node ${process.versions.node.replace(/\./g, '\\.')}`));
    assert.match(stdout, /✓ Browser: .* at \/.*— .*\d+\.\d+/);
    assert.match(stdout, /✓ Project .*: \d+ scenario\(s\), .*4 tenant profile\(s\); scenarios per driver: api \d+/);
    assert.match(stdout, /\* sandbox: embedded sandbox/);
    assert.match(stdout, /All well/);
  });

  test('CHROMIUM_PATH naming a missing file: says so and falls back to another browser', async () => {
    const missing = join(REPO, 'no-such-dir', 'chrome');
    const { code, report, stdout } = await doctor(['-C', REPO], { cwd: REPO, env: { CHROMIUM_PATH: missing } });
    assert.equal(code, 0, 'another browser was found: a warning, not a failure');
    assert.equal(report.browser.path, anyBrowser);
    assert.notEqual(report.browser.source, 'CHROMIUM_PATH');
    assert.equal(report.browser.notes.length, 1);
    assert.match(
      report.browser.notes[0]!,
      new RegExp(`CHROMIUM_PATH is set to ${missing}, which does not exist; using the`),
    );
    assert.deepEqual(report.warnings, report.browser.notes);
    assert.ok(!stdout.includes('"ok": false'));
  });

  test('CHROMIUM_PATH naming a browser: it is used unless Playwright has its own', async () => {
    const browser = anyBrowser!;
    const { code, report } = await doctor(['-C', REPO], { cwd: REPO, env: { CHROMIUM_PATH: browser } });
    assert.equal(code, 0);
    if (bundled) {
      assert.equal(report.browser.source, 'playwright');
      assert.ok(
        (report.browser.notes[0] ?? '').includes(`CHROMIUM_PATH (${browser}) is not used`),
        report.browser.notes[0],
      );
    } else {
      assert.equal(report.browser.source, 'CHROMIUM_PATH');
      assert.equal(report.browser.path, browser);
      assert.deepEqual(report.browser.notes, []);
    }
  });

  test('unset secret references of the default environment: listed with their file:line:col, exit 2', async () => {
    const p = project({ 'rehearse.config.yaml': STAGING_CONFIG, 'scenarios/a.scenario.yaml': SCENARIO });
    const env = { CHROMIUM_PATH: '', DOCTOR_TEST_BASE_URL: '', DOCTOR_TEST_TOKEN: '' };
    const { code, report, stderr } = await doctor(['-C', p.dir], { cwd: p.dir, env });
    assert.equal(code, 2);
    assert.equal(report.ok, false);
    assert.equal(report.environments.selected, 'staging');
    assert.deepEqual(
      report.environments.unset.map((u) => [u.ref, u.code, `${u.file}:${u.line}`]),
      [
        ['env:DOCTOR_TEST_BASE_URL', 'REHEARSE_ENV_VAR_MISSING', 'rehearse.config.yaml:5'],
        ['env:DOCTOR_TEST_TOKEN', 'REHEARSE_SECRET_MISSING', 'rehearse.config.yaml:8'],
      ],
    );
    assert.ok(report.problems.every((x) => x.area === 'environment' && x.hint));
    assert.equal(report.project.loads, true, 'the files are fine: only the machine lacks something');
    assert.equal(report.project.scenarios, 1);
    assert.equal(stderr, '', 'json output is the whole answer');

    const text = await runCli(['-C', p.dir, 'doctor'], { cwd: p.dir, env });
    assert.equal(text.code, 2);
    assert.match(text.stdout, /✗ Environment staging: unset env:DOCTOR_TEST_BASE_URL, env:DOCTOR_TEST_TOKEN/);
    assert.match(text.stderr, /2 problem\(s\):/);
    assert.match(
      text.stderr,
      /\[environment\] Failed to resolve secret "env:DOCTOR_TEST_TOKEN".*\(rehearse\.config\.yaml:8:\d+\)/,
    );
    assert.match(text.stderr, /hint: Run `export DOCTOR_TEST_TOKEN=…` first/);
  });

  test('with those variables set, the same project is all well (the sandbox, by --env, never needed them)', async () => {
    const p = project({ 'rehearse.config.yaml': STAGING_CONFIG, 'scenarios/a.scenario.yaml': SCENARIO });
    const set = await doctor(['-C', p.dir], {
      cwd: p.dir,
      env: { CHROMIUM_PATH: '', DOCTOR_TEST_BASE_URL: 'https://staging.example.com', DOCTOR_TEST_TOKEN: 't' },
    });
    assert.equal(set.code, 0, JSON.stringify(set.report.problems));
    assert.deepEqual(set.report.environments.unset, []);
    const sandbox = await doctor(['-C', p.dir, '--env', 'sandbox'], {
      cwd: p.dir,
      env: { CHROMIUM_PATH: '', DOCTOR_TEST_BASE_URL: '', DOCTOR_TEST_TOKEN: '' },
    });
    assert.equal(sandbox.code, 0, JSON.stringify(sandbox.report.problems));
    assert.equal(sandbox.report.environments.selected, 'sandbox');
  });

  test('a project that does not load: its problems with positions, exit 2', async () => {
    const p = project({ 'scenarios/a.scenario.yaml': 'name: a\nsteps:\n  - htp: GET /health\n' });
    const { code, report } = await doctor(['-C', p.dir], { cwd: p.dir, env: { CHROMIUM_PATH: '' } });
    assert.equal(code, 2);
    assert.equal(report.project.loads, false);
    assert.equal(report.project.scenarios, undefined);
    const problem = report.problems.find((x) => x.area === 'project');
    assert.equal(problem?.code, 'REHEARSE_UNKNOWN_STEP_KIND');
    assert.equal(`${problem?.file}:${problem?.line}:${problem?.column}`, 'scenarios/a.scenario.yaml:3:5');
    assert.match(problem?.hint ?? '', /Did you mean "http"\?/);
  });
});
