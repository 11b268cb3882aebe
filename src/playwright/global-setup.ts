import type { FullConfig } from '@playwright/test';
import { RehearseError } from '../core/errors.js';
import { readRunOptions } from './run-options.js';

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
    // Loaded only here: under `rehearse run` (most runs) the runner never loads the loader's
    // checks, the sandbox starter or the HTTP client.
    const { prepareRun } = await import('./global-prepare.js');
    return await prepareRun(config);
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
