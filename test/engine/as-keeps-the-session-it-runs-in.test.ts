// `as:` naming the tenant a step already runs as changes nothing: inside a `parallel` copy, the
// copy's own session (its cookie jar) is kept. A host that cannot switch tenants says so in the
// step's error instead of sending as the wrong tenant.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
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
    const session = /(?:^|; )session=([^;]+)/.exec(req.headers.cookie ?? '')?.[1] ?? null;
    if (url.pathname === '/session') {
      const user = url.searchParams.get('user');
      return json(res, 200, { user }, { 'set-cookie': `session=${user}; Path=/` });
    }
    json(res, 200, { user: session });
  });
});
after(() => server.close());

const run = async (yaml: string) => {
  const dir = projects({ 'scenarios/s.scenario.yaml': yaml }).dir;
  const { project, diagnostics } = loadProject({ root: dir });
  assert.ok(project, JSON.stringify(diagnostics));
  const contexts = engineContexts(project);
  try {
    const engine = contexts.engine({ baseUrl: server.url });
    const scenario = project.scenarios[0]!.scenario as Scenario;
    return await new ScenarioExecution({ scenario, file: 's', engine }).start();
  } finally {
    await contexts.close();
  }
};

it('as: <the tenant it runs as> inside a parallel copy keeps the copy’s own session', async () => {
  const results = await run(
    [
      'name: s',
      'tenants: [standard]',
      'vars: { users: [alice, bob] }',
      'steps:',
      '  - parallel: { count: 2, concurrency: 2 }',
      '    as: i',
      '    steps:',
      '      - http: POST /session?user={{ users[i] }}',
      '      - http: GET /whoami',
      '        as: standard',
      '        expect: { body.user: "{{ users[i] }}" }',
      '',
    ].join('\n'),
  );
  assert.deepEqual(
    results.map((r) => r.status),
    ['passed'],
    JSON.stringify(results),
  );
});

it('a host that cannot act as another tenant errors the step, naming the tenant', async () => {
  const results = await run(
    ['name: s', 'tenants: [standard]', 'steps:', '  - http: GET /whoami', '    as: regulated', ''].join('\n'),
  );
  assert.equal(results[0]?.status, 'errored');
  assert.equal(results[0]?.error?.code, 'REHEARSE_AS_UNSUPPORTED');
  assert.match(results[0]?.error?.message ?? '', /tenant "regulated"/);
  assert.equal(server.requests.filter((r) => r.url === '/whoami').length, 2, 'only the two copies asked');
});
