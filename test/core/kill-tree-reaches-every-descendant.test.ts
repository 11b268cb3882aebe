import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { after, test } from 'node:test';
import { descendantsOf, groupOf, killTree, readProcessTable } from '../../src/core/process-tree.js';
import { waitFor } from '../helpers/run-cli.js';

// A process that starts a child in its own group and one detached (a group leader, as Playwright
// starts each browser), each of which starts one more; all sleep. It prints every pid as JSON.
const TREE = `
const { spawn } = require('node:child_process');
const sleeper = "setInterval(() => {}, 1000)";
const spawner = (detached) => spawn(process.execPath, ['-e', \`
  const c = require('node:child_process').spawn(process.execPath, ['-e', \${JSON.stringify(sleeper)}], { stdio: 'ignore' });
  process.stdout.write(JSON.stringify({ self: process.pid, child: c.pid }) + '\\\\n');
  \${sleeper}\`], { detached, stdio: ['ignore', 'pipe', 'ignore'] });
const kids = [spawner(false), spawner(true)];
const seen = [];
for (const kid of kids) kid.stdout.on('data', (d) => { seen.push(JSON.parse(String(d))); if (seen.length === 2) console.log(JSON.stringify(seen)); });
setInterval(() => {}, 1000);
`;

const started: number[] = [];
after(() => {
  for (const pid of started)
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone, as it should be
    }
});

/** Alive and not a zombie (a killed process whose parent has not reaped it yet is dead). */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]$/.test(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0]!);
  } catch {
    return false;
  }
}

test(
  'killTree kills a process and every descendant, also those in process groups of their own',
  { skip: process.platform !== 'linux' && 'reads /proc' },
  async () => {
    const root = spawn(process.execPath, ['-e', TREE], { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    root.stdout.on('data', (d: Buffer) => (text += d.toString()));
    await waitFor(() => text.includes(']'), 30_000);
    const kids = JSON.parse(text) as Array<{ self: number; child: number }>;
    const tree = [root.pid!, ...kids.flatMap((k) => [k.self, k.child])];
    started.push(...tree);

    assert.deepEqual(new Set(descendantsOf(root.pid!, readProcessTable())), new Set(tree.slice(1)));
    const detached = kids.find((k) => groupOf(k.self) === k.self);
    assert.ok(detached, 'one branch leads a process group of its own');
    assert.ok(tree.every(running));

    const exited = new Promise((resolve) => root.on('exit', resolve));
    killTree(root.pid!);
    await exited;
    await waitFor(() => !tree.some(running), 10_000);
  },
);
