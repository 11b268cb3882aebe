// `rehearse preflight` for a tenant whose auth is a `login` action, against the real sandbox and
// through the real CLI: the preflight runs the action as a run would, so a login that works
// passes (exit 0), and a refused one (a wrong password) exits 3 naming the tenant and the
// credentials check, without printing the password.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { linkRehearse } from '../helpers/report-files.js';
import { runCli } from '../helpers/run-cli.js';
import { tempProject, type TempProject } from '../helpers/temp-project.js';
import { startHarness, type Harness } from '../sandbox/sandbox-harness.js';

const ADMIN = 'test-admin-token';

/** Provisions a tenant with a clerk; the clerk's password. */
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

/** The sandbox's count of the tenant's API logins: granted, or refused (401). */
async function logins(harness: Harness, kind: 'logins' | 'refusedLogins'): Promise<number> {
  const answer = await fetch(`${harness.sandbox.url}/admin/logins`, { headers: { authorization: `Bearer ${ADMIN}` } });
  return ((await answer.json()) as Record<typeof kind, Record<string, number>>)[kind]['login-acme'] ?? 0;
}

function projectFor(baseUrl: string): TempProject {
  const project = tempProject({
    'rehearse.config.yaml': [
      'defaultEnvironment: target',
      'environments:',
      '  target:',
      `    baseUrl: ${baseUrl}`,
      '    allowedHosts: [127.0.0.1]',
      'preflight: { expiryMargin: 7d }',
      '',
    ].join('\n'),
    'scenarios/actions/order.yaml': null,
    'scenarios/actions/session.yaml': [
      'actions:',
      '  session.login:',
      '    params:',
      '      username: { type: string, required: true }',
      '      password: { type: string, required: true }',
      '    api:',
      '      - http: POST /api/auth/login',
      '        json: { tenant: "{{ tenant.tenantId }}", username: "{{ username }}", password: "{{ password }}" }',
      '',
    ].join('\n'),
    'tenant-profiles/standard.yaml': [
      'name: standard',
      'tenantId: login-acme',
      'auth:',
      '  type: login',
      '  action: session.login',
      '  with: { username: clerk, password: env:PF_LOGIN_PASSWORD }',
      '  token: { from: body, path: token }',
      'expects: { features: { manufacturing: true }, settings: { currency: USD } }',
      '',
    ].join('\n'),
    'tenant-profiles/regulated.yaml': null,
    'scenarios/items.scenario.yaml': [
      'name: items',
      'tenants: [standard]',
      'steps:',
      '  - http: GET /api/v1/items',
      '    expect: { status: 200 }',
      '',
    ].join('\n'),
  });
  linkRehearse(project.dir);
  return project;
}

describe('the tenant preflight with a login action', () => {
  let harness: Harness;
  let password: string;
  let project: TempProject;
  const preflight = (env: Record<string, string>) =>
    runCli(['preflight'], { cwd: project.dir, env, timeoutMs: 60_000 });

  before(async () => {
    harness = await startHarness();
    password = await provision(harness, 'login-acme');
    project = projectFor(harness.sandbox.url);
  });
  after(async () => {
    project?.remove();
    await harness?.close();
  });

  test('a login that works passes the credentials and configuration checks: exit 0', async () => {
    const before = await logins(harness, 'logins');
    const result = await preflight({ PF_LOGIN_PASSWORD: password });
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /✓ tenant standard: credentials, .*configuration/);
    assert.equal(await logins(harness, 'logins'), before + 1, 'the preflight logged in through the action');
    assert.ok(!(result.stdout + result.stderr).includes(password), 'the password is not printed');
  });

  test('a refused login (wrong password) exits 3 naming the tenant and the credentials check', async () => {
    const wrong = `${password}-rotated`;
    const refused = await logins(harness, 'refusedLogins');
    const result = await preflight({ PF_LOGIN_PASSWORD: wrong });
    assert.equal(result.code, 3, result.stdout + result.stderr);
    assert.match(result.stdout, /✗ tenant standard: credentials: the login action session\.login gave no token: .*401/);
    assert.match(result.stdout, /REHEARSE_PREFLIGHT_CREDENTIALS_REFUSED/);
    assert.match(result.stdout, /Tenant preflight failed for standard/);
    // The configuration is read with the refused credentials: not tried again, not a second failure.
    assert.doesNotMatch(result.stdout, /✗ tenant standard: configuration/);
    assert.ok(!(result.stdout + result.stderr).includes(wrong), 'the password is not printed');
    assert.equal(await logins(harness, 'refusedLogins'), refused + 1, 'one refused login, not one per check');
  });
});
