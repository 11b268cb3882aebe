import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { request } from 'undici';
import { startServer, type Server } from '../drivers/helpers.js';
import { startFaultyTarget, type FaultyTarget } from '../helpers/faulty-target.js';
import { runCli, startCli, waitFor, type CliRun } from '../helpers/run-cli.js';
import { tempProjects } from '../helpers/temp-project.js';

const project = tempProjects();

const TOKEN = `tenant-token-${Math.random().toString(36).slice(2)}`;
const PROFILE = [
  'name: standard',
  'auth: { type: bearer, token: env:EGRESS_TEST_TOKEN }',
  'customers:',
  '  - id: C-1',
  'partners:',
  '  - { code: TP-1, isaQualifier: ZZ, isaId: PARTNER1, gsId: PARTNER1 }',
  'edi: { isaId: ACME, isaQualifier: ZZ, gsId: ACME }',
  '',
].join('\n');
const scenario = (name: string, steps: string[], extra: string[] = []) =>
  [`name: ${name}`, 'tenants: [standard]', ...extra, 'steps:', ...steps.map((s) => `  ${s}`), ''].join('\n');
const ediSend = (to: string) => [
  "- edi.send: '850'",
  `  to: ${to}`,
  "  segments: [[BEG, '00', SA, PO-1, '', '20240101']]",
];

/**
 * Every outbound path obeys the environment's allowedHosts, checked before a
 * connection is opened: "allowed" is 127.0.0.1, "not allowed" is a server on
 * 127.0.0.2 that counts the connections it accepts (it must stay at 0).
 */
describe('egress is allow-listed on every outbound path', () => {
  let target: FaultyTarget;
  let outside: Server;
  let serve: CliRun;
  let virtualUrl = '';
  before(async () => {
    outside = await startServer((_req, res) => void res.end('{"reached":true}'), '127.0.0.2');
    target = await startFaultyTarget({ redirectTo: () => `${outside.url}/` });
    // The virtual services as a staging target would use them: `rehearse virtual serve`, pinned to the target.
    const servedFrom = project({});
    serve = startCli(['virtual', 'serve', '--port', '0', '--allow-host', `127.0.0.1:${target.port}`], {
      cwd: servedFrom.dir,
      timeoutMs: 300_000,
    });
    await waitFor(() => /Virtual services on (http:\/\/127\.0\.0\.1:\d+)/.test(serve.output()), 30_000);
    virtualUrl = /Virtual services on (http:\/\/127\.0\.0\.1:\d+)/.exec(serve.output())![1]!;
  });
  after(async () => {
    serve.kill('SIGTERM');
    await serve.done;
    await Promise.all([target.close(), outside.close()]);
  });
  const config = (extra = '') =>
    `environments:\n  local:\n    baseUrl: ${target.url}\n    allowedHosts: [127.0.0.1]\n    virtualServices: ${virtualUrl}\n${extra}`;
  const run = (dir: string, env: NodeJS.ProcessEnv = {}) =>
    runCli(['run', '--env', 'local', '--workers', '2'], {
      cwd: dir,
      env: { EGRESS_TEST_TOKEN: TOKEN, ...env },
      timeoutMs: 120_000,
    });

  test('the preflight refuses a health or version URL outside allowedHosts: exit 2, nothing connected', async () => {
    const other = await startServer((_req, res) => void res.end('{"status":"ok"}'));
    try {
      for (const [key, url, allowed] of [
        ['health', `${outside.url}/health`, '127.0.0.1'],
        ['health', `//127.0.0.2:${outside.port}/health`, '127.0.0.1'],
        ['version', `${other.url}/version`, `127.0.0.1:${target.port}`],
      ] as const) {
        const p = project({
          'rehearse.config.yaml': `environments:\n  local:\n    baseUrl: ${target.url}\n    allowedHosts: ["${allowed}"]\n    ${key}: "${url}"\n`,
          'scenarios/a.scenario.yaml': scenario('a', ['- http: GET /api/orders/1']),
        });
        const seen = target.log.connections;
        const result = await run(p.dir);
        assert.equal(result.code, 2, `${key} ${url}: ${result.stdout}${result.stderr}`);
        assert.match(
          result.stderr,
          new RegExp(
            `REHEARSE_HOST_NOT_ALLOWED.*Failed to run the preflight: its ${key} URL http://127\\.0\\.0\\.\\d:\\d+/${key}: 127\\.0\\.0\\.\\d:\\d+ is not an allowed host \\(allowed: ${allowed.replace(/\./g, '\\.')}\\)`,
          ),
        );
        assert.match(result.stderr, /allowedHosts in rehearse\.config\.yaml/);
        assert.equal(target.log.connections, seen, 'not even the allowed target was contacted');
      }
      assert.equal(outside.connections, 0);
      assert.equal(other.connections, 0);
    } finally {
      await other.close();
    }
  });

  test('edi.send to: a host not allowed is refused before the VAN is asked; an allowed one is delivered with the tenant’s credentials', async () => {
    const journal = async () => {
      const response = await request(`${virtualUrl}/__admin/requests?partner=edi-van`);
      return ((await response.body.json()) as { requests: Array<{ route?: string }> }).requests.length;
    };
    const before = await journal();
    const p = project({
      'rehearse.config.yaml': config(),
      'tenant-profiles/standard.yaml': PROFILE,
      'scenarios/elsewhere.scenario.yaml': scenario('edi-elsewhere', ediSend(`${outside.url}/edi/inbound`)),
      'scenarios/userinfo.scenario.yaml': scenario(
        'edi-userinfo',
        ediSend(`http://127.0.0.1:${target.port}@127.0.0.2:${outside.port}/edi/inbound`),
      ),
      'scenarios/home.scenario.yaml': scenario('edi-home', ediSend('/edi/inbound')),
    });
    const result = await run(p.dir);
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.match(result.stdout, /1 passed/);
    assert.match(
      result.stdout,
      /REHEARSE_HOST_NOT_ALLOWED: Failed to deliver the 850 to http:\/\/127\.0\.0\.2:\d+\/edi\/inbound: 127\.0\.0\.2:\d+ is not an allowed host \(allowed: 127\.0\.0\.1\)\./,
    );
    assert.match(result.stdout, /what comes before "@" in the URL is user-info, not the host/);
    assert.equal(outside.connections, 0, 'the VAN never connected to the host not allowed');
    assert.equal(await journal(), before + 1, 'only the allowed delivery reached the VAN');
    const delivered = target.log.requests.filter((r) => r.url === '/edi/inbound');
    assert.equal(delivered.length, 1);
    assert.equal(delivered[0]!.headers.authorization, `Bearer ${TOKEN}`);
    assert.match(delivered[0]!.body, /^ISA\*/);
  });

  test('the VAN itself refuses when asked directly to deliver elsewhere, whatever list the request brings', async () => {
    const response = await request(`${virtualUrl}/edi-van/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        targetUrl: `${outside.url}/edi/inbound`,
        headers: { authorization: `Bearer ${TOKEN}` },
        body: 'ISA*00*...',
        allowedHosts: ['127.0.0.2', '127.0.0.1'],
      }),
    });
    const answer = (await response.body.json()) as { error: { code: string; message: string; hint: string } };
    assert.equal(response.statusCode, 403);
    assert.equal(answer.error.code, 'REHEARSE_HOST_NOT_ALLOWED');
    assert.match(answer.error.message, /127\.0\.0\.2:\d+ is not an allowed host \(allowed: 127\.0\.0\.1:\d+\)/);
    assert.match(answer.error.hint, /--allow-host/);
    assert.equal(outside.connections, 0);
  });

  test('a redirect from the target to a host not allowed is never followed, by the driver or by the VAN', async () => {
    const p = project({
      'rehearse.config.yaml': config(),
      'tenant-profiles/standard.yaml': PROFILE,
      'scenarios/redirect.scenario.yaml': scenario('http-redirect', [
        '- http: GET /api/redirect',
        '  followRedirects: false',
        '  expect: { status: 302 }',
        '  save: { location: headers.location }',
      ]),
      'scenarios/redirect-followed.scenario.yaml': scenario('http-redirect-followed', ['- http: GET /api/redirect']),
      'scenarios/edi-redirect.scenario.yaml': scenario('edi-redirect', ediSend('/edi/moved')),
    });
    const result = await run(p.dir);
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.match(result.stdout, /1 passed/);
    assert.match(
      result.stdout,
      /the target answered the 850 with 307, a redirect to http:\/\/127\.0\.0\.2:\d+\/edi\/inbound that the VAN does not follow/,
    );
    assert.match(
      result.stdout,
      /REHEARSE_HOST_NOT_ALLOWED: .*127\.0\.0\.2:\d+ is not an allowed host.*\(following a redirect: 302 GET http:\/\/127\.0\.0\.1:\d+\/api\/redirect → http:\/\/127\.0\.0\.2:\d+\/landing\)/,
    );
    assert.equal(outside.connections, 0, 'the Location was never contacted');
  });

  test('edi.send to a target that hangs ends with the VAN’s timeout, inside the step’s', async () => {
    const p = project({
      'rehearse.config.yaml': `${config()}timeouts: { step: 2s }\n`,
      'tenant-profiles/standard.yaml': PROFILE,
      'scenarios/edi-hang.scenario.yaml': scenario('edi-hang', ediSend('/api/hang')),
    });
    const result = await run(p.dir);
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.match(
      result.stdout,
      /REHEARSE_REQUEST_TIMEOUT: Failed to deliver the 850 through the EDI VAN \(get a response from http:\/\/127\.0\.0\.1:\d+\/api\/hang\): the target did not answer within 1800 ms \(the VAN's delivery timeout\)\./,
    );
    assert.match(result.stdout, /hint: .*it may be hung/);
  });

  test('GraphQL url and an OAuth token URL on a host not allowed are refused before connecting', async () => {
    const p = project({
      'rehearse.config.yaml': config(),
      'tenant-profiles/regulated.yaml': [
        'name: regulated',
        `auth: { type: oauth2, tokenUrl: "${outside.url}/oauth/token", clientId: env:EGRESS_CLIENT_ID, clientSecret: env:EGRESS_CLIENT_SECRET }`,
        'customers:',
        '  - id: C-9',
        '',
      ].join('\n'),
      'scenarios/graphql.scenario.yaml': scenario('graphql-elsewhere', [
        `- graphql: { query: "{ order(id: 1) { id } }", url: "${outside.url}/graphql" }`,
      ]),
      'scenarios/oauth.scenario.yaml': [
        'name: oauth-elsewhere',
        'tenants: [regulated]',
        'steps:',
        '  - http: GET /api/orders/1',
        '',
      ].join('\n'),
    });
    const result = await run(p.dir, { EGRESS_CLIENT_ID: 'client', EGRESS_CLIENT_SECRET: 'client-secret' });
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.match(
      result.stdout,
      /REHEARSE_HOST_NOT_ALLOWED: Failed to send POST http:\/\/127\.0\.0\.2:\d+\/graphql: 127\.0\.0\.2:\d+ is not an allowed host/,
    );
    assert.match(
      result.stdout,
      /Failed to get an OAuth2 token: Failed to send POST http:\/\/127\.0\.0\.2:\d+\/oauth\/token: 127\.0\.0\.2:\d+ is not an allowed host/,
    );
    assert.equal(outside.connections, 0);
  });

  test('production refuses a method override, a GraphQL mutation (POST or GET) and edi.send; a query and prod-safe pass', async () => {
    const mutation = 'mutation Cancel { cancelOrder(id: 1) { id } }';
    const p = project({
      'rehearse.config.yaml': config('    production: true\n'),
      'tenant-profiles/standard.yaml': PROFILE,
      'scenarios/override.scenario.yaml': scenario('prod-override', [
        '- http: GET /api/orders/1',
        '  headers: { X-HTTP-Method-Override: DELETE }',
      ]),
      'scenarios/method-param.scenario.yaml': scenario('prod-method-param', [
        '- http: GET /api/orders/1?_method=DELETE',
      ]),
      'scenarios/mutation.scenario.yaml': scenario('prod-mutation', [`- graphql: { query: "${mutation}" }`]),
      'scenarios/get-mutation.scenario.yaml': scenario('prod-get-mutation', [
        `- http: GET /graphql?query=${encodeURIComponent(mutation)}`,
      ]),
      'scenarios/edi.scenario.yaml': scenario('prod-edi', ediSend('/edi/inbound')),
      'scenarios/query.scenario.yaml': scenario('prod-query', [
        '- graphql: { query: "{ order(id: 1) { id } }" }',
        '  expect: { data.order.id: SO-1 }',
      ]),
      'scenarios/safe.scenario.yaml': scenario(
        'prod-safe-mutation',
        [`- graphql: { query: "${mutation}" }`, '  expect: { data.cancelled: true }'],
        ['tags: [prod-safe]'],
      ),
    });
    const seen = target.log.requests.length;
    const result = await run(p.dir);
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.match(result.stdout, /2 passed/);
    assert.match(result.stdout, /5 failed/);
    const guard = [...result.stdout.matchAll(/REHEARSE_PRODUCTION_GUARD: [^\n]*/g)].map((m) => m[0]);
    const expected = [
      /the X-HTTP-Method-Override header asks the target to treat this GET as a DELETE/,
      /the _method=DELETE query parameter asks the target to treat this GET as a DELETE/,
      /the GraphQL document holds a mutation \("Cancel"\)/,
      /its query parameter is a GraphQL document holding a mutation \("Cancel"\)/,
      /Failed to deliver the 850 to http:\/\/127\.0\.0\.1:\d+\/edi\/inbound: the environment is marked production, and edi\.send creates data/,
    ];
    for (const pattern of expected)
      assert.ok(
        guard.some((line) => pattern.test(line)),
        `${pattern} in:\n${guard.join('\n')}`,
      );
    const sent = target.log.requests.slice(seen);
    assert.ok(!sent.some((r) => r.headers['x-http-method-override']), 'the override never reached the target');
    assert.ok(!sent.some((r) => r.url.includes('_method')), 'nor the _method parameter');
    assert.ok(!sent.some((r) => r.url.startsWith('/graphql?')), 'nor the GET mutation');
    assert.ok(!sent.some((r) => r.url === '/edi/inbound'), 'nor the EDI document');
    assert.equal(sent.filter((r) => r.body.includes('mutation')).length, 1, 'only the prod-safe mutation was sent');
  });
});
