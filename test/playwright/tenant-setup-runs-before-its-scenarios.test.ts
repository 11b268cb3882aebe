// A scenario marked `kind: setup` runs once per tenant before the tenant's other scenarios,
// which read the variables it ended with (its secrets stay masked in theirs); a `kind: teardown`
// runs after them; a failed setup makes the run red; misuse is refused at its file and line.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli } from '../helpers/run-cli.js';
import { startTestTarget, type TestTarget } from '../helpers/target-server.js';
import { tempProjects } from '../helpers/temp-project.js';

const project = tempProjects();
const SECRET = 'setup-secret-7f3a9c21';

const SETUP = [
  'name: open-an-order',
  'kind: setup',
  'secrets: [apiSecret]',
  'vars:',
  `  apiSecret: ${SECRET}`,
  'steps:',
  '  - do: order.create',
  '    with: { customer: "{{ tenant.customers[0].id }}" }',
  '    save: { setupOrder: id }',
  '',
].join('\n');

const USES = (name: string) =>
  [
    `name: ${name}`,
    'steps:',
    '  - name: "read the order the setup opened, with {{ apiSecret }}"',
    '    http: GET /api/orders/{{ setupOrder }}',
    '    expect: { status: 200, body.id: "{{ setupOrder }}" }',
    '',
  ].join('\n');

const TEARDOWN = [
  'name: cancel-the-order',
  'kind: teardown',
  'steps:',
  '  - http: POST /api/orders/{{ setupOrder }}/cancel',
  '',
].join('\n');

interface Timed {
  title: string;
  project: string;
  status: string;
  startTime: string;
  duration: number;
}

function results(dir: string): Timed[] {
  type Suite = {
    specs?: Array<{
      title: string;
      tests: Array<{ projectName: string; results: Array<{ status: string; startTime: string; duration: number }> }>;
    }>;
    suites?: Suite[];
  };
  const report = JSON.parse(readFileSync(join(dir, 'reports', 'results.json'), 'utf8')) as { suites: Suite[] };
  const out: Timed[] = [];
  const walk = (suite: Suite) => {
    for (const spec of suite.specs ?? [])
      for (const t of spec.tests)
        for (const r of t.results) out.push({ title: spec.title, project: t.projectName, ...r });
    (suite.suites ?? []).forEach(walk);
  };
  report.suites.forEach(walk);
  return out;
}

const start = (t: Timed) => Date.parse(t.startTime);
const end = (t: Timed) => Date.parse(t.startTime) + t.duration;

describe('per-tenant setup and teardown scenarios', () => {
  let target: TestTarget;
  before(async () => {
    target = await startTestTarget({});
  });
  after(() => target.close());
  const run = (dir: string, args: string[] = []) =>
    runCli(['run', '--base-url', target.url, '--workers', '2', '--reporter', 'list,json', ...args], {
      cwd: dir,
      // Each project phase (setup, scenarios, teardown) starts its own workers.
      timeoutMs: 300_000,
    });

  test("setup runs once per tenant before the tenant's scenarios, which read its values; teardown runs after", async () => {
    const p = project({
      'scenarios/setup.scenario.yaml': SETUP,
      'scenarios/first.scenario.yaml': USES('first-reader'),
      'scenarios/second.scenario.yaml': USES('second-reader'),
      'scenarios/teardown.scenario.yaml': TEARDOWN,
    });
    const result = await run(p.dir);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const all = results(p.dir);
    for (const tenant of ['standard', 'regulated']) {
      const mine = all.filter((t) => t.title.includes(`(${tenant}, api)`));
      const setups = mine.filter((t) => t.title.startsWith('open-an-order'));
      const teardowns = mine.filter((t) => t.title.startsWith('cancel-the-order'));
      const readers = mine.filter((t) => t.title.includes('-reader'));
      assert.equal(setups.length, 1, `one setup for ${tenant}`);
      assert.equal(teardowns.length, 1, `one teardown for ${tenant}`);
      assert.equal(readers.length, 2);
      assert.deepEqual(
        mine.map((t) => t.status),
        mine.map(() => 'passed'),
      );
      assert.equal(setups[0]!.project, `${tenant} setup`);
      for (const reader of readers) {
        assert.ok(start(reader) >= end(setups[0]!), `${reader.title} starts after the setup ended`);
        assert.ok(start(teardowns[0]!) >= end(reader), `the teardown starts after ${reader.title} ended`);
      }
    }
    // The setup's secret reached the readers (their step titles use it) and is masked there too.
    const json = readFileSync(join(p.dir, 'reports', 'results.json'), 'utf8');
    assert.match(json, /read the order the setup opened, with \[REDACTED\]/);
    const outputs = result.stdout + result.stderr + json;
    assert.ok(!outputs.includes(SECRET), 'the secret appears in no output');
  });

  test('a failed setup makes the run red: its scenarios do not pass', async () => {
    const p = project({
      'scenarios/setup.scenario.yaml': SETUP.replace("'    save: { setupOrder: id }'", '').replace(
        '    save: { setupOrder: id }',
        '    save: { setupOrder: id }\n  - http: GET /api/orders/does-not-exist',
      ),
      'scenarios/first.scenario.yaml': USES('first-reader'),
    });
    const result = await run(p.dir, ['--tenant', 'standard']);
    assert.equal(result.code, 1, result.stdout + result.stderr);
    const readers = results(p.dir).filter((t) => t.title.includes('-reader'));
    assert.ok(
      readers.every((t) => t.status !== 'passed'),
      JSON.stringify(readers),
    );
  });

  test('a second setup for a tenant, a teardown without a setup and a setup with cleanup are refused at file:line:col', async () => {
    const setupFor = (name: string, tenant: string) =>
      SETUP.replace('name: open-an-order', `name: ${name}`).replace('steps:', `tenants: [${tenant}]\nsteps:`);
    const p = project({
      'tenant-profiles/third.yaml': 'name: third\ncustomers:\n  - id: C-3\n',
      'scenarios/a-setup.scenario.yaml': setupFor('first-setup', 'standard'),
      'scenarios/b-setup.scenario.yaml': setupFor('second-setup', 'standard'),
      'scenarios/c-teardown.scenario.yaml': TEARDOWN.replace('steps:', 'tenants: [third]\nsteps:'),
      'scenarios/d-setup.scenario.yaml': [
        'name: setup-with-cleanup',
        'kind: setup',
        'tenants: [regulated]',
        'steps:',
        '  - set: { x: 1 }',
        'cleanup:',
        '  - set: { x: 2 }',
        '',
      ].join('\n'),
    });
    const result = await runCli(['validate'], { cwd: p.dir });
    assert.equal(result.code, 2, result.stdout + result.stderr);
    const out = result.stdout + result.stderr;
    assert.match(out, /scenarios\/b-setup\.scenario\.yaml:2:7\b.*REHEARSE_DUPLICATE_SETUP/);
    assert.match(out, /"first-setup" \(scenarios\/a-setup\.scenario\.yaml:2\)/);
    assert.match(out, /scenarios\/c-teardown\.scenario\.yaml:2:7\b.*REHEARSE_TEARDOWN_WITHOUT_SETUP/);
    assert.match(out, /scenarios\/d-setup\.scenario\.yaml:6:1\b.*REHEARSE_SETUP_CLEANUP/);
    assert.doesNotMatch(out, /a-setup\.scenario\.yaml:\d+:\d+\b.*REHEARSE_DUPLICATE/);
  });
});
