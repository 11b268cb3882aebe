// What masking secrets costs the engine per step. A scenario of 2,000 http steps (a login that
// answers tokens in its body, a header and a cookie, then GETs with checks and saves, under a
// bearer tenant) runs through the engine against a node:http target in a child process:
// - with redaction as shipped (every string of every result through the registry's pattern),
// - with redaction switched off (the Redactor's masking methods replaced by identities),
// alternating rounds in the same process. The requests alone (undici, same sequence, no engine)
// are the floor. Prints ms per step of each, the engine's own cost per step (minus the floor)
// with and without redaction, and the ratio; no assertions. Times are CPU time of the bench
// process (the target runs in a child process), so that busy neighbours count less.
//
//   node --import tsx bench/redaction-per-step.bench.ts [--steps 2000] [--rounds 3]
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'undici';
import { Redactor } from '../src/core/redactor.js';
import { ScenarioExecution } from '../src/engine/run-scenario.js';
import { loadProject } from '../src/loader/load-project.js';
import { buildMatrix } from '../src/loader/matrix.js';
import { createEngineContext } from '../src/playwright/engine-factory.js';
import { benchRunOptions } from './bench-run-options.js';

const arg = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
};
const STEPS = arg('steps', 2000);
const ROUNDS = arg('rounds', 3);
const BEARER = 'bench-bearer-token-5b1d0c9e7a';

function serve(): void {
  const order = (id: string) =>
    JSON.stringify({
      id,
      status: 'ALLOCATED',
      customer: { code: 'C-ACME', name: 'Acme Plumbing Supply', contact: 'qa@example.com' },
      lines: Array.from({ length: 5 }, (_, i) => ({
        sku: `SKU-${i}`,
        qty: i + 1,
        allocatedQty: i + 1,
        price: '19.99',
      })),
      notes: 'Deliver to dock 4 between 08:00 and 16:00; call ahead.',
    });
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.url === '/login') {
        res.writeHead(200, {
          'content-type': 'application/json',
          'x-auth-token': 'bench-header-token-77aa21',
          'set-cookie': 'sid=bench-session-cookie-31f0; Path=/; HttpOnly',
        });
        return res.end(
          JSON.stringify({
            accessToken: 'eyJhbGciOiJIUzI1NiJ9.bench-jwt-payload.sig',
            refreshToken: 'bench-refresh-token-9d8c',
            idToken: 'bench-id-token-4e5f',
          }),
        );
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(order(new URL(req.url ?? '/', 'http://x').pathname.split('/').pop() ?? 'SO-0'));
    });
  });
  server.listen(0, '127.0.0.1', () => process.send!(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  process.once('message', () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
}

function writeProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rehearse-bench-'));
  mkdirSync(join(dir, 'scenarios'));
  mkdirSync(join(dir, 'tenant-profiles'));
  writeFileSync(
    join(dir, 'tenant-profiles/standard.yaml'),
    'name: standard\ncustomers: [{ id: C-1 }]\nauth: { type: bearer, token: env:BENCH_BEARER }\n',
  );
  const steps = [
    '  - http: POST /login',
    '    json: { username: qa, password: bench-password-1 }',
    '    save: { jwt: body.accessToken }',
  ];
  for (let i = 1; i < STEPS; i++) {
    steps.push(
      `  - http: GET /api/orders/SO-${i}?page=1`,
      `    expect: { status: 200, body.id: SO-${i}, "body.lines[0].qty": { gte: 1 } }`,
    );
    if (i % 10 === 0) steps.push('    save: { last: body.id, firstSku: "body.lines[0].sku" }');
  }
  writeFileSync(join(dir, 'scenarios/many.scenario.yaml'), ['name: many-steps', 'steps:', ...steps, ''].join('\n'));
  return dir;
}

async function engineRun(dir: string, baseUrl: string): Promise<number> {
  const loaded = loadProject({ root: dir });
  if (!loaded.project) throw new Error(JSON.stringify(loaded.diagnostics));
  const [entry] = buildMatrix(loaded.project);
  const options = benchRunOptions(dir, baseUrl);
  const handle = await createEngineContext({ project: loaded.project, options, entry: entry! });
  const execution = new ScenarioExecution({ scenario: entry!.scenario, file: entry!.file, engine: handle.engine });
  const started = cpuMs();
  await execution.start();
  const result = execution.result();
  const elapsed = cpuMs() - started;
  await handle.close();
  if (result.status !== 'passed') throw new Error(`the bench scenario ${result.status}: ${result.failure?.message}`);
  return elapsed;
}

async function rawRun(baseUrl: string): Promise<number> {
  const agent = new Agent({ keepAliveTimeout: 10_000 });
  const headers = { authorization: `Bearer ${BEARER}`, accept: 'application/json' };
  const started = cpuMs();
  const login = await request(`${baseUrl}/login`, { method: 'POST', headers, body: '{}', dispatcher: agent });
  await login.body.text();
  for (let i = 1; i < STEPS; i++) {
    const response = await request(`${baseUrl}/api/orders/SO-${i}?page=1`, { headers, dispatcher: agent });
    JSON.parse(await response.body.text());
    await new Promise<void>((resolve) => setImmediate(resolve)); // as the API client does, to reuse the socket
  }
  const elapsed = cpuMs() - started;
  await agent.close();
  return elapsed;
}

/**
 * CPU time of this process (user + system), ms: the target runs in another process, and on a
 * shared machine wall time measures the neighbours more than the engine.
 */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Redaction switched off: the masking methods become identities for one round. */
function withoutRedaction<T>(work: () => Promise<T>): Promise<T> {
  const proto = Redactor.prototype as unknown as Record<string, unknown>;
  const saved = { redactText: proto.redactText, redactValue: proto.redactValue, redactHeaders: proto.redactHeaders };
  proto.redactText = (text: string) => text;
  proto.redactValue = (value: unknown) => value;
  proto.redactHeaders = (headers: Record<string, string | string[] | undefined>) =>
    Object.fromEntries(
      Object.entries(headers)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v]),
    );
  return work().finally(() => Object.assign(proto, saved));
}

async function main(): Promise<void> {
  process.env.BENCH_BEARER = BEARER;
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--serve'], { execArgv: ['--import', 'tsx'] });
  const baseUrl = await new Promise<string>((resolve) => child.once('message', (m) => resolve(String(m))));
  const dir = writeProject();
  try {
    // Warm-up: JIT, sockets, module loading.
    await rawRun(baseUrl);
    await engineRun(dir, baseUrl);
    await withoutRedaction(() => engineRun(dir, baseUrl));
    const times = { raw: [] as number[], off: [] as number[], on: [] as number[] };
    for (let round = 1; round <= ROUNDS; round++) {
      // The order alternates so that neither variant always runs after the other (GC, JIT).
      times.raw.push(await rawRun(baseUrl));
      if (round % 2) times.off.push(await withoutRedaction(() => engineRun(dir, baseUrl)));
      times.on.push(await engineRun(dir, baseUrl));
      if (!(round % 2)) times.off.push(await withoutRedaction(() => engineRun(dir, baseUrl)));
      const per = (ms: number) => `${(ms / STEPS).toFixed(3)} ms/step`;
      console.log(
        `round ${round}: requests alone ${per(times.raw.at(-1)!)}, engine without redaction ${per(times.off.at(-1)!)}, engine with redaction ${per(times.on.at(-1)!)}`,
      );
    }
    // Medians, and minimums: on a shared machine the fastest round is the closest to the cost itself.
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]! / STEPS;
    const min = (xs: number[]) => Math.min(...xs) / STEPS;
    console.log(`\n${STEPS} http steps × ${ROUNDS} rounds          median     minimum`);
    const row = (label: string, pick: (xs: number[]) => number, xs: number[]) => pick(xs).toFixed(3).padStart(8);
    const line = (label: string, xs: number[]) =>
      console.log(`${label.padEnd(36)}${row(label, median, xs)} ${row(label, min, xs)}  ms/step`);
    line('requests alone (undici)', times.raw);
    line('engine, redaction off', times.off);
    line('engine, redaction on', times.on);
    for (const [label, pick] of [
      ['median', median],
      ['minimum', min],
    ] as const) {
      const raw = pick(times.raw);
      const off = pick(times.off);
      const on = pick(times.on);
      console.log(
        `${label}: the engine's own cost ${(off - raw).toFixed(3)} → ${(on - raw).toFixed(3)} ms/step with redaction; redaction ${(on - off).toFixed(3)} ms/step, engine with/without ${(on / off).toFixed(2)}×`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    child.send('stop');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

if (process.argv.includes('--serve')) serve();
else void main();
