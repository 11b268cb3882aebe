import type { StepResult, ScenarioResult } from '../engine/results.js';
import { ScenarioExecution } from '../engine/run-scenario.js';
import type { IterationOutcome, RunIteration } from '../load/index.js';
import type { MatrixEntry } from '../loader/matrix.js';
import type { Project } from '../loader/project.js';
import { createConnectionPool } from '../drivers/api/index.js';
import { createEngineContext, newRunRedactor } from '../playwright/engine-factory.js';
import type { RunOptions } from '../playwright/run-options.js';
import type { Redactor } from '../core/redactor.js';
import { defineSetupValues, setupValuesOf, type SetupValues } from '../playwright/setup-values.js';

/** One pass of a scenario: resolves (never rejects for a failed step) with its result once cleanup has run. */
export type ScenarioRun = (signal: AbortSignal) => Promise<ScenarioResult>;

/**
 * Runs the scenario × tenant of `entry` through the engine and the API driver, as a test of
 * `rehearse run` runs it (its own trace id, fake data drawn per pass — the nth call is repeat n —
 * cleanup within `options.cleanupTimeoutMs`, default 30 s, on a fresh context) but without
 * Playwright: `rehearse load` measures the result, `rehearse drill` keeps the values its steps
 * saved — so a passing step keeps no exchange (`fullStepRecords: 0`; a failed one keeps its
 * evidence) — and its passes share one connection pool. `signal` aborts the pass (its cleanup
 * still runs). One redactor serves every pass (the
 * tenant's secrets are the same); give `redactor` to share one between entries. `setup` gives
 * each pass what the tenant's setup ended with, as `rehearse run` gives each test of the tenant;
 * a pass of a setup scenario hands what it ended with to `keepSetupValues`. Rejects only
 * when the engine context cannot be made (a tenant's session could not be set up).
 */
export function scenarioRun(input: {
  project: Project;
  options: RunOptions;
  entry: MatrixEntry;
  redactor?: Redactor;
  /** What the tenant's setup ended with: defined in each pass's scope before its steps (its own `vars` win). */
  setup?: SetupValues;
  /** Called with what a passing pass of a `kind: setup` scenario ended with. */
  keepSetupValues?: (values: SetupValues) => void;
}): ScenarioRun {
  const redactor = input.redactor ?? newRunRedactor(input.options);
  // One keep-alive pool for every pass, as a k6 virtual user keeps its connections across
  // iterations: a pass does not connect again (its first request would time the TCP handshake)
  // nor leave a closed socket behind. Idle connections never keep the process alive.
  const pool = createConnectionPool(input.options.driverTimeouts);
  let passes = 0;
  return async (signal) => {
    const handle = await createEngineContext({
      project: input.project,
      options: input.options,
      entry: input.entry,
      redactor,
      repeatIndex: passes++,
      // Load and drills keep outcomes, saves and the first failure, never a passing step's record.
      fullStepRecords: 0,
      pool,
    });
    const onAbort = () => handle.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    const execution = new ScenarioExecution({
      scenario: input.entry.scenario,
      file: input.entry.file,
      engine: handle.engine,
    });
    if (input.setup && input.entry.scenario.kind !== 'setup')
      defineSetupValues(input.setup, execution.scope, handle.engine.redactor);
    try {
      await execution.start();
      if (input.entry.scenario.kind === 'setup' && execution.result().status === 'passed')
        input.keepSetupValues?.(setupValuesOf(execution.scope, handle.engine.redactor));
    } finally {
      signal.removeEventListener('abort', onAbort);
      const fresh = await handle.freshForCleanup();
      try {
        await execution.cleanup(fresh.engine, { budgetMs: input.options.cleanupTimeoutMs ?? 30_000 });
      } finally {
        await fresh.close();
        await handle.close();
      }
    }
    return execution.result();
  };
}

/**
 * One iteration of a load run: `scenarioRun`'s pass, kept as a load run keeps it
 * (`iterationOutcome`) — a load run is measured, not reported test by test.
 */
export function scenarioIteration(input: {
  project: Project;
  options: RunOptions;
  entry: MatrixEntry;
  setup?: SetupValues;
}): RunIteration {
  const run = scenarioRun(input);
  // A load's key names the status the target answered (`… check status (eq): got 401`); a drill's
  // keeps the bare key, since its cause line says the status already.
  return async (signal) => iterationOutcome(await run(signal), { statusInKey: true });
}

/**
 * The values a scenario's steps saved (`save:`, already redacted), by name: an action's inner
 * saves first, the scenario's own over them when a name repeats (its steps are visited last).
 */
export function savedValues(result: ScenarioResult): Record<string, unknown> {
  const saved: Record<string, unknown> = {};
  const visit = (steps: readonly StepResult[]) => {
    for (const step of steps) {
      if (step.children) visit(step.children);
      Object.assign(saved, step.saved ?? {});
    }
  };
  visit(result.steps);
  return saved;
}

/**
 * What a load run keeps of a scenario result: pass or fail, the first cause, the actions' times.
 * `statusInKey`: a failed status check's key ends with the status answered (`: got 401`).
 */
export function iterationOutcome(result: ScenarioResult, keyOptions: { statusInKey?: boolean } = {}): IterationOutcome {
  const actions: IterationOutcome['actions'] = [];
  const visit = (steps: readonly StepResult[]) => {
    for (const step of steps) {
      if (step.action && step.status !== 'skipped')
        actions.push({ action: step.action, durationMs: step.durationMs, passed: step.status === 'passed' });
      if (step.children) visit(step.children);
    }
  };
  visit(result.steps);
  const passed = result.status === 'passed';
  return { passed, actions, ...(passed ? {} : { failure: failureKey(result, keyOptions.statusInKey ?? false) }) };
}

/**
 * The first failure as a short key that does not grow with the data (no ids, no values): the
 * action it happened in and its error code or failed check, e.g. `order.create: check status (eq): got 401`
 * (a status is one of few values, so it is named; other checks' values are not).
 */
function failureKey(result: ScenarioResult, statusInKey: boolean): string {
  const find = (steps: readonly StepResult[], action?: string): string | undefined => {
    for (const step of steps) {
      if (step.status !== 'failed' && step.status !== 'errored') continue;
      const within = step.action ?? action;
      const deeper = step.children?.length ? find(step.children, within) : undefined;
      if (deeper) return deeper;
      const check = step.checks.find((c) => !c.passed);
      const cause = step.error?.code ?? (check ? checkKey(check, statusInKey) : `${step.kind} ${step.status}`);
      return within ? `${within}: ${cause}` : cause;
    }
    return undefined;
  };
  return find(result.steps) ?? (result.status === 'skipped' ? 'no step ran' : `scenario ${result.status}`);
}

/** A failed check as a key: its path and matcher, and the status the target answered for a status check. */
function checkKey(check: StepResult['checks'][number], statusInKey: boolean): string {
  const got = statusInKey && check.path === 'status' && typeof check.actual === 'number' ? `: got ${check.actual}` : '';
  return `check ${check.path} (${check.matcher})${got}`;
}
