// The engine's cost against the requests it makes (issue 15's first target: ≥ 0.8 of bare undici's
// throughput). The same N GET requests to a node:http target (a small JSON body, in a child
// process) go:
// - through the engine: scenarios of `http` steps, each with a JSON-subset check and a `save`,
//   run by ScenarioExecution as `rehearse load` runs them (no Playwright step reporting; a
//   passing step keeps no exchange record; the passes share one keep-alive pool) — the target;
// - through the engine as `rehearse run` keeps records (the first 1,000 steps of a scenario keep
//   their exchanges whole: redacted and serialised for the report; each scenario its own pool) —
//   printed beside it: what the report's detail costs;
// - through bare undici: the same requests, the body parsed, the same keep-alive agent settings;
// at concurrency 1 (one scenario of N steps, one loop) and 16 (16 scenarios of N/16 steps at once,
// 16 loops), both warmed up alike, rounds alternating. Prints requests/s of each and the ratio
// (median of the rounds), and the heap each engine step keeps: a scenario of 1,000 steps against
// one of 4,000, after a GC, divided by the 3,000 steps between. No assertions.
//
//   node --expose-gc --import tsx bench/engine.bench.ts [--requests 2000] [--rounds 3] [--profile [--keep run]] [--dist]
//
// `--dist`: the engine as shipped, compiled by `npm run build` (run it first: the bench says which
// sources are newer than their build). Through tsx every inner function is wrapped in a `__name()`
// call as it is made, which the compiled code does not pay.
//
// `--profile`: only the engine's rounds at concurrency 1 (or `--concurrency n`), for a CPU profile of
// the step loop (`node --cpu-prof --import tsx bench/engine.bench.ts --profile [--concurrency 16]`).
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'undici';
import type * as RunScenario from '../src/engine/run-scenario.js';
import type * as LoadProject from '../src/loader/load-project.js';
import type * as Matrix from '../src/loader/matrix.js';
import type { MatrixEntry } from '../src/loader/matrix.js';
import type { Project } from '../src/loader/project.js';
import type * as ApiDriver from '../src/drivers/api/index.js';
import type * as EngineFactory from '../src/playwright/engine-factory.js';
import type { RunOptions } from '../src/playwright/run-options.js';
import { benchRunOptions } from './bench-run-options.js';
import { staleBuild } from './stale-build.js';

const arg = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
};
const REQUESTS = arg('requests', 2000);
const ROUNDS = arg('rounds', 3);
const PROFILE = process.argv.includes('--profile');
const PROFILE_CONCURRENCY = arg('concurrency', 1);
/** `--keep run`: profile the engine keeping records as `rehearse run` does (default: as `rehearse load`). */
const KEEPING: 'load' | 'run' =
  process.argv.includes('--keep') && process.argv[process.argv.indexOf('--keep') + 1] === 'run' ? 'run' : 'load';
const DIST = process.argv.includes('--dist');

/** The engine's modules: the sources (through tsx), or with `--dist` what `npm run build` compiled. */
const from = DIST ? '../dist/src' : '../src';
const { ScenarioExecution } = (await import(`${from}/engine/run-scenario.js`)) as typeof RunScenario;
const { loadProject } = (await import(`${from}/loader/load-project.js`)) as typeof LoadProject;
const { buildMatrix } = (await import(`${from}/loader/matrix.js`)) as typeof Matrix;
const { createEngineContext } = (await import(`${from}/playwright/engine-factory.js`)) as typeof EngineFactory;
const { createConnectionPool } = (await import(`${from}/drivers/api/index.js`)) as typeof ApiDriver;

/** How the engine keeps what it ran: as `rehearse load` (and drills) do, or as `rehearse run` does. */
type Keeping = 'load' | 'run';

function serve(): void {
  const body = JSON.stringify({ id: 'SO-1', status: 'ALLOCATED', lines: [{ sku: 'SKU-1', qty: 2 }] });
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  server.keepAliveTimeout = 30_000;
  server.listen(0, '127.0.0.1', () => process.send!(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  process.once('message', () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
}

/** A project whose scenario `steps-<n>` has n `http` steps with a check and a save each. */
function writeProject(sizes: number[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'rehearse-engine-bench-'));
  mkdirSync(join(dir, 'scenarios'));
  mkdirSync(join(dir, 'tenant-profiles'));
  writeFileSync(join(dir, 'tenant-profiles/standard.yaml'), 'name: standard\ncustomers: [{ id: C-1 }]\n');
  for (const n of new Set(sizes)) {
    const steps: string[] = [];
    for (let i = 0; i < n; i++)
      steps.push(
        `  - http: GET /api/orders/SO-1`,
        `    expect: { status: 200, body: { status: ALLOCATED } }`,
        `    save: { last: body.id }`,
      );
    writeFileSync(
      join(dir, `scenarios/steps-${n}.scenario.yaml`),
      [`name: steps-${n}`, 'steps:', ...steps, ''].join('\n'),
    );
  }
  return dir;
}

interface Engine {
  project: Project;
  options: RunOptions;
  entry(steps: number): MatrixEntry;
  /** The keep-alive pool the passes of a load run share (`scenarioRun` makes one per scenario). */
  pool: ReturnType<typeof createConnectionPool>;
}

async function engineScenario(engine: Engine, steps: number, keeping: Keeping) {
  const entry = engine.entry(steps);
  const handle = await createEngineContext({
    project: engine.project,
    options: engine.options,
    entry,
    ...(keeping === 'load' ? { fullStepRecords: 0, pool: engine.pool } : {}),
  });
  const execution = new ScenarioExecution({ scenario: entry.scenario, file: entry.file, engine: handle.engine });
  await execution.start();
  await handle.close();
  const result = execution.result();
  if (result.status !== 'passed') throw new Error(`the bench scenario ${result.status}: ${result.failure?.message}`);
  return result;
}

/**
 * Requests per second of one round, and this process's CPU time per request in µs (user + system:
 * steadier than wall time on a shared machine, as other jobs' load barely moves it).
 */
interface Round {
  perSecond: number;
  cpuMicros: number;
}

async function timed(work: () => Promise<unknown>): Promise<Round> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await work();
  const used = process.cpuUsage(cpu);
  return {
    perSecond: REQUESTS / ((performance.now() - started) / 1000),
    cpuMicros: (used.user + used.system) / REQUESTS,
  };
}

/** Through the engine: `concurrency` scenarios of REQUESTS/concurrency steps at once. */
function engineRound(engine: Engine, concurrency: number, keeping: Keeping): Promise<Round> {
  return timed(() =>
    Promise.all(Array.from({ length: concurrency }, () => engineScenario(engine, REQUESTS / concurrency, keeping))),
  );
}

/** Through bare undici: `concurrency` loops of REQUESTS/concurrency requests. */
function undiciRound(baseUrl: string, agent: Agent, concurrency: number): Promise<Round> {
  return timed(() =>
    Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let i = 0; i < REQUESTS / concurrency; i++) {
          const response = await request(`${baseUrl}/api/orders/SO-1`, {
            headers: { accept: 'application/json' },
            dispatcher: agent,
          });
          const body = JSON.parse(await response.body.text()) as { status: string };
          if (response.statusCode !== 200 || body.status !== 'ALLOCATED') throw new Error('unexpected answer');
        }
      }),
    ),
  );
}

/** Heap kept per step: a 4,000-step result against a 1,000-step one, after a GC (as `rehearse run` keeps records). */
async function heapPerStep(engine: Engine): Promise<number | undefined> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return undefined;
  const kept: unknown[] = [];
  const measure = async (steps: number) => {
    gc();
    const before = process.memoryUsage().heapUsed;
    kept.push(await engineScenario(engine, steps, 'run'));
    gc();
    return process.memoryUsage().heapUsed - before;
  };
  const small = await measure(1000);
  const large = await measure(4000);
  return (large - small) / 3000;
}

async function main(): Promise<void> {
  if (DIST) {
    const stale = staleBuild(fileURLToPath(new URL('..', import.meta.url)));
    console.log(
      stale.length
        ? `the engine from dist/ — older than ${stale.length} of its sources (${stale.slice(0, 3).join(', ')}${stale.length > 3 ? ', …' : ''}): run npm run build for the code as it is now`
        : 'the engine from dist/ (as built by npm run build)',
    );
  }
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--serve'], { execArgv: ['--import', 'tsx'] });
  const baseUrl = await new Promise<string>((resolve) => child.once('message', (m) => resolve(String(m))));
  const sizes = [REQUESTS, REQUESTS / 16, 1000, 4000];
  const dir = writeProject(sizes);
  const agent = new Agent({ keepAliveTimeout: 30_000, connections: 16 });
  const pool = createConnectionPool();
  try {
    const loaded = loadProject({ root: dir });
    if (!loaded.project) throw new Error(JSON.stringify(loaded.diagnostics));
    const matrix = buildMatrix(loaded.project);
    const engine: Engine = {
      project: loaded.project,
      options: benchRunOptions(dir, baseUrl),
      entry: (steps) => matrix.find((m) => m.scenario.name === `steps-${steps}`)!,
      pool,
    };
    if (PROFILE) {
      for (let round = 0; round <= ROUNDS; round++) {
        const { perSecond, cpuMicros } = await engineRound(engine, PROFILE_CONCURRENCY, KEEPING);
        console.log(
          `engine round ${round}: ${Math.round(perSecond)} req/s, ${Math.round(cpuMicros)} µs CPU per request`,
        );
      }
      return;
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    for (const concurrency of [1, 16]) {
      // Warm-up alike, twice: JIT (a 2,000-step scenario's first pass still runs much unoptimised
      // code), sockets, module loading.
      for (let warm = 0; warm < 2; warm++) {
        await undiciRound(baseUrl, agent, concurrency);
        await engineRound(engine, concurrency, 'load');
        await engineRound(engine, concurrency, 'run');
      }
      const rounds: Array<Record<'undici' | Keeping, Round>> = [];
      for (let round = 1; round <= ROUNDS; round++) {
        // The order turns with each round so that none always runs after another (GC, JIT).
        const order = (['undici', 'load', 'run'] as const).map((_, i, all) => all[(i + round) % all.length]!);
        const measured: Partial<Record<'undici' | Keeping, Round>> = {};
        for (const side of order)
          measured[side] =
            side === 'undici'
              ? await undiciRound(baseUrl, agent, concurrency)
              : await engineRound(engine, concurrency, side);
        rounds.push(measured as Record<'undici' | Keeping, Round>);
      }
      const u = median(rounds.map((r) => r.undici.perSecond));
      const uCpu = median(rounds.map((r) => r.undici.cpuMicros));
      for (const keeping of ['load', 'run'] as const) {
        const e = median(rounds.map((r) => r[keeping].perSecond));
        const eCpu = median(rounds.map((r) => r[keeping].cpuMicros));
        console.log(
          keeping === 'load'
            ? `concurrency ${String(concurrency).padStart(2)}: engine ${Math.round(e)} req/s, bare undici ${Math.round(u)} req/s — engine/undici ${(e / u).toFixed(3)} (target ≥ 0.8); the engine's own cost ${(1000 / e - 1000 / u).toFixed(3)} ms per step; CPU per request ${Math.round(eCpu)} µs against ${Math.round(uCpu)} µs (${(uCpu / eCpu).toFixed(3)})`
            : `  keeping records as rehearse run does: engine ${Math.round(e)} req/s — engine/undici ${(e / u).toFixed(3)}; CPU per request ${Math.round(eCpu)} µs (the report's records: ${Math.round(eCpu - median(rounds.map((r) => r.load.cpuMicros)))} µs)`,
        );
      }
    }
    const perStep = await heapPerStep(engine);
    console.log(
      perStep === undefined
        ? 'heap per step: run with node --expose-gc to measure it'
        : `heap kept per step past the first thousand: ${(perStep / 1024).toFixed(2)} KiB (target < 1 KiB)`,
    );
  } finally {
    await agent.close();
    await pool.close();
    rmSync(dir, { recursive: true, force: true });
    child.send('stop');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

if (process.argv.includes('--serve')) serve();
else void main();
