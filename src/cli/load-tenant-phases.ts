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
  /**
   * `skipped`: no step ran (each one's `if:` was false), as `rehearse run` skips it and goes on;
   * `interrupted`: a signal stopped it, whatever its steps came to.
   */
  status: 'passed' | 'failed' | 'skipped' | 'interrupted';
  /** ms, the scenario's steps and cleanup. */
  durationMs: number;
  /** The first failure as a load names it (`session.open: check status (eq): got 401`); when failed. */
  failure?: string;
  /** Why it was skipped. */
  reason?: string;
}

/** A tenant's setup as a load runs it: what its scenarios ended with, and how each went. */
export interface TenantSetup {
  tenant: string;
  /** Every passing setup's values, in order (a later one's win by name); what each iteration gets. */
  values: SetupValues;
  outcomes: PhaseOutcome[];
  /** True when every setup scenario passed or was skipped (or the tenant has none). */
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
 * given the values of those before it. Stops at the first that fails or is interrupted: a load
 * whose setup failed would measure nothing but that failure; one that is skipped (no step ran)
 * goes on, as under `rehearse run`. `signal` aborts the one running, which is then interrupted.
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
    const outcome = phaseOutcome(entry, 'setup', await run(input.signal), input.signal);
    outcomes.push(outcome);
    if (outcome.status === 'skipped') continue;
    if (outcome.status !== 'passed' || !kept) return { tenant: input.tenant, values, outcomes, passed: false };
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
    outcomes.push(phaseOutcome(entry, 'teardown', await run(input.signal), input.signal));
  }
  return outcomes;
}

function phaseOutcome(
  entry: MatrixEntry,
  kind: 'setup' | 'teardown',
  result: ScenarioResult,
  signal: AbortSignal,
): PhaseOutcome {
  const base = { scenario: entry.scenario.name, tenant: entry.tenant, kind, durationMs: result.durationMs };
  // A pass a signal cut short is interrupted whatever its steps say: they stopped where they were.
  if (signal.aborted) return { ...base, status: 'interrupted' };
  if (result.status === 'skipped')
    return { ...base, status: 'skipped', ...(result.reason ? { reason: result.reason } : {}) };
  const outcome = iterationOutcome(result, { statusInKey: true });
  if (outcome.passed) return { ...base, status: 'passed' };
  return { ...base, status: 'failed', failure: outcome.failure ?? `scenario ${result.status}` };
}

/**
 * One line for the terminal: `Setup prepare × standard: passed (312 ms)`, `…: skipped (2 ms) — <reason>`,
 * `✗ …: interrupted (40 ms)`, or
 * `✗ Setup prepare × standard: failed (40 ms) — session.open: check status (eq): got 401`
 * (`mark` in front of a failure: ✗ for what fails the load, ⚠ for a warning).
 */
export function phaseLine(outcome: PhaseOutcome, mark = '✗'): string {
  const what = `${outcome.kind === 'setup' ? 'Setup' : 'Teardown'} ${outcome.scenario} × ${outcome.tenant}`;
  const took = `${Math.round(outcome.durationMs)} ms`;
  switch (outcome.status) {
    case 'passed':
      return `${what}: passed (${took})`;
    case 'skipped':
      return `${what}: skipped (${took})${outcome.reason ? ` — ${outcome.reason}` : ''}`;
    case 'interrupted':
      return `${mark} ${what}: interrupted (${took})`;
    case 'failed':
      return `${mark} ${what}: failed (${took}) — ${outcome.failure ?? 'no step passed'}`;
  }
}
