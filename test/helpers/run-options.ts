import type { RunOptions } from '../../src/playwright/run-options.js';

/**
 * The run options of a test that runs the engine itself (no CLI, no Playwright): the project at
 * `root`, the target at `baseUrl` on 127.0.0.1, the `local` environment, no retries, no redaction
 * rules beyond the built-in ones; `overrides` replace any of them.
 */
export function localRunOptions(root: string, baseUrl: string, overrides: Partial<RunOptions> = {}): RunOptions {
  return {
    root,
    runId: 'test',
    seed: 'test',
    startedAt: new Date().toISOString(),
    environment: 'local',
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
    outputDir: root,
    workers: 1,
    retries: 0,
    timeoutMs: undefined,
    requestTimeoutMs: 30_000,
    networkRetries: 0,
    redact: { fields: [], headers: [] },
    deployment: undefined,
    ...overrides,
  };
}
