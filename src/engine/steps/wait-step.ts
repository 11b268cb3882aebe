import { parseDuration } from '../../core/duration.js';
import type { WaitStep } from '../../schema/index.js';
import type { StepContext } from '../context.js';
import { sleep } from '../sleep.js';
import type { StepOutcome } from '../step-registry.js';

/** `wait: 2s` — a pause that stops early when the run is interrupted. */
export async function executeWait(step: WaitStep, ctx: StepContext): Promise<StepOutcome> {
  await sleep(parseDuration(step.wait) ?? 0, ctx.engine.signal);
  return {};
}
