import type { UiStep } from '../../schema/index.js';
import type { StepContext } from '../context.js';
import { noteVariable } from '../secret-variables.js';
import { stepAbort } from '../step-failure.js';
import type { StepOutcome } from '../step-registry.js';

/**
 * `ui: { click: { role: button, name: Allocate } }` — one operation on the run's page, performed
 * by the UI driver on the context (`EngineContext.ui`, see `ui-port.ts`). What it saves lands in
 * the step's scope like any `save:` (a value read from a secret stays a secret under its name).
 * Without a UI driver (a run with the api driver) the step errors with `REHEARSE_UI_DRIVER_ABSENT`;
 * the loader refuses such a scenario first, so this is the last guard.
 */
export async function executeUi(step: UiStep, ctx: StepContext): Promise<StepOutcome> {
  const driver = ctx.engine.ui;
  if (!driver) {
    throw stepAbort(
      'REHEARSE_UI_DRIVER_ABSENT',
      `Failed to run a ui step: this run uses the ${ctx.engine.run.driver} driver, which has no browser page.`,
      "Run it with the ui driver: add ui to the scenario's drivers (drivers: [api, ui]) and run with --driver ui; in an action, put ui: steps in its ui: implementation.",
    );
  }
  const outcome = await driver.perform(step, ctx);
  if (outcome.saved && !outcome.error && outcome.status !== 'failed') {
    for (const [name, value] of Object.entries(outcome.saved)) {
      noteVariable(ctx, name, value);
      ctx.scope.assign(name, value);
    }
  }
  return outcome;
}
