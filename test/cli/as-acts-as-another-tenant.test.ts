// `as: <tenant>` on a step and on a block: the real CLI against a real HTTP target that tells
// the tenants apart by their bearer tokens and hands each a session cookie at /login. Proves
// the borrowed tenant's credentials, its own cookie jar and its `tenant.*` data are used (read
// at the target), that saves stay in the one scenario scope, that both tenants' secrets are
// masked in every report, and that a wrong `as:` stops the run on load with a position.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { reportedTests, type ReportedTest } from '../helpers/report-files.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import { scanBuffer, scanPaths, type ScanResult } from '../helpers/scan-secrets.js';
import { tempProject, tempProjects, type TempProject } from '../helpers/temp-project.js';

const TOKENS = { standard: 'std-token-5f2a91c7e4', regulated: 'reg-token-8e3b40d2a6' } as const;
const COOKIES = { standard: 'std-cookie-1a2b3c4d', regulated: 'reg-cookie-9f8e7d6c' } as const;
type Tenant = keyof typeof TOKENS;

const PROFILES = {
  'tenant-profiles/standard.yaml': [
    'name: standard',
    'auth: { type: bearer, token: env:AS_TOKEN_STANDARD }',
    'customers: [{ id: C-1 }]',
    '',
  ].join('\n'),
  'tenant-profiles/regulated.yaml': [
    'name: regulated',
    'auth: { type: bearer, token: env:AS_TOKEN_REGULATED }',
    'customers: [{ id: C-9 }]',
    '',
  ].join('\n'),
};
const ENV = { AS_TOKEN_STANDARD: TOKENS.standard, AS_TOKEN_REGULATED: TOKENS.regulated };

interface Received {
  path: string;
  query: Record<string, string>;
  /** Whose token the request carried. */
  tenant: Tenant | undefined;
  /** Whose session cookie it carried. */
  cookieOf: Tenant | undefined;
  traceId: string | undefined;
}

describe('as: <tenant> acts as another tenant of the project', () => {
  const received: Received[] = [];
  let server: Server;
  let port: number;
  let project: TempProject;
  let run: CliResult;
  let tests: ReportedTest[];
  let scan: ScanResult;

  before(async () => {
    const whose = <T extends Record<Tenant, string>>(map: T, text: string | undefined) =>
      (Object.keys(map) as Tenant[]).find((t) => text?.includes(map[t]));
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://x');
        if (url.pathname === '/health') return res.end('{"status":"ok"}');
        const tenant = whose(TOKENS, req.headers.authorization);
        const cookieOf = whose(COOKIES, req.headers.cookie);
        received.push({
          path: url.pathname,
          query: Object.fromEntries(url.searchParams),
          tenant,
          cookieOf,
          traceId: String(req.headers.traceparent ?? '').split('-')[1],
        });
        if (!tenant) {
          res.writeHead(401, { 'content-type': 'application/json' });
          return res.end('{"error":"unauthorized"}');
        }
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (url.pathname === '/login') headers['set-cookie'] = `sid=${COOKIES[tenant]}; Path=/; HttpOnly`;
        res.writeHead(200, headers);
        res.end(
          JSON.stringify({
            tenant,
            cookieOf: cookieOf ?? null,
            customer: url.searchParams.get('customer'),
            authorization: req.headers.authorization,
          }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    project = tempProject({
      ...PROFILES,
      'scenarios/switches.scenario.yaml': [
        'name: switches',
        'tenants: [standard]',
        'steps:',
        '  - http: POST /login?step=std-login',
        '  - as: regulated',
        '    steps:',
        '      - name: the borrowed tenant starts with an empty cookie jar and its own tenant data',
        '        http: GET /echo?step=reg-before-login&customer={{ tenant.customers[0].id }}',
        '        expect: { body.tenant: regulated, body.cookieOf: null, body.customer: C-9 }',
        '        save: { regulatedCustomer: body.customer }',
        '      - http: POST /login?step=reg-login',
        '      - http: GET /echo?step=reg-after-login',
        '        expect: { body.tenant: regulated, body.cookieOf: regulated }',
        '      - name: a nested as overrides the block',
        '        http: GET /echo?step=nested-std',
        '        as: standard',
        '        expect: { body.tenant: standard, body.cookieOf: standard }',
        '  - name: after the block the scenario is its own tenant again, and sees what the block saved',
        '    http: GET /echo?step=std-after&customer={{ tenant.customers[0].id }}&seen={{ regulatedCustomer }}',
        '    expect: { body.tenant: standard, body.cookieOf: standard, body.customer: C-1 }',
        '  - name: as on one step',
        '    http: GET /echo?step=reg-step&customer={{ tenant.customers[0].id }}',
        '    as: regulated',
        '    expect: { body.tenant: regulated, body.cookieOf: regulated, body.customer: C-9 }',
        'cleanup:',
        '  - http: GET /echo?step=reg-cleanup',
        '    as: regulated',
        '  - http: GET /echo?step=std-cleanup',
        '',
      ].join('\n'),
      'scenarios/quotes.scenario.yaml': [
        'name: quotes',
        'tenants: [standard]',
        'steps:',
        '  - http: GET /echo?step=quote-std',
        '    save: { authStandard: body.authorization }',
        '  - http: GET /echo?step=quote-reg',
        '    as: regulated',
        '    save: { authRegulated: body.authorization }',
        '  - name: a failing check quotes both tenants’ tokens',
        '    expect: { authStandard: nope, authRegulated: nope }',
        '',
      ].join('\n'),
    });
    run = await runCli(['run', '--base-url', `http://127.0.0.1:${port}`, '--reporter', 'line,html,junit,json'], {
      cwd: project.dir,
      env: ENV,
      timeoutMs: 120_000,
    });
    tests = reportedTests(join(project.dir, 'reports', 'results.json'));
    const secrets = {
      'standard token': TOKENS.standard,
      'regulated token': TOKENS.regulated,
      'standard cookie': COOKIES.standard,
      'regulated cookie': COOKIES.regulated,
    };
    scan = scanPaths(secrets, [join(project.dir, 'reports'), join(project.dir, 'test-results')]);
    const console = scanBuffer(secrets, 'console', Buffer.from(run.stdout + run.stderr));
    scan.scanned.push(...console.scanned);
    scan.findings.push(...console.findings);
  });
  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    project.remove();
  });

  const at = (step: string) => {
    const found = received.filter((r) => r.query.step === step);
    assert.equal(found.length, 1, `one request for ${step}: ${JSON.stringify(received)}`);
    return found[0]!;
  };

  test('the scenario that switches tenants passes; the one that quotes tokens fails', () => {
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const status = (name: string) => tests.find((t) => t.result.scenario === name)?.status;
    assert.equal(status('switches'), 'passed', run.stdout);
    assert.equal(status('quotes'), 'failed', run.stdout);
    assert.equal(tests.length, 2, 'each scenario runs once, as standard: as: borrows, it adds no matrix cell');
  });

  test('an as block and an as step send the borrowed tenant’s token; the others the scenario’s own', () => {
    assert.equal(at('std-login').tenant, 'standard');
    for (const step of ['reg-before-login', 'reg-login', 'reg-after-login', 'reg-step', 'quote-reg'])
      assert.equal(at(step).tenant, 'regulated', step);
    for (const step of ['nested-std', 'std-after', 'quote-std']) assert.equal(at(step).tenant, 'standard', step);
  });

  test('cleanup steps act as another tenant too', () => {
    assert.equal(at('reg-cleanup').tenant, 'regulated');
    assert.equal(at('std-cleanup').tenant, 'standard');
  });

  test('each tenant has its own cookie jar, kept for the whole scenario', () => {
    assert.equal(at('reg-before-login').cookieOf, undefined, "standard's session cookie is not regulated's");
    assert.equal(at('reg-after-login').cookieOf, 'regulated');
    assert.equal(at('nested-std').cookieOf, 'standard');
    assert.equal(at('std-after').cookieOf, 'standard', "regulated's login did not replace standard's session");
    assert.equal(at('reg-step').cookieOf, 'regulated', 'the as step meets the same regulated session again');
  });

  test('tenant.* is the borrowed tenant’s, and a value saved as one tenant is read as the other', () => {
    assert.equal(at('reg-before-login').query.customer, 'C-9');
    assert.equal(at('std-after').query.customer, 'C-1');
    assert.equal(at('std-after').query.seen, 'C-9');
    assert.equal(at('reg-step').query.customer, 'C-9');
  });

  test('one trace id for the whole scenario run, whichever tenant asks', () => {
    const traces = new Set(
      ['std-login', 'reg-before-login', 'nested-std', 'std-after', 'reg-step'].map((s) => at(s).traceId),
    );
    assert.equal(traces.size, 1, [...traces].join(', '));
    assert.ok([...traces][0]);
  });

  test('the failure quotes both tokens masked, and no report holds either tenant’s token or cookie', () => {
    const failed = tests.find((t) => t.result.scenario === 'quotes');
    assert.match(failed?.message ?? '', /authStandard/);
    assert.match(failed?.message ?? '', /authRegulated/);
    assert.ok(scan.scanned.length > 5, `scanned ${scan.scanned.length} views`);
    assert.deepEqual(scan.findings, []);
  });

  test('the step titles say which tenant asked', () => {
    const steps = tests.find((t) => t.result.scenario === 'switches')?.result.steps ?? [];
    assert.ok(
      steps.some((s) => s.title === 'as regulated'),
      JSON.stringify(steps.map((s) => s.title)),
    );
    assert.ok(steps.some((s) => s.title.endsWith('(as regulated)')));
  });
});

describe('as: <tenant> is checked on load', () => {
  const project = tempProjects();
  const scenario = (as: string) => ({
    ...PROFILES,
    'scenarios/probe.scenario.yaml': [
      'name: probe',
      'tenants: [standard]',
      'steps:',
      '  - http: GET /echo',
      '  - as: regulated',
      '    steps:',
      '      - http: GET /echo',
      `        as: ${as}`,
      '',
    ].join('\n'),
  });

  test('an unknown tenant is a load error at its position, with a did-you-mean (exit 2)', async () => {
    const p = project(scenario('regulatd'));
    const result = await runCli(['validate'], { cwd: p.dir, env: ENV });
    assert.equal(result.code, 2, result.stdout + result.stderr);
    const out = result.stdout + result.stderr;
    assert.match(out, /scenarios\/probe\.scenario\.yaml:8:13/);
    assert.match(out, /REHEARSE_UNKNOWN_TENANT/);
    assert.match(out, /tenant "regulatd"/);
    assert.match(out, /Did you mean "regulated"\?/);
  });

  test('an expression is refused: the tenant is a literal name, known on load', async () => {
    const p = project(scenario("'{{ other }}'"));
    const result = await runCli(['validate'], { cwd: p.dir, env: ENV });
    assert.equal(result.code, 2, result.stdout + result.stderr);
    assert.match(result.stdout + result.stderr, /scenarios\/probe\.scenario\.yaml:8:13/);
  });

  test('as: on a step that sends nothing (expect, set, wait) says so at the as: key, once per step', async () => {
    const p = project({
      ...PROFILES,
      'scenarios/probe.scenario.yaml': [
        'name: probe',
        'tenants: [standard]',
        'steps:',
        '  - set: { x: 1 }',
        '    as: regulated',
        '  - name: read as the other',
        '    as: regulated',
        '    expect: { x: 1 }',
        '  - wait: 1ms',
        '    as: regulated',
        '',
      ].join('\n'),
    });
    const result = await runCli(['validate', '--format', 'json'], { cwd: p.dir, env: ENV });
    assert.equal(result.code, 2, result.stdout + result.stderr);
    const problems = (JSON.parse(result.stdout) as { problems: Array<{ code: string; line: number; message: string }> })
      .problems;
    assert.deepEqual(
      problems.map((d) => `${d.code}@${d.line}`),
      ['REHEARSE_AS_NOT_ALLOWED@5', 'REHEARSE_AS_NOT_ALLOWED@7', 'REHEARSE_AS_NOT_ALLOWED@10'],
    );
    assert.match(
      problems[1]!.message,
      /does not go on an expect step: .*An expect step reads the scenario's variables/,
    );
  });

  test('a run limited to one tenant still needs the credentials of the tenant it borrows', async () => {
    const p = project({
      ...scenario('standard'),
      'rehearse.config.yaml': [
        'environments:',
        '  staging: { baseUrl: http://127.0.0.1:9, allowedHosts: [127.0.0.1] }',
        '',
      ].join('\n'),
    });
    const result = await runCli(['run', '--env', 'staging', '--tenant', 'standard'], {
      cwd: p.dir,
      env: { AS_TOKEN_STANDARD: TOKENS.standard, AS_TOKEN_REGULATED: '' },
    });
    assert.equal(result.code, 2, result.stdout + result.stderr);
    const out = result.stdout + result.stderr;
    assert.match(out, /REHEARSE_SECRET_MISSING/);
    assert.match(out, /tenant-profiles\/regulated\.yaml:2/);
    assert.match(out, /Scenario "probe" acts as "regulated" \(as:\)/);
  });
});
