import type { RepeatStep } from '../../schema/index.js';
import { stepOrigin } from '../../loader/step-origins.js';
import type { StepContext } from '../context.js';
import { renderCount } from '../count.js';
import type { StepOutcome } from '../step-registry.js';
import { runSteps } from '../step-runner.js';
import { Collector } from './collect-values.js';
import { iterationResult } from './iteration-result.js';
import { IterationResults } from './iteration-results.js';

/**
 * `repeat: N` — runs the block N times in sequence, `index` (or `as`) counting from 0; stops at
 * the first failure. `collect:` gathers a value from every copy into lists (see `Collector`).
 * Past the first iterations, passing ones are folded into a summary (see `IterationResults`).
 */
export async function executeRepeat(step: RepeatStep, ctx: StepContext): Promise<StepOutcome> {
  const count = renderCount(step.repeat, 'repeat', 0, ctx);
  const iterations = new IterationResults({ ctx, at: stepOrigin(step) });
  const collector = new Collector(step.collect, ctx);
  for (let i = 0; i < count; i++) {
    const scope = ctx.scope.child({ writeThrough: true });
    scope.define(step.as ?? 'index', i);
    const iteration = await iterationResult(i, () => runSteps(step.steps, { ...iterations.contextFor(i, ctx), scope }));
    await iterations.add(i, iteration);
    if (iteration.status === 'failed' || iteration.status === 'errored') break;
    collector.copyEnded(i, scope, iteration);
  }
  const saved = collector.finish();
  return { children: await iterations.children(), ...(saved ? { saved } : {}) };
}
