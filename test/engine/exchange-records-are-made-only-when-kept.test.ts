// The API driver makes the record of an exchange (redacted headers, URL and body) only when it is
// first read, and the engine reads it only for a step whose record keeps it: the run's first
// steps, and every step that failed or errored however late. What this proves, against a real
// node:http server through the real engine and driver: past the budget a passing step never makes
// its record; a failing step past it keeps its whole exchange, masked with every secret known by
// then — the token the same answer revealed, and a credential the step sent.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { REDACTED } from '../../src/core/redactor.js';
import { ScenarioExecution } from '../../src/engine/run-scenario.js';
import { StepRecords } from '../../src/engine/step-records.js';
import type { HttpTransport, TransportResult } from '../../src/engine/transport.js';
import { loadProject } from '../../src/loader/load-project.js';
import type { Scenario } from '../../src/schema/index.js';
import { tempProject, type TempProject } from '../helpers/temp-project.js';
import { engineContexts } from './helpers.js';

const TOKEN = 'tok-late-4f1e9a2b7c';
const SENT = 'sent-credential-93c1d7';

describe('exchange records are made only when kept', () => {
  let server: Server;
  let baseUrl: string;
  let project: TempProject;
  let contexts: ReturnType<typeof engineContexts>;

  before(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        if (req.url === '/fail') {
          // A refusal that reveals a token (a sensitive field) and echoes the credential it got.
          res.writeHead(409, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: 'locked', accessToken: TOKEN, echo: req.headers['x-api-key'] }));
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: true }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    project = tempProject({ 'scenarios/s.scenario.yaml': 'name: s\nsteps:\n  - wait: 1ms\n' });
    const loaded = loadProject({ root: project.dir });
    assert.ok(loaded.project, JSON.stringify(loaded.diagnostics));
    contexts = engineContexts(loaded.project);
  });
  after(async () => {
    await contexts.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    project.remove();
  });

  test('past the budget a passing step never makes its record; a failing one keeps it whole and masked', async () => {
    const base = contexts.engine({ baseUrl, records: new StepRecords(5) });
    // The real driver, with the answers whose record was read counted.
    let made = 0;
    const counted = (result: TransportResult): TransportResult => {
      if (!result.ok) return result;
      const { response } = result;
      let read = false;
      return {
        ok: true,
        response: {
          ...withoutExchange(response),
          get exchange() {
            if (!read) made++;
            read = true;
            return response.exchange;
          },
        },
      };
    };
    const transport: HttpTransport = { send: async (request) => counted(await base.transport.send(request)) };
    const engine = { ...base, transport };
    const steps = [
      ...Array.from({ length: 12 }, () => ({ http: 'GET /ok', expect: { status: 200 } })),
      { http: 'GET /fail', headers: { 'x-api-key': SENT }, expect: { status: 200 } },
    ];
    const execution = new ScenarioExecution({
      scenario: { name: 's', steps } as Scenario,
      file: 'scenarios/s.scenario.yaml',
      engine,
    });
    await execution.start();
    const result = execution.result();

    assert.equal(made, 6, 'five steps within the budget, and the failing one');
    const passing = result.steps.slice(0, 12);
    assert.deepEqual(
      passing.map((s) => s.exchanges.length),
      [1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0],
    );
    assert.deepEqual(passing[7]!.trimmed, { checks: 1, exchanges: 1 });

    const failing = result.steps[12]!;
    assert.equal(failing.status, 'failed');
    assert.equal(failing.exchanges.length, 1, 'the failing step past the budget keeps its exchange');
    const exchange = failing.exchanges[0]!;
    assert.equal(exchange.response?.status, 409);
    assert.equal(exchange.request.url, `${baseUrl}/fail`);
    assert.equal(exchange.request.headers['x-api-key'], REDACTED);
    assert.deepEqual(JSON.parse(exchange.response!.body!), { error: 'locked', accessToken: REDACTED, echo: REDACTED });
    const everything = JSON.stringify(result);
    assert.ok(!everything.includes(TOKEN), 'the token the answer revealed is hidden everywhere');
    assert.ok(!everything.includes(SENT), 'the credential the step sent is hidden everywhere');
  });
});

/** A response's fields but its record (a getter, which a spread would read). */
function withoutExchange<T extends { exchange: unknown }>(response: T): Omit<T, 'exchange'> {
  const copy: Partial<T> = {};
  for (const key of Object.keys(response) as Array<keyof T>) if (key !== 'exchange') copy[key] = response[key];
  return copy as Omit<T, 'exchange'>;
}
