// `rehearse load` through the real CLI against a small node:http server on 127.0.0.1: the exit
// code never passes what did not work. A stale segment of an earlier load is removed at a load's
// start, so a segment that fails early is missing from the merge (exit 2), not taken from the
// earlier load; the named scenario is loaded, never the tenant's setup (run once before); an iteration the graceful
// stop cuts is a failure, not "interrupted"; a load in which no iteration passed fails (exit 1)
// with no threshold, and its failure key names the status the target answered.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli } from '../helpers/run-cli.js';
import { tempProjects } from '../helpers/temp-project.js';
import type { BusinessSummary, LoadResults } from '../../src/schema/index.js';

const tempProject = tempProjects();

let server: Server;
let baseUrl: string;
/** Requests by path. */
const hits = new Map<string, number>();

before(async () => {
  server = createServer((req, res) => {
    req.resume();
    const path = req.url ?? '/';
    const n = (hits.get(path) ?? 0) + 1;
    hits.set(path, n);
    // The 3rd and 7th request to /hang are never answered: the target hangs on 2 in 10.
    if (path === '/hang' && (n === 3 || n === 7)) return;
    res.writeHead(path === '/denied' ? 401 : 200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: true }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});

const scenario = (name: string, path: string, extra: string[] = []) =>
  [`name: ${name}`, ...extra, 'steps:', `  - http: GET ${path}`, '    expect: { status: 200 }', ''].join('\n');

const FILES = {
  'scenarios/ok.scenario.yaml': scenario('ok', '/ok'),
  'scenarios/denied.scenario.yaml': scenario('denied', '/denied'),
  'scenarios/hang.scenario.yaml': scenario('hang', '/hang'),
  // Named to come first: the matrix holds a tenant's setup whenever another scenario is selected.
  'scenarios/a-setup.scenario.yaml': scenario('prepare', '/setup-hit', ['kind: setup', 'tenants: [standard]']),
};

const read = <T>(dir: string, file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8')) as T;

describe('the load gate never lies, through the real CLI', () => {
  let dir: string;
  before(() => {
    dir = tempProject(FILES).dir;
  });
  const load = (args: string[], url = baseUrl) =>
    runCli(['load', ...args, '--tenant', 'standard', '--base-url', url], { cwd: dir, timeoutMs: 60_000 });

  test("G2: a segment that fails early leaves no earlier load's file: the merge says it is missing (exit 2)", async () => {
    const flags = ['ok', '--rate', '4/s', '--duration', '1s', '--seed', '7', '--output-dir', 'res'];
    // Load A: both segments pass.
    for (const a of await Promise.all([1, 2].map((i) => load([...flags, '--segment', `${i}/2`]))))
      assert.equal(a.code, 0, a.stdout + a.stderr);
    assert.ok(existsSync(join(dir, 'res/load/segment-2-of-2.json')));
    // Load B: segment 1 passes, segment 2 finds its target down before applying any load.
    const b1 = await load([...flags, '--segment', '1/2']);
    assert.equal(b1.code, 0, b1.stdout + b1.stderr);
    const down = createServer();
    await new Promise<void>((resolve) => down.listen(0, '127.0.0.1', resolve));
    const downUrl = `http://127.0.0.1:${(down.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => down.close(() => resolve()));
    const b2 = await load([...flags, '--segment', '2/2'], downUrl);
    assert.equal(b2.code, 3, b2.stdout + b2.stderr);
    assert.ok(!existsSync(join(dir, 'res/load/segment-2-of-2.json')), "load A's segment 2 is gone");
    assert.ok(!existsSync(join(dir, 'res/load/segment-2-of-2.html')));
    const merge = await runCli(['load', 'merge', 'res/load'], { cwd: dir, timeoutMs: 60_000 });
    assert.equal(merge.code, 2, merge.stdout + merge.stderr);
    assert.match(merge.stderr, /Incomplete: segment\(s\) 2 of 2 missing/);
  });

  test('G3: the named scenario is loaded, not the tenant’s setup (which runs once, before the load)', async () => {
    hits.delete('/setup-hit');
    const result = await load(['ok', '--rate', '4/s', '--duration', '1s', '--output-dir', 'g3']);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const results = read<LoadResults>(dir, 'g3/load/segment-1-of-1.json');
    assert.equal(results.load.scenario, 'ok');
    assert.match(result.stderr, /Load: ok × standard/);
    assert.match(result.stderr, /Setup prepare × standard: passed/);
    assert.equal(hits.get('/setup-hit') ?? 0, 1, 'the setup ran once, and was not loaded');
  });

  test('G4: iterations the graceful stop cuts are failed runs, said so, and fail the error-rate threshold', async () => {
    hits.delete('/hang');
    const result = await load([
      'hang',
      '--rate',
      '10/s',
      '--duration',
      '1s',
      '--graceful-stop',
      '1s',
      '--threshold',
      'error_rate<1%',
      '--output-dir',
      'g4',
    ]);
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.match(result.stdout, /10 ended · 2 failed \(2 did not finish within the graceful stop, counted as failed\)/);
    assert.match(result.stdout, /0 interrupted — error rate 20 %/);
    assert.match(result.stdout, /✗ error_rate<1%/);
    const results = read<LoadResults>(dir, 'g4/load/segment-1-of-1.json');
    assert.equal(results.iteration.runs, 10);
    assert.equal(results.iteration.failed, 2);
    assert.equal(results.iterations.interrupted, 0);
    assert.equal(Object.values(results.errors)[0], 2);
    assert.match(Object.keys(results.errors)[0]!, /did not finish within the graceful stop .*lower bound/);
  });

  test('W1: a load in which no iteration passed fails with no threshold, naming the status it got', async () => {
    const result = await load(['denied', '--rate', '4/s', '--duration', '1s', '--output-dir', 'w1']);
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.match(result.stderr, /✗ No iteration passed \(4 of 4 failed\)/);
    assert.match(result.stdout, /✗ error_rate<100% {2}\(100 %\)/);
    assert.match(result.stdout, /4 × check status \(eq\): got 401/);
    const summary = read<BusinessSummary>(dir, 'w1/summary/summary.json');
    assert.equal(summary.loads?.[0]?.status, 'failed');
    assert.equal(summary.verdict.result, 'failed');
    assert.match(JSON.stringify(summary.verdict), /load denied × standard: error_rate<100% did not hold/);
    assert.match(readFileSync(join(dir, 'w1/load/segment-1-of-1.html'), 'utf8'), /✗ failed/);
  });
});
