// A hidden failure is a failure: an error status nobody asked for, a cleanup that did not pass,
// a target that went away after the preflight. And what the gate writes is true: the reports it
// names exist, and its JUnit is well-formed XML whatever the target said.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SaxesParser } from 'saxes';
import { runCli } from '../helpers/run-cli.js';
import { startTestTarget, type TestTarget } from '../helpers/target-server.js';
import { tempProjects } from '../helpers/temp-project.js';

const project = tempProjects();

/** Parses with a conforming XML 1.0 parser; returns the first well-formedness error, if any. */
function xmlError(text: string): string | undefined {
  const parser = new SaxesParser({ xmlns: false });
  let problem: string | undefined;
  parser.on('error', (error) => {
    problem ??= error.message;
  });
  parser.write(text).close();
  return problem;
}

describe('what the target refuses fails the step', () => {
  let target: TestTarget;
  before(async () => {
    target = await startTestTarget();
  });
  after(() => target.close());
  const run = (dir: string, args: string[] = []) =>
    runCli(['run', '--base-url', target.url, '--workers', '1', '--tenant', 'standard', ...args], {
      cwd: dir,
      timeoutMs: 120_000,
    });

  test('a 404 the step did not expect fails it, with how to accept it; an expect on status or a save of it accepts it', async () => {
    const p = project({
      'scenarios/missing.scenario.yaml': ['name: missing', 'steps:', '  - http: GET /api/nothing-here', ''].join('\n'),
      'scenarios/expected.scenario.yaml': [
        'name: expected-404',
        'steps:',
        '  - http: GET /api/nothing-here',
        '    expect: { status: 404, body.error.code: NO_ROUTE }',
        '',
      ].join('\n'),
      // A probe that records the status reads it itself: the 404 is its data, not a refusal.
      'scenarios/probe.scenario.yaml': [
        'name: probe-records-status',
        'steps:',
        '  - http: GET /api/nothing-here',
        '    save: { code: status }',
        '  - expect: { code: 404 }',
        '',
      ].join('\n'),
    });
    const result = await run(p.dir, ['--reporter', 'line']);
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.match(result.stdout, /1 failed/);
    assert.match(result.stdout, /2 passed/);
    assert.match(result.stdout, /the target answered 404 Not Found: \{"error":\{"code":"NO_ROUTE"/);
    assert.match(result.stdout, /add `expect: \{ status: 404 \}` to accept it/);
  });

  test('the same rule holds for requests inside actions and for graphql, and a config switch turns it off', async () => {
    const files = {
      'scenarios/actions/missing.yaml': [
        'actions:',
        '  thing.read:',
        '    api:',
        '      - http: GET /api/things/1',
        '',
      ].join('\n'),
      'scenarios/through-action.scenario.yaml': ['name: through-action', 'steps:', '  - do: thing.read', ''].join('\n'),
      'scenarios/graphql.scenario.yaml': [
        'name: graphql-refused',
        'steps:',
        '  - graphql: { query: "{ order(id: 1) { id } }", url: /graphql-nowhere }',
        '',
      ].join('\n'),
    };
    const strict = project(files);
    const refused = await run(strict.dir, ['--reporter', 'line']);
    assert.equal(refused.code, 1, refused.stdout + refused.stderr);
    assert.match(refused.stdout, /2 failed/);
    // Once in each failure message (the step's `cause` attachment, printed after it, quotes it as `✗ the target…`).
    assert.equal(refused.stdout.match(/^ +the target answered 404 Not Found/gm)?.length, 2, refused.stdout);

    const lenient = project({
      ...files,
      'rehearse.config.yaml': [
        'environments:',
        '  sandbox: { embedded: sandbox, allowedHosts: [127.0.0.1] }',
        'failOnStatusCode: false',
        '',
      ].join('\n'),
    });
    const accepted = await run(lenient.dir, ['--reporter', 'line']);
    assert.equal(accepted.code, 0, accepted.stdout + accepted.stderr);
    assert.match(accepted.stdout, /2 passed/);
  });

  test('a failed cleanup warns on the console and is a JUnit property; --strict-cleanup fails the scenario', async () => {
    const p = project({
      'scenarios/cleanup.scenario.yaml': [
        'name: leaves-a-mess',
        'steps:',
        '  - http: GET /health',
        '    expect: { status: 200 }',
        'cleanup:',
        '  - name: Delete what the scenario made',
        '    http: DELETE /api/orders/SO-404',
        '',
      ].join('\n'),
    });
    const lenient = await run(p.dir, ['--reporter', 'line,junit']);
    assert.equal(lenient.code, 0, lenient.stdout + lenient.stderr);
    assert.match(
      lenient.stderr,
      /⚠ cleanup of ".*leaves-a-mess.*" did not pass: Delete what the scenario made: the target answered 404/,
    );
    const junit = readFileSync(join(p.dir, 'reports/junit.xml'), 'utf8');
    assert.equal(xmlError(junit), undefined);
    assert.match(
      junit,
      /<property name="cleanup failed" value="Delete what the scenario made: the target answered 404/,
    );

    const strict = await run(p.dir, ['--reporter', 'line,junit', '--strict-cleanup']);
    assert.equal(strict.code, 1, strict.stdout + strict.stderr);
    assert.match(strict.stdout, /passed but its cleanup did not \(strict cleanup is on\)/);
    const strictJunit = readFileSync(join(p.dir, 'reports/junit.xml'), 'utf8');
    assert.match(strictJunit, /errors="1"/);

    p.write(
      'rehearse.config.yaml',
      ['environments:', '  sandbox: { embedded: sandbox, allowedHosts: [127.0.0.1] }', 'strictCleanup: true', ''].join(
        '\n',
      ),
    );
    const configured = await run(p.dir, ['--reporter', 'line']);
    assert.equal(configured.code, 1, configured.stdout + configured.stderr);
  });

  test('JUnit stays well-formed XML 1.0 whatever characters a failure quotes', async () => {
    // Every character XML 1.0 forbids, a CDATA terminator, markup and an ANSI colour, in the value a check quotes.
    const hostile = '\\u0001\\u0008\\u000b\\u001b[31mred\\u001b[0m\\ufffe\\uffff\\ud800 ]]> <tag a=\\"b\\"> & done';
    const p = project({
      'scenarios/hostile.scenario.yaml': [
        'name: hostile-characters',
        'vars:',
        `  weird: "${hostile}"`,
        'steps:',
        '  - expect: { weird: plain }',
        `    name: "check ${hostile}"`,
        '',
      ].join('\n'),
    });
    const result = await run(p.dir, ['--reporter', 'line,junit']);
    assert.equal(result.code, 1, result.stdout + result.stderr);
    const junit = readFileSync(join(p.dir, 'reports/junit.xml'), 'utf8');
    assert.equal(xmlError(junit), undefined, junit);
    assert.match(junit, /failures="1"/);
    // The step's name reaches the message as it is (colours dropped, forbidden characters replaced);
    // the checked value is quoted as JSON.
    assert.match(junit, /at step: check \uFFFD{3}red\uFFFD{3} \]\]&gt; &lt;tag a="b"&gt; &amp; done/);
    assert.match(junit, /got "\\u0001\\b.*\]\]&gt; &lt;tag a=\\"b\\"&gt; &amp; done"/);
  });

  test('"Reports:" names only the files this run wrote', async () => {
    const p = project({
      'scenarios/health.scenario.yaml': ['name: health', 'steps:', '  - http: GET /health', ''].join('\n'),
    });
    const lineOnly = await run(p.dir, ['--reporter', 'line']);
    assert.equal(lineOnly.code, 0, lineOnly.stdout + lineOnly.stderr);
    assert.doesNotMatch(lineOnly.stderr, /Reports:/);
    assert.ok(!existsSync(join(p.dir, 'reports/junit.xml')));
    const withJunit = await run(p.dir, ['--reporter', 'line,junit']);
    assert.match(withJunit.stderr, /Reports: \S+junit\.xml\s*$/m);
    assert.doesNotMatch(withJunit.stderr, /index\.html/);
  });
});

describe('a target that goes down after the preflight', () => {
  let server: Server;
  let url: string;
  before(async () => {
    // Healthy for the preflight; the first business request takes it down, as a crashing deployment would.
    server = createServer((req, res) => {
      if (req.url === '/health' || req.url === '/version') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json', connection: 'close' }).end('{"going":"down"}');
      server.close();
      server.closeAllConnections();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());

  test('is exit 3, "the target became unreachable at …", not exit 1', async () => {
    const p = project({
      'scenarios/down.scenario.yaml': [
        'name: target-goes-down',
        'steps:',
        '  - http: POST /api/orders',
        '    json: { customer: C-1 }',
        '  - http: GET /api/orders/1',
        '',
      ].join('\n'),
    });
    const result = await runCli(['run', '--base-url', url, '--workers', '1', '--reporter', 'line'], {
      cwd: p.dir,
      timeoutMs: 120_000,
    });
    assert.equal(result.code, 3, result.stdout + result.stderr);
    assert.match(result.stderr, /The target became unreachable at \d{4}-\d\d-\d\dT[\d:.]+Z/);
    assert.match(result.stderr, /"staging down", not "release broken"/);
  });
});
