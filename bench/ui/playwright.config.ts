// The hand-written side of bench/ui-order-to-cash.bench.ts: one spec, one worker, headless, the
// browser `rehearse run` would launch (findBrowser), JUnit for the test's own duration.
import { defineConfig } from '@playwright/test';
import { findBrowser } from '../../dist/src/drivers/ui/find-browser.js';

const browser = findBrowser();

export default defineConfig({
  testDir: '.',
  testMatch: 'order-to-cash.spec.ts',
  globalSetup: './global-setup.ts',
  workers: 1,
  retries: 0,
  timeout: 90_000,
  reporter: [['junit', { outputFile: process.env.BENCH_JUNIT ?? 'test-results/bench-ui-junit.xml' }]],
  outputDir: process.env.BENCH_OUTPUT_DIR ?? 'test-results/bench-ui',
  use: {
    headless: true,
    trace: 'off',
    screenshot: 'off',
    launchOptions: { executablePath: browser?.executablePath, args: browser?.args ?? [] },
  },
});
