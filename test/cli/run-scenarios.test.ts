import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli, startCli, waitFor } from '../helpers/run-cli.js';
import { startTestTarget, type TestTarget } from '../helpers/target-server.js';
import { tempProjects } from '../helpers/temp-project.js';

const project = tempProjects();

describe('rehearse run against a real HTTP target', () => {
  let target: TestTarget;
  before(async () => {
    target = await startTestTarget({ invoiceDelayMs: 900, slowMs: 120 });
  });
  after(() => target.close());
  const run = (dir: string, args: string[] = [], env: NodeJS.ProcessEnv = {}) =>
    runCli(['run', '--base-url', target.url, '--workers', '2', ...args], { cwd: dir, env, timeoutMs: 120_000 });

  test('a passing order-to-cash run exits 0 and writes HTML and JUnit reports', async () => {
    const p = project({
      'scenarios/order.scenario.yaml': [
        'name: order-flow',
        'title: Create and allocate an order',
        'tags: [smoke]',
        'vars:',
        '  qty: 2',
        'steps:',
        '  - do: order.create',
        '    with: { customer: "{{ tenant.customers[0].id }}", qty: "{{ qty }}" }',
        '    expect: { status: OPEN, "lines[0].qty": { eq: 2, type: integer } }',
        '    save: { orderId: id }',
        '  - http: GET /api/orders/{{ orderId }}',
        '    expect: { status: 200, "body.id": "{{ orderId }}", body: { customer: { matches: "^C-" } }, maxDuration: 5s }',
        '    save: { fetched: body.id, contentType: headers.content-type }',
        '  - expect: { fetched: { eq: "{{ orderId }}" }, contentType: { contains: json } }',
        '',
      ].join('\n'),
    });
    const result = await run(p.dir);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /2 passed/);
    assert.ok(existsSync(join(p.dir, 'reports/html/index.html')), 'HTML report');
    const junit = readFileSync(join(p.dir, 'reports/junit.xml'), 'utf8');
    assert.match(junit, /tests="2"/);
    assert.match(junit, /failures="0"/);
  });

  test('a failing assertion exits 1 and names the step with expected and actual', async () => {
    const p = project({
      'scenarios/alloc.scenario.yaml': [
        'name: allocate-fully',
        'tenants: [standard]',
        'steps:',
        '  - do: order.create',
        '    with: { customer: C-1, qty: 5 }',
        '    save: { orderId: id }',
        '  - do: order.allocate',
        '    name: Allocate all five',
        '    with: { orderId: "{{ orderId }}" }',
        '    expect: { "lines[0].allocatedQty": { gte: 5 } }',
        '',
      ].join('\n'),
    });
    const result = await run(p.dir);
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.match(result.stdout, /Allocate all five/);
    assert.match(result.stdout, /lines\[0\]\.allocatedQty/);
    assert.match(result.stdout, /expected: .*5/);
    assert.match(result.stdout, /actual: +3/);
    assert.match(result.stdout, /trace id: [0-9a-f]{32}/);
  });

  test('eventually passes after several polls, and a timeout reports the attempt count', async () => {
    const p = project({
      'scenarios/invoice.scenario.yaml': [
        'name: invoice-appears',
        'tenants: [standard]',
        'steps:',
        '  - do: order.create',
        '    with: { customer: C-1 }',
        '    save: { orderId: id }',
        '  - eventually: { within: 10s, every: 200ms }',
        '    steps:',
        '      - http: GET /api/invoices?orderId={{ orderId }}',
        '        expect: { "body.invoices": { length: 1 } }',
        '',
      ].join('\n'),
      'scenarios/never.scenario.yaml': [
        'name: invoice-never',
        'tenants: [standard]',
        'steps:',
        '  - eventually: { within: 1s, every: 200ms }',
        '    steps:',
        '      - http: GET /api/invoices?orderId=SO-0',
        '        expect: { "body.invoices": { length: 1 } }',
        '',
      ].join('\n'),
    });
    const before = target.log.requests.length;
    const result = await run(p.dir);
    assert.equal(result.code, 1, result.stdout);
    const polls = target.log.requests
      .slice(before)
      .filter((r) => r.url.startsWith('/api/invoices?orderId=SO-') && !r.url.endsWith('SO-0'));
    assert.ok(polls.length >= 3, `polled ${polls.length} times`);
    assert.match(result.stdout, /1 passed/);
    // The measured time (at least the 1 s of `within`), not the configured one.
    assert.match(result.stdout, /Still failing after \d+ attempt\(s\) in 1\.\d\ds \(within: 1s[;)]/);
    assert.match(result.stdout, /Last value seen: \[\]/);
  });

  test('cleanup runs after a failed step', async () => {
    const p = project({
      'scenarios/cleanup.scenario.yaml': [
        'name: cleanup-after-failure',
        'tenants: [standard]',
        'steps:',
        '  - do: order.create',
        '    with: { customer: C-1 }',
        '    save: { orderId: id }',
        '  - http: GET /api/orders/{{ orderId }}',
        '    expect: { "body.status": SHIPPED }',
        'cleanup:',
        '  - do: order.cancel',
        '    with: { orderId: "{{ orderId }}" }',
        '',
      ].join('\n'),
    });
    const before = target.log.requests.length;
    const result = await run(p.dir);
    assert.equal(result.code, 1);
    const seen = target.log.requests.slice(before).map((r) => `${r.method} ${r.url}`);
    assert.ok(
      seen.some((r) => /^POST \/api\/orders\/SO-\d+\/cancel$/.test(r)),
      seen.join('\n'),
    );
  });

  test('parallel honours its concurrency limit', async () => {
    const p = project({
      'scenarios/load.scenario.yaml': [
        'name: bounded-load',
        'tenants: [standard]',
        'steps:',
        '  - parallel: { count: 12, concurrency: 3 }',
        '    steps:',
        '      - http: GET /api/slow',
        '        expect: { status: 200 }',
        '',
      ].join('\n'),
    });
    target.log.maxInFlight = 0;
    const before = target.log.requests.length;
    const result = await run(p.dir);
    assert.equal(result.code, 0, result.stdout);
    assert.equal(target.log.requests.slice(before).filter((r) => r.url === '/api/slow').length, 12);
    assert.equal(target.log.maxInFlight, 3);
  });

  test('graphql errors[] fail the step with their messages', async () => {
    const p = project({
      'scenarios/gql.scenario.yaml': [
        'name: graphql-errors',
        'tenants: [standard]',
        'steps:',
        '  - graphql: { query: "query Broken { broken }" }',
        '',
      ].join('\n'),
    });
    const result = await run(p.dir);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /GraphQL returned 1 error\(s\): Cannot query field "broken"/);
  });

  test('a request to a host outside allowedHosts fails before it is sent', async () => {
    const port = new URL(target.url).port;
    const p = project({
      'rehearse.config.yaml': `environments:\n  local:\n    baseUrl: ${target.url}\n    allowedHosts: [127.0.0.1]\n`,
      'scenarios/escape.scenario.yaml': `name: escape\ntenants: [standard]\nsteps:\n  - http: GET http://localhost:${port}/api/escape\n`,
    });
    const result = await runCli(['run', '--env', 'local'], { cwd: p.dir, timeoutMs: 120_000 });
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.match(result.stdout, /REHEARSE_HOST_NOT_ALLOWED/);
    assert.ok(!target.log.requests.some((r) => r.url === '/api/escape'), 'the target never saw the request');
  });

  test('timeouts.headers from the config reaches the driver: a target that never answers fails the step quickly', async () => {
    const p = project({
      'rehearse.config.yaml': `environments:\n  local:\n    baseUrl: ${target.url}\n    allowedHosts: [127.0.0.1]\ntimeouts: { headers: 300ms, step: 20s }\n`,
      'scenarios/hang.scenario.yaml': 'name: hang\ntenants: [standard]\nsteps:\n  - http: GET /api/hang\n',
    });
    const result = await runCli(['run', '--env', 'local'], { cwd: p.dir, timeoutMs: 120_000 });
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.match(
      result.stdout,
      /REHEARSE_HEADERS_TIMEOUT/,
      'undici gave up after headers timeout, not the 20 s step timeout',
    );
  });

  test('a production environment refuses non-GET requests unless the scenario is prod-safe', async () => {
    const p = project({
      'rehearse.config.yaml': `environments:\n  prod:\n    baseUrl: ${target.url}\n    allowedHosts: [127.0.0.1]\n    production: true\n`,
      'scenarios/write.scenario.yaml':
        'name: prod-write\ntenants: [standard]\nsteps:\n  - http: POST /api/orders\n    json: { customer: PROD-WRITE }\n',
      'scenarios/safe.scenario.yaml':
        'name: prod-safe-write\ntags: [prod-safe]\ntenants: [standard]\nsteps:\n  - http: POST /api/orders\n    json: { customer: PROD-SAFE }\n    expect: { status: 201 }\n',
    });
    const result = await runCli(['run', '--env', 'prod'], { cwd: p.dir, timeoutMs: 120_000 });
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.match(result.stdout, /REHEARSE_PRODUCTION_GUARD/);
    assert.match(result.stdout, /1 passed/);
    const bodies = target.log.requests.map((r) => r.body);
    assert.ok(bodies.some((b) => b.includes('PROD-SAFE')));
    assert.ok(!bodies.some((b) => b.includes('PROD-WRITE')));
  });

  test('a secret from env: never reaches any file under the reports and output directories', async () => {
    const secret = `tok-${Math.random().toString(36).slice(2)}-very-secret`;
    process.env.TEST_TARGET_TOKEN = secret;
    const p = project({
      'tenant-profiles/standard.yaml':
        'name: standard\nauth: { type: bearer, token: env:TEST_TARGET_TOKEN }\ncustomers:\n  - id: C-1\n',
      'scenarios/secure.scenario.yaml': [
        'name: secure-echo',
        'tenants: [standard]',
        'steps:',
        '  - http: POST /login',
        '    json: { user: qa, password: "{{ tenant.customers[0].id }}-pw" }',
        '  - http: GET /api/me',
        '    expect: { status: 200 }',
        '  - http: GET /api/secure',
        '    expect: { status: 200, "body.echo": "Bearer nothing" }',
        '',
      ].join('\n'),
    });
    const result = await run(p.dir, ['--reporter', 'list,html,junit,json'], { TEST_TARGET_TOKEN: secret });
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.match(result.stdout, /body\.echo/);
    const files = ['reports', 'test-results', '.rehearse'].flatMap((d) => listFiles(join(p.dir, d)));
    assert.ok(files.length > 3, `found report files: ${files.length}`);
    for (const file of files) {
      const content = readFileSync(file);
      for (const form of [secret, Buffer.from(secret).toString('base64'), 'sess-secret-cookie', 'C-1-pw']) {
        assert.ok(
          !content.includes(form),
          `${form} leaked into ${file}: ${content.toString().slice(Math.max(0, content.indexOf(form) - 300), content.indexOf(form) + 100)}`,
        );
      }
    }
    assert.ok(!result.stdout.includes(secret) && !result.stderr.includes(secret), 'not in the console');
  });

  test('cleanup runs when the run is interrupted with SIGINT', async () => {
    const p = project({
      'scenarios/hang.scenario.yaml': [
        'name: interrupted',
        'tenants: [standard]',
        'steps:',
        '  - do: order.create',
        '    with: { customer: HANG }',
        '    save: { orderId: id }',
        '  - http: GET /api/hang',
        '    timeout: 60s',
        'cleanup:',
        '  - do: order.cancel',
        '    with: { orderId: "{{ orderId }}" }',
        '',
      ].join('\n'),
    });
    const before = target.log.requests.length;
    const cli = startCli(['run', '--base-url', target.url], { cwd: p.dir, timeoutMs: 60_000 });
    await waitFor(() => target.log.requests.slice(before).some((r) => r.url === '/api/hang'), 30_000);
    cli.kill('SIGINT');
    const result = await cli.done;
    const seen = target.log.requests.slice(before).map((r) => `${r.method} ${r.url}`);
    assert.ok(
      seen.some((r) => /^POST \/api\/orders\/SO-\d+\/cancel$/.test(r)),
      `cleanup ran: ${seen.join(', ')}\n${cli.output()}`,
    );
    assert.equal(result.code, 130, cli.output());
  });
});

describe('preflight tells "staging down" (exit 3) apart from "release broken" (exit 1)', () => {
  test('an unhealthy target exits 3 and runs no scenario', async () => {
    const down = await startTestTarget({ healthStatus: 503 });
    try {
      const p = project({
        'scenarios/a.scenario.yaml':
          'name: a\nsteps:\n  - http: POST /api/orders\n    json: { customer: SHOULD-NOT-RUN }\n',
      });
      const result = await runCli(['run', '--base-url', down.url], { cwd: p.dir, timeoutMs: 60_000 });
      assert.equal(result.code, 3, result.stderr);
      assert.match(result.stderr, /Preflight failed/);
      assert.match(result.stderr, /503/);
      assert.ok(!down.log.requests.some((r) => r.url === '/api/orders'));
    } finally {
      await down.close();
    }
  });

  test('an unreachable target exits 3', async () => {
    const p = project({ 'scenarios/a.scenario.yaml': 'name: a\nsteps:\n  - http: GET /health\n' });
    const result = await runCli(['run', '--base-url', 'http://127.0.0.1:9'], { cwd: p.dir, timeoutMs: 60_000 });
    assert.equal(result.code, 3, result.stderr);
    assert.match(result.stderr, /connection refused/);
  });
});

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? listFiles(full) : [full];
  });
}
