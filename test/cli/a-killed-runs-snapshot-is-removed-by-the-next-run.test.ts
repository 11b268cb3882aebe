// A run killed outright (SIGKILL, the OOM killer) never reaches its `finally`: its project
// snapshot stays in .rehearse/. The next run removes the files of runs whose process is gone, and
// never those of a run still going (here a snapshot named after this test's own, live, process).
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CHECKOUT } from '../helpers/report-files.js';
import { runCli, startCli, waitFor } from '../helpers/run-cli.js';
import { copyShippedProjectWithoutPages } from '../helpers/shipped-project.js';

const dir = mkdtempSync(join(tmpdir(), 'rehearse-killed-run-'));
after(() => rmSync(dir, { recursive: true, force: true }));
copyShippedProjectWithoutPages(CHECKOUT, dir);
for (const name of readdirSync(join(dir, 'scenarios')))
  if (name.endsWith('.scenario.yaml')) rmSync(join(dir, 'scenarios', name));
writeFileSync(
  join(dir, 'scenarios', 'probe.scenario.yaml'),
  'name: probe\ntenants: [standard]\nsteps:\n  - http: GET /health\n    expect: { status: 200 }\n',
);
const generated = join(dir, '.rehearse');
const snapshots = () => (existsSync(generated) ? readdirSync(generated).filter((n) => /^project-.*\.v8/.test(n)) : []);
const args = ['run', '-s', 'probe', '--driver', 'api', '--tenant', 'standard', '--reporter', 'line'];

test('the snapshot a SIGKILLed run left is removed by the next run; a live run’s stays', async () => {
  const killed = startCli(args, { cwd: dir, timeoutMs: 150_000 });
  await waitFor(() => snapshots().length > 0, 120_000);
  killed.kill('SIGKILL');
  await killed.done;
  const left = snapshots();
  assert.equal(left.length, 1, 'the killed run left its snapshot');
  const live = `project-20261205T000000-abcdef-${process.pid}.v8`;
  writeFileSync(join(generated, live), 'a concurrent run’s snapshot');

  const next = await runCli(args, { cwd: dir, timeoutMs: 150_000 });
  assert.equal(next.code, 0, next.stderr);
  assert.deepEqual(snapshots(), [live]);
});
