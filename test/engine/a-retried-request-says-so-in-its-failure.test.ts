// A retried request says so: a final network failure lists every attempt and why it was retried,
// and a failed check of an answer that came after retries says the request was sent more than
// once — a reset after the target processed the first DELETE explains the 404 of the retry.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { ScenarioExecution } from '../../src/engine/run-scenario.js';
import { loadProject } from '../../src/loader/load-project.js';
import type { Scenario } from '../../src/schema/index.js';
import { client, json, startServer, type Server } from '../drivers/helpers.js';
import { tempProjects } from '../helpers/temp-project.js';
import { engineContexts } from './helpers.js';

const projects = tempProjects();
let server: Server;
const orders = new Set(['SO-1']);
before(async () => {
  server = await startServer((req, res) => {
    const id = (req.url ?? '').split('/').at(-1)!;
    if (req.method === 'DELETE') {
      if (!orders.has(id)) return json(res, 404, { error: 'no such order' });
      orders.delete(id); // processed ...
      req.socket.destroy(); // ... and the connection dies before the answer
      return;
    }
    json(res, 200, { id });
  });
});
after(() => server.close());

it('a 404 to a retried DELETE says the first attempt was reset and may have been processed', async () => {
  const dir = projects({
    'scenarios/s.scenario.yaml': 'name: s\nsteps:\n  - http: DELETE /api/orders/SO-1\n    expect: { status: 204 }\n',
  }).dir;
  const { project, diagnostics } = loadProject({ root: dir });
  assert.ok(project, JSON.stringify(diagnostics));
  const contexts = engineContexts(project);
  const transport = client({ retries: { count: 2, backoffMs: 5 } });
  try {
    const engine = contexts.engine({ baseUrl: server.url, transport, redactor: transport.redactor });
    const scenario = project.scenarios[0]!.scenario as Scenario;
    const [step] = await new ScenarioExecution({ scenario, file: 's', engine }).start();
    assert.equal(step!.status, 'failed');
    assert.deepEqual(
      server.requests.map((r) => r.method),
      ['DELETE', 'DELETE'],
    );
    const failedCheck = step!.checks.find((c) => !c.passed)!;
    assert.equal(failedCheck.actual, 404);
    assert.match(
      failedCheck.message,
      /\(the request was sent 2 times: attempt 1 was retried after 5 ms: the connection (?:was reset|closed) before the target answered \(the target may have processed it\)\)$/,
    );
    assert.equal(step!.exchanges[0]!.attempts, 2);
    assert.equal(step!.exchanges[0]!.retries?.length, 1);
  } finally {
    await transport.close();
    await contexts.close();
  }
});
