// Cookie jars and default headers through the real CLI against real HTTP servers: the jar's
// lifetime (off, per scenario run, per tenant) set in the config, the environment and a tenant
// profile; `cookies: off` on a step; a named jar on an action file (an admin session kept apart
// from the shop's on the same origin); cookies never sent to another origin (another port,
// another host name); and default headers of the environment, the tenant profile and the action
// file reaching the server with the right precedence, a secret one hidden in every report.
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import { scanBuffer, scanPaths } from '../helpers/scan-secrets.js';
import { tempProjects } from '../helpers/temp-project.js';

const CHANNEL_TOKEN = 'channel-secret-8d3f21';
const ADMIN_SESSION = 'admin-session-5e6f7a';
const project = tempProjects();

interface Seen {
  origin: string;
  path: string;
  headers: IncomingHttpHeaders;
}

function server(name: string, seen: Seen[]): Promise<{ server: Server; port: number }> {
  const s = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      seen.push({ origin: `${name}|${req.headers.host}`, path: url.pathname, headers: req.headers });
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (url.pathname === '/set') headers['set-cookie'] = `sid=${url.searchParams.get('v')}; Path=/`;
      if (url.pathname === '/admin/login') headers['set-cookie'] = `admin_sid=${ADMIN_SESSION}; Path=/`;
      res.writeHead(200, headers).end(JSON.stringify({ ok: true }));
    });
  });
  return new Promise((resolve) =>
    s.listen(0, '127.0.0.1', () => resolve({ server: s, port: (s.address() as AddressInfo).port })),
  );
}

describe('cookie jars and default headers', () => {
  const seen: Seen[] = [];
  let a: { server: Server; port: number };
  let b: { server: Server; port: number };
  let run: CliResult;
  let dir: string;

  before(async () => {
    a = await server('A', seen);
    b = await server('B', seen);
    const p = project({
      'rehearse.config.yaml': [
        'defaultEnvironment: local',
        'cookies: off',
        'environments:',
        '  local:',
        `    baseUrl: http://127.0.0.1:${a.port}`,
        '    allowedHosts: [127.0.0.1, localhost]',
        '    cookies: scenario',
        '    headers: { X-Layer: environment, X-Env: e }',
        '',
      ].join('\n'),
      'scenarios/actions/order.yaml': null,
      'tenant-profiles/standard.yaml': null,
      'tenant-profiles/regulated.yaml': null,
      'tenant-profiles/std.yaml': [
        'name: std',
        'headers: { X-Layer: tenant, X-Tenant: "{{ tenant.name }}", X-Channel-Token: env:CHANNEL_TOKEN }',
        '',
      ].join('\n'),
      'tenant-profiles/shared.yaml': 'name: shared\ncookies: tenant\nheaders: { X-Tenant: "{{ tenant.name }}" }\n',
      'tenant-profiles/nocookies.yaml': 'name: nocookies\ncookies: off\nheaders: { X-Tenant: "{{ tenant.name }}" }\n',
      'scenarios/actions/admin.yaml': [
        'cookies: { jar: admin }',
        'headers: { X-Layer: action, X-Action: "{{ who }}" }',
        'actions:',
        '  admin.login:',
        '    params: { who: { type: string, default: admin } }',
        '    api:',
        '      - http: POST /admin/login',
        '  admin.whoami:',
        '    params: { who: { type: string, default: admin } }',
        '    api:',
        '      - http: GET /see/admin-jar',
        '',
      ].join('\n'),
      'scenarios/a-set.scenario.yaml': [
        'name: a-set',
        'steps:',
        '  - http: GET /set?v=a',
        '  - http: GET /see/a-same',
        `  - http: GET http://127.0.0.1:${b.port}/see/a-other-port`,
        `  - http: GET http://localhost:${a.port}/see/a-localhost`,
        '  - http: GET /see/a-off',
        '    cookies: off',
        '  - http: GET /see/a-step-header',
        '    headers: { X-Layer: step }',
        '  - do: admin.login',
        '  - do: admin.whoami',
        '    with: { who: "{{ run.tenant }}" }',
        '  - http: GET /see/a-shop',
        '',
      ].join('\n'),
      'scenarios/b-later.scenario.yaml': 'name: b-later\nsteps:\n  - http: GET /see/b\n',
    });
    dir = p.dir;
    run = await runCli(['run', '--workers', '1', '--reporter', 'line,html,junit,json'], {
      cwd: p.dir,
      env: { CHANNEL_TOKEN },
      timeoutMs: 120_000,
    });
  });
  after(async () => {
    await Promise.all([a, b].map((s) => new Promise<void>((resolve) => s.server.close(() => resolve()))));
  });

  const at = (tenant: string, path: string) => {
    const found = seen.filter((s) => s.headers['x-tenant'] === tenant && s.path === path);
    assert.equal(found.length, 1, `${tenant} ${path}: ${found.length} requests`);
    return found[0]!;
  };

  test('the run passes', () => {
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /6 passed/);
  });

  test('per scenario run (the environment over the project): kept within the run, never to another origin', () => {
    assert.equal(at('std', '/see/a-same').headers.cookie, 'sid=a');
    assert.equal(at('std', '/see/a-other-port').headers.cookie, undefined, '127.0.0.1, another port');
    assert.equal(at('std', '/see/a-localhost').headers.cookie, undefined, 'the same port, another host name');
    assert.equal(at('std', '/see/b').headers.cookie, undefined, 'the next scenario run starts empty');
  });

  test('cookies: off on a step sends none; a named jar keeps the admin session apart from the shop’s', () => {
    assert.equal(at('std', '/see/a-off').headers.cookie, undefined);
    assert.equal(at('std', '/see/admin-jar').headers.cookie, `admin_sid=${ADMIN_SESSION}`);
    assert.equal(at('std', '/see/a-shop').headers.cookie, 'sid=a', 'no admin cookie on the shop’s requests');
  });

  test('per tenant (a profile over the environment): the next scenario of the tenant in the worker has the cookie; off: none', () => {
    assert.equal(at('shared', '/see/b').headers.cookie, 'sid=a');
    assert.equal(at('nocookies', '/see/a-same').headers.cookie, undefined);
    assert.equal(at('nocookies', '/see/b').headers.cookie, undefined);
  });

  test('default headers: step > action file > tenant profile > environment; templates rendered, secret references resolved', () => {
    const plain = at('std', '/see/a-same').headers;
    assert.equal(plain['x-layer'], 'tenant');
    assert.equal(plain['x-env'], 'e');
    assert.equal(plain['x-channel-token'], CHANNEL_TOKEN);
    assert.equal(at('std', '/see/a-step-header').headers['x-layer'], 'step');
    const admin = at('std', '/see/admin-jar').headers;
    assert.equal(admin['x-layer'], 'action');
    assert.equal(admin['x-action'], 'std', 'rendered in the action’s scope');
    assert.equal(at('shared', '/see/b').headers['x-layer'], 'environment');
  });

  test('a secret header value and the cookies reach no output', () => {
    const secrets = { 'channel token': CHANNEL_TOKEN, 'admin session': ADMIN_SESSION };
    const scan = scanPaths(secrets, [join(dir, 'reports'), join(dir, 'test-results')]);
    assert.ok(scan.scanned.some((v) => v.includes('results.json')));
    const findings = [
      ...scan.findings,
      ...scanBuffer(secrets, 'console', Buffer.from(run.stdout + run.stderr)).findings,
    ];
    assert.deepEqual(
      findings.map((f) => `${f.secret} (${f.encoding}) in ${f.view}`),
      [],
    );
  });
});
