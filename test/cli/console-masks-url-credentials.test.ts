// The CLI's own lines (preflight, errors, code frames) quote URLs the user gave; a password in a
// URL's user-info never reaches the console.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { runCli } from '../helpers/run-cli.js';
import { tempProject } from '../helpers/temp-project.js';

const project = tempProject({
  'scenarios/a.scenario.yaml':
    'name: a\nsteps:\n  - http: GET http://qa:in-yaml-pw-4411@127.0.0.1:9/x\n    expct: {}\n',
});
after(() => project.remove());

test('a --base-url with user-info is masked in the preflight lines', async () => {
  project.write('scenarios/a.scenario.yaml', 'name: a\nsteps:\n  - http: GET /health\n');
  const result = await runCli(['run', '--base-url', 'http://qa:flag-pw-9876@127.0.0.1:9'], {
    cwd: project.dir,
    timeoutMs: 60_000,
  });
  assert.equal(result.code, 3, result.stderr);
  assert.match(result.stderr, /the target http:\/\/\[REDACTED\]@127\.0\.0\.1:9 is not healthy/);
  assert.doesNotMatch(result.stdout + result.stderr, /flag-pw-9876/);
});

test('a code frame that shows a URL with user-info masks it', async () => {
  project.write(
    'scenarios/a.scenario.yaml',
    'name: a\nsteps:\n  - http: GET http://qa:in-yaml-pw-4411@127.0.0.1:9/x\n    expct: {}\n',
  );
  const result = await runCli(['validate'], { cwd: project.dir, timeoutMs: 60_000 });
  assert.equal(result.code, 2, result.stderr);
  assert.match(result.stderr, /REHEARSE_UNKNOWN_KEY/);
  assert.match(result.stderr, /http:\/\/\[REDACTED\]@127\.0\.0\.1:9\/x/);
  assert.doesNotMatch(result.stdout + result.stderr, /in-yaml-pw-4411/);
});
