// `npm run bench`: every benchmark, one after the other (each prints its own ratios).
// `npm run bench -- --quick`: each with the least work that still runs all of it — what CI runs
// (.ci/run) so that no bench rots; its numbers mean nothing.
import { spawnSync } from 'node:child_process';

const quick = process.argv.includes('--quick');
const benches: Array<[file: string, quickArgs: string[]]> = [
  ['bench/engine.bench.ts', ['--requests', '64', '--rounds', '1']],
  ['bench/validate.bench.ts', ['--files', '50', '--rounds', '1']],
  ['bench/edi-parse.bench.ts', []],
  ['bench/virtual-throughput.bench.ts', ['--requests', '400', '--rounds', '1']],
  ['bench/redaction-per-step.bench.ts', ['--steps', '50', '--rounds', '1']],
  ['bench/bad-input-scaling.bench.ts', []],
  ['bench/validator-cache.bench.ts', ['1']],
  ['bench/ui-order-to-cash.bench.ts', ['1']],
  ['bench/run-step-cost.bench.ts', ['--small', '20', '--large', '60', '--rounds', '1']],
  ['bench/sandbox-start.bench.ts', ['--rounds', '1']],
  ['bench/smoke.bench.ts', ['--rounds', '1']],
];
const extra = process.argv.slice(2).filter((a) => a !== '--quick');
let failed = 0;
for (const [file, quickArgs] of benches) {
  console.log(`\n== ${file}`);
  const args = quick ? quickArgs : extra;
  const result = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', file, ...args], { stdio: 'inherit' });
  if (result.status !== 0) {
    failed++;
    console.error(`✗ ${file} exited ${result.status ?? result.signal}`);
  }
}
process.exit(failed ? 1 : 0);
