// `rehearse run --base-url http://user:password@host` (or an environment's baseUrl with one): the
// password reaches no report — the business summary (JSON, Markdown, HTML), $GITHUB_STEP_SUMMARY,
// the HTML report (its metadata), JUnit, the blob a merge reads — nor the console, in any
// encoding. The run's metadata carried the URL as given, and the summary and the HTML report
// showed it.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCli } from '../helpers/run-cli.js';
import { scanBuffer, scanPaths } from '../helpers/scan-secrets.js';
import { startTestTarget, type TestTarget } from '../helpers/target-server.js';
import { tempProjects } from '../helpers/temp-project.js';

const PASSWORD = 'base-url-password-9931';
const project = tempProjects();
let target: TestTarget;

before(async () => {
  target = await startTestTarget();
});
after(() => target.close());

test('a password in --base-url reaches no report and no console line', async () => {
  const p = project({
    'rehearse.config.yaml': 'environments:\n  local: { baseUrl: http://127.0.0.1:9, allowedHosts: [127.0.0.1] }\n',
    'scenarios/health.scenario.yaml': 'name: health\nsteps:\n  - http: GET /health\n    expect: { status: 200 }\n',
  });
  const withPassword = target.url.replace('http://', `http://admin:${PASSWORD}@`);
  const result = await runCli(
    [
      'run',
      '--env',
      'local',
      '--base-url',
      withPassword,
      '--tenant',
      'standard',
      '--reporter',
      'list,html,junit,json,blob,summary',
      '--shard',
      '1/1',
    ],
    { cwd: p.dir, timeoutMs: 120_000, env: { GITHUB_STEP_SUMMARY: join(p.dir, 'step-summary.md') } },
  );
  assert.equal(result.code, 0, result.stderr);
  const secrets = { password: PASSWORD };
  const files = scanPaths(secrets, [join(p.dir, 'reports'), join(p.dir, 'step-summary.md')]);
  assert.ok(
    files.scanned.some((f) => f.includes('summary.json')),
    files.scanned.join('\n'),
  );
  assert.deepEqual(files.findings, []);
  assert.deepEqual(scanBuffer(secrets, 'console', Buffer.from(result.stdout + result.stderr)).findings, []);
});
