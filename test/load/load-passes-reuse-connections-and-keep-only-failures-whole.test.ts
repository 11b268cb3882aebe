// A load run's passes of a scenario (`scenarioRun`, what `rehearse load` and drills run) share one
// keep-alive pool, as a k6 virtual user keeps its connections across iterations: sequential passes
// against a real node:http server open one connection, not one per pass. And a pass keeps no
// exchange record of a passing step (a load run keeps outcomes and times), while a failing step
// keeps its evidence whole: the request, the answer, the failed check.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { scenarioRun } from '../../src/cli/load-iteration.js';
import { loadProject } from '../../src/loader/load-project.js';
import { buildMatrix } from '../../src/loader/matrix.js';
import { localRunOptions } from '../helpers/run-options.js';
import { tempProjects } from '../helpers/temp-project.js';

const tempProject = tempProjects();

let server: Server;
let baseUrl: string;
let connections = 0;

before(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const status = req.url === '/api/orders/SO-1' ? 'ALLOCATED' : 'BACKORDERED';
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 'SO-1', status }));
    });
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

const SCENARIO = [
  'name: lookup',
  'steps:',
  '  - http: GET /api/orders/SO-1',
  '    expect: { status: 200, body: { status: ALLOCATED } }',
  '  - http: GET /api/orders/SO-1',
  '    expect: { status: 200 }',
  '  - http: GET /api/orders/SO-2',
  '    expect: { body: { status: ALLOCATED } }',
  '',
].join('\n');

test('sequential passes of a load run reuse one connection; a passing step keeps no exchange, a failing one its evidence', async () => {
  const project = tempProject({ 'scenarios/lookup.scenario.yaml': SCENARIO });
  const loaded = loadProject({ root: project.dir });
  assert.ok(loaded.project, JSON.stringify(loaded.diagnostics));
  const entry = buildMatrix(loaded.project).find((m) => m.scenario.name === 'lookup' && m.tenant === 'standard')!;
  const run = scenarioRun({ project: loaded.project, options: localRunOptions(project.dir, baseUrl), entry });

  connections = 0;
  const results = [];
  for (let pass = 0; pass < 3; pass++) results.push(await run(new AbortController().signal));

  // 9 requests in 3 passes, one after another: one connection (before, one per pass).
  assert.equal(connections, 1, `${connections} connections for 3 sequential passes`);
  for (const result of results) {
    assert.equal(result.status, 'failed');
    const [first, second, third] = result.steps;
    assert.equal(first!.status, 'passed');
    assert.deepEqual(first!.exchanges, []);
    assert.deepEqual(first!.trimmed, { checks: 2, exchanges: 1 });
    assert.equal(second!.status, 'passed');
    assert.deepEqual(second!.exchanges, []);
    assert.equal(third!.status, 'failed');
    assert.equal(third!.exchanges.length, 1, 'the failing step keeps its exchange');
    assert.equal(third!.exchanges[0]!.request.url, `${baseUrl}/api/orders/SO-2`);
    assert.equal(third!.exchanges[0]!.response?.status, 200);
    assert.match(JSON.stringify(third!.exchanges[0]!.response?.body), /BACKORDERED/);
    assert.ok(
      third!.checks.some(
        (c) => !c.passed && /body\.status: expected "ALLOCATED", got "BACKORDERED"/.test(c.message ?? ''),
      ),
      JSON.stringify(third!.checks),
    );
  }
});
