// What one step costs under `rehearse run`, where each engine step is also a Playwright
// `test.step` (boxed, located at its YAML line, its evidence attached) and the whole result is
// written to the reports — against the same step through the engine alone (as `rehearse load`
// and bench/engine.bench.ts run it). Start-up cancels out: the real CLI runs a scenario of SMALL
// `http` steps and one of LARGE (each with a check and a save) against a node:http target (a
// small JSON body, in a child process), rounds alternating; the cost of a step is the difference
// of the two wall times divided by the difference of their steps. The engine alone runs the same
// two scenarios in this process. Prints both costs per step (ms) and what Playwright's step
// reporting adds. No assertions. Needs `npm run build` (the CLI runs dist/).
//
//   node --import tsx bench/run-step-cost.bench.ts [--small 100] [--large 1000] [--rounds 3]
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ScenarioExecution } from '../src/engine/run-scenario.js';
import { loadProject } from '../src/loader/load-project.js';
import { buildMatrix } from '../src/loader/matrix.js';
import { createEngineContext } from '../src/playwright/engine-factory.js';
import { benchRunOptions } from './bench-run-options.js';

const arg = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
};
const SMALL = arg('small', 100);
const LARGE = arg('large', 1000);
const ROUNDS = arg('rounds', 3);
const REPO = fileURLToPath(new URL('../', import.meta.url));

function writeProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rehearse-step-cost-bench-'));
  mkdirSync(join(dir, 'scenarios'));
  mkdirSync(join(dir, 'tenant-profiles'));
  writeFileSync(join(dir, 'tenant-profiles/standard.yaml'), 'name: standard\ncustomers: [{ id: C-1 }]\n');
  for (const n of [SMALL, LARGE]) {
    const steps: string[] = [];
    for (let i = 0; i < n; i++)
      steps.push(
        '  - http: GET /api/orders/SO-1',
        '    expect: { status: 200, body: { status: ALLOCATED } }',
        '    save: { last: body.id }',
      );
    writeFileSync(
      join(dir, `scenarios/steps-${n}.scenario.yaml`),
      [`name: steps-${n}`, 'steps:', ...steps, ''].join('\n'),
    );
  }
  return dir;
}

/** Wall time (ms) of `rehearse run` for one scenario, start-up and reports included. */
function cliRun(dir: string, baseUrl: string, steps: number): Promise<number> {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [join(REPO, 'bin/rehearse.js'), 'run', '--base-url', baseUrl, '--scenario', `steps-${steps}`, '--reporter', 'line'],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) =>
    child.on('exit', (code) =>
      code === 0
        ? resolve(performance.now() - started)
        : reject(new Error(`rehearse run exited ${code}:\n${output.slice(-2000)}`)),
    ),
  );
}

/** Wall time (ms) of the same scenario through the engine alone, in this process. */
async function engineRun(dir: string, baseUrl: string, steps: number): Promise<number> {
  const loaded = loadProject({ root: dir });
  if (!loaded.project) throw new Error(JSON.stringify(loaded.diagnostics));
  const entry = buildMatrix(loaded.project).find((m) => m.scenario.name === `steps-${steps}`)!;
  const started = performance.now();
  const handle = await createEngineContext({ project: loaded.project, options: benchRunOptions(dir, baseUrl), entry });
  const execution = new ScenarioExecution({ scenario: entry.scenario, file: entry.file, engine: handle.engine });
  await execution.start();
  await handle.close();
  if (execution.result().status !== 'passed') throw new Error(`the engine run ${execution.result().status}`);
  return performance.now() - started;
}

async function main(): Promise<void> {
  const child: ChildProcess = fork(join(REPO, 'bench/engine.bench.ts'), ['--serve'], { execArgv: ['--import', 'tsx'] });
  const baseUrl = await new Promise<string>((resolve) => child.once('message', (m) => resolve(String(m))));
  const dir = writeProject();
  try {
    const perStep = { cli: [] as number[], engine: [] as number[] };
    // Warm-up alike: the CLI's compile caches, the engine's JIT.
    await cliRun(dir, baseUrl, SMALL);
    await engineRun(dir, baseUrl, LARGE);
    for (let round = 1; round <= ROUNDS; round++) {
      const cliSmall = await cliRun(dir, baseUrl, SMALL);
      const cliLarge = await cliRun(dir, baseUrl, LARGE);
      const engineSmall = await engineRun(dir, baseUrl, SMALL);
      const engineLarge = await engineRun(dir, baseUrl, LARGE);
      perStep.cli.push((cliLarge - cliSmall) / (LARGE - SMALL));
      perStep.engine.push((engineLarge - engineSmall) / (LARGE - SMALL));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const cli = median(perStep.cli);
    const engine = median(perStep.engine);
    console.log(
      `per step: rehearse run ${cli.toFixed(3)} ms, the engine alone ${engine.toFixed(3)} ms — Playwright's step reporting and the reports add ${(cli - engine).toFixed(3)} ms per step (${(cli / engine).toFixed(2)}×)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
    child.send('stop');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

void main();
