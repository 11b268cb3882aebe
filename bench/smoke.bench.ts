// What `rehearse run` costs over Playwright written by hand, start-up included (issue 15: at
// most 1.2×). The shipped smoke subset — the scenarios tagged `smoke` for every tenant they
// name, through the API driver: 13 tests — as the real CLI runs it (`node bin/rehearse.js run
// --tag smoke --driver api`, a child process) against bench/smoke/smoke.spec.ts, the same
// requests with the same checks written in Playwright Test (`request` fixture), run as `npx
// playwright test -c bench/smoke/playwright.config.ts` (a child process). Both start the same
// target themselves: the embedded sandbox ERP and its virtual partners from dist/, one tenant per
// tenant profile, the same seed (Rehearse in its CLI process; the hand-written side in its
// globalSetup, without Rehearse's loader). Same worker count, fully parallel, no retries,
// reporters list and json on both. Rounds alternate (the order flips every round).
//
// The figure compared is the whole command's wall time, spawn to exit. Printed beside it, from
// the children's output lines (timestamped as they arrive) and their JSON reports: where the
// time goes — CLI start and project load (spawn → "Starting the embedded sandbox"), target start
// (→ "is healthy": partners, sandbox, provisioning, preflight), Playwright's runner start (→
// "Running N tests": config, test listing), worker start (→ first test), the tests themselves
// (sum of durations), the time between tests (workers started for later tenants, fixtures) and
// the end (last test → exit: reports, teardown, closing the sandbox). And the work each did: tests
// passed and requests answered, counted at the servers by bench/smoke/count-requests.mjs
// (preloaded into both sides' processes). No assertions.
//
// `--tenant-projects`: the hand-written side gets one Playwright project per tenant, as Rehearse
// made them until its tenants shared one project, so that Playwright starts a worker per tenant
// on that side (a diagnosis: what a worker per tenant costs).
//
// Run: npm run build && node --import tsx bench/smoke.bench.ts [--rounds 5] [--workers 1] [--tenant-projects]
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const arg = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
};
const ROUNDS = arg('rounds', 5);
const WORKERS = arg('workers', 1);
const TENANT_PROJECTS = process.argv.includes('--tenant-projects');
const SEED = 'bench';
const repo = fileURLToPath(new URL('..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'rehearse-bench-smoke-'));
if (!existsSync(join(repo, 'dist', 'src', 'cli', 'main.js'))) {
  console.error('dist/ is missing: run `npm run build` first.');
  process.exit(2);
}

interface Sample {
  wallMs: number;
  /** ms since spawn of each phase's end; absent when the side has no such line. */
  marks: { loaded?: number; targetReady?: number; runnerReady?: number; firstTest?: number; lastTestEnd?: number };
  testsMs: number;
  /** Between the first test's start and the last one's end, what no test took (1 worker: gaps). */
  betweenMs: number;
  passed: number;
  requests: Record<string, number>;
}

interface JsonReport {
  stats: { expected: number; unexpected: number; flaky: number };
  suites: Suite[];
}
interface Suite {
  specs?: Array<{ tests: Array<{ results: Array<{ startTime: string; duration: number }> }> }>;
  suites?: Suite[];
}

function results(report: JsonReport): Array<{ start: number; end: number }> {
  const all: Array<{ start: number; end: number }> = [];
  const walk = (suite: Suite) => {
    for (const spec of suite.specs ?? [])
      for (const test of spec.tests)
        for (const r of test.results)
          all.push({ start: Date.parse(r.startTime), end: Date.parse(r.startTime) + r.duration });
    for (const child of suite.suites ?? []) walk(child);
  };
  report.suites.forEach(walk);
  return all.sort((a, b) => a.start - b.start);
}

/** Time covered by the union of the intervals. */
function covered(intervals: Array<{ start: number; end: number }>): number {
  let total = 0;
  let until = -Infinity;
  for (const { start, end } of intervals) {
    if (end <= until) continue;
    total += end - Math.max(start, until);
    until = end;
  }
  return total;
}

/** Runs one side to its end; the time since spawn at which each line first matching a pattern arrived. */
function run(
  command: string[],
  env: NodeJS.ProcessEnv,
  patterns: Record<string, RegExp>,
): Promise<{ wallMs: number; startedAt: number; seen: Record<string, number> }> {
  return new Promise((resolve, reject) => {
    const startedAt = Date.now();
    const started = performance.now();
    const seen: Record<string, number> = {};
    let output = '';
    const child = spawn(process.execPath, command, { cwd: repo, env: { ...process.env, ...env } });
    const read = (chunk: Buffer) => {
      const at = performance.now() - started;
      const text = chunk.toString('utf8');
      output += text;
      for (const [name, pattern] of Object.entries(patterns))
        if (!(name in seen) && pattern.test(text)) seen[name] = at;
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      if (code !== 0) reject(new Error(`${command.join(' ')} exited ${code}:\n${output.slice(-4000)}`));
      else resolve({ wallMs, startedAt, seen });
    });
  });
}

function counts(dir: string): Record<string, number> {
  const total: Record<string, number> = {};
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')))
    for (const [key, n] of Object.entries(JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, number>))
      total[key] = (total[key] ?? 0) + n;
  return total;
}

async function side(name: 'hand' | 'rehearse', round: number): Promise<Sample> {
  const dir = join(work, `${name}-${round}`);
  const countDir = join(dir, 'counts');
  mkdirSync(countDir, { recursive: true });
  const json = name === 'hand' ? join(dir, 'results.json') : join(dir, 'out', 'results.json');
  const env = {
    BENCH_COUNT_DIR: countDir,
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${join(repo, 'bench', 'smoke', 'count-requests.mjs')}`,
    CI: '',
  };
  const patterns = {
    loaded: /Starting the embedded sandbox/,
    targetReady: /is healthy/,
    runnerReady: /Running \d+ tests? using/,
  };
  const { wallMs, startedAt, seen } =
    name === 'hand'
      ? await run(
          [join(repo, 'node_modules', '.bin', 'playwright'), 'test', '-c', 'bench/smoke/playwright.config.ts'].concat([
            '--workers',
            String(WORKERS),
          ]),
          {
            ...env,
            BENCH_JSON: json,
            BENCH_OUTPUT_DIR: join(dir, 'test-results'),
            BENCH_SEED: SEED,
            ...(TENANT_PROJECTS ? { BENCH_TENANT_PROJECTS: '1' } : {}),
          },
          patterns,
        )
      : await run(
          [
            join(repo, 'bin', 'rehearse.js'),
            'run',
            '--tag',
            'smoke',
            '--driver',
            'api',
            '--workers',
            String(WORKERS),
            '--seed',
            SEED,
            '--reporter',
            'list,json',
            '--output-dir',
            join(dir, 'out'),
          ],
          env,
          patterns,
        );
  const report = JSON.parse(readFileSync(json, 'utf8')) as JsonReport;
  const tests = results(report);
  const first = tests[0]!.start - startedAt;
  const last = Math.max(...tests.map((t) => t.end)) - startedAt;
  const testsMs = tests.reduce((sum, t) => sum + (t.end - t.start), 0);
  return {
    wallMs,
    marks: { ...seen, firstTest: first, lastTestEnd: last },
    testsMs,
    betweenMs: last - first - covered(tests),
    passed: report.stats.expected,
    requests: counts(countDir),
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Requests by kind: the scenarios' own (/api/), token, the run's bookkeeping, the partners (jobs). */
function requestSummary(requests: Record<string, number>): string {
  const sum = (test: (key: string) => boolean) =>
    Object.entries(requests)
      .filter(([key]) => test(key))
      .reduce((n, [, count]) => n + count, 0);
  const api = sum((k) => / \/api\//.test(k));
  const token = sum((k) => k.endsWith(' /oauth/token'));
  const setup = sum((k) => / \/(admin|__admin|health|version)\b/.test(k));
  const partners = sum((k) => / \/(carrier|tax|payment|supplier|edi-van)\//.test(k));
  return `${api} api, ${token} token, ${setup} admin/health/version, ${partners} partner`;
}

try {
  const hand: Sample[] = [];
  const ours: Sample[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    if (round % 2 === 0) {
      hand.push(await side('hand', round));
      ours.push(await side('rehearse', round));
    } else {
      ours.push(await side('rehearse', round));
      hand.push(await side('hand', round));
    }
    const h = hand.at(-1)!;
    const o = ours.at(-1)!;
    console.log(
      `round ${round + 1}: hand-written ${h.wallMs.toFixed(0)} ms, Rehearse ${o.wallMs.toFixed(0)} ms (${(o.wallMs / h.wallMs).toFixed(2)}×)`,
    );
    console.log(`  hand-written: ${h.passed} passed; requests ${requestSummary(h.requests)}`);
    console.log(`  Rehearse:     ${o.passed} passed; requests ${requestSummary(o.requests)}`);
  }

  const m = (samples: Sample[], pick: (s: Sample) => number | undefined) => {
    const values = samples.map(pick).filter((v): v is number => v !== undefined);
    return values.length ? median(values) : undefined;
  };
  const phase = (samples: Sample[], from: keyof Sample['marks'] | 'spawn', to: keyof Sample['marks'] | 'exit') =>
    m(samples, (s) => {
      const start = from === 'spawn' ? 0 : s.marks[from];
      const end = to === 'exit' ? s.wallMs : s.marks[to];
      return start === undefined || end === undefined ? undefined : end - start;
    });
  const cell = (v: number | undefined) => (v === undefined ? '—' : v.toFixed(0)).padStart(9);
  const row = (label: string, h: number | undefined, o: number | undefined) =>
    console.log(
      `  ${label.padEnd(52)}${cell(h)}${cell(o)}${cell(h !== undefined && o !== undefined ? o - h : undefined)}`,
    );

  console.log(
    `\nsmoke subset through the API driver, ${WORKERS} worker(s)${TENANT_PROJECTS ? ', hand-written with a project per tenant' : ''}, median of ${ROUNDS} rounds (ms):` +
      `\n  ${''.padEnd(52)}${'hand'.padStart(9)}${'Rehearse'.padStart(9)}${'extra'.padStart(9)}`,
  );
  row(
    'whole command, spawn → exit',
    m(hand, (s) => s.wallMs),
    m(ours, (s) => s.wallMs),
  );
  row('  CLI start + project load (→ "Starting the sandbox")', undefined, phase(ours, 'spawn', 'loaded'));
  row('  target start (→ "is healthy")', undefined, phase(ours, 'loaded', 'targetReady'));
  row('  spawn → target healthy', phase(hand, 'spawn', 'targetReady'), phase(ours, 'spawn', 'targetReady'));
  row(
    '  Playwright runner start (healthy → "Running N tests")',
    phase(hand, 'targetReady', 'runnerReady'),
    phase(ours, 'targetReady', 'runnerReady'),
  );
  row('  spawn → "Running N tests"', phase(hand, 'spawn', 'runnerReady'), phase(ours, 'spawn', 'runnerReady'));
  row(
    '  worker start ("Running" → first test starts)',
    phase(hand, 'runnerReady', 'firstTest'),
    phase(ours, 'runnerReady', 'firstTest'),
  );
  row(
    '  tests (sum of durations)',
    m(hand, (s) => s.testsMs),
    m(ours, (s) => s.testsMs),
  );
  row(
    '  between tests (worker restarts, fixtures)',
    m(hand, (s) => s.betweenMs),
    m(ours, (s) => s.betweenMs),
  );
  row('  end (last test ends → exit)', phase(hand, 'lastTestEnd', 'exit'), phase(ours, 'lastTestEnd', 'exit'));
  const ratio = m(ours, (s) => s.wallMs)! / m(hand, (s) => s.wallMs)!;
  console.log(`  ratio Rehearse/hand-written (wall): ${ratio.toFixed(2)}   (target ≤ 1.2)`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
