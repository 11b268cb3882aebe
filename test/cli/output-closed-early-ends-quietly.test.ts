// `rehearse … --help | head -1`: the reader closes the pipe after its first line. The CLI ends
// quietly with its own exit code, as Unix tools do, instead of crashing on an unhandled EPIPE.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { BIN } from '../helpers/run-cli.js';
import { copyShippedProjectWithoutPages } from '../helpers/shipped-project.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

for (const args of [['--help'], ['run', '--help'], ['load', '--help']])
  test(`rehearse ${args.join(' ')} | head -1 ends with exit 0 and no stack`, async () => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Like head: read the first chunk, then close the pipe.
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.on('close', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    assert.equal(code, 0, stderr);
    assert.doesNotMatch(stderr, /EPIPE|Error| {4}at /);
  });

// A command read through `| head` still ends with its own exit code: it ended with the code set
// so far (0) on the first EPIPE — a load whose thresholds failed was green under `set -o pipefail`,
// and its results were never written.
test('rehearse load whose thresholds fail exits 1 and writes its results when stdout and stderr are closed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rehearse-closed-'));
  try {
    copyShippedProjectWithoutPages(REPO, dir);
    const args = ['load', 'order-to-cash', '--tenant', 'standard', '--rate', '2/s', '--duration', '1s'];
    const child = spawn(process.execPath, [BIN, ...args, '--threshold', 'p95<1ms', '--output-dir', 'out'], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.destroy();
    child.stderr.destroy();
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
      child.on('close', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    assert.equal(code, 1);
    assert.ok(existsSync(join(dir, 'out', 'load', 'segment-1-of-1.json')), 'the results are written');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
