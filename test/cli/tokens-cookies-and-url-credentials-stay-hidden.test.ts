// The handed case trust/05 ("tokens, cookies and URL credentials get past redaction"), as it was
// reported: no project config (the built-in rules only), a login that answers camelCase token
// fields, a custom auth header and a session cookie, a URL with user-info and a presigned query,
// and three failing checks that quote them. Right: none of the planted values in the console,
// JUnit, the HTML report (unpacked), the JSON report or test-results/ — while the run still sent
// every one of them and reported its three failures with what was expected.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import { reportedTests, type ReportedTest } from '../helpers/report-files.js';
import { scanBuffer, scanPaths, type ScanResult } from '../helpers/scan-secrets.js';
import { tempProject, type TempProject } from '../helpers/temp-project.js';

const PLANTED = {
  accessToken: 'jwt-secret-payload',
  refreshToken: 'refresh-secret-4242',
  idToken: 'id-secret-9191',
  'credentials.clientSecret': 'nested-cs-secret-8080',
  private_key: 'pk-secret-7070',
  'x-auth-token header': 'hdr-secret-7d1e9a',
  'Set-Cookie session': 'cookie-secret-5150',
  'URL user-info password': 'userinfo-secret-777',
  'URL user-info': 'qa:userinfo-secret-777',
  'X-Amz-Signature': 'sig-secret-0a1b2c',
  'sig (SAS)': 'sas-secret-3d4e5f',
  'password field': 'literal-pw-0042',
};
const JWT = 'eyJhbGciOiJIUzI1NiJ9.jwt-secret-payload.sig';

describe('handed case 05: tokens, cookies and URL credentials stay hidden', () => {
  const received: Array<{ url: string; headers: IncomingMessage['headers'] }> = [];
  let server: Server;
  let port: number;
  let project: TempProject;
  let run: CliResult;
  let tests: ReportedTest[];
  let scan: ScanResult;

  before(async () => {
    // The case's target.mjs.
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        received.push({ url: req.url ?? '', headers: req.headers });
        const path = new URL(req.url ?? '/', 'http://x').pathname;
        if (path === '/health') return res.end('{"status":"ok"}');
        if (path === '/login') {
          res.writeHead(200, {
            'content-type': 'application/json',
            'x-auth-token': PLANTED['x-auth-token header'],
            'set-cookie': `sid=${PLANTED['Set-Cookie session']}; Path=/; HttpOnly`,
          });
          return res.end(
            JSON.stringify({
              user: 'qa',
              accessToken: JWT,
              refreshToken: PLANTED.refreshToken,
              idToken: PLANTED.idToken,
              credentials: { clientSecret: PLANTED['credentials.clientSecret'] },
              private_key: PLANTED.private_key,
            }),
          );
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: true }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    project = tempProject({
      'tenant-profiles/regulated.yaml': null,
      'scenarios/actions/order.yaml': null,
      'scenarios/cookie-in-message.scenario.yaml': [
        'name: cookie-in-message',
        'steps:',
        '  - name: A failing check on Set-Cookie prints the session id',
        '    http: POST /login',
        '    json: { username: qa, password: "literal-pw-0042" }',
        '    expect: { headers.set-cookie: { contains: "Secure" } }',
        '',
      ].join('\n'),
      'scenarios/login-token.scenario.yaml': [
        'name: login-token',
        'steps:',
        '  - name: Log in',
        '    http: POST /login',
        '    json: { username: qa, password: "literal-pw-0042" }',
        '    save: { jwt: body.accessToken, hdrTok: headers.x-auth-token }',
        '  - name: Call with the token in the API’s own header',
        '    http: GET /echo',
        '    headers: { x-auth-token: "{{ hdrTok }}", x-access-token: "{{ jwt }}" }',
        '  - name: A failing check on the token prints it',
        '    expect: { jwt: "something-else" }',
        '',
      ].join('\n'),
      'scenarios/url-secrets.scenario.yaml': [
        'name: url-secrets',
        'steps:',
        '  - name: a presigned link (signature in the query)',
        '    http: GET /echo?X-Amz-Signature=sig-secret-0a1b2c&sig=sas-secret-3d4e5f',
        '  - name: a URL with user-info, failing so that it is reported',
        `    http: GET http://qa:userinfo-secret-777@127.0.0.1:${port}/echo`,
        '    expect: { status: 201 }',
        '',
      ].join('\n'),
    });
    run = await runCli(['run', '--base-url', `http://127.0.0.1:${port}`, '--reporter', 'line,html,junit,json'], {
      cwd: project.dir,
      timeoutMs: 120_000,
    });
    tests = reportedTests(join(project.dir, 'reports', 'results.json'));
    scan = scanPaths(PLANTED, [join(project.dir, 'reports'), join(project.dir, 'test-results')]);
    const console = scanBuffer(PLANTED, 'console', Buffer.from(run.stdout + run.stderr));
    scan.scanned.push(...console.scanned);
    scan.findings.push(...console.findings);
  });
  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    project.remove();
  });

  test('the run sent every planted value: logins, the saved token and header, the presigned query, the user-info request', () => {
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.ok(received.filter((r) => r.url === '/login').length >= 2, 'both logins');
    assert.ok(
      received.some(
        (r) => r.headers['x-auth-token'] === PLANTED['x-auth-token header'] && r.headers['x-access-token'] === JWT,
      ),
      'redaction must not change what is sent',
    );
    assert.ok(received.some((r) => r.url.includes('X-Amz-Signature=sig-secret-0a1b2c&sig=sas-secret-3d4e5f')));
    assert.ok(received.filter((r) => r.url === '/echo').length >= 2, 'the user-info request');
  });

  test('the three failures are reported with what was expected', () => {
    const message = (scenario: string) =>
      tests.find((t) => t.result.scenario === scenario && t.status === 'failed')?.message ?? `(no failed ${scenario})`;
    assert.match(message('login-token'), /jwt: expected "something-else", got \[REDACTED\]/);
    assert.match(message('cookie-in-message'), /headers\.set-cookie: expected to contain "Secure", got \[REDACTED\]/);
    assert.match(message('url-secrets'), /status: expected 201, got 200/);
    assert.match(run.stdout, /jwt: expected "something-else"/, 'the console says it too');
  });

  test('no planted value in the console, JUnit, HTML, the JSON report or test-results, in any encoding', (t) => {
    t.diagnostic(
      `${scan.scanned.length} outputs scanned (files, zip entries, embedded archives), ${scan.findings.length} findings`,
    );
    const views = scan.scanned.join('\n');
    assert.match(views, /junit\.xml/);
    assert.match(views, /index\.html!embedded-zip/);
    assert.match(views, /results\.json/);
    assert.deepEqual(
      scan.findings.map((f) => `${f.secret} (${f.encoding}) in ${f.view}: …${f.context}…`),
      [],
    );
  });
});
