// A failing scenario's cause is readable on its failing step in Playwright's HTML report, with no
// JSON to open: the real CLI runs scenarios that fail on purpose against a real HTTP server on
// 127.0.0.1, and the test reads the report as its page does (the embedded zip). The failing step
// holds a `cause` text (the target's own error first, then the failed checks or the error) and
// its exchanges as HTTP text (request line, headers, pretty JSON body, status line), bounded;
// passing steps hold none of it; the bearer token the tenant sends, which the target also echoes
// back, is in none of it, in any encoding.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { json, startServer, type Server } from '../drivers/helpers.js';
import {
  allSteps,
  readHtmlReport,
  stepAttachments,
  stepTitled,
  testTitled,
  type HtmlReport,
  type HtmlResult,
} from '../helpers/html-report.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import { scanPaths, secretVariants } from '../helpers/scan-secrets.js';
import { tempProjects } from '../helpers/temp-project.js';

const TOKEN = 'fail-evidence-7Qx9-bearer-token';
const project = tempProjects();

const scenario = (name: string, steps: string[]) =>
  [`name: ${name}`, 'tenants: [standard]', 'steps:', ...steps.map((s) => `  ${s}`), ''].join('\n');

describe('the failing step shows its cause in the HTML report', () => {
  let server: Server;
  let run: CliResult;
  let report: HtmlReport;
  let reports: string;

  before(async () => {
    server = await startServer((req, res, body) => {
      const echoed = req.headers.authorization ?? '';
      if (req.url === '/health') return json(res, 200, { status: 'ok' });
      if (req.method === 'GET' && req.url === '/api/ping') return json(res, 200, { pong: true });
      if (req.method === 'POST' && req.url === '/api/orders') {
        const input = JSON.parse(body) as { customer: string };
        if (input.customer === 'C-404') {
          res.writeHead(422, { 'content-type': 'application/problem+json' });
          res.end(
            JSON.stringify({
              type: 'https://errors.example.test/unknown-customer',
              title: 'Unknown customer',
              status: 422,
              detail: 'Customer C-404 does not exist in this tenant.',
              instance: '/api/orders/attempts/7',
              customer: 'C-404',
            }),
          );
          return;
        }
        // A long note: the report shows the first bytes and says how many were cut.
        return json(res, 201, { id: 'SO-1', status: 'OPEN', seenAuthorization: echoed, notes: 'n'.repeat(12_000) });
      }
      if (req.url === '/graphql')
        return json(res, 200, {
          data: { order: null },
          errors: [{ message: 'Order SO-9 was not found', path: ['order'], extensions: { code: 'ORDER_NOT_FOUND' } }],
        });
      json(res, 404, { error: { code: 'NO_ROUTE', message: `${req.method} ${req.url}` } });
    });
    const p = project({
      'tenant-profiles/standard.yaml': `name: standard\nauth: { type: bearer, token: env:FAIL_EVIDENCE_TOKEN }\ncustomers:\n  - id: C-1\n`,
      'tenant-profiles/regulated.yaml': null,
      'scenarios/check.scenario.yaml': scenario('wrong-status', [
        '- http: GET /api/ping',
        '  expect: { status: 200 }',
        '- name: Create the order',
        '  http: POST /api/orders',
        '  json: { customer: C-1, lines: [{ sku: SKU-1, qty: 2 }] }',
        '  expect: { status: 201, body.status: ALLOCATED }',
      ]),
      'scenarios/problem.scenario.yaml': scenario('unknown-customer', [
        '- name: Order for a customer the target does not know',
        '  http: POST /api/orders',
        '  json: { customer: C-404 }',
        '  expect: { status: 201 }',
      ]),
      'scenarios/graphql.scenario.yaml': scenario('graphql-error', [
        '- name: Read an order that is not there',
        '  graphql:',
        '    query: "query Order { order(id: \\"SO-9\\") { id status } }"',
        '  expect: { data.order.id: SO-9 }',
      ]),
    });
    run = await runCli(['run', '--base-url', server.url, '--workers', '2', '--reporter', 'line,html'], {
      cwd: p.dir,
      env: { FAIL_EVIDENCE_TOKEN: TOKEN },
      timeoutMs: 120_000,
    });
    reports = join(p.dir, 'reports');
    report = readHtmlReport(join(reports, 'html'));
  });
  after(() => server?.close());

  const failingResult = (title: RegExp): HtmlResult => {
    const result = testTitled(report, title).results.at(-1)!;
    assert.equal(result.status, 'failed');
    return result;
  };
  const texts = (result: HtmlResult, step: string) =>
    Object.fromEntries(stepAttachments(result, stepTitled(result, step)).map((a) => [a.name, a.body ?? '']));

  test('the run fails (exit 1) and the tenant did send the token the report must not show', () => {
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.ok(
      server.requests.some((r) => r.headers.authorization === `Bearer ${TOKEN}`),
      'the target saw the bearer token',
    );
  });

  test('a failed check on a JSON response: the cause names path, expected and actual; the exchange is HTTP text, its long body cut', () => {
    const result = failingResult(/^wrong-status/);
    const step = texts(result, 'Create the order');
    assert.deepEqual(Object.keys(step), ['cause', 'POST /api/orders → 201']);
    const cause = step.cause!;
    assert.match(cause, /^Step failed: Create the order$/m);
    assert.match(cause, /✗ body\.status: expected "ALLOCATED", got "OPEN"/);
    assert.match(cause, /^ {4}path: {5}body\.status$/m);
    assert.match(cause, /^ {4}expected: "ALLOCATED"$/m);
    assert.match(cause, /^ {4}actual: {3}"OPEN"$/m);
    const http = step['POST /api/orders → 201']!;
    assert.match(http, new RegExp(`^POST ${server.url}/api/orders$`, 'm'), 'the request line');
    assert.match(http, /^authorization: \[REDACTED\]$/m, 'the request header, masked');
    assert.match(http, /^ {2}"customer": "C-1",$/m, 'the request body, pretty-printed');
    assert.match(http, /^HTTP 201 Created$/m, 'the status line');
    assert.match(http, /^content-type: application\/json$/m);
    assert.match(http, /^ {2}"status": "OPEN",$/m, 'the response body, pretty-printed');
    assert.match(http, /^# \d{4}-\d\d-\d\dT[\d:.]+Z · [\d.]+ ms/m, 'when and how long');
    assert.match(http, /^traceparent: 00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/m);
    const cut = /… \(([\d,]+) more bytes cut from this ([\d,]+)-byte body/.exec(http);
    assert.ok(cut, 'the long body is cut with a note');
    assert.ok(http.length < 12_000, `bounded: ${http.length} characters`);
    // The passing step before it carries nothing.
    assert.deepEqual(stepTitled(result, 'GET /api/ping').attachments, []);
  });

  test('a problem+json body: "Target said" with its title, detail, type, status, instance and extension members', () => {
    const result = failingResult(/^unknown-customer/);
    const step = texts(result, 'Order for a customer the target does not know');
    const cause = step.cause!;
    assert.match(
      cause.split('\n')[0]!,
      /^Target said: Unknown customer: Customer C-404 does not exist in this tenant\.$/,
      'the target’s own words come first',
    );
    assert.match(cause, /^ {2}type: https:\/\/errors\.example\.test\/unknown-customer$/m);
    assert.match(cause, /^ {2}status: 422$/m);
    assert.match(cause, /^ {2}instance: \/api\/orders\/attempts\/7$/m);
    assert.match(cause, /^ {2}customer: C-404$/m);
    assert.match(cause, /✗ status: expected 201, got 422/);
    const http = step['POST /api/orders → 422']!;
    assert.match(http, /^HTTP 422 Unprocessable Entity$/m);
    assert.match(http, /^content-type: application\/problem\+json$/m);
    assert.match(http, /^ {2}"detail": "Customer C-404 does not exist in this tenant\.",$/m);
  });

  test('a GraphQL error result: "Target said" with extensions.code, message and path', () => {
    const result = failingResult(/^graphql-error/);
    const step = texts(result, 'Read an order that is not there');
    const cause = step.cause!;
    assert.match(cause.split('\n')[0]!, /^Target said: ORDER_NOT_FOUND: Order SO-9 was not found$/);
    assert.match(cause, /^ {2}path: order$/m);
    const http = step['POST /graphql → 200']!;
    assert.match(http, new RegExp(`^POST ${server.url}/graphql$`, 'm'));
    assert.match(http, /^HTTP 200 OK$/m);
    assert.match(http, /"code": "ORDER_NOT_FOUND"/);
  });

  test('the full result stays one JSON attachment for tools; the exchanges are no longer JSON attachments of the test', () => {
    for (const title of [/^wrong-status/, /^unknown-customer/, /^graphql-error/]) {
      const result = failingResult(title);
      const json = result.attachments.filter((a) => a.contentType === 'application/json').map((a) => a.name);
      assert.deepEqual(json, ['rehearse-result.json']);
      const onSteps = new Set(allSteps(result.steps).flatMap((s) => s.attachments));
      // Playwright's own error-context (the failure as Markdown) stays where Playwright puts it.
      const loose = result.attachments.filter(
        (a, i) => !onSteps.has(i) && a.name !== 'rehearse-result.json' && a.name !== 'error-context',
      );
      assert.deepEqual(
        loose.map((a) => a.name),
        [],
        'every other attachment belongs to a step',
      );
    }
  });

  test('the token is in no attachment and no report file, raw, base64 or URL-encoded', () => {
    const variants = [...secretVariants(TOKEN).values()];
    const bodies = report.tests.flatMap((t) => t.results.flatMap((r) => r.attachments.map((a) => a.body ?? '')));
    assert.ok(
      bodies.some((b) => b.includes('seenAuthorization')),
      'the echo of the token was recorded (masked)',
    );
    for (const body of bodies) for (const variant of variants) assert.ok(!body.includes(variant), variant);
    assert.deepEqual(scanPaths({ token: TOKEN }, [reports]).findings, []);
    assert.ok(!(run.stdout + run.stderr).includes(TOKEN));
  });
});
