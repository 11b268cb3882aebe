// `npm run bench`: every benchmark, one after the other (each prints its own ratios).
import { spawnSync } from 'node:child_process';

const benches = [
  'bench/engine.bench.ts',
  'bench/edi-parse.bench.ts',
  'bench/virtual-throughput.bench.ts',
  'bench/redaction-per-step.bench.ts',
  'bench/bad-input-scaling.bench.ts',
  'bench/validator-cache.bench.ts',
  'bench/ui-order-to-cash.bench.ts',
];
let failed = 0;
for (const file of benches) {
  console.log(`\n== ${file}`);
  const result = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', file, ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  if (result.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
