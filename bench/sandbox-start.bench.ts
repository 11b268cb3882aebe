// How long `rehearse sandbox` takes from a cold start until its /health answers 200, against
// bare Node: spawning `node -e` with a minimal node:http server until it answers. Both are
// spawned as child processes and polled on 127.0.0.1 the same way (a bounded loop of GETs,
// 10 ms apart), alternated in the same command so that a noisy machine weighs on both; the
// time is spawn → first 200, the CLI's own start included. Each child is stopped by its pid
// (SIGTERM, as Ctrl-C would) before the next round. Prints the medians, their ratio and their
// difference (what the sandbox adds to a Node start); no assertions. Target: sandbox ≤ 1.5 s.
// On Linux it also reads each child's user+sys CPU at its first 200 (/proc/<pid>/stat, all its
// threads): steadier than the wall time on a shared machine, where other work stretches the latter.
// Run: npm run build && node --import tsx bench/sandbox-start.bench.ts [--rounds 5]
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const arg = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
};
const ROUNDS = arg('rounds', 5);
const repo = fileURLToPath(new URL('..', import.meta.url));
const bin = join(repo, 'bin', 'rehearse.js');
const DEADLINE_MS = 30_000;

/** A port free right now: the OS picks it, the probe lets it go. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** One GET of /health: its status, or 0 when nothing answers yet. */
function health(port: number): Promise<number> {
  return new Promise((resolve) => {
    const request = get({ host: '127.0.0.1', port, path: '/health', timeout: 1_000 }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.once('timeout', () => request.destroy());
    request.once('error', () => resolve(0));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  process.kill(child.pid!, 'SIGTERM');
  const timer = setTimeout(() => process.kill(child.pid!, 'SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** User+sys CPU of process `pid` so far in ms (every thread), from /proc; undefined off Linux. */
function cpuMs(pid: number): number | undefined {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th, in clock ticks (100/s).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/** Spawns `args` and times spawn → the first 200 of /health on `port`, with the child's CPU then. */
async function timeToHealthy(
  label: string,
  args: string[],
  port: number,
): Promise<{ ms: number; cpu: number | undefined }> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: repo, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    while (performance.now() - started < DEADLINE_MS) {
      if (child.exitCode !== null)
        throw new Error(`${label} exited ${child.exitCode} before it was healthy:\n${stderr}`);
      if ((await health(port)) === 200) return { ms: performance.now() - started, cpu: cpuMs(child.pid!) };
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`${label} was not healthy within ${DEADLINE_MS} ms:\n${stderr}`);
  } finally {
    await stop(child);
  }
}

const bare = async () => {
  const port = await freePort();
  const server = `require('node:http').createServer((q, s) => s.end('ok')).listen(${port}, '127.0.0.1')`;
  return timeToHealthy('node -e', ['-e', server], port);
};
const sandbox = async () => {
  const port = await freePort();
  // --virtual-port 0: the default 4010 may be taken by another run on the same machine.
  return timeToHealthy('rehearse sandbox', [bin, 'sandbox', '--port', String(port), '--virtual-port', '0'], port);
};

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const ms = (value: number) => `${value.toFixed(0)} ms`;
const cpu = (values: Array<number | undefined>) =>
  values.every((v) => v !== undefined) ? `, CPU ${ms(median(values as number[]))}` : '';

const bareTimes: Array<{ ms: number; cpu: number | undefined }> = [];
const sandboxTimes: Array<{ ms: number; cpu: number | undefined }> = [];
for (let round = 1; round <= ROUNDS; round++) {
  // The order flips every round, so neither always runs right after the other's exit.
  const order = round % 2 ? [bare, sandbox] : [sandbox, bare];
  for (const run of order) (run === bare ? bareTimes : sandboxTimes).push(await run());
  const [b, s] = [bareTimes.at(-1)!, sandboxTimes.at(-1)!];
  console.log(
    `round ${round}: node -e ${ms(b.ms)}  rehearse sandbox ${ms(s.ms)}${s.cpu === undefined ? '' : ` (CPU ${ms(s.cpu)})`}`,
  );
}
const bareMedian = median(bareTimes.map((t) => t.ms));
const sandboxMedian = median(sandboxTimes.map((t) => t.ms));
console.log(`spawn → /health 200, median of ${ROUNDS} (CPU: user+sys of the child until then):`);
console.log(`  node -e (minimal node:http)  ${ms(bareMedian)}${cpu(bareTimes.map((t) => t.cpu))}`);
console.log(
  `  rehearse sandbox             ${ms(sandboxMedian)}${cpu(sandboxTimes.map((t) => t.cpu))}  (target ≤ 1500 ms)`,
);
console.log(
  `  ratio ${(sandboxMedian / bareMedian).toFixed(2)}×, the sandbox adds ${ms(sandboxMedian - bareMedian)} to a Node start`,
);
