// A ui step that fails through the real CLI against the sandbox's screens: in the HTML report the
// failing step holds its cause (the UI error code and message) and the screenshot of the page as a
// PNG, and the sign-in password is in none of the report.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startHarness, type Harness } from '../sandbox/sandbox-harness.js';
import { readHtmlReport, stepAttachments, stepTitled, testTitled } from '../helpers/html-report.js';
import { runCli } from '../helpers/run-cli.js';
import { scanPaths } from '../helpers/scan-secrets.js';
import { tempProjects } from '../helpers/temp-project.js';

const ADMIN = 'test-admin-token';
const project = tempProjects();

const CONFIG = [
  'defaultEnvironment: local',
  'environments:',
  '  local:',
  '    baseUrl: env:UI_EVIDENCE_BASE_URL',
  '    allowedHosts: [127.0.0.1]',
  '    tenants:',
  '      standard:',
  '        tenantId: uievidence-acme',
  '        ui: { username: env:UI_EVIDENCE_USER, password: env:UI_EVIDENCE_PASSWORD }',
  'ui: { login: session.login }',
  '',
].join('\n');

const SESSION = [
  'actions:',
  '  session.login:',
  '    params:',
  '      tenantId: { type: string, required: true }',
  '      username: { type: string, required: true }',
  '      password: { type: string, required: true, secret: true }',
  '    ui:',
  '      - ui: { goto: /login }',
  "      - ui: { fill: { label: Tenant }, value: '{{ tenantId }}' }",
  "      - ui: { fill: { label: Username }, value: '{{ username }}' }",
  "      - ui: { fill: { label: Password }, value: '{{ password }}' }",
  '      - ui: { click: { role: button, name: Sign in } }',
  "      - ui: { expectUrl: '/orders' }",
  '',
].join('\n');

const BROKEN = [
  'name: broken-screen',
  'drivers: [ui]',
  'tenants: [standard]',
  'steps:',
  '  - ui: { goto: /orders }',
  '  - name: Press a button the screen does not have',
  '    ui: { click: { role: button, name: Launch the rocket } }',
  '    timeout: 2s',
  '',
].join('\n');

describe('a failing ui step shows its screenshot on the step', () => {
  let harness: Harness;
  let password: string;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    harness = await startHarness();
    const answer = await fetch(`${harness.sandbox.url}/admin/tenants`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        id: 'uievidence-acme',
        seed: 'standard',
        data: { users: [{ username: 'clerk', role: 'clerk' }] },
      }),
    });
    const body = (await answer.json()) as { users: Array<{ username: string; password: string }> };
    assert.equal(answer.status, 201, JSON.stringify(body));
    password = body.users[0]!.password;
    env = {
      UI_EVIDENCE_BASE_URL: harness.sandbox.url,
      UI_EVIDENCE_USER: body.users[0]!.username,
      UI_EVIDENCE_PASSWORD: password,
    };
  });
  after(async () => harness?.close());

  test('the failing ui step holds its cause and a PNG of the page; no password anywhere in the report', async () => {
    const p = project({
      'rehearse.config.yaml': CONFIG,
      'tenant-profiles/regulated.yaml': null,
      'scenarios/actions/session.yaml': SESSION,
      'scenarios/broken.scenario.yaml': BROKEN,
    });
    const run = await runCli(['run', '--workers', '1', '--reporter', 'line,html'], {
      cwd: p.dir,
      env,
      timeoutMs: 180_000,
    });
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const html = join(p.dir, 'reports', 'html');
    const result = testTitled(readHtmlReport(html), /^broken-screen/).results.at(-1)!;
    assert.equal(result.status, 'failed');
    const attachments = stepAttachments(result, stepTitled(result, 'Press a button the screen does not have'));
    const names = attachments.map((a) => `${a.name} ${a.contentType}`);
    assert.equal(names[0], 'cause text/plain', names.join(', '));
    assert.match(attachments[0]!.body!, /^Step failed: Press a button the screen does not have$/m);
    assert.match(attachments[0]!.body!, /^REHEARSE_UI_\w+: /m, 'the UI error code and message');
    const shot = attachments.find((a) => a.name === 'screenshot');
    assert.ok(shot, names.join(', '));
    assert.equal(shot.contentType, 'image/png');
    assert.ok(shot.path, 'kept as a file of the report');
    const png = readFileSync(join(html, shot.path));
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    assert.deepEqual(stepTitled(result, /\/orders/).attachments, [], 'the passing goto step holds nothing');
    assert.deepEqual(scanPaths({ password }, [join(p.dir, 'reports')]).findings, []);
  });
});
