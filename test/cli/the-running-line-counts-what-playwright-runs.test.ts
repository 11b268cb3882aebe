// "Running N test(s)" is Playwright's count (onBegin's suite), never the CLI's guess from the
// matrix: `--grep` narrows it, a tenant's setup and teardown count once each, `--shard` gives its
// share. Each run's number is checked against the JUnit it wrote.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CHECKOUT } from '../helpers/report-files.js';
import { runCli } from '../helpers/run-cli.js';
import { copyShippedProjectWithoutPages } from '../helpers/shipped-project.js';

const dir = mkdtempSync(join(tmpdir(), 'rehearse-running-line-'));
after(() => rmSync(dir, { recursive: true, force: true }));
copyShippedProjectWithoutPages(CHECKOUT, dir);
for (const name of readdirSync(join(dir, 'scenarios')))
  if (name.endsWith('.scenario.yaml')) rmSync(join(dir, 'scenarios', name));
for (const [name, kind] of [['sign-in', 'setup'], ['sign-out', 'teardown'], ['probe-a'], ['probe-b']])
  writeFileSync(
    join(dir, 'scenarios', `${name}.scenario.yaml`),
    `name: ${name}\n${kind ? `kind: ${kind}\n` : ''}tenants: [standard]\nsteps:\n  - http: GET /health\n    expect: { status: 200 }\n`,
  );

const run = (args: string[]) =>
  runCli(['run', '--driver', 'api', '--tenant', 'standard', '--reporter', 'line,junit', ...args], {
    cwd: dir,
    timeoutMs: 150_000,
  });
const junitTests = () =>
  Number(/<testsuites [^>]*tests="(\d+)"/.exec(readFileSync(join(dir, 'reports', 'junit.xml'), 'utf8'))?.[1]);

test('--grep: the line counts the one scenario it selects and the tenant’s setup and teardown', async () => {
  const result = await run(['-s', 'probe-a', '-s', 'probe-b', '--grep', 'probe-a']);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /Running 3 test\(s\): 1 scenario test\(s\), 2 of a tenant's setup or teardown\./);
  assert.equal(junitTests(), 3);
});

test('--shard: the line counts the shard’s share, as its JUnit does', async () => {
  const result = await run(['--shard', '2/2']);
  assert.equal(result.code, 0, result.stderr);
  const line = /Running (\d+) test\(s\) in shard 2\/2/.exec(result.stderr);
  assert.ok(line, result.stderr);
  assert.equal(Number(line[1]), junitTests());
});
