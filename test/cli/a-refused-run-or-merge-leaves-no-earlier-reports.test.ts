// A report in the output folder is this run's (or merge's) or none — also when the command is
// refused before it starts anything: an invalid project, a bad flag, a merge with no blobs. A CI
// step that uploads junit.xml, or a merge that collects the shards' blobs from a persistent volume
// (examples/k8s/functional-shards.yaml), must never find an earlier run's green reports and pass
// them off as this one's (a merge of stale blobs exited 0 after every shard was refused).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCli } from '../helpers/run-cli.js';
import { startTestTarget, type TestTarget } from '../helpers/target-server.js';
import { tempProjects } from '../helpers/temp-project.js';

const project = tempProjects();
let target: TestTarget;

before(async () => {
  target = await startTestTarget();
});
after(() => target.close());

const files = () => ({
  'rehearse.config.yaml': [
    'outputDir: out',
    'defaultEnvironment: local',
    'environments:',
    `  local: { baseUrl: '${target.url}', allowedHosts: [127.0.0.1] }`,
    '',
  ].join('\n'),
  'scenarios/health.scenario.yaml': 'name: health\nsteps:\n  - http: GET /health\n    expect: { status: 200 }\n',
});

test('a run refused before it starts leaves none of the earlier run’s reports or blobs, and a merge then finds nothing', async () => {
  const p = project(files());
  const green = await runCli(['run', '--tenant', 'standard', '--reporter', 'junit,blob', '--shard', '1/1'], {
    cwd: p.dir,
    timeoutMs: 120_000,
  });
  assert.equal(green.code, 0, green.stderr);
  assert.ok(existsSync(join(p.dir, 'out', 'junit.xml')));
  assert.ok(existsSync(join(p.dir, 'out', 'blob', 'report-1.zip')));

  // The project breaks: the run is refused (exit 2) before it starts anything.
  p.write('scenarios/broken.scenario.yaml', 'name: [\n');
  const refused = await runCli(['run', '--tenant', 'standard', '--reporter', 'junit,blob', '--shard', '1/1'], {
    cwd: p.dir,
  });
  assert.equal(refused.code, 2, refused.stderr);
  assert.ok(!existsSync(join(p.dir, 'out', 'junit.xml')), 'the earlier junit.xml is gone');
  assert.ok(!existsSync(join(p.dir, 'out', 'blob', 'report-1.zip')), 'the earlier blob is gone');

  // A bad flag, too.
  writeFileSync(join(p.dir, 'out', 'junit.xml'), '<testsuites tests="1" failures="0"/>');
  const badFlag = await runCli(['run', '--repeat-each', '0'], { cwd: p.dir });
  assert.equal(badFlag.code, 2, badFlag.stderr);
  assert.ok(!existsSync(join(p.dir, 'out', 'junit.xml')));

  // The merge of that folder finds no blob: refused, not green.
  const merged = await runCli(['report', 'merge'], { cwd: p.dir });
  assert.equal(merged.code, 2, merged.stderr);
  assert.match(merged.stderr, /REHEARSE_MERGE_NO_BLOBS/);
});

test('a merge refused before it merges leaves none of the earlier merge’s reports', async () => {
  const p = project(files());
  const merged = join(p.dir, 'merged');
  mkdirSync(join(merged, 'html'), { recursive: true });
  writeFileSync(join(merged, 'junit.xml'), '<testsuites tests="5" failures="0"/>');
  writeFileSync(join(merged, 'html', 'index.html'), '<html>5 passed</html>');
  mkdirSync(join(p.dir, 'empty'));
  const refused = await runCli(['report', 'merge', 'empty', '--output', 'merged'], { cwd: p.dir });
  assert.equal(refused.code, 2, refused.stderr);
  assert.ok(!existsSync(join(merged, 'junit.xml')), 'the earlier merge’s junit.xml is gone');
  assert.ok(!existsSync(join(merged, 'html', 'index.html')), 'the earlier merge’s HTML is gone');
});
