import type { Scenario } from '../schema/index.js';
import { stepKindOf } from '../schema/step-kinds.js';
import { CleanupBudget } from './cleanup-budget.js';
import type { EngineContext } from './context.js';
import { renderValue } from './evaluate.js';
import { firstProblem } from './first-problem.js';
import { worstStatus, type ScenarioResult, type StepResult } from './results.js';
import { Scope } from './scope.js';
import { noteVariable } from './secret-variables.js';
import { runAsStep, runSteps } from './step-runner.js';
import { stepTitle } from './step-title.js';
import { restoreVirtualFaults } from './steps/virtual-step.js';
import { registerScenarioRun } from './virtual/register-scenario-run.js';
import { faultsInjected } from './virtual/faults-injected.js';
import { scenarioLabels } from '../loader/scenario-labels.js';

const RESTORE_TITLE = 'virtual: restore partner faults';

export interface CleanupOptions {
  /** `timeouts.cleanup` in ms (default `DEFAULT_CLEANUP_BUDGET_MS`). */
  budgetMs?: number;
}

export interface ScenarioRun {
  scenario: Scenario;
  file: string;
  engine: EngineContext;
}

/**
 * A scenario in two phases so that a host can run `cleanup` from a place that
 * survives timeouts and interrupts (Playwright: a fixture's teardown):
 * `start()` runs the steps; `cleanup()` runs the cleanup steps once, with a
 * fresh signal, whatever happened; `result()` assembles the outcome.
 */
export class ScenarioExecution {
  readonly scope = new Scope();
  private steps: StepResult[] = [];
  private cleanupResults: StepResult[] = [];
  private cleanedUp = false;
  private faults: Record<string, number> | undefined;
  /** How many of `steps` are the scenario-level `virtual:` setup (not the scenario's own steps). */
  private setupSteps = 0;
  private readonly startedAt = new Date();
  private readonly started = performance.now();

  constructor(private readonly run: ScenarioRun) {}

  async start(): Promise<StepResult[]> {
    const ctx = { engine: this.run.engine, scope: this.scope, file: this.run.file };
    // Declared first: a secret variable may be saved or set long after `vars`.
    for (const name of this.run.scenario.secrets ?? []) this.run.engine.redactor.declareSecretVariable(name);
    try {
      for (const [name, value] of Object.entries(this.run.scenario.vars ?? {})) {
        const rendered = renderValue(value, ctx);
        noteVariable(ctx, name, rendered);
        this.scope.define(name, rendered);
      }
    } catch (error) {
      this.steps = [varsError(error)];
      return this.steps;
    }
    // Before any partner call: the run's faults are drawn from its seed and identity (see registerScenarioRun).
    await registerScenarioRun(this.run.engine);
    // Scenario-level `virtual:` is the same as `virtual` steps before the first step.
    const setup = Object.entries(this.run.scenario.virtual ?? {}).map(([partner, faults]) => ({
      name: `virtual ${partner}: ${faults.profile ? `profile ${faults.profile}` : 'inline faults'} for the scenario`,
      virtual: partner,
      ...faults,
    }));
    this.setupSteps = setup.length;
    this.steps = await runSteps([...setup, ...this.run.scenario.steps], ctx);
    return this.steps;
  }

  /**
   * Runs cleanup steps (each one even if an earlier one failed) within the
   * cleanup budget (`timeouts.cleanup`, default 30 s, see `CleanupBudget`).
   * Idempotent.
   */
  async cleanup(engine: EngineContext = this.run.engine, options: CleanupOptions = {}): Promise<StepResult[]> {
    if (this.cleanedUp) return this.cleanupResults;
    this.cleanedUp = true;
    const budget = new CleanupBudget(options.budgetMs);
    const ctx = {
      engine: { ...engine, signal: AbortSignal.any([engine.signal, budget.signal]) },
      scope: this.scope,
      file: this.run.file,
    };
    const planned = (kind: string, title: string): StepResult => ({
      kind,
      title,
      status: 'skipped',
      startedAt: new Date().toISOString(),
      durationMs: 0,
      checks: [],
      exchanges: [],
    });
    const step = async (kind: string, title: string, work: () => Promise<StepResult>) =>
      this.cleanupResults.push(
        budget.usedUp ? budget.notRun(planned(kind, title)) : await budget.run(work(), () => planned(kind, title)),
      );
    try {
      for (const cleanupStep of this.run.scenario.cleanup ?? []) {
        const kind = stepKindOf(cleanupStep as Record<string, unknown>).kind ?? 'unknown';
        await step(kind, stepTitle(cleanupStep, ctx), async () => (await runSteps([cleanupStep], ctx))[0]!);
      }
      if (engine.virtualChanges.size > 0)
        await step('virtual', RESTORE_TITLE, () =>
          runAsStep('virtual', RESTORE_TITLE, ctx, () => restoreVirtualFaults(ctx)),
        );
    } finally {
      budget.dispose();
    }
    // After cleanup: its own partner calls may meet faults too.
    this.faults = await faultsInjected(engine);
    return this.cleanupResults;
  }

  /** Every one of the scenario's own steps was skipped and nothing failed: nothing was tested. */
  private noStepRan(status: StepResult['status']): boolean {
    if (status === 'failed' || status === 'errored') return false;
    return this.steps.slice(this.setupSteps).every((s) => s.status === 'skipped');
  }

  result(): ScenarioResult {
    const { scenario, file, engine } = this.run;
    const status = worstStatus(this.steps.map((s) => s.status).filter((s) => s !== 'skipped'));
    const problem = firstProblem(this.steps);
    const result: ScenarioResult = {
      scenario: scenario.name,
      title: scenario.title ?? scenario.name,
      file,
      workflow: scenarioLabels(scenario).workflow,
      tenant: engine.run.tenant,
      driver: engine.run.driver,
      traceId: engine.run.traceId,
      runId: engine.run.id,
      seed: engine.run.seed,
      status: this.steps.length === 0 ? 'errored' : this.noStepRan(status) ? 'skipped' : status,
      startedAt: this.startedAt.toISOString(),
      durationMs: Math.round(performance.now() - this.started),
      steps: this.steps,
      cleanup: this.cleanupResults,
    };
    if (this.faults) result.faultsInjected = this.faults;
    if (problem) result.failure = { title: problem.title, status, message: problem.message };
    if (result.status === 'skipped') result.reason = NOTHING_RAN;
    return engine.redactor.redactValue(result);
  }
}

/** Why a scenario that ran none of its own steps is reported skipped, not passed. */
export const NOTHING_RAN = 'every step was skipped (their if: conditions were false): nothing was tested';

function varsError(error: unknown): StepResult {
  const message = error instanceof Error ? error.message : String(error);
  const code = error && typeof error === 'object' && 'code' in error ? String(error.code) : 'REHEARSE_VARS_FAILED';
  return {
    kind: 'vars',
    title: 'vars',
    status: 'errored',
    startedAt: new Date().toISOString(),
    durationMs: 0,
    checks: [],
    exchanges: [],
    error: { code, message: `Failed to evaluate vars: ${message}` },
  };
}
