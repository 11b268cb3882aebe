// Playwright runs a tenant's setup and teardown (project dependencies) in every shard that holds
// one of its scenarios: each machine needs the setup's variables. The merge of the shards counts
// each test once — the setup and teardown too — so it warns only when something is really
// missing, and its JUnit holds one <testcase> per test, the worst of the shards' results.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CHECKOUT } from '../helpers/report-files.js';
import { BIN, runCli } from '../helpers/run-cli.js';
import { copyShippedProjectWithoutPages } from '../helpers/shipped-project.js';

const dir = mkdtempSync(join(tmpdir(), 'rehearse-sharded-setup-'));
after(() => rmSync(dir, { recursive: true, force: true }));
copyShippedProjectWithoutPages(CHECKOUT, dir);
for (const name of readdirSync(join(dir, 'scenarios')))
  if (name.endsWith('.scenario.yaml')) rmSync(join(dir, 'scenarios', name));
for (const [name, kind] of [['sign-in', 'setup'], ['sign-out', 'teardown'], ['probe-a'], ['probe-b'], ['probe-c']])
  writeFileSync(
    join(dir, 'scenarios', `${name}.scenario.yaml`),
    `name: ${name}\n${kind ? `kind: ${kind}\n` : ''}tenants: [standard]\nsteps:\n  - http: GET /health\n    expect: { status: 200 }\n`,
  );

test('2 shards each run the setup and teardown; the merge counts 5 tests, once each, and does not warn', async () => {
  const blobs = join(dir, 'blobs');
  mkdirSync(blobs);
  for (const shard of ['1/2', '2/2']) {
    const out = `reports-${shard[0]}`;
    const run = await runCli(
      [
        'run',
        '--driver',
        'api',
        '--tenant',
        'standard',
        '--shard',
        shard,
        '--reporter',
        'line,blob',
        '--output-dir',
        out,
      ],
      { cwd: dir, timeoutMs: 150_000 },
    );
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /sign-in \(standard, api\)/, `shard ${shard} ran the setup`);
    cpSync(join(dir, out, 'blob'), join(blobs, shard[0]!), { recursive: true });
  }
  const merged = await runCli(['report', 'merge', blobs, '--output', 'merged', '--reporter', 'junit,summary'], {
    cwd: dir,
  });
  assert.equal(merged.code, 0, merged.stderr);
  assert.match(merged.stderr, /2 of 2 shards\): 5 test\(s\), 5 passed/);
  assert.doesNotMatch(merged.stderr, /⚠/);
  const junit = readFileSync(join(dir, 'merged', 'junit.xml'), 'utf8');
  assert.match(junit, /<testsuites name="rehearse" tests="5" failures="0"/);
  assert.equal(junit.match(/<testcase name="sign-in \(standard, api\)"/g)?.length, 1);
  assert.match(junit, /<property name="shards" value="ran in 2 shards/);
  // The business summary counts them once too (it listed each shard's copy of the setup and teardown).
  const summary = JSON.parse(readFileSync(join(dir, 'merged', 'summary', 'summary.json'), 'utf8')) as {
    totals: { tests: number; passed: number };
  };
  assert.deepEqual([summary.totals.tests, summary.totals.passed], [5, 5]);
});

test('a merge missing a shard exits 2 even when its stdout and stderr are closed (| head)', async () => {
  const child = spawn(process.execPath, [BIN, 'report', 'merge', join(dir, 'blobs', '1'), '--output', 'partial'], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.destroy();
  child.stderr.destroy();
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(code, 2);
  assert.match(readFileSync(join(dir, 'partial', 'junit.xml'), 'utf8'), /<property name="incomplete"/);
});
