import type { RunOptions } from '../src/playwright/run-options.js';
import { localRunOptions } from '../test/helpers/run-options.js';

/**
 * The run options a bench gives the engine when it runs scenarios itself (no CLI, no Playwright):
 * the project in `dir`, the target at `baseUrl` on 127.0.0.1, no retries, no redaction rules
 * beyond the built-in ones — the tests' `localRunOptions`, named for the bench.
 */
export function benchRunOptions(dir: string, baseUrl: string): RunOptions {
  return localRunOptions(dir, baseUrl, { runId: 'bench', seed: 'bench', environment: 'bench' });
}
