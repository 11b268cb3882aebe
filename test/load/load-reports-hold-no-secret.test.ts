// A load run against a node:http target on 127.0.0.1 with a bearer token from the environment and
// credentials in the --base-url: neither reaches the console, the results JSON, the page or the
// job summary, in any encoding (the URL's user-info is masked where the target is named).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { json, startServer, type Server } from '../drivers/helpers.js';
import { runCli } from '../helpers/run-cli.js';
import { scanBuffer, scanPaths } from '../helpers/scan-secrets.js';
import { tempProjects } from '../helpers/temp-project.js';

const TOKEN = 'load-bearer-token-5150';
const PASSWORD = 'load-url-password-2718';
const project = tempProjects();
let server: Server;

before(async () => {
  // Echoes the credentials it got: a report that quoted the answer would hold them.
  server = await startServer(async (req, res) =>
    json(res, req.url === '/health' || req.headers.authorization ? 200 : 401, {
      ok: true,
      seen: req.headers.authorization,
    }),
  );
});
after(() => server.close());

test('the token and the URL password reach no output of a load run', async () => {
  const p = project({
    'tenant-profiles/standard.yaml':
      'name: standard\ncustomers: [{ id: C-1 }]\nauth: { type: bearer, token: env:LOAD_TOKEN }\n',
    'tenant-profiles/regulated.yaml': null,
    'scenarios/ping.scenario.yaml': [
      'name: ping',
      'steps:',
      '  - http: GET /api/ping',
      '    expect: { status: 200, body.ok: true }',
      '  - do: order.create',
      '    with: { customer: C-1 }',
      '',
    ].join('\n'),
  });
  const base = server.url.replace('http://', `http://qa:${PASSWORD}@`);
  const result = await runCli(
    ['load', 'ping', '--rate', '5/s', '--duration', '1s', '--base-url', base, '--threshold', 'p95<60s'],
    { cwd: p.dir, env: { LOAD_TOKEN: TOKEN, GITHUB_STEP_SUMMARY: join(p.dir, 'step-summary.md') }, timeoutMs: 60_000 },
  );
  // order.create answers 200 where the action expects 201: failed iterations quote their cause, not the answer.
  // No iteration passed, so the load fails (exit 1) whatever its thresholds.
  assert.equal(result.code, 1, result.stdout + result.stderr);
  assert.match(result.stdout, /Errors:\n {2}5 × order\.create: check status \(eq\)/);
  const results = readFileSync(join(p.dir, 'reports/load/segment-1-of-1.json'), 'utf8');
  assert.match(results, /"targetUrl": "http:\/\/\[REDACTED\]@127\.0\.0\.1:\d+"/);
  const secrets = { token: TOKEN, password: PASSWORD };
  const files = scanPaths(secrets, [join(p.dir, 'reports'), join(p.dir, 'step-summary.md')]);
  assert.ok(files.scanned.some((f) => f.includes('.html (')) && files.scanned.some((f) => f.includes('.json (')));
  assert.deepEqual(files.findings, []);
  assert.deepEqual(scanBuffer(secrets, 'console', Buffer.from(result.stdout + result.stderr)).findings, []);
});
