// `rehearse load` runs a tenant's `kind: setup` scenarios once before the load and its teardown
// once after, as `rehearse run` runs them around the tenant's tests: every iteration gets what
// the setup saved (here, a session the target requires), the setup's secret stays masked, a setup
// that fails applies no load (exit 1), one that is skipped does not stop it (as under rehearse
// run), a signal during the setup applies no load (exit 130), and the noisy neighbour's setup runs
// for its own scenarios, also when the loaded scenario is a setup itself.
// The real CLI against a node:http server on 127.0.0.1.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli, startCli, waitFor } from '../helpers/run-cli.js';
import { tempProjects } from '../helpers/temp-project.js';
import type { LoadResults } from '../../src/schema/index.js';

const tempProject = tempProjects();

let server: Server;
let baseUrl: string;
/** Requests by method and path (`POST /sessions`), and the sessions the target has open. */
const hits = new Map<string, number>();
const sessions = new Set<string>();
/** When set, opening a session fails: a setup that does not pass. */
let refuseSessions = false;

before(async () => {
  let opened = 0;
  server = createServer((req, res) => {
    req.resume();
    const path = (req.url ?? '/').split('?')[0]!;
    const key = `${req.method} ${path}`;
    hits.set(key, (hits.get(key) ?? 0) + 1);
    const answer = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (path === '/health') return answer(200, { status: 'ok' });
    if (key === 'POST /sessions') {
      if (refuseSessions) return answer(503, { error: 'sessions are closed' });
      const session = `sess-${(opened += 1)}-${'x'.repeat(12)}`;
      sessions.add(session);
      return answer(201, { session });
    }
    const open = typeof req.headers['x-session'] === 'string' && sessions.has(req.headers['x-session']);
    if (req.method === 'DELETE' && path.startsWith('/sessions/')) {
      const closed = sessions.delete(decodeURIComponent(path.slice('/sessions/'.length)));
      return answer(closed ? 204 : 404, {});
    }
    if (path === '/orders' || path === '/stock')
      return answer(open ? 200 : 401, open ? { ok: true } : { error: 'no session' });
    return answer(404, {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});

const setup = (tenant: string) =>
  [
    `name: open-session-${tenant}`,
    'kind: setup',
    `tenants: [${tenant}]`,
    'secrets: [session]',
    'steps:',
    '  - http: POST /sessions',
    '    expect: { status: 201 }',
    '    save: { session: body.session }',
    '',
  ].join('\n');
const teardown = (tenant: string) =>
  [
    `name: close-session-${tenant}`,
    'kind: teardown',
    `tenants: [${tenant}]`,
    'steps:',
    '  - http: DELETE /sessions/{{ session }}',
    '    expect: { status: 204 }',
    '',
  ].join('\n');
const needsSession = (name: string, path: string, extra: string[] = []) =>
  [
    `name: ${name}`,
    ...extra,
    'steps:',
    `  - http: GET ${path}`,
    '    headers: { x-session: "{{ session }}" }',
    '    expect: { status: 200 }',
    '',
  ].join('\n');

const FILES = {
  'scenarios/a-open-standard.scenario.yaml': setup('standard'),
  'scenarios/a-open-regulated.scenario.yaml': setup('regulated'),
  'scenarios/z-close-standard.scenario.yaml': teardown('standard'),
  'scenarios/z-close-regulated.scenario.yaml': teardown('regulated'),
  'scenarios/orders.scenario.yaml': needsSession('orders', '/orders'),
  'scenarios/stock.scenario.yaml': needsSession('stock', '/stock', ['tags: [smoke]', 'tenants: [regulated]']),
};

describe("a load runs the tenant's setup first and its teardown after", () => {
  let dir: string;
  before(() => {
    dir = tempProject(FILES).dir;
  });
  const load = (args: string[]) =>
    runCli(['load', ...args, '--tenant', 'standard', '--base-url', baseUrl, '--seed', '3'], {
      cwd: dir,
      timeoutMs: 60_000,
    });

  test('every iteration gets the session the setup opened; the teardown closes it; the secret stays masked', async () => {
    hits.clear();
    const result = await load([
      'orders',
      '--rate',
      '5/s',
      '--duration',
      '1s',
      '--threshold',
      'error_rate<1%',
      '--output-dir',
      'a',
    ]);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stderr, /Setup open-session-standard × standard: passed \(\d+ ms\)/);
    assert.match(result.stderr, /Teardown close-session-standard × standard: passed/);
    assert.equal(hits.get('POST /sessions'), 1, 'the setup ran once');
    const results = JSON.parse(readFileSync(join(dir, 'a/load/segment-1-of-1.json'), 'utf8')) as LoadResults;
    assert.ok(results.iteration.runs >= 4, `${results.iteration.runs} iterations`);
    assert.equal(results.iteration.failed, 0);
    assert.equal(hits.get('GET /orders'), results.iteration.runs);
    assert.equal(sessions.size, 0, 'the teardown closed the session');
    const everything = result.stdout + result.stderr + readFileSync(join(dir, 'a/load/segment-1-of-1.json'), 'utf8');
    assert.doesNotMatch(everything, /sess-\d+-x{12}/, 'the session, a secret, is nowhere');
  });

  test('a setup that fails applies no load: exit 1, said so, no results', async () => {
    hits.clear();
    refuseSessions = true;
    try {
      const result = await load(['orders', '--rate', '5/s', '--duration', '1s', '--output-dir', 'b']);
      assert.equal(result.code, 1, result.stdout + result.stderr);
      assert.match(
        result.stderr,
        /✗ Setup open-session-standard × standard: failed \(\d+ ms\) — check status \(eq\): got 503/,
      );
      assert.match(result.stderr, /Tenant standard's setup did not pass: no load was applied/);
      assert.equal(hits.get('GET /orders') ?? 0, 0, 'no iteration ran');
      assert.ok(!existsSync(join(dir, 'b/load/segment-1-of-1.json')));
    } finally {
      refuseSessions = false;
    }
  });

  test("the noisy neighbour's setup runs for its scenarios, before its baseline", async () => {
    hits.clear();
    const result = await load([
      'orders',
      '--rate',
      '4/s',
      '--duration',
      '1s',
      '--neighbour',
      'regulated',
      '--baseline',
      '1s',
      '--max-shift',
      'error_rate<1%',
      '--output-dir',
      'c',
    ]);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stderr, /Setup open-session-regulated × regulated: passed/);
    assert.match(result.stderr, /Teardown close-session-regulated × regulated: passed/);
    assert.equal(hits.get('POST /sessions'), 2, 'one setup per tenant');
    assert.ok((hits.get('GET /stock') ?? 0) >= 2, 'the neighbour ran');
    assert.equal(sessions.size, 0);
  });

  test('a setup cut by SIGINT is interrupted, not passed: no load is applied (exit 130), the teardown still runs', async () => {
    hits.clear();
    const slow = tempProject({
      ...FILES,
      'scenarios/a-open-standard.scenario.yaml': setup('standard').replace('steps:\n', 'steps:\n  - wait: 20s\n'),
    }).dir;
    const run = startCli(
      ['load', 'orders', '--tenant', 'standard', '--base-url', baseUrl, '--rate', '5/s', '--duration', '1s'],
      {
        cwd: slow,
        timeoutMs: 60_000,
      },
    );
    await waitFor(() => /is healthy/.test(run.output()), 30_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    run.kill('SIGINT');
    const result = await run.done;
    assert.equal(result.code, 130, result.stdout + result.stderr);
    assert.match(result.stderr, /✗ Setup open-session-standard × standard: interrupted/);
    assert.doesNotMatch(result.stderr, /Setup open-session-standard × standard: passed/);
    assert.match(result.stderr, /Interrupted by SIGINT while the setup ran: no load was applied/);
    assert.equal(hits.get('GET /orders') ?? 0, 0, 'no iteration ran');
    assert.equal(hits.get('POST /sessions') ?? 0, 0, 'the setup never got past its wait');
    assert.match(result.stderr, /Teardown close-session-standard × standard/);
    assert.ok(!existsSync(join(slow, 'reports/load/segment-1-of-1.json')));
  });

  test('a setup whose steps are all skipped does not stop the load, as under rehearse run', async () => {
    hits.clear();
    const skipping = tempProject({
      'scenarios/a-prepare.scenario.yaml': [
        'name: prepare',
        'kind: setup',
        'tenants: [standard]',
        'steps:',
        '  - http: POST /sessions',
        '    if: "{{ false }}"',
        '',
      ].join('\n'),
      'scenarios/health.scenario.yaml': 'name: health\nsteps:\n  - http: GET /health\n    expect: { status: 200 }\n',
    }).dir;
    const result = await runCli(
      ['load', 'health', '--tenant', 'standard', '--base-url', baseUrl, '--rate', '4/s', '--duration', '1s'],
      {
        cwd: skipping,
        timeoutMs: 60_000,
      },
    );
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stderr, /Setup prepare × standard: skipped \(\d+ ms\) — .*false/);
    assert.equal(hits.get('POST /sessions') ?? 0, 0);
  });

  test("loading a setup scenario itself runs the neighbour's setup all the same", async () => {
    hits.clear();
    const result = await load([
      'open-session-standard',
      '--rate',
      '2/s',
      '--duration',
      '1s',
      '--neighbour',
      'regulated',
      '--baseline',
      '1s',
      '--output-dir',
      'd',
    ]);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.doesNotMatch(result.stderr, /Setup open-session-standard × standard/);
    assert.match(result.stderr, /Setup open-session-regulated × regulated: passed/);
    assert.ok((hits.get('GET /stock') ?? 0) >= 2);
  });
});
