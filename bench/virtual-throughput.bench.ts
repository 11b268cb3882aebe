// Throughput of a virtual partner (healthy profile, no faults) against a plain node:http
// server doing the minimum (read the body, answer a fixed JSON), both on 127.0.0.1; and
// of the same partner while another tenant has faults configured (the fault engine
// evaluates its layers on every request but none fires), against the healthy one.
// The servers run in a child process so the load client does not share their core;
// rounds alternate plain / virtual with the same bounded client (undici Pool, fixed
// request count, fixed concurrency). Prints req/s of each, each round's ratio, and the
// server child's CPU time per request (read around each load: on a shared machine it
// moves much less than req/s, and it is what the server side's changes act on); no assertions.
//
//   node --import tsx bench/virtual-throughput.bench.ts [--requests 20000] [--rounds 3]
//        [--only plain|virtual|faulted] [--cpu-prof DIR] [--dist]
//
// --dist serves the partners with the code as shipped, compiled by `npm run build` (run it first:
// the bench says which sources are newer than their build); through tsx every inner function is
// wrapped in a `__name()` call as it is made. Partner handlers are TypeScript either way.
//
// --cpu-prof DIR runs the server child under V8's profiler (a .cpuprofile in DIR on exit):
// the client's cost stays out of the profile, which then shows the server side alone;
// with --only, only that server is loaded, so the profile holds one server's work.
import { fork, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import type * as Virtual from '../src/virtual/index.js';
import { staleBuild } from './stale-build.js';

const arg = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
};
const REQUESTS = arg('requests', 20_000);
const ROUNDS = arg('rounds', 3);
const CONCURRENCY = arg('concurrency', 64);
// The plain server ignores the path; the virtual one routes /tax/quotes to the tax partner.
const PATH = '/tax/quotes';
const BODY = JSON.stringify({
  currency: 'USD',
  shipTo: { region: 'TX', postalCode: '75001', country: 'US' },
  lines: [
    { ref: 'l1', amount: 1999 },
    { ref: 'l2', amount: 4500, taxCode: 'EXEMPT' },
  ],
});
const HEADERS = { 'content-type': 'application/json', 'x-tenant-id': 'bench' };
const DIST = process.argv.includes('--dist');

async function serve(): Promise<void> {
  const answer = JSON.stringify({ jurisdiction: 'US-TX', rate: '0.0825', lines: [], totalTax: 165 });
  const plain = createServer((req, res) => {
    req.on('data', () => undefined);
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(answer) });
      res.end(answer);
    });
  });
  await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
  const { startVirtualServices } = (await import(
    DIST ? '../dist/src/virtual/index.js' : '../src/virtual/index.js'
  )) as typeof Virtual;
  const virtual = await startVirtualServices({
    dir: 'virtual-services',
    seed: 'bench',
    partners: ['tax'],
    profiles: { tax: 'healthy' },
  });
  const faulted = await startVirtualServices({
    dir: 'virtual-services',
    seed: 'bench',
    partners: ['tax'],
    profiles: { tax: 'healthy' },
  });
  await faulted.admin.setFaults('tax', { tenant: 'another-tenant', profile: 'flaky' });
  process.send!({
    plain: `http://127.0.0.1:${(plain.address() as AddressInfo).port}`,
    virtual: virtual.url,
    faulted: faulted.url,
  });
  process.on('message', (message) => {
    if (message === 'cpu') {
      process.send!(process.cpuUsage());
      return;
    }
    plain.close();
    plain.closeAllConnections();
    void Promise.all([virtual.close(), faulted.close()]).then(() => process.exit(0));
  });
}

async function load(origin: string, requests: number): Promise<number> {
  const pool = new Pool(origin, { connections: 16, pipelining: 4 });
  let next = 0;
  let failures = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < requests) {
      next++;
      const response = await pool.request({ path: PATH, method: 'POST', headers: HEADERS, body: BODY });
      await response.body.text();
      if (response.statusCode !== 200) failures++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  if (failures) console.log(`  (${failures} non-200 answers from ${origin})`);
  return requests / seconds;
}

type Kind = 'plain' | 'virtual' | 'faulted';

async function main(): Promise<void> {
  const profileIndex = process.argv.indexOf('--cpu-prof');
  const profileDir = profileIndex > 0 ? process.argv[profileIndex + 1] : undefined;
  const execArgv = ['--import', 'tsx', ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])];
  const onlyIndex = process.argv.indexOf('--only');
  const only = onlyIndex > 0 ? (process.argv[onlyIndex + 1] as Kind) : undefined;
  const kinds: Kind[] = only ? [only] : ['plain', 'virtual', 'faulted'];
  if (DIST) {
    const stale = staleBuild(fileURLToPath(new URL('..', import.meta.url)));
    console.log(
      stale.length
        ? `partners served from dist/ — older than ${stale.length} of its sources (${stale.slice(0, 3).join(', ')}${stale.length > 3 ? ', …' : ''}): run npm run build for the code as it is now`
        : 'partners served from dist/ (as built by npm run build)',
    );
  }
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--serve', ...(DIST ? ['--dist'] : [])], {
    execArgv,
  });
  const urls = await new Promise<Record<Kind, string>>((resolve) =>
    child.once('message', (m) => resolve(m as Record<Kind, string>)),
  );
  // The child's user + system CPU time in µs, asked over IPC between loads (never during one).
  const serverCpu = () =>
    new Promise<number>((resolve) => {
      child.once('message', (m) => {
        const usage = m as NodeJS.CpuUsage;
        resolve(usage.user + usage.system);
      });
      child.send('cpu');
    });
  for (const kind of kinds) await load(urls[kind], 2000);
  const results: Record<Kind, number[]> = { plain: [], virtual: [], faulted: [] };
  const cpuPerRequest: Record<Kind, number[]> = { plain: [], virtual: [], faulted: [] };
  for (let round = 1; round <= ROUNDS; round++) {
    for (const kind of kinds) {
      const cpuBefore = await serverCpu();
      const rate = await load(urls[kind], REQUESTS);
      const cpu = ((await serverCpu()) - cpuBefore) / REQUESTS;
      results[kind].push(rate);
      cpuPerRequest[kind].push(cpu);
      console.log(
        `round ${round} ${kind.padEnd(7)} ${Math.round(rate).toLocaleString('en-US').padStart(8)} req/s` +
          `   server CPU ${cpu.toFixed(1).padStart(6)} µs/request`,
      );
    }
    if (!only)
      console.log(`round ${round} ratio   ${(results.virtual[round - 1]! / results.plain[round - 1]!).toFixed(3)}`);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(`\n${REQUESTS} requests × ${ROUNDS} rounds, ${CONCURRENCY} in flight, POST ${PATH}`);
  const line = (label: string, kind: Kind) =>
    console.log(
      `${label.padEnd(36)} ${Math.round(median(results[kind])).toLocaleString('en-US').padStart(8)} req/s (median)` +
        `   server CPU ${median(cpuPerRequest[kind]).toFixed(1).padStart(6)} µs/request (median)`,
    );
  if (kinds.includes('plain')) line('plain node:http', 'plain');
  if (kinds.includes('virtual')) line('virtual tax (healthy)', 'virtual');
  if (kinds.includes('faulted')) line('virtual tax, another tenant faulted', 'faulted');
  if (!only) {
    const plain = median(results.plain);
    const virtual = median(results.virtual);
    const faulted = median(results.faulted);
    console.log(`ratio                 ${((virtual / plain) * 100).toFixed(1)}% of plain`);
    console.log(`fault engine cost     ${((faulted / virtual) * 100).toFixed(1)}% of healthy with layers configured`);
  }
  child.send('stop');
  await new Promise((resolve) => child.once('exit', resolve));
}

if (process.argv.includes('--serve')) void serve();
else void main();
