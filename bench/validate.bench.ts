// How fast a project is validated, per scenario file (issue 15's target: ≥ 2,000 files/s after
// start-up). Generates a project of N scenario files (each a realistic order flow: vars, five
// steps calling actions with arguments, checks, a save, a cleanup) beside the shipped project, then times loadProject — everything `rehearse validate` does after
// its start-up — in this process, after one warm-up load of the same project (the compiled
// validators come from their cache, as a CLI start's do). Prints files/s (median of the rounds),
// files per CPU-second of this process (what the code costs, whatever the machine's load: compare
// trees with it on a shared machine) and the peak RSS. No assertions.
//
//   node --import tsx bench/validate.bench.ts [--files 1000] [--rounds 3] [--dist]
//
// `--dist`: the loader as shipped, compiled by `npm run build` (the bench says when dist/ is older
// than the sources).
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as LoadProject from '../src/loader/load-project.js';
import { staleBuild } from './stale-build.js';

const arg = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
};
const FILES = arg('files', 1000);
const ROUNDS = arg('rounds', 3);
const REPO = fileURLToPath(new URL('../', import.meta.url));
const DIST = process.argv.includes('--dist');
const { loadProject } = (await import(
  DIST ? '../dist/src/loader/load-project.js' : '../src/loader/load-project.js'
)) as typeof LoadProject;

function writeProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rehearse-validate-bench-'));
  // The shipped project's files (its scenarios, actions, tenants, EDI and partners), without the
  // page objects (TypeScript, loaded through tsx: a cost of their own, not of validation).
  for (const part of ['rehearse.config.yaml', 'scenarios', 'tenant-profiles', 'edi', 'schemas', 'virtual-services'])
    if (existsSync(join(REPO, part))) cpSync(join(REPO, part), join(dir, part), { recursive: true });
  rmSync(join(dir, 'scenarios/actions/order-lines.yaml'), { force: true });
  mkdirSync(join(dir, 'scenarios/generated'), { recursive: true });
  for (let i = 0; i < FILES; i++)
    writeFileSync(
      join(dir, `scenarios/generated/flow-${i}.scenario.yaml`),
      [
        `name: generated-flow-${i}`,
        `description: Generated order flow number ${i} for the validate bench.`,
        'tags: [order-to-cash, generated]',
        'tenants: [standard]',
        'vars:',
        `  qty: ${(i % 5) + 1}`,
        '  customer: "{{ tenant.customers[0].code }}"',
        'steps:',
        '  - do: order.create',
        '    with: { customer: "{{ customer }}", lines: [{ sku: PUMP-100, qty: "{{ qty }}" }] }',
        '    save: { orderId: id }',
        '  - do: order.allocate',
        '    with: { orderId: "{{ orderId }}" }',
        '  - http: GET /api/v1/sales-orders/{{ orderId }}',
        '    expect: { status: 200, body.status: allocated, "body.lines[0].qty": "{{ qty }}" }',
        '  - do: order.ship',
        '    with: { orderId: "{{ orderId }}" }',
        '  - http: GET /api/v1/sales-orders/{{ orderId }}',
        '    expect: { status: 200, body.status: shipped }',
        'cleanup:',
        '  - http: POST /api/v1/sales-orders/{{ orderId }}/cancel',
        '    if: "{{ orderId }}"',
        '',
      ].join('\n'),
    );
  return dir;
}

function main(): void {
  if (DIST) {
    const stale = staleBuild(REPO);
    console.log(
      stale.length
        ? `the loader from dist/ — older than ${stale.length} of its sources (${stale.slice(0, 3).join(', ')}): run npm run build for the code as it is now`
        : 'the loader from dist/ (as built by npm run build)',
    );
  }
  const dir = writeProject();
  try {
    const warm = loadProject({ root: dir });
    if (!warm.project)
      throw new Error(`the generated project is invalid: ${JSON.stringify(warm.diagnostics.slice(0, 3))}`);
    const scenarios = warm.project.scenarios.length;
    const rates: number[] = [];
    const cpuRates: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const started = performance.now();
      const cpuStarted = process.cpuUsage();
      const loaded = loadProject({ root: dir });
      const seconds = (performance.now() - started) / 1000;
      const cpu = process.cpuUsage(cpuStarted);
      const cpuSeconds = (cpu.user + cpu.system) / 1e6;
      if (!loaded.project) throw new Error('invalid on a later round');
      rates.push(scenarios / seconds);
      cpuRates.push(scenarios / cpuSeconds);
      console.log(
        `round ${round}: ${scenarios} scenario files in ${(seconds * 1000).toFixed(0)} ms — ${Math.round(scenarios / seconds)} files/s, ${Math.round(scenarios / cpuSeconds)} per CPU-second`,
      );
    }
    console.log(
      `validate: ${Math.round(median(rates))} scenario files/s after start-up (median of ${ROUNDS}; target ≥ 2,000), ${Math.round(median(cpuRates))} per CPU-second; peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

main();
