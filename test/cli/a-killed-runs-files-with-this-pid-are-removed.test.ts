// In a container Rehearse is pid 1 every time: the snapshot and run summary a killed run of an
// earlier container left on a volume carry this process's own pid. They were kept forever (a
// file named with this pid was taken for this process's own); now they are removed unless their
// run is one this process has under way (`claimRunFiles`). A live pid on a file over a week old
// is a reused pid: that run is gone too.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { claimRunFiles, releaseRunFiles, removeAbandonedRunFiles } from '../../src/cli/abandoned-run-files.js';
import { projectSnapshotFile } from '../../src/loader/project-snapshot.js';

test('files named with this pid go unless their run is under way here; a live pid on a week-old file goes', () => {
  const root = mkdtempSync(join(tmpdir(), 'rehearse-abandoned-'));
  const dir = join(root, '.rehearse');
  mkdirSync(dir);
  try {
    const earlier = projectSnapshotFile(dir, '20261201T000000-aaaaaa', process.pid);
    const ours = projectSnapshotFile(dir, '20261205T000000-bbbbbb', process.pid);
    const liveFresh = projectSnapshotFile(dir, '20261205T000000-cccccc', 4242);
    const liveStale = projectSnapshotFile(dir, '20261120T000000-dddddd', 4243);
    for (const file of [earlier, ours, liveFresh, liveStale]) writeFileSync(file, 'snapshot');
    writeFileSync(join(dir, 'run-summary-20261201T000000-aaaaaa.json'), '{}');
    const eightDaysAgo = (Date.now() - 8 * 24 * 60 * 60 * 1000) / 1000;
    utimesSync(liveStale, eightDaysAgo, eightDaysAgo);

    claimRunFiles('20261205T000000-bbbbbb');
    const removed = removeAbandonedRunFiles(root, '.rehearse', { alive: (pid) => pid === 4242 || pid === 4243 });
    releaseRunFiles('20261205T000000-bbbbbb');

    assert.deepEqual(removed.sort(), ['20261120T000000-dddddd', '20261201T000000-aaaaaa']);
    assert.ok(!existsSync(earlier), 'an earlier process’s file with this pid is gone');
    assert.ok(!existsSync(join(dir, 'run-summary-20261201T000000-aaaaaa.json')), 'with its run summary');
    assert.ok(existsSync(ours), 'the run under way here stays');
    assert.ok(existsSync(liveFresh), 'a live run’s stays');
    assert.ok(!existsSync(liveStale), 'a live pid on a week-old file is a reused pid');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
