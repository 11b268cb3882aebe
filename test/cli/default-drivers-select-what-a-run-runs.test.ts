// The config's `defaultDrivers` decides which drivers a run without --driver selects — the same
// matrix for `rehearse list` and `rehearse run` — and the console says what it left out and how
// to run it; --driver overrides it; a name that is no driver is a mistake (exit 2) in the
// config (at its position) and on the command line.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli } from '../helpers/run-cli.js';
import { startTestTarget, type TestTarget } from '../helpers/target-server.js';
import { tempProjects } from '../helpers/temp-project.js';

const project = tempProjects();

const CONFIG = [
  'defaultDrivers: [api]',
  'defaultEnvironment: local',
  'environments:',
  '  local: { baseUrl: http://127.0.0.1:9, allowedHosts: [127.0.0.1] }',
  '',
].join('\n');

const FILES = {
  'rehearse.config.yaml': CONFIG,
  'scenarios/actions/health.yaml': [
    'actions:',
    '  health.check:',
    '    api:',
    '      - http: GET /health',
    '        expect: { status: 200 }',
    '    ui:',
    '      - http: GET /health',
    '        expect: { status: 200 }',
    '',
  ].join('\n'),
  'scenarios/both.scenario.yaml': [
    'name: both-drivers',
    'drivers: [api, ui]',
    'steps:',
    '  - do: health.check',
    '',
  ].join('\n'),
  'scenarios/screens.scenario.yaml': ['name: screens-only', 'drivers: [ui]', 'steps:', '  - do: health.check', ''].join(
    '\n',
  ),
};

interface Listed {
  scenario: string;
  tenant: string;
  driver: string;
}

describe('defaultDrivers selects what a run without --driver runs', () => {
  let target: TestTarget;
  before(async () => {
    target = await startTestTarget();
  });
  after(() => target.close());

  test('list: only the default drivers, and a line that says what was left out and how to add it', async () => {
    const p = project(FILES);
    const json = await runCli(['list', '--format', 'json'], { cwd: p.dir });
    assert.equal(json.code, 0, json.stdout + json.stderr);
    const listed = JSON.parse(json.stdout) as Listed[];
    assert.deepEqual(listed.map((t) => `${t.scenario}/${t.tenant}/${t.driver}`).sort(), [
      'both-drivers/regulated/api',
      'both-drivers/standard/api',
    ]);
    const text = await runCli(['list'], { cwd: p.dir });
    assert.match(
      text.stdout,
      /Not selected: the ui tests of 2 scenario\(s\) \(defaultDrivers: \[api\] in rehearse\.config\.yaml\); add --driver api,ui to run them\./,
    );
  });

  test('--driver overrides the default, in list and run alike', async () => {
    const p = project(FILES);
    const all = await runCli(['list', '--driver', 'api,ui', '--format', 'json'], { cwd: p.dir });
    assert.equal(all.code, 0, all.stdout + all.stderr);
    const listed = JSON.parse(all.stdout) as Listed[];
    assert.equal(listed.filter((t) => t.driver === 'ui').length, 4, 'both scenarios × 2 tenants through the ui');
    assert.equal(listed.filter((t) => t.driver === 'api').length, 2);
    const text = await runCli(['list', '--driver', 'api,ui'], { cwd: p.dir });
    assert.doesNotMatch(text.stdout, /Not selected/, 'nothing left out when --driver is given');
  });

  test('run: the default run runs the api tests only, and says so on the console', async () => {
    const p = project(FILES);
    const run = await runCli(['run', '--base-url', target.url, '--workers', '1', '--reporter', 'json'], {
      cwd: p.dir,
      timeoutMs: 120_000,
    });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stderr, /Not selected: the ui tests of 2 scenario\(s\)/);
    const report = readFileSync(join(p.dir, 'reports', 'results.json'), 'utf8');
    assert.equal((report.match(/"@?driver:api"/g) ?? []).length, 2, report.slice(0, 2000));
    assert.doesNotMatch(report, /"@?driver:ui"/);
  });

  test('run: a selection the default drivers empty is refused (exit 2) with the --driver that runs it', async () => {
    const p = project(FILES);
    const run = await runCli(['run', '--scenario', 'screens-only', '--base-url', target.url], { cwd: p.dir });
    assert.equal(run.code, 2, run.stdout + run.stderr);
    assert.match(run.stderr, /REHEARSE_NOTHING_TO_RUN/);
    assert.match(run.stderr, /add --driver api,ui to run them/);
  });

  test('a name that is no driver: exit 2 on the command line, and at its position in the config', async () => {
    const p = project(FILES);
    for (const command of ['run', 'list']) {
      const bad = await runCli([command, '--driver', 'robot'], { cwd: p.dir });
      assert.equal(bad.code, 2, bad.stdout + bad.stderr);
      assert.match(bad.stderr, /"robot" is no driver; expected api or ui/);
    }
    const q = project({ ...FILES, 'rehearse.config.yaml': CONFIG.replace('[api]', '[api, robot]') });
    const validate = await runCli(['validate'], { cwd: q.dir });
    assert.equal(validate.code, 2, validate.stdout + validate.stderr);
    assert.match(validate.stdout + validate.stderr, /rehearse\.config\.yaml:1:23/);
  });
});
