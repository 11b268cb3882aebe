import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import type { FullConfig } from '@playwright/test';
import { RehearseError } from '../core/errors.js';
import { formatDiagnostics } from '../core/format-diagnostics.js';
import { resolveEnvironment } from '../environment/resolve-environment.js';
import { loadProject } from '../loader/load-project.js';
import { ENVIRONMENT_VARIABLE, SEED_VARIABLE } from './global-setup.js';
import { preflight } from './preflight.js';
import { newRunId, runOptionsOf, startRunTarget } from './prepare-run.js';
import { RUN_OPTIONS_VARIABLE } from './run-options.js';
import { removeSetupValues } from './setup-values.js';

/**
 * What `globalSetup` does under a plain `npx playwright test`: loads the project, starts the
 * run's target, checks its health and hands the run's options to the workers (see
 * `globalSetup`). Returns the global teardown. Errors: as `globalSetup`'s, unworded.
 */
export async function prepareRun(config: FullConfig): Promise<() => Promise<void>> {
  const root = config.rootDir;
  const environmentName = process.env[ENVIRONMENT_VARIABLE] || undefined;
  const loaded = loadProject({ root, environment: environmentName });
  if (!loaded.project)
    throw new Error(
      `Rehearse project is invalid:\n${formatDiagnostics(loaded.diagnostics, { sources: loaded.sources })}`,
    );
  const project = loaded.project;
  const environment = resolveEnvironment({ config: project.config, name: environmentName });
  const seed = process.env[SEED_VARIABLE] || String(Math.floor(Math.random() * 2 ** 31));
  const started = Date.now();
  const runId = newRunId(started, randomBytes(3).toString('hex'));
  const target = await startRunTarget({ project, environment, seed, baseUrlGiven: false });
  try {
    const check = await preflight(target.probe);
    if (!check.ok)
      throw new RehearseError(
        'REHEARSE_TARGET_DOWN',
        `Failed to start the run: the target ${target.baseUrl} is not healthy: ${check.reason}`,
        { hint: 'This is "staging down", not "release broken". Check the deployment and retry.' },
      );
    const options = runOptionsOf({
      root,
      project,
      environment,
      baseUrl: target.baseUrl,
      runId,
      seed,
      startedAt: started,
      scenarios: [],
      tenants: [],
      drivers: [],
      reporters: [],
      outputDir: resolve(root, project.config.outputDir ?? 'reports'),
      deployment: check.deployment,
    });
    Object.assign(process.env, target.embedded?.secretEnv ?? {});
    process.env[RUN_OPTIONS_VARIABLE] = JSON.stringify(options);
  } catch (error) {
    await target.embedded?.close();
    throw error;
  }
  return async () => {
    delete process.env[RUN_OPTIONS_VARIABLE];
    removeSetupValues(root, runId);
    for (const name of Object.keys(target.embedded?.secretEnv ?? {})) delete process.env[name];
    await target.embedded?.close();
  };
}
