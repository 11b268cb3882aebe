import type { ParallelStep } from '../../schema/index.js';
import type { StepContext } from '../context.js';
import { renderCount } from '../count.js';
import type { StepResult } from '../results.js';
import type { StepOutcome } from '../step-registry.js';
import { runStep, runSteps } from '../step-runner.js';
import { Collector } from './collect-values.js';
import { iterationResult } from './iteration-result.js';

/**
 * `parallel: { count, concurrency }` — runs `count` copies of the block at most
 * `concurrency` at a time; without `count`, runs each step as its own branch.
 * Each copy has its own scope and its own cookie session (`session`): what it saves and the
 * cookies it receives stay in it. All copies run to
 * the end even when one fails, so the report shows every failure. `collect:` gathers a value
 * from every copy into lists, in copy order (see `Collector`).
 */
export async function executeParallel(step: ParallelStep, ctx: StepContext): Promise<StepOutcome> {
  const concurrency = renderCount(step.parallel.concurrency, 'parallel.concurrency', 1, ctx);
  const collector = new Collector(step.collect, ctx);
  const tasks: Array<() => Promise<StepResult>> =
    step.parallel.count === undefined
      ? step.steps.map((branch, i) => async () => {
          const scope = ctx.scope.child();
          const result = await runStep(branch, { ...ctx, scope, engine: session(ctx) });
          collector.copyEnded(i, scope, result);
          return result;
        })
      : Array.from({ length: renderCount(step.parallel.count, 'parallel.count', 0, ctx) }, (_, i) => async () => {
          const scope = ctx.scope.child();
          scope.define(step.as ?? 'index', i);
          const result = await iterationResult(i, () => runSteps(step.steps, { ...ctx, scope, engine: session(ctx) }));
          collector.copyEnded(i, scope, result);
          return result;
        });
  const children = await runLimited(tasks, concurrency);
  const saved = collector.finish();
  return { children, ...(saved ? { saved } : {}) };
}

/**
 * A copy's own session: cookies it receives (a login) stay in it, as its saves do. It starts from
 * a copy of the outer cookies, so copies of a logged-in scenario are logged in too.
 */
function session(ctx: StepContext): StepContext['engine'] {
  const fork = ctx.engine.transport.fork?.();
  return fork ? { ...ctx.engine, transport: fork } : ctx.engine;
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
