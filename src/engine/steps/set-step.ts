import type { SetStep } from '../../schema/index.js';
import type { StepContext } from '../context.js';
import { renderValue } from '../evaluate.js';
import { noteVariable } from '../secret-variables.js';
import type { StepOutcome } from '../step-registry.js';

/** `set: { qty: "{{ tenant.volume.linesPerOrder * 2 }}" }` — assigns variables in order. */
export async function executeSet(step: SetStep, ctx: StepContext): Promise<StepOutcome> {
  const saved: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(step.set)) {
    saved[name] = renderValue(value, ctx);
    noteVariable(ctx, name, saved[name]);
    ctx.scope.assign(name, saved[name]);
  }
  return { saved };
}
