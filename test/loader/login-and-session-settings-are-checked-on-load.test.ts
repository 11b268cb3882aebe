// `rehearse validate` (the real CLI) on a project whose login auth, default headers and cookie
// settings are wrong: each mistake is an error at its file:line:col, with a did-you-mean where a
// name is unknown, and a credential written into a file is refused.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runCli } from '../helpers/run-cli.js';
import { tempProjects } from '../helpers/temp-project.js';

const project = tempProjects();

describe('login auth, default headers and cookies are checked on load', () => {
  test('unknown action, unknown parameter, literal password, malformed token path, unknown name, bad jar name', async () => {
    const p = project({
      'scenarios/actions/order.yaml': null,
      'tenant-profiles/standard.yaml': null,
      'tenant-profiles/regulated.yaml': null,
      'scenarios/actions/session.yaml': [
        'headers: { X-Who: "{{ nobody }}" }',
        'actions:',
        '  session.login:',
        '    params:',
        '      username: { type: string, required: true }',
        '      password: { type: string, required: true }',
        '    api:',
        '      - http: POST /api/auth/login',
        '        json: { username: "{{ username }}", password: "{{ password }}" }',
        '',
      ].join('\n'),
      'tenant-profiles/a.yaml': [
        'name: a',
        'auth:',
        '  type: login',
        '  action: session.logni',
        '  with: { username: clerk, password: env:PW }',
        '  token: { from: body, path: token }',
        '',
      ].join('\n'),
      'tenant-profiles/b.yaml': [
        'name: b',
        'cookies: tenant',
        'auth:',
        '  type: login',
        '  action: session.login',
        '  with: { username: clerk, password: hunter2-literal, channel: x }',
        '  token: { from: body, path: "data..token" }',
        '',
      ].join('\n'),
      'scenarios/x.scenario.yaml': 'name: x\nsteps:\n  - http: GET /api/v1/items\n    cookies: { jar: Admin }\n',
    });
    const result = await runCli(['validate'], { cwd: p.dir });
    const out = result.stdout + result.stderr;
    assert.equal(result.code, 2, out);
    assert.match(
      out,
      /tenant-profiles\/a\.yaml:4:11 error REHEARSE_UNKNOWN_ACTION[\s\S]*?Did you mean "session\.login"\?/,
    );
    assert.match(out, /tenant-profiles\/b\.yaml:6:55 error REHEARSE_UNKNOWN_PARAMETER/);
    assert.match(out, /tenant-profiles\/b\.yaml:6:38 error REHEARSE_LITERAL_SECRET/);
    assert.match(out, /tenant-profiles\/b\.yaml:7:30 error REHEARSE_INVALID_PATH/);
    assert.match(out, /scenarios\/actions\/session\.yaml:1:23 error REHEARSE_UNKNOWN_NAME/);
    assert.match(out, /scenarios\/x\.scenario\.yaml:4:21 error REHEARSE_INVALID_FORMAT/);
    assert.doesNotMatch(out, /at .*\.ts:\d+/, 'no stack trace');
  });
});
