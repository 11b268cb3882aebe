// An `http:` step is compiled once into a plan (its method and target, whether its URL is a
// template, its checks; a static URL resolved once, a static title masked again only when the
// redactor learns something) and the plan serves every later run of the same step object. What
// this proves, against a real HTTP server: a step run 1,000 times with saved values and a
// secret that change on every run sends the URL, headers and body its templates say on that run,
// checks what it says, and hides every secret it ever saw; and a static step's title is masked
// again as soon as its text becomes a secret.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { StepHost } from '../../src/engine/context.js';
import type { StepResult } from '../../src/engine/results.js';
import { ScenarioExecution } from '../../src/engine/run-scenario.js';
import { loadProject } from '../../src/loader/load-project.js';
import type { Scenario } from '../../src/schema/index.js';
import { tempProject, type TempProject } from '../helpers/temp-project.js';
import { engineContexts } from './helpers.js';

const RUNS = 1000;
const FIXED_SECRET = 'tok-fixed-7a9b3c5d';

/** The token the server hands out with its n-th answer (n from 1): a new secret every time. */
const tokenOf = (n: number) => `tok-${n.toString(36)}-${(n * 7919).toString(16).padStart(8, '0')}`;

interface Received {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

describe('a compiled http step', () => {
  let server: Server;
  let baseUrl: string;
  let project: TempProject;
  let contexts: ReturnType<typeof engineContexts>;
  let received: Received[] = [];

  before(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({
          method: req.method!,
          url: req.url!,
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        });
        res.writeHead(200, { 'content-type': 'application/json' });
        if (req.url === '/login') return res.end(JSON.stringify({ accessToken: FIXED_SECRET }));
        const n = received.length;
        res.end(JSON.stringify({ next: n, accessToken: tokenOf(n), echo: req.url }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    project = tempProject({ 'scenarios/s.scenario.yaml': 'name: s\nsteps:\n  - wait: 1ms\n' });
    const result = loadProject({ root: project.dir });
    assert.ok(result.project, JSON.stringify(result.diagnostics));
    contexts = engineContexts(result.project);
  });
  after(async () => {
    await contexts.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    project.remove();
  });

  const run = async (scenario: Partial<Scenario>) => {
    received = [];
    const titles: string[] = [];
    const host: StepHost = {
      step: (title, body) => {
        titles.push(title);
        return body();
      },
    };
    const engine = contexts.engine({ baseUrl, host });
    const execution = new ScenarioExecution({ scenario: { name: 's', ...scenario } as Scenario, file: 's', engine });
    const steps = await execution.start();
    return { steps, result: execution.result(), titles };
  };

  test(`run ${RUNS} times with changing saved values and secrets, it sends what its templates say on each run and hides every secret`, async () => {
    const { steps, result, titles } = await run({
      vars: { next: 0, jwt: 'none-yet' },
      steps: [
        {
          repeat: RUNS,
          steps: [
            {
              http: 'POST /items/{{ next }}?page={{ next }}&kind=a b',
              headers: { 'x-count': '{{ next }}', authorization: 'Bearer {{ jwt }}', 'x-static': 'same' },
              json: { n: '{{ next }}', static: 'same' },
              expect: { status: 200, 'body.echo': '/items/{{ next }}?page={{ next }}&kind=a%20b' },
              save: { next: 'body.next', jwt: 'body.accessToken' },
            },
          ],
        },
      ] as Scenario['steps'],
    });
    assert.equal(steps[0]!.status, 'passed', JSON.stringify(steps[0]).slice(0, 2000));
    assert.equal(received.length, RUNS);
    received.forEach((request, i) => {
      // Run i sends what run i-1 saved (run 0: the vars).
      assert.equal(request.method, 'POST');
      assert.equal(request.url, `/items/${i}?page=${i}&kind=a%20b`, `run ${i}`);
      assert.equal(request.headers['x-count'], String(i), `run ${i}`);
      assert.equal(request.headers.authorization, `Bearer ${i === 0 ? 'none-yet' : tokenOf(i)}`, `run ${i}`);
      assert.equal(request.headers['x-static'], 'same');
      assert.match(String(request.headers.traceparent), /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
      assert.deepEqual(JSON.parse(request.body), { n: i, static: 'same' }, `run ${i}`);
    });
    const everything = `${JSON.stringify(result)}\n${titles.join('\n')}`;
    for (let n = 1; n <= RUNS; n++) assert.ok(!everything.includes(tokenOf(n)), `token ${n} leaked`);
    // What was kept of the first runs still shows the request as sent, secrets masked.
    const first = (steps[0]!.children![0]!.children ?? [steps[0]!.children![0]!])[0] as StepResult;
    assert.equal(first.exchanges[0]!.request.url, `${baseUrl}/items/0?page=0&kind=a%20b`);
    assert.equal(first.exchanges[0]!.request.headers.authorization, '[REDACTED]');
  });

  test('a static step’s title is masked again once its text became a secret, and stays as written before', async () => {
    const { titles, steps } = await run({
      steps: [
        {
          repeat: 3,
          steps: [{ http: `GET /echo/${FIXED_SECRET}` }, { http: 'POST /login', save: { jwt: 'body.accessToken' } }],
        },
      ] as Scenario['steps'],
    });
    assert.equal(steps[0]!.status, 'passed');
    const echoTitles = titles.filter((t) => t.startsWith('GET /echo/'));
    assert.deepEqual(echoTitles, [`GET /echo/${FIXED_SECRET}`, 'GET /echo/[REDACTED]', 'GET /echo/[REDACTED]']);
    assert.ok(!JSON.stringify(steps).includes(FIXED_SECRET), 'the result, masked at its end, hides it everywhere');
    assert.deepEqual(
      received.map((r) => r.url),
      [`/echo/${FIXED_SECRET}`, '/login', `/echo/${FIXED_SECRET}`, '/login', `/echo/${FIXED_SECRET}`, '/login'],
    );
  });
});
