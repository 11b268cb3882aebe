// What the UI driver costs over Playwright written by hand: order-to-cash through the sandbox's
// screens as the Rehearse scenario (scenarios/order-to-cash.scenario.yaml, `rehearse run
// --driver ui`, tenant standard) against bench/ui/order-to-cash.spec.ts, the same steps written
// in Playwright Test. Same browser (findBrowser), same embedded sandbox and virtual partners
// started the same way, one worker, headless, no trace. Alternated in the same command (the
// order flips every round). The figure compared is each test's own duration as Playwright
// reports it (JUnit `time`, result.duration): the sign-in (both sign in inside the test, on the
// test's page: Rehearse runs the login action there for the worker's first ui test of a tenant), page set-up and the steps; not process start, the sandbox's start or the browser's
// launch (a worker fixture, outside a test's duration since Playwright 1.24). The whole
// commands' wall time and Rehearse's time in its steps are printed too. Target: ratio ≤ 1.1.
// Run: npm run bench:ui [rounds]   (after `npm run build`; default 5 rounds)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));
const bin = join(repo, 'bin', 'rehearse.js');
const rounds = Number(process.argv[2] ?? 5);
const work = mkdtempSync(join(tmpdir(), 'rehearse-bench-ui-'));
if (!existsSync(join(repo, 'dist', 'src', 'cli', 'main.js'))) {
  console.error('dist/ is missing: run `npm run build` first.');
  process.exit(2);
}

interface Sample {
  testMs: number;
  wallMs: number;
  /** Rehearse only: the scenario's steps (sum of its top-level step durations); the rest is sign-in and page set-up. */
  stepsMs?: number;
}

/** The sum of the top-level steps' durations of the one scenario result in a JSON report. */
function stepsMs(file: string): number {
  type Suite = {
    specs?: Array<{ tests: Array<{ results: Array<{ attachments: Array<{ name: string; body?: string }> }> }> }>;
    suites?: Suite[];
  };
  const report = JSON.parse(readFileSync(file, 'utf8')) as { suites: Suite[] };
  const totals: number[] = [];
  const walk = (suite: Suite) => {
    for (const spec of suite.specs ?? [])
      for (const test of spec.tests)
        for (const result of test.results) {
          const body = result.attachments.find((a) => a.name === 'rehearse-result.json')?.body;
          if (!body) continue;
          const steps = (
            JSON.parse(Buffer.from(body, 'base64').toString('utf8')) as { steps: Array<{ durationMs: number }> }
          ).steps;
          totals.push(steps.reduce((sum, step) => sum + step.durationMs, 0));
        }
    for (const child of suite.suites ?? []) walk(child);
  };
  report.suites.forEach(walk);
  if (totals.length !== 1) throw new Error(`expected one scenario result in ${file}, found ${totals.length}`);
  return totals[0]!;
}

/** The one testcase's `time` of a JUnit file, in ms. */
function junitTestMs(file: string): number {
  const xml = readFileSync(file, 'utf8');
  const times = [...xml.matchAll(/<testcase\b[^>]*\btime="([\d.]+)"/g)].map((m) => Number(m[1]) * 1000);
  if (times.length !== 1) throw new Error(`expected one testcase in ${file}, found ${times.length}`);
  if (/<(failure|error)\b/.test(xml)) throw new Error(`the test failed, see ${file}`);
  return times[0]!;
}

function timed(command: string, args: string[], env: NodeJS.ProcessEnv): number {
  const started = performance.now();
  const result = spawnSync(command, args, { cwd: repo, env: { ...process.env, ...env }, encoding: 'utf8' });
  const wallMs = performance.now() - started;
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
  return wallMs;
}

function handWritten(round: number): Sample {
  const junit = join(work, `hand-${round}.xml`);
  const wallMs = timed(
    process.execPath,
    [join(repo, 'node_modules', '.bin', 'playwright'), 'test', '-c', 'bench/ui/playwright.config.ts'],
    {
      BENCH_JUNIT: junit,
      BENCH_OUTPUT_DIR: join(work, `hand-${round}`),
    },
  );
  return { testMs: junitTestMs(junit), wallMs };
}

function rehearse(round: number): Sample {
  const out = join(work, `rehearse-${round}`);
  const wallMs = timed(
    process.execPath,
    [
      bin,
      'run',
      '--driver',
      'ui',
      '--scenario',
      'order-to-cash',
      '--tenant',
      'standard',
      '--workers',
      '1',
      '--reporter',
      'junit,json',
      '--output-dir',
      out,
    ],
    {},
  );
  return { testMs: junitTestMs(join(out, 'junit.xml')), wallMs, stepsMs: stepsMs(join(out, 'results.json')) };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

try {
  const hand: Sample[] = [];
  const ours: Sample[] = [];
  for (let round = 0; round < rounds; round++) {
    if (round % 2 === 0) {
      hand.push(handWritten(round));
      ours.push(rehearse(round));
    } else {
      ours.push(rehearse(round));
      hand.push(handWritten(round));
    }
    console.log(
      `round ${round + 1}: hand-written ${hand.at(-1)!.testMs.toFixed(0)} ms, Rehearse ${ours.at(-1)!.testMs.toFixed(0)} ms`,
    );
  }
  const handTest = median(hand.map((s) => s.testMs));
  const oursTest = median(ours.map((s) => s.testMs));
  const handWall = median(hand.map((s) => s.wallMs));
  const oursWall = median(ours.map((s) => s.wallMs));
  console.log(`order-to-cash through the screens, median of ${rounds} (test duration; whole command):`);
  console.log(
    `  hand-written Playwright   ${handTest.toFixed(0).padStart(6)} ms  ${handWall.toFixed(0).padStart(6)} ms`,
  );
  console.log(
    `  Rehearse ui scenario      ${oursTest.toFixed(0).padStart(6)} ms  ${oursWall.toFixed(0).padStart(6)} ms`,
  );
  const oursSteps = median(ours.map((s) => s.stepsMs ?? 0));
  console.log(
    `    of which in its steps  ${oursSteps.toFixed(0).padStart(6)} ms  (the rest: sign-in on the page, page set-up)`,
  );
  console.log(
    `  ratio Rehearse/hand       ${(oursTest / handTest).toFixed(2).padStart(6)}     ${(oursWall / handWall).toFixed(2).padStart(6)}   (target: test ratio ≤ 1.1)`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
