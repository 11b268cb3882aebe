import type { StepResult, ScenarioResult } from '../engine/results.js';
import { ScenarioExecution } from '../engine/run-scenario.js';
import type { IterationOutcome, RunIteration } from '../load/index.js';
import type { MatrixEntry } from '../loader/matrix.js';
import type { Project } from '../loader/project.js';
import { createEngineContext, newRunRedactor } from '../playwright/engine-factory.js';
import type { RunOptions } from '../playwright/run-options.js';

/**
 * One iteration of a load run: the scenario × tenant of `entry` through the engine and the API
 * driver, as a test of `rehearse run` runs it (its own trace id, fake data drawn for the
 * iteration, cleanup within its budget) but without Playwright — a load run is measured, not
 * reported test by test. One redactor serves every iteration: the tenant's secrets are the same.
 */
export function scenarioIteration(input: { project: Project; options: RunOptions; entry: MatrixEntry }): RunIteration {
  const redactor = newRunRedactor(input.options);
  let iterations = 0;
  return async (signal) => {
    const handle = await createEngineContext({ ...input, redactor, repeatIndex: iterations++ });
    const onAbort = () => handle.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    const execution = new ScenarioExecution({
      scenario: input.entry.scenario,
      file: input.entry.file,
      engine: handle.engine,
    });
    try {
      await execution.start();
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
    return iterationOutcome(execution.result());
  };
}

/** What a load run keeps of a scenario result: pass or fail, the first cause, the actions' times. */
export function iterationOutcome(result: ScenarioResult): IterationOutcome {
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
  return { passed, actions, ...(passed ? {} : { failure: failureKey(result) }) };
}

/**
 * The first failure as a short key that does not grow with the data (no ids, no values): the
 * action it happened in and its error code or failed check, e.g. `order.create: check status (eq)`.
 */
function failureKey(result: ScenarioResult): string {
  const find = (steps: readonly StepResult[], action?: string): string | undefined => {
    for (const step of steps) {
      if (step.status !== 'failed' && step.status !== 'errored') continue;
      const within = step.action ?? action;
      const deeper = step.children?.length ? find(step.children, within) : undefined;
      if (deeper) return deeper;
      const check = step.checks.find((c) => !c.passed);
      const cause =
        step.error?.code ?? (check ? `check ${check.path} (${check.matcher})` : `${step.kind} ${step.status}`);
      return within ? `${within}: ${cause}` : cause;
    }
    return undefined;
  };
  return find(result.steps) ?? (result.status === 'skipped' ? 'no step ran' : `scenario ${result.status}`);
}
