import { join } from 'node:path';
import { defineConfig, type PlaywrightTestConfig } from '@playwright/test';
import { loadProject } from '../loader/load-project.js';
import { readRunOptions, type RunOptions } from './run-options.js';
import { GENERATED_DIR, reporters, runSummaryReporter, SPEC_FILE, writeSpecEntry } from './run-layout.js';

export { GENERATED_DIR, reporters, reportFiles, REPORTER_NAMES, SPEC_FILE, writeSpecEntry } from './run-layout.js';

/**
 * The Playwright configuration of a Rehearse project: one project per tenant
 * profile, the generated spec that declares a test per scenario, Rehearse's
 * reporters, and the run's workers/retries/timeouts. Pass overrides as you
 * would to Playwright's `defineConfig`.
 *
 * @example
 * // playwright.config.ts
 * import { defineRehearseConfig } from 'rehearse/playwright';
 * export default defineRehearseConfig();
 */
export function defineRehearseConfig(overrides: PlaywrightTestConfig = {}): PlaywrightTestConfig {
  const options = readRunOptions();
  const root = options?.root ?? process.cwd();
  writeSpecEntry(root);
  const tenants = tenantNames(root, options);
  const outputDir = options?.outputDir ?? join(root, 'reports');
  return defineConfig({
    testDir: join(root, GENERATED_DIR),
    testMatch: SPEC_FILE,
    outputDir: join(root, 'test-results'),
    fullyParallel: true,
    forbidOnly: true,
    timeout: options?.timeoutMs ?? 120_000,
    retries: options?.retries ?? 0,
    ...(options?.workers ? { workers: options.workers } : {}),
    reporter: [
      ...reporters(options?.reporters ?? ['list', 'html', 'junit'], outputDir),
      ...(options?.summaryFile ? [runSummaryReporter(options.summaryFile)] : []),
    ],
    projects: tenants.map((name) => ({
      name,
      grep: new RegExp(`@tenant:${escapeRegExp(name)}(?=\\s|$)`),
      metadata: { tenant: name },
    })),
    metadata: options
      ? {
          environment: options.environment,
          runId: options.runId,
          seed: options.seed,
          baseUrl: options.baseUrl,
          deployment: options.deployment,
        }
      : {},
    ...overrides,
  });
}

function tenantNames(root: string, options: RunOptions | undefined): string[] {
  const { project } = loadProject({ root, environment: options?.environment, trustedDigest: options?.projectDigest });
  const names = project ? [...project.tenants.keys()].sort() : [];
  return options?.tenants.length ? names.filter((n) => options.tenants.includes(n)) : names;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
