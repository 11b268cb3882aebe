import type { ExpectStep } from '../../schema/index.js';
import { checkSubject } from '../checks.js';
import type { StepContext } from '../context.js';
import type { StepOutcome } from '../step-registry.js';

/** `expect: { orderId: { exists: true }, "order.total": { gt: 0 } }` — assertions on variables. */
export async function executeExpect(step: ExpectStep, ctx: StepContext): Promise<StepOutcome> {
  return { checks: checkSubject(ctx.scope.snapshot(), step.expect, ctx) };
}
