// What the selected environment needs from the machine is checked with the files, at the
// reference in rehearse.config.yaml (or the tenant profile): unset env: variables, missing
// secret files, a URL outside allowedHosts. --base-url and --tenant narrow what is needed;
// Playwright workers (no `machine`) skip these checks, which their CLI already made.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadProject, type MachineChecks } from '../../src/loader/load-project.js';
import { tempProject, type TempProject } from '../helpers/temp-project.js';

const CONFIG = [
  'defaultEnvironment: sandbox',
  'environments:',
  '  sandbox: { embedded: sandbox, allowedHosts: [127.0.0.1] }',
  '  staging:',
  '    baseUrl: env:T_BASE_URL',
  '    allowedHosts: [erp.staging.example.com]',
  '    tenants:',
  '      standard: { auth: { type: bearer, token: env:T_STANDARD_TOKEN } }',
  '',
].join('\n');

let project: TempProject;
before(() => {
  project = tempProject({
    'rehearse.config.yaml': CONFIG,
    'scenarios/s.scenario.yaml': 'name: s\nsteps:\n  - http: GET /health\n',
    'tenant-profiles/regulated.yaml':
      'name: regulated\ntraits: [regulated]\nauth: { type: bearer, token: file:secrets/regulated }\n',
  });
});
after(() => project.remove());

const problems = (environment: string | undefined, machine?: MachineChecks) =>
  loadProject({ root: project.dir, environment, ...(machine ? { machine } : {}) }).diagnostics.map(
    (d) => `${d.code} ${d.file}:${d.line}:${d.column}`,
  );

const ALL_SET = { T_BASE_URL: 'https://erp.staging.example.com', T_STANDARD_TOKEN: 't' };

describe('the selected environment', () => {
  test('every unset variable and missing secret file is an error at its reference', () => {
    assert.deepEqual(problems('staging', { env: {} }), [
      'REHEARSE_ENV_VAR_MISSING rehearse.config.yaml:5:14',
      'REHEARSE_SECRET_MISSING tenant-profiles/regulated.yaml:3:30',
      'REHEARSE_SECRET_MISSING rehearse.config.yaml:8:48',
    ]);
  });

  // The tests below run in order: from here on the secret file exists.
  test('with everything set and the secret file present, it loads', () => {
    project.write('secrets/regulated', 'token\n');
    assert.deepEqual(problems('staging', { env: ALL_SET }), []);
  });

  test('a base URL from the environment outside allowedHosts is refused at the reference', () => {
    assert.deepEqual(problems('staging', { env: { ...ALL_SET, T_BASE_URL: 'https://erp.prod.example.com' } }), [
      'REHEARSE_HOST_NOT_ALLOWED rehearse.config.yaml:5:14',
    ]);
  });

  test('--base-url makes the baseUrl variable unnecessary; --tenant limits the credentials needed', () => {
    assert.deepEqual(problems('staging', { env: { T_STANDARD_TOKEN: 't' }, baseUrl: 'https://x.example.com' }), []);
    assert.deepEqual(problems('staging', { env: { T_BASE_URL: ALL_SET.T_BASE_URL }, tenants: ['regulated'] }), []);
  });

  test('the embedded sandbox provisions its own credentials: tenants need none of theirs', () => {
    assert.deepEqual(problems('sandbox', { env: {} }), []);
    assert.deepEqual(problems(undefined, { env: {} }), []);
  });

  test('without machine checks (a Playwright worker), the same project loads', () => {
    assert.deepEqual(problems('staging'), []);
  });
});
