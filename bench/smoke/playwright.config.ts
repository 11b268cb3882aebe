// The hand-written side of bench/smoke.bench.ts: one spec, the sandbox started in globalSetup,
// fully parallel like `rehearse run`, the workers the bench names (`--workers`), reporters list
// and json (BENCH_JSON: the report the bench reads), no retries. One project; with
// BENCH_TENANT_PROJECTS=1 one project per tenant profile, as `rehearse run` made them before its
// tenants shared a project (the bench's `--tenant-projects`: what a worker per project costs).
import { readdirSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

const tenants = readdirSync(new URL('../../tenant-profiles', import.meta.url))
  .filter((file) => file.endsWith('.yaml'))
  .map((file) => file.slice(0, -'.yaml'.length));

export default defineConfig({
  testDir: '.',
  testMatch: 'smoke.spec.ts',
  globalSetup: './global-setup.ts',
  fullyParallel: true,
  retries: 0,
  timeout: 120_000,
  reporter: [['list'], ['json', { outputFile: process.env.BENCH_JSON ?? 'test-results/bench-smoke.json' }]],
  outputDir: process.env.BENCH_OUTPUT_DIR ?? 'test-results/bench-smoke',
  ...(process.env.BENCH_TENANT_PROJECTS === '1'
    ? { projects: tenants.map((name) => ({ name, grep: new RegExp(`@tenant:${name}(?=\\s|$)`) })) }
    : {}),
});
