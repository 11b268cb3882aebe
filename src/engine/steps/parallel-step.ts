import type { ParallelStep } from '../../schema/index.js';
import type { StepContext } from '../context.js';
import { renderCount } from '../count.js';
import type { StepResult } from '../results.js';
import type { StepOutcome } from '../step-registry.js';
import { runStep, runSteps } from '../step-runner.js';
import { iterationResult } from './iteration-result.js';

/**
 * `parallel: { count, concurrency }` — runs `count` copies of the block at most
 * `concurrency` at a time; without `count`, runs each step as its own branch.
 * Each copy has its own scope: what it saves stays in it. All copies run to
 * the end even when one fails, so the report shows every failure.
 */
export async function executeParallel(step: ParallelStep, ctx: StepContext): Promise<StepOutcome> {
  const concurrency = renderCount(step.parallel.concurrency, 'parallel.concurrency', 1, ctx);
  const tasks: Array<() => Promise<StepResult>> =
    step.parallel.count === undefined
      ? step.steps.map((branch) => () => runStep(branch, { ...ctx, scope: ctx.scope.child() }))
      : Array.from({ length: renderCount(step.parallel.count, 'parallel.count', 0, ctx) }, (_, i) => () => {
          const scope = ctx.scope.child();
          scope.define(step.as ?? 'index', i);
          return iterationResult(i, () => runSteps(step.steps, { ...ctx, scope }));
        });
  return { children: await runLimited(tasks, concurrency) };
}

/** Runs tasks with at most `limit` in flight, keeping results in task order. */
async function runLimited<T>(tasks: Array<() => Promise<T>>, limit: number): Promise<T[]> {
  const results = new Array<T>(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}
