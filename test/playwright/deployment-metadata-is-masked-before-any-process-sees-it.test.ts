// The target's version endpoint may answer more than a version: runOptionsOf masks fields named
// like secrets (built-in names and the config's redact.fields) before the options reach any
// Playwright process — the CLI's run and `npx playwright test`'s global setup alike.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadProject } from '../../src/loader/load-project.js';
import { runOptionsOf } from '../../src/playwright/prepare-run.js';
import { resolveEnvironment } from '../../src/environment/resolve-environment.js';
import { tempProjects } from '../helpers/temp-project.js';

const project = tempProjects();

test('runOptionsOf masks the deployment metadata by field name, whoever calls it', () => {
  const p = project({
    'rehearse.config.yaml':
      'environments:\n  local: { baseUrl: "http://127.0.0.1:9", allowedHosts: [127.0.0.1] }\nredact: { fields: [buildNote] }\n',
    'scenarios/ping.scenario.yaml': 'name: ping\nsteps:\n  - http: GET /health\n',
  });
  const loaded = loadProject({ root: p.dir });
  assert.ok(loaded.project, JSON.stringify(loaded.diagnostics));
  const options = runOptionsOf({
    root: p.dir,
    project: loaded.project,
    environment: resolveEnvironment({ config: loaded.project.config, name: 'local' }),
    baseUrl: 'http://127.0.0.1:9',
    runId: 'r',
    seed: '1',
    startedAt: 0,
    scenarios: [],
    tenants: [],
    drivers: [],
    reporters: [],
    outputDir: p.dir,
    deployment: { version: '2.3.4', commit: 'c0ffee1', apiToken: 'deploy-token-77', buildNote: 'note-secret-5' },
  });
  assert.equal(options.deployment?.version, '2.3.4');
  assert.equal(options.deployment?.commit, 'c0ffee1');
  assert.notEqual(options.deployment?.apiToken, 'deploy-token-77');
  assert.notEqual(options.deployment?.buildNote, 'note-secret-5');
});
