import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import type { FullConfig } from '@playwright/test';
import { RehearseError } from '../core/errors.js';
import { formatDiagnostics } from '../core/format-diagnostics.js';
import { resolveEnvironment } from '../environment/resolve-environment.js';
import { loadProject } from '../loader/load-project.js';
import { preflight } from './preflight.js';
import { newRunId, runOptionsOf, startRunTarget } from './prepare-run.js';
import { readRunOptions, RUN_OPTIONS_VARIABLE } from './run-options.js';
import { removeSetupValues } from './setup-values.js';

/** Environment variables a plain `npx playwright test` reads: the environment and the seed. */
export const ENVIRONMENT_VARIABLE = 'REHEARSE_ENV';
export const SEED_VARIABLE = 'REHEARSE_SEED';

/**
 * Playwright `globalSetup` of `defineRehearseConfig()`: under `rehearse run` it does nothing
 * (the CLI prepared the run). Started by a plain `npx playwright test` (the VS Code extension,
 * UI mode, `--debug`), it prepares the run as `rehearse run` does — loads the project, resolves
 * the environment (`REHEARSE_ENV`, else the config's default), starts the embedded sandbox and
 * virtual partners when the environment is embedded, checks the target's health — and hands
 * the run's options (and the sandbox tenants' generated credentials) to the workers through
 * `process.env`, which Playwright's workers, started after this, inherit. Returns the global
 * teardown, which stops what it started.
 *
 * @throws Error with the project's diagnostics, or a `RehearseError` message (unknown
 * environment, missing variable, base URL not allowed, target not healthy): Playwright prints
 * it and runs no test.
 */
export default async function globalSetup(config: FullConfig): Promise<(() => Promise<void>) | undefined> {
  if (readRunOptions()) return undefined;
  try {
    return await prepare(config);
  } catch (error) {
    throw userFacing(error);
  }
}

/** A mistake or a target that is down is told in words, never with Rehearse's stack. */
function userFacing(error: unknown): Error {
  const hint = error instanceof RehearseError && error.hint ? `\n  hint: ${error.hint}` : '';
  const code = error instanceof RehearseError ? `${error.code}: ` : '';
  const message = `${code}${error instanceof Error ? error.message : String(error)}${hint}`;
  const plain = new Error(message);
  plain.stack = message;
  return plain;
}

async function prepare(config: FullConfig): Promise<() => Promise<void>> {
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
