// File-system shapes that are not a plain tree of files — unreadable files and directories,
// link loops, links back to a directory already read, FIFOs and devices — are diagnostics
// with the path, for the project loader and for fault profiles, never a crash or a hang.
// Permission denied cannot happen to root: as root, the CLI runs as `nobody` (setpriv).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { findProjectFiles, readUserFile } from '../../src/index.js';
import { loadFaultProfiles } from '../../src/virtual/index.js';
import { BIN } from '../helpers/run-cli.js';
import { tempProject } from '../helpers/temp-project.js';

const SCENARIO = 'name: ok\nsteps:\n  - http: GET /health\n';

describe('file-system shapes', () => {
  test('permission denied on a file and on a directory: the path, never EACCES', (t) => {
    const root = process.getuid?.() === 0;
    const setpriv = spawnSync('setpriv', ['--version']).status === 0;
    if (root && !setpriv) return t.skip('root without setpriv cannot be denied anything');
    // The unprivileged user must reach Rehearse itself: a checkout under a private folder
    // (`mktemp -d` makes it 0700) hides bin/rehearse.js from it, and nothing can be tested then.
    const nobody = ['--reuid=65534', '--regid=65534', '--clear-groups'];
    if (
      root &&
      spawnSync('setpriv', [...nobody, process.execPath, '-e', `require('fs').accessSync(${JSON.stringify(BIN)})`])
        .status !== 0
    )
      return t.skip(`user 65534 cannot read ${BIN} (a parent folder is private)`);
    const project = tempProject({ 'scenarios/ok.scenario.yaml': SCENARIO, 'scenarios/secret.scenario.yaml': SCENARIO });
    try {
      mkdirSync(join(project.dir, 'scenarios/locked'));
      chmodSync(project.dir, 0o755);
      chmodSync(join(project.dir, 'scenarios/secret.scenario.yaml'), 0o000);
      chmodSync(join(project.dir, 'scenarios/locked'), 0o000);
      const command = root
        ? ['setpriv', ...nobody, process.execPath, BIN, 'validate']
        : [process.execPath, BIN, 'validate'];
      const result = spawnSync(command[0]!, command.slice(1), {
        cwd: project.dir,
        env: { ...process.env, NO_COLOR: '1' },
        encoding: 'utf8',
        timeout: 60_000,
      });
      const output = result.stdout + result.stderr;
      assert.equal(result.status, 2, output);
      assert.match(
        output,
        /scenarios\/secret\.scenario\.yaml:1:1 error REHEARSE_FILE_UNREADABLE\n {2}Failed to read scenarios\/secret\.scenario\.yaml: permission denied\./,
      );
      assert.match(
        output,
        /scenarios\/locked error REHEARSE_FILE_UNREADABLE\n {2}Failed to read the directory scenarios\/locked: permission denied\./,
      );
      assert.doesNotMatch(output, /EACCES|internal error|\n\s+at /);
    } finally {
      project.remove();
    }
  });

  test('a link back to a directory already read is skipped with a warning; each real directory is read once', () => {
    const project = tempProject({ 'scenarios/ok.scenario.yaml': SCENARIO });
    try {
      symlinkSync('.', join(project.dir, 'scenarios/again'));
      symlinkSync('..', join(project.dir, 'scenarios/up'));
      const files = findProjectFiles(project.dir);
      assert.deepEqual(files.scenarios, ['scenarios/ok.scenario.yaml']);
      const warnings = files.diagnostics
        .filter((d) => d.severity === 'warning')
        .map((d) => `${d.code} ${d.file}`)
        .sort();
      assert.deepEqual(warnings, ['REHEARSE_FILE_LINK_LOOP scenarios/again', 'REHEARSE_FILE_LINK_LOOP scenarios/up']);
    } finally {
      project.remove();
    }
  });

  test('a FIFO is never opened for a blocking read', () => {
    const project = tempProject({});
    try {
      const fifo = join(project.dir, 'pipe.yaml');
      assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
      const read = readUserFile(project.dir, 'pipe.yaml');
      assert.equal(read.text, undefined);
      assert.match(read.diagnostics[0]!.message, /named pipe \(FIFO\), not a file/);
    } finally {
      project.remove();
    }
  });

  test('fault profiles: a FIFO, a loop, Latin-1 and an alias cycle are diagnostics with their paths', () => {
    const project = tempProject({});
    try {
      const faults = join(project.dir, 'carrier/faults');
      mkdirSync(faults, { recursive: true });
      spawnSync('mkfifo', [join(faults, 'pipe.yaml')]);
      symlinkSync('loop-b.yaml', join(faults, 'loop-a.yaml'));
      symlinkSync('loop-a.yaml', join(faults, 'loop-b.yaml'));
      writeFileSync(join(faults, 'latin.yaml'), Buffer.from('rules:\n  - name: caf\xe9\n', 'latin1'));
      writeFileSync(join(faults, 'cycle.yaml'), 'rules: &r\n  - name: x\n    error: 503\n    more: *r\n');
      const { profiles, diagnostics } = loadFaultProfiles(join(project.dir, 'carrier'), 'virtual-services/carrier');
      assert.equal(profiles.size, 0);
      const seen = diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code}`).sort();
      assert.deepEqual(seen, [
        'virtual-services/carrier/faults/cycle.yaml:4:11 REHEARSE_YAML_ALIAS_CYCLE',
        'virtual-services/carrier/faults/latin.yaml:2:14 REHEARSE_FILE_ENCODING',
        'virtual-services/carrier/faults/loop-a.yaml:1:1 REHEARSE_FILE_LINK_LOOP',
        'virtual-services/carrier/faults/loop-b.yaml:1:1 REHEARSE_FILE_LINK_LOOP',
        'virtual-services/carrier/faults/pipe.yaml:1:1 REHEARSE_FILE_NOT_A_FILE',
      ]);
    } finally {
      rmSync(project.dir, { recursive: true, force: true });
    }
  });
});
