// Auth type `login` against the real sandbox, through the real CLI: the token comes from running
// an action (a JSON POST read from the body, a form POST read from a header), is cached per tenant
// and worker (the sandbox counts the logins), renewed once on a 401 (the scenario logs out), fails
// clearly when even a fresh token is refused or the login itself fails, and reaches no output.
import assert from 'node:assert/strict';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startHarness, type Harness } from '../sandbox/sandbox-harness.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import { scanBuffer, scanPaths } from '../helpers/scan-secrets.js';
import { tempProjects } from '../helpers/temp-project.js';

const ADMIN = 'test-admin-token';
const project = tempProjects();

/** A pass-through proxy in front of the sandbox that keeps every token a login handed out. */
interface Seen {
  path: string;
  authorization: string | undefined;
  cookie: string | undefined;
}

function recordingProxy(
  target: string,
): Promise<{ server: Server; url: string; tokens: string[]; paths: string[]; requests: Seen[] }> {
  const tokens: string[] = [];
  const paths: string[] = [];
  const requests: Seen[] = [];
  const server = createServer((req, res) => {
    paths.push(`${req.method} ${req.url}`);
    requests.push({
      path: `${req.method} ${req.url}`,
      authorization: req.headers.authorization,
      cookie: req.headers.cookie,
    });
    const upstream = httpRequest(`${target}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (c: Buffer) => chunks.push(c));
      answer.on('end', () => {
        const body = Buffer.concat(chunks);
        if (req.url?.startsWith('/api/auth/login') && answer.statusCode === 200)
          tokens.push((JSON.parse(body.toString('utf8')) as { token: string }).token);
        res.writeHead(answer.statusCode ?? 502, answer.headers).end(body);
      });
    });
    req.pipe(upstream);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, tokens, paths, requests }),
    ),
  );
}

async function provision(harness: Harness, id: string): Promise<string> {
  const answer = await fetch(`${harness.sandbox.url}/admin/tenants`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ id, seed: 'standard', data: { users: [{ username: 'clerk', role: 'clerk' }] } }),
  });
  const body = (await answer.json()) as { users: Array<{ password: string }> };
  assert.equal(answer.status, 201, JSON.stringify(body));
  return body.users[0]!.password;
}

async function loginCounts(harness: Harness): Promise<Record<string, number>> {
  const answer = await fetch(`${harness.sandbox.url}/admin/logins`, { headers: { authorization: `Bearer ${ADMIN}` } });
  return ((await answer.json()) as { logins: Record<string, number> }).logins;
}

const CONFIG = [
  'defaultEnvironment: local',
  'environments:',
  '  local:',
  '    baseUrl: env:LOGIN_TEST_URL',
  '    allowedHosts: [127.0.0.1]',
  '',
].join('\n');

const ACTIONS = [
  'actions:',
  '  session.login:',
  '    params:',
  '      username: { type: string, required: true }',
  '      password: { type: string, required: true }',
  '      expiresIn: { type: integer, default: 3600 }',
  '    api:',
  '      - http: POST /api/auth/login',
  '        json: { tenant: "{{ tenant.tenantId }}", username: "{{ username }}", password: "{{ password }}", expiresIn: "{{ expiresIn }}" }',
  '  session.form-login:',
  '    params:',
  '      username: { type: string, required: true }',
  '      password: { type: string, required: true, secret: true }',
  '    api:',
  '      - http: POST /api/auth/login',
  '        form: { tenant: "{{ tenant.tenantId }}", username: "{{ username }}", password: "{{ password }}" }',
  '',
].join('\n');

const profile = (name: string, tenantId: string, auth: string[]) =>
  [`name: ${name}`, `tenantId: ${tenantId}`, 'auth:', ...auth.map((l) => `  ${l}`), ''].join('\n');

const itemsScenario = (name: string, tenants: string, extra: string[] = []) =>
  [
    `name: ${name}`,
    `tenants: ${tenants}`,
    'steps:',
    '  - name: The API answers with the login’s token',
    '    http: GET /api/v1/items',
    '    expect: { status: 200 }',
    ...extra,
    '',
  ].join('\n');

describe('auth type login: a token from an action, cached, renewed, hidden', () => {
  let harness: Harness;
  let proxy: Awaited<ReturnType<typeof recordingProxy>>;
  const passwords: Record<string, string> = {};

  before(async () => {
    harness = await startHarness();
    for (const id of ['login-a', 'login-b', 'login-c', 'login-d', 'login-e'])
      passwords[id] = await provision(harness, id);
    proxy = await recordingProxy(harness.sandbox.url);
  });
  after(async () => {
    await new Promise<void>((resolve) => proxy.server.close(() => resolve()));
    await harness.close();
  });

  let good: CliResult;
  let goodDir: string;
  test('a token read from the body and one read from a header work, with one login per tenant and worker', async () => {
    const p = project({
      'rehearse.config.yaml': CONFIG,
      'scenarios/actions/order.yaml': null,
      'scenarios/actions/session.yaml': ACTIONS,
      'tenant-profiles/standard.yaml': null,
      'tenant-profiles/regulated.yaml': null,
      'tenant-profiles/body-token.yaml': profile('body-token', 'login-a', [
        'type: login',
        'action: session.login',
        'with: { username: clerk, password: env:LOGIN_A_PASSWORD }',
        'token: { from: body, path: token }',
      ]),
      'tenant-profiles/header-token.yaml': profile('header-token', 'login-b', [
        'type: login',
        'action: session.form-login',
        'with: { username: clerk, password: env:LOGIN_B_PASSWORD }',
        'token: { from: header, name: X-Auth-Token }',
      ]),
      'tenant-profiles/cookie-token.yaml': profile('cookie-token', 'login-e', [
        'type: login',
        'action: session.login',
        'with: { username: clerk, password: env:LOGIN_E_PASSWORD }',
        'token: { from: cookie, name: sandbox_session }',
      ]),
      'scenarios/a-items.scenario.yaml': itemsScenario('a-items', 'all'),
      'scenarios/b-items.scenario.yaml': itemsScenario('b-items', 'all'),
      'scenarios/c-renewal.scenario.yaml': itemsScenario('c-renewal', '[body-token]', [
        '  - name: Logging out revokes the cached token',
        '    http: POST /api/auth/logout',
        '  - name: The next request is refused once, then sent again with a fresh login',
        '    http: GET /api/v1/items',
        '    expect: { status: 200 }',
      ]),
      'scenarios/d-items.scenario.yaml': itemsScenario('d-items', 'all'),
    });
    goodDir = p.dir;
    good = await runCli(['run', '--workers', '1', '--reporter', 'line,html,junit,json'], {
      cwd: p.dir,
      env: {
        LOGIN_TEST_URL: proxy.url,
        LOGIN_A_PASSWORD: passwords['login-a'],
        LOGIN_B_PASSWORD: passwords['login-b'],
        LOGIN_E_PASSWORD: passwords['login-e'],
      },
      timeoutMs: 120_000,
    });
    assert.equal(good.code, 0, good.stdout + good.stderr);
    assert.match(good.stdout, /10 passed/);
    // body-token: the first login, and the one after the logout; header-token: one for its three scenarios.
    const counts = await loginCounts(harness);
    assert.equal(counts['login-a'], 2, JSON.stringify(counts));
    assert.equal(counts['login-b'], 1, JSON.stringify(counts));
    assert.equal(counts['login-e'], 1, JSON.stringify(counts));
    // A token read from a cookie goes back as that cookie, not as a bearer token.
    const fromCookie = proxy.requests.filter(
      (r) => r.path === 'GET /api/v1/items' && r.cookie?.startsWith('sandbox_session='),
    );
    assert.equal(fromCookie.length, 3, 'the cookie tenant’s three scenarios');
    assert.ok(fromCookie.every((r) => r.authorization === undefined));
    assert.equal(proxy.paths.filter((p) => p === 'POST /api/auth/logout').length, 1);
  });

  let bad: CliResult;
  let badDir: string;
  test('a token the target refuses even fresh, and a login that fails, fail their step with a clear message', async () => {
    const p = project({
      'rehearse.config.yaml': CONFIG,
      'scenarios/actions/order.yaml': null,
      'scenarios/actions/session.yaml': ACTIONS,
      'tenant-profiles/standard.yaml': null,
      'tenant-profiles/regulated.yaml': null,
      'tenant-profiles/expired.yaml': profile('expired', 'login-c', [
        'type: login',
        'action: session.login',
        'with: { username: clerk, password: env:LOGIN_C_PASSWORD, expiresIn: 0 }',
        'token: { from: body, path: token }',
      ]),
      'tenant-profiles/wrong-password.yaml': profile('wrong-password', 'login-d', [
        'type: login',
        'action: session.login',
        'with: { username: clerk, password: env:LOGIN_D_PASSWORD }',
        'token: { from: body, path: token }',
      ]),
      'scenarios/items.scenario.yaml': itemsScenario('items', 'all'),
    });
    badDir = p.dir;
    bad = await runCli(['run', '--workers', '1', '--reporter', 'line,html,junit,json'], {
      cwd: p.dir,
      env: {
        LOGIN_TEST_URL: proxy.url,
        LOGIN_C_PASSWORD: passwords['login-c'],
        LOGIN_D_PASSWORD: 'wrong-password-4711',
      },
      timeoutMs: 120_000,
    });
    assert.equal(bad.code, 1, bad.stdout + bad.stderr);
    assert.match(
      bad.stdout,
      /answered 401 Unauthorized[\s\S]*credentials were renewed \(a fresh login or token\) and the request sent again; the target refused the fresh credentials too/,
    );
    assert.match(
      bad.stdout,
      /REHEARSE_LOGIN_FAILED|Failed to log in tenant "wrong-password" with action "session\.login": .*answered 401 Unauthorized/,
    );
    assert.match(bad.stdout, /Failed to log in tenant "wrong-password" with action "session\.login"/);
    const counts = await loginCounts(harness);
    assert.equal(counts['login-c'], 2, 'the first login and the renewal, no third');
    assert.equal(counts['login-d'], undefined, 'the wrong password never logged in');
  });

  test('no token and no password reaches the console, JUnit, HTML, the JSON report or test-results', () => {
    assert.ok(proxy.tokens.length >= 5, `tokens handed out: ${proxy.tokens.length}`);
    const secrets: Record<string, string> = { 'wrong password': 'wrong-password-4711' };
    for (const [id, password] of Object.entries(passwords)) secrets[`password of ${id}`] = password;
    proxy.tokens.forEach((token, i) => (secrets[`token ${i}`] = token));
    const findings = [];
    for (const [dir, run] of [
      [goodDir, good],
      [badDir, bad],
    ] as const) {
      const scan = scanPaths(secrets, [join(dir, 'reports'), join(dir, 'test-results')]);
      assert.ok(scan.scanned.some((v) => v.includes('junit.xml')));
      findings.push(...scan.findings, ...scanBuffer(secrets, 'console', Buffer.from(run.stdout + run.stderr)).findings);
    }
    assert.deepEqual(
      findings.map((f) => `${f.secret} (${f.encoding}) in ${f.view}: …${f.context}…`),
      [],
    );
  });
});
