import { join } from 'node:path';
import { defineConfig, type PlaywrightTestConfig } from '@playwright/test';
import { loadProject } from '../loader/load-project.js';
import { readRunOptions, type RunOptions } from './run-options.js';
import { reporters, runSummaryReporter } from './run-layout.js';
import { SPEC_EXTENSION, SPECS_DIR, writeScenarioSpecs } from './scenario-specs.js';

export { GENERATED_DIR, reporters, reportFiles, REPORTER_NAMES } from './run-layout.js';

/**
 * The Playwright configuration of a Rehearse project: one project per tenant
 * profile, a generated spec per scenario file (located at the YAML), Rehearse's
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
  const specs = writeScenarioSpecs(root);
  const tenants = tenantNames(root, options);
  const outputDir = options?.outputDir ?? join(root, 'reports');
  return defineConfig({
    // The project folder is the root reporters name files from (scenarios/a.scenario.yaml:3);
    // the tests are in the generated specs, one per scenario file (see scenario-specs.ts).
    testDir: root,
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
      testDir: specs,
      testMatch: `${SPECS_DIR}/**/*${SPEC_EXTENSION}`,
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
