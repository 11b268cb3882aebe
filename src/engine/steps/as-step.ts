import type { AsStep } from '../../schema/index.js';
import type { StepContext } from '../context.js';
import type { StepOutcome } from '../step-registry.js';
import { runSteps } from '../step-runner.js';

/**
 * `as: <tenant>` with `steps:` — runs the block as that tenant. The runner has switched the
 * engine already (`contextForStep`); the block shares the scenario's variable scope, so what
 * it saves is visible after it (and to the other tenant).
 */
export async function executeAs(step: AsStep, ctx: StepContext): Promise<StepOutcome> {
  return { children: await runSteps(step.steps as AsStep['steps'], ctx) };
}
