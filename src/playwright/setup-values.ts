import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Redactor } from '../core/redactor.js';
import type { Scope } from '../engine/scope.js';
import { GENERATED_DIR } from './run-layout.js';

/** What a tenant's setup scenario hands on to the tenant's other scenarios (a file per tenant and run). */
export interface SetupValues {
  /** The setup's variables when its steps ended. */
  values: Record<string, unknown>;
  /** Which of them are secrets (declared, sensitive-named, or holding a secret value): secrets in every reader too. */
  secretNames: string[];
}

/**
 * Folder of a run's setup values: `<project>/.rehearse/setup/<runId>` (git-ignored; removed at
 * the end of the run, since it holds the secrets a setup obtained, unmasked, for the workers).
 */
export function setupValuesDir(root: string, runId: string): string {
  return join(root, GENERATED_DIR, 'setup', runId.replace(/[^A-Za-z0-9._-]/g, '_'));
}

function fileOf(root: string, runId: string, tenant: string): string {
  return join(setupValuesDir(root, runId), `${encodeURIComponent(tenant)}.json`);
}

/** What a setup scenario's `scope` ended with, and which of its variables `redactor` holds secret. */
export function setupValuesOf(scope: Scope, redactor: Redactor): SetupValues {
  const values = scope.snapshot();
  const secretNames = Object.entries(values)
    .filter(([name, value]) => redactor.isSecretVariable(name) || masks(redactor, value))
    .map(([name]) => name);
  return { values, secretNames };
}

/** Writes what the setup of `tenant` ended with (mode 0600: it may hold secrets). */
export function writeSetupValues(root: string, runId: string, tenant: string, scope: Scope, redactor: Redactor): void {
  const file = fileOf(root, runId, tenant);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(setupValuesOf(scope, redactor)), { mode: 0o600 });
}

/**
 * Gives a scenario of `tenant` what the tenant's setup ended with: each variable defined in
 * `scope` (the scenario's own `vars` come after and win), the secret ones declared secret to
 * `redactor` so they are masked in this scenario's every output too. Nothing when the tenant's
 * setup has not run (no setup scenario, or `--no-deps`).
 */
export function applySetupValues(root: string, runId: string, tenant: string, scope: Scope, redactor: Redactor): void {
  let saved: SetupValues;
  try {
    saved = JSON.parse(readFileSync(fileOf(root, runId, tenant), 'utf8')) as SetupValues;
  } catch {
    return;
  }
  defineSetupValues(saved, scope, redactor);
}

/**
 * Defines each of a setup's values in `scope` (a scenario's own `vars` come after and win), the
 * secret ones declared secret to `redactor` first, so they are masked in every output of it.
 */
export function defineSetupValues(saved: SetupValues, scope: Scope, redactor: Redactor): void {
  for (const name of saved.secretNames) {
    redactor.declareSecretVariable(name);
    redactor.addSecretsIn(saved.values[name]);
  }
  for (const [name, value] of Object.entries(saved.values)) scope.define(name, value);
}

/** Removes a run's setup values. */
export function removeSetupValues(root: string, runId: string): void {
  rmSync(setupValuesDir(root, runId), { recursive: true, force: true });
}

function masks(redactor: Redactor, value: unknown): boolean {
  return JSON.stringify(redactor.redactValue(value)) !== JSON.stringify(value);
}
