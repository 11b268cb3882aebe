// `rehearse preflight` (and `rehearse run` first) checks every tenant before any scenario, against
// the real sandbox over HTTP and through the real CLI: a rotated client secret, an expired or
// expiring token, a switched feature flag and a certificate about to expire each exit 3 naming the
// tenant and the check; all good exits 0; a run stops at exit 3 before Playwright starts.
import assert from 'node:assert/strict';
import { createServer as createHttpServer } from 'node:http';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { linkRehearse } from '../helpers/report-files.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import { tempProject, type TempProject } from '../helpers/temp-project.js';
import { startHarness, type Harness } from '../sandbox/sandbox-harness.js';

const ADMIN = 'test-admin-token';

interface Client {
  clientId: string;
  clientSecret: string;
}

async function admin(harness: Harness, method: string, path: string, body?: unknown): Promise<unknown> {
  const answer = await fetch(`${harness.sandbox.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await answer.json()) as unknown;
  assert.ok(
    answer.status === 200 || answer.status === 201,
    `${method} ${path}: ${answer.status} ${JSON.stringify(json)}`,
  );
  return json;
}

/** A JWT (unsigned: the preflight reads `exp`, it does not verify) whose exp is `expSeconds` from now. */
function jwt(expSeconds: number): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub: 'acme', exp: Math.floor(Date.now() / 1000) + expSeconds })}.${Buffer.from('signature').toString('base64url')}`;
}

function oauth2(prefix: string): string {
  return `{ type: oauth2, tokenUrl: /oauth/token, clientId: env:${prefix}_ID, clientSecret: env:${prefix}_SECRET }`;
}

function projectFor(baseUrl: string, options: { standardAuth?: string; preflight?: string } = {}): TempProject {
  const project = tempProject({
    'rehearse.config.yaml': [
      'defaultEnvironment: target',
      'environments:',
      '  target:',
      `    baseUrl: ${baseUrl}`,
      '    allowedHosts: [127.0.0.1]',
      `preflight: ${options.preflight ?? '{ expiryMargin: 7d }'}`,
      '',
    ].join('\n'),
    'tenant-profiles/standard.yaml': [
      'name: standard',
      'tenantId: acme',
      `auth: ${options.standardAuth ?? oauth2('PF_STD')}`,
      'expects: { features: { manufacturing: true }, settings: { currency: USD } }',
      '',
    ].join('\n'),
    'tenant-profiles/high-volume.yaml': [
      'name: high-volume',
      'tenantId: hv',
      `auth: ${oauth2('PF_HV')}`,
      'expects: { features: { cardPayments: true } }',
      '',
    ].join('\n'),
    'tenant-profiles/regulated.yaml': null,
    'scenarios/health.scenario.yaml': [
      'name: health',
      'tenants: [standard, high-volume]',
      'steps:',
      '  - http: GET /health',
      '    expect: { status: 200 }',
      '',
    ].join('\n'),
  });
  linkRehearse(project.dir);
  return project;
}

describe('the tenant preflight names the tenant and the check', () => {
  let harness: Harness;
  let standard: Client;
  let highVolume: Client;
  let project: TempProject;
  const env = () => ({
    PF_STD_ID: standard.clientId,
    PF_STD_SECRET: standard.clientSecret,
    PF_HV_ID: highVolume.clientId,
    PF_HV_SECRET: highVolume.clientSecret,
  });
  const preflight = (p: TempProject, extra: Record<string, string> = {}, args: string[] = []) =>
    runCli(['preflight', ...args], { cwd: p.dir, env: { ...env(), ...extra }, timeoutMs: 60_000 });
  const secretsIn = (result: CliResult) => {
    const text = result.stdout + result.stderr;
    return Object.values(env()).filter((value) => value.startsWith('cs_') && text.includes(value));
  };

  before(async () => {
    harness = await startHarness();
    standard = (await admin(harness, 'POST', '/admin/tenants', { id: 'acme', seed: 'standard' })) as Client;
    highVolume = (await admin(harness, 'POST', '/admin/tenants', { id: 'hv', seed: 'high-volume' })) as Client;
    project = projectFor(harness.sandbox.url);
  });
  after(async () => {
    project?.remove();
    await harness?.close();
  });

  test('every tenant whose credentials, token and configuration are as expected passes: exit 0', async () => {
    const result = await preflight(project);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /✓ tenant high-volume: credentials, configuration/);
    assert.match(result.stdout, /✓ tenant standard: credentials, configuration/);
    assert.deepEqual(secretsIn(result), []);
  });

  test('a tenant no check can run for (no auth, no expects:, no https host) is not a pass: exit 2, and `run` goes on saying so', async () => {
    const bare = projectFor(harness.sandbox.url);
    try {
      bare.write('tenant-profiles/standard.yaml', 'name: standard\ntenantId: acme\n');
      const alone = await preflight(bare, {}, ['--tenant', 'standard']);
      assert.equal(alone.code, 2, alone.stdout + alone.stderr);
      assert.match(alone.stdout, /– tenant standard: not checked: the tenant has no auth/);
      assert.match(alone.stdout, /REHEARSE_PREFLIGHT_NOTHING_CHECKED/);
      assert.doesNotMatch(alone.stdout, /✓ tenant standard/);
      // Beside a tenant that was checked, the unchecked one still fails the command.
      const both = await preflight(bare);
      assert.equal(both.code, 2, both.stdout + both.stderr);
      assert.match(both.stdout, /✓ tenant high-volume: credentials, configuration/);
      assert.match(both.stdout, /Nothing was checked for standard/);
      // A run's scenarios are its test: the stage says the tenant was not checked and the run goes on.
      const run = await runCli(
        ['run', '--reporter', 'list', '--tenant', 'standard', '--output-dir', join(bare.dir, 'out')],
        {
          cwd: bare.dir,
          env: env(),
          timeoutMs: 120_000,
        },
      );
      assert.match(run.stderr, /– tenant standard: not checked/);
      assert.equal(run.code, 0, run.stdout + run.stderr);
    } finally {
      bare.remove();
    }
  });

  test('a rotated client secret exits 3 naming the tenant and the check; rehearse run stops there before any scenario', async () => {
    const rotated = (await admin(harness, 'POST', '/admin/tenants/hv/rotate-secret')) as Client;
    try {
      const result = await preflight(project);
      assert.equal(result.code, 3, result.stdout + result.stderr);
      assert.match(
        result.stdout,
        /✗ tenant high-volume: credentials: the token endpoint \/oauth\/token refused the client env:PF_HV_ID \(401 invalid_client: Failed to authenticate the client: unknown id or wrong secret\) — were its secrets rotated\?/,
      );
      assert.match(
        result.stdout,
        /REHEARSE_PREFLIGHT_CREDENTIALS_REFUSED\. Update the secrets env:PF_HV_ID and env:PF_HV_SECRET/,
      );
      assert.match(result.stdout, /✓ tenant standard: credentials, configuration/, 'the other tenant still passes');
      assert.deepEqual(secretsIn(result), []);

      const run = await runCli(['run', '--reporter', 'junit'], { cwd: project.dir, env: env(), timeoutMs: 120_000 });
      assert.equal(run.code, 3, run.stdout + run.stderr);
      assert.match(run.stderr, /✗ tenant high-volume: credentials: the token endpoint/);
      assert.match(run.stderr, /Tenant preflight failed for high-volume\. No scenario ran/);
      assert.doesNotMatch(run.stdout + run.stderr, /Running \d+ test/, 'Playwright never started');

      // The workers are told the new secret: the tenant passes again.
      const fixed = await preflight(project, { PF_HV_SECRET: rotated.clientSecret });
      assert.equal(fixed.code, 0, fixed.stdout + fixed.stderr);
      assert.ok(!(fixed.stdout + fixed.stderr).includes(rotated.clientSecret), 'the new secret is not printed');
    } finally {
      highVolume = { ...highVolume, clientSecret: rotated.clientSecret };
    }
  });

  test("an identity provider's refusal shows its OAuth2 error code and description (RFC 6749 §5.2); the report is on stdout", async () => {
    // An identity provider apart from the target, answering as RFC 6749 §5.2 says.
    let answer = { status: 401, error: 'invalid_client', error_description: 'Client secret expired on 2026-11-30.' };
    const idp = createHttpServer((req, res) => {
      req.resume().on('end', () => {
        const { status, ...body } = answer;
        res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((done) => idp.listen(0, '127.0.0.1', done));
    const tokenUrl = `http://127.0.0.1:${(idp.address() as AddressInfo).port}/token`;
    const external = projectFor(harness.sandbox.url, {
      standardAuth: `{ type: oauth2, tokenUrl: '${tokenUrl}', clientId: env:PF_STD_ID, clientSecret: env:PF_STD_SECRET, scope: erp.write }`,
    });
    try {
      const refused = await preflight(external, {}, ['--tenant', 'standard']);
      assert.equal(refused.code, 3, refused.stdout + refused.stderr);
      assert.match(
        refused.stdout,
        /✗ tenant standard: credentials: the token endpoint http:\/\/127\.0\.0\.1:\d+\/token refused the client env:PF_STD_ID \(401 invalid_client: Client secret expired on 2026-11-30\) — were its secrets rotated\?/,
      );
      assert.match(refused.stdout, /Update the secrets env:PF_STD_ID and env:PF_STD_SECRET/);
      assert.match(refused.stdout, /Tenant preflight failed for standard/);
      // The report is the command's output; stderr keeps only its progress and its own errors.
      assert.doesNotMatch(refused.stderr, /tenant standard|Tenant preflight failed/);

      answer = {
        status: 400,
        error: 'invalid_scope',
        error_description: 'scope erp.write is not granted to this client',
      };
      const scope = await preflight(external, {}, ['--tenant', 'standard']);
      assert.equal(scope.code, 3, scope.stdout + scope.stderr);
      assert.match(
        scope.stdout,
        /refused the client env:PF_STD_ID \(400 invalid_scope: scope erp\.write is not granted to this client\)\n/,
      );
      assert.match(scope.stdout, /check the tenant's auth scope:/, 'not a rotated secret: the scope');
      assert.deepEqual(secretsIn(refused), []);

      const mistaken = await preflight(external, {}, ['--tenant', 'standrad']);
      assert.equal(mistaken.code, 2);
      assert.match(mistaken.stderr, /REHEARSE_UNKNOWN_TENANT/, "the command's own error stays on stderr");
      assert.equal(mistaken.stdout, '');
    } finally {
      external.remove();
      await new Promise((done) => idp.close(done));
    }
  });

  test('a feature flag switched at the target exits 3 naming the tenant, the check and the flag', async () => {
    await admin(harness, 'PUT', '/admin/tenants/acme/features', { features: { manufacturing: false } });
    try {
      const result = await preflight(project, {}, ['--tenant', 'standard']);
      assert.equal(result.code, 3, result.stdout + result.stderr);
      assert.match(
        result.stdout,
        /✗ tenant standard: configuration: GET \/api\/v1\/tenant says feature manufacturing is false \(expected true\)/,
      );
      assert.match(
        result.stdout,
        /REHEARSE_PREFLIGHT_CONFIGURATION_MISMATCH\. .*tenant-profiles\/standard\.yaml expects/,
      );
      assert.doesNotMatch(result.stdout, /tenant high-volume/, '--tenant checks only the tenants named');
    } finally {
      await admin(harness, 'PUT', '/admin/tenants/acme/features', { features: { manufacturing: null } });
    }
  });

  test('a configured token past its exp, or within the margin, exits 3 naming the tenant and the token expiry', async () => {
    const bearer = projectFor(harness.sandbox.url, { standardAuth: '{ type: bearer, token: env:PF_JWT }' });
    try {
      const expired = await preflight(bearer, { PF_JWT: jwt(-3600) }, ['--tenant', 'standard']);
      assert.equal(expired.code, 3, expired.stdout + expired.stderr);
      assert.match(
        expired.stdout,
        /✗ tenant standard: token expiry: the configured token expired 1h ago \(exp \d{4}-\d\d-\d\dT[\d:.]+Z\)/,
      );
      assert.match(expired.stdout, /REHEARSE_PREFLIGHT_TOKEN_EXPIRED/);

      const expiringToken = jwt(2 * 86_400 + 60);
      const expiring = await preflight(bearer, { PF_JWT: expiringToken }, ['--tenant', 'standard', '--format', 'json']);
      assert.equal(expiring.code, 3, expiring.stdout + expiring.stderr);
      const report = JSON.parse(expiring.stdout) as {
        ok: boolean;
        tenants: Array<{
          tenant: string;
          checks: Array<{ check: string; status: string; code?: string; message: string }>;
        }>;
      };
      assert.equal(report.ok, false);
      const expiry = report.tenants[0]!.checks.find((c) => c.check === 'token expiry')!;
      assert.equal(expiry.code, 'REHEARSE_PREFLIGHT_TOKEN_EXPIRING');
      assert.match(expiry.message, /expires in 2d \(exp .*\), within the margin of 7d/);
      assert.ok(!(expiring.stdout + expiring.stderr).includes(expiringToken), 'the token itself is never printed');
    } finally {
      bearer.remove();
    }
  });

  test('a partner certificate expiring within the margin exits 3; a margin it outlives passes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rehearse-cert-'));
    let server: Server | undefined;
    const projects: TempProject[] = [];
    try {
      // A self-signed certificate that lives one day: within a 7d margin, past a 1h one.
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:prime256v1',
          '-nodes',
          '-keyout',
          join(dir, 'key.pem'),
          '-out',
          join(dir, 'cert.pem'),
          '-days',
          '1',
          '-subj',
          '/CN=127.0.0.1',
        ],
        { stdio: 'ignore' },
      );
      server = createServer(
        { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
        (_req, res) => res.end('ok'),
      );
      await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
      const partner = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;

      const week = projectFor(harness.sandbox.url, { preflight: `{ expiryMargin: 7d, hosts: ["${partner}"] }` });
      projects.push(week);
      const failed = await preflight(week, {}, ['--tenant', 'standard']);
      assert.equal(failed.code, 3, failed.stdout + failed.stderr);
      assert.match(
        failed.stdout,
        /✗ tenant standard: certificate: the TLS certificate of 127\.0\.0\.1:\d+ expires in 23h 5\dm \(.*Z\), within the margin of 7d/,
      );
      assert.match(failed.stdout, /REHEARSE_PREFLIGHT_CERTIFICATE_EXPIRING/);

      const hour = projectFor(harness.sandbox.url, { preflight: `{ expiryMargin: 1h, hosts: ["${partner}"] }` });
      projects.push(hour);
      const passed = await preflight(hour, {}, ['--tenant', 'standard']);
      assert.equal(passed.code, 0, passed.stdout + passed.stderr);
      assert.match(passed.stdout, /✓ tenant standard: credentials, certificate, configuration/);
    } finally {
      for (const p of projects) p.remove();
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a certificate host outside allowedHosts is a configuration mistake: exit 2, nothing connected', async () => {
    const outside = projectFor(harness.sandbox.url, { preflight: '{ hosts: ["https://partner.example.com"] }' });
    try {
      const result = await preflight(outside, {}, ['--tenant', 'standard']);
      assert.equal(result.code, 2, result.stdout + result.stderr);
      assert.match(result.stdout + result.stderr, /REHEARSE_HOST_NOT_ALLOWED.*partner\.example\.com/);
    } finally {
      outside.remove();
    }
  });
});
