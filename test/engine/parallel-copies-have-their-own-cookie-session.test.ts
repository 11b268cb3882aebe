// Each copy of a `parallel` block is its own session: the cookies it receives (a login) stay in
// it, as its saves do. Copies start from a copy of the outer cookies (a logged-in scenario that
// forks stays logged in), and what they receive never reaches the outer session.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { StepResult } from '../../src/engine/results.js';
import { ScenarioExecution } from '../../src/engine/run-scenario.js';
import { loadProject } from '../../src/loader/load-project.js';
import type { Scenario } from '../../src/schema/index.js';
import { json, startServer, type Server } from '../drivers/helpers.js';
import { tempProjects } from '../helpers/temp-project.js';
import { engineContexts } from './helpers.js';

const projects = tempProjects();
let server: Server;
before(async () => {
  server = await startServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const cookie = req.headers.cookie ?? '';
    const read = (name: string) => new RegExp(`(?:^|; )${name}=([^;]+)`).exec(cookie)?.[1] ?? null;
    if (url.pathname === '/session') {
      const user = url.searchParams.get('user');
      return json(res, 200, { user }, { 'set-cookie': `session=${user}; Path=/` });
    }
    if (url.pathname === '/tenant') return json(res, 200, {}, { 'set-cookie': 'tenant=acme; Path=/' });
    json(res, 200, { user: read('session'), tenant: read('tenant') });
  });
});
after(() => server.close());

it('parallel copies log in as different users without taking each other’s session', async () => {
  const yaml = [
    'name: s',
    'vars: { users: [alice, bob, carol] }',
    'steps:',
    '  - http: POST /tenant',
    '  - http: POST /session?user=outer',
    '  - parallel: { count: 3, concurrency: 3 }',
    '    as: i',
    '    steps:',
    '      - name: "{{ users[i] }} starts from the outer session"',
    '        http: GET /whoami',
    '        expect: { body.user: outer, body.tenant: acme }',
    '      - if: "{{ i > 0 }}"',
    '        wait: 100ms',
    '      - if: "{{ i > 1 }}"',
    '        wait: 100ms',
    '      - http: POST /session?user={{ users[i] }}',
    '      - wait: 400ms',
    '      - name: "{{ users[i] }} is still {{ users[i] }}"',
    '        http: GET /whoami',
    '        expect: { body.user: "{{ users[i] }}", body.tenant: acme }',
    '  - name: the outer session is unchanged by the copies',
    '    http: GET /whoami',
    '    expect: { body.user: outer }',
    '',
  ].join('\n');
  const dir = projects({ 'scenarios/s.scenario.yaml': yaml }).dir;
  const { project, diagnostics } = loadProject({ root: dir });
  assert.ok(project, JSON.stringify(diagnostics));
  const contexts = engineContexts(project);
  try {
    const engine = contexts.engine({ baseUrl: server.url });
    const scenario = project.scenarios[0]!.scenario as Scenario;
    const results: StepResult[] = await new ScenarioExecution({ scenario, file: 's', engine }).start();
    const failures = JSON.stringify(results.map((r) => [r.title, r.status, r.checks.filter((c) => !c.passed)]));
    assert.deepEqual(
      results.map((r) => r.status),
      ['passed', 'passed', 'passed', 'passed'],
      failures,
    );
    const whoami = server.requests.filter((r) => r.url === '/whoami').map((r) => r.headers.cookie);
    assert.equal(whoami.length, 7);
    for (const user of ['alice', 'bob', 'carol'])
      assert.ok(whoami.includes(`tenant=acme; session=${user}`), `${user} sent only its own session: ${whoami}`);
  } finally {
    await contexts.close();
  }
});
