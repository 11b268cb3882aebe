import type { ScenarioResult } from '../engine/results.js';
import type { MatrixEntry } from '../loader/matrix.js';
import type { Project } from '../loader/project.js';
import type { SetupValues } from '../playwright/setup-values.js';
import type { RunOptions } from '../playwright/run-options.js';
import { iterationOutcome, scenarioRun } from './load-iteration.js';

/** How one of a tenant's setup or teardown scenarios ended. */
export interface PhaseOutcome {
  scenario: string;
  tenant: string;
  kind: 'setup' | 'teardown';
  passed: boolean;
  /** ms, the scenario's steps and cleanup. */
  durationMs: number;
  /** The first failure as a load names it (`session.open: check status (eq): got 401`); when not passed. */
  failure?: string;
}

/** A tenant's setup as a load runs it: what its scenarios ended with, and how each went. */
export interface TenantSetup {
  tenant: string;
  /** Every passing setup's values, in order (a later one's win by name); what each iteration gets. */
  values: SetupValues;
  outcomes: PhaseOutcome[];
  /** True when every setup scenario passed (or the tenant has none). */
  passed: boolean;
}

/**
 * The `kind: setup` (or `teardown`) entries of `tenant` in `matrix`, in the matrix's order —
 * the scenarios `rehearse run` runs before (after) the tenant's other tests.
 */
export function tenantPhaseEntries(
  matrix: readonly MatrixEntry[],
  tenant: string,
  kind: 'setup' | 'teardown',
): MatrixEntry[] {
  return matrix.filter((entry) => entry.tenant === tenant && entry.scenario.kind === kind);
}

/**
 * Runs a tenant's setup scenarios once each, in order, before a load — as `rehearse run` runs
 * them before the tenant's tests — through the engine and the API driver (`scenarioRun`), each
 * given the values of those before it. Stops at the first that does not pass: a load whose
 * setup failed would measure nothing but that failure. `signal` aborts the one running.
 * Rejects only when an engine context cannot be made (a tenant's session could not be set up).
 */
export async function runTenantSetup(input: {
  project: Project;
  options: RunOptions;
  tenant: string;
  entries: readonly MatrixEntry[];
  signal: AbortSignal;
}): Promise<TenantSetup> {
  const values: SetupValues = { values: {}, secretNames: [] };
  const outcomes: PhaseOutcome[] = [];
  for (const entry of input.entries) {
    let kept: SetupValues | undefined;
    const run = scenarioRun({
      project: input.project,
      options: input.options,
      entry,
      setup: values,
      keepSetupValues: (ended) => (kept = ended),
    });
    const outcome = phaseOutcome(entry, 'setup', await run(input.signal));
    outcomes.push(outcome);
    if (!outcome.passed || !kept) return { tenant: input.tenant, values, outcomes, passed: false };
    Object.assign(values.values, kept.values);
    values.secretNames = [...new Set([...values.secretNames, ...kept.secretNames])];
  }
  return { tenant: input.tenant, values, outcomes, passed: true };
}

/**
 * Runs a tenant's teardown scenarios once each, in order, after a load, given what the setup
 * ended with — every one of them, whether or not an earlier one passed (each undoes its own part).
 */
export async function runTenantTeardown(input: {
  project: Project;
  options: RunOptions;
  entries: readonly MatrixEntry[];
  setup: SetupValues;
  signal: AbortSignal;
}): Promise<PhaseOutcome[]> {
  const outcomes: PhaseOutcome[] = [];
  for (const entry of input.entries) {
    const run = scenarioRun({ project: input.project, options: input.options, entry, setup: input.setup });
    outcomes.push(phaseOutcome(entry, 'teardown', await run(input.signal)));
  }
  return outcomes;
}

function phaseOutcome(entry: MatrixEntry, kind: 'setup' | 'teardown', result: ScenarioResult): PhaseOutcome {
  const outcome = iterationOutcome(result, { statusInKey: true });
  return {
    scenario: entry.scenario.name,
    tenant: entry.tenant,
    kind,
    passed: outcome.passed,
    durationMs: result.durationMs,
    ...(outcome.failure ? { failure: outcome.failure } : {}),
  };
}

/**
 * One line for the terminal: `Setup prepare × standard: passed (312 ms)`, or
 * `✗ Setup prepare × standard: failed (40 ms) — session.open: check status (eq): got 401`
 * (`mark` in front of a failure: ✗ for what fails the load, ⚠ for a warning).
 */
export function phaseLine(outcome: PhaseOutcome, mark = '✗'): string {
  const what = `${outcome.kind === 'setup' ? 'Setup' : 'Teardown'} ${outcome.scenario} × ${outcome.tenant}`;
  const took = `${Math.round(outcome.durationMs)} ms`;
  return outcome.passed
    ? `${what}: passed (${took})`
    : `${mark} ${what}: failed (${took}) — ${outcome.failure ?? 'no step passed'}`;
}
