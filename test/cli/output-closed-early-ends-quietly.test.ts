// `rehearse … --help | head -1`: the reader closes the pipe after its first line. The CLI ends
// quietly with its own exit code, as Unix tools do, instead of crashing on an unhandled EPIPE.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { BIN } from '../helpers/run-cli.js';

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
