import type { RunOptions } from '../src/playwright/run-options.js';

/**
 * The run options a bench gives the engine when it runs scenarios itself (no CLI, no Playwright):
 * the project in `dir`, the target at `baseUrl` on 127.0.0.1, no retries, no redaction rules
 * beyond the built-in ones.
 */
export function benchRunOptions(dir: string, baseUrl: string): RunOptions {
  return {
    root: dir,
    runId: 'bench',
    seed: 'bench',
    startedAt: new Date().toISOString(),
    environment: 'bench',
    baseUrl,
    uiUrl: undefined,
    virtualUrl: undefined,
    allowedHosts: ['127.0.0.1'],
    production: false,
    exposedEnv: {},
    tenantAuth: {},
    tenantIds: {},
    scenarios: [],
    tenants: [],
    drivers: ['api'],
    reporters: [],
    outputDir: dir,
    workers: 1,
    retries: 0,
    timeoutMs: undefined,
    requestTimeoutMs: 30_000,
    networkRetries: 0,
    redact: { fields: [], headers: [] },
    deployment: undefined,
  };
}
