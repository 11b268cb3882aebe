import type { ParallelStep } from '../../schema/index.js';
import { stepOrigin } from '../../loader/step-origins.js';
import type { StepContext } from '../context.js';
import { renderCount } from '../count.js';
import type { StepResult } from '../results.js';
import type { StepOutcome } from '../step-registry.js';
import { runStep, runSteps } from '../step-runner.js';
import { Collector } from './collect-values.js';
import { iterationResult } from './iteration-result.js';
import { IterationResults } from './iteration-results.js';

/**
 * `parallel: { count, concurrency }` — runs `count` copies of the block at most
 * `concurrency` at a time; without `count`, runs each step as its own branch.
 * Each copy has its own scope and its own cookie session (`session`): what it saves and the
 * cookies it receives stay in it. All copies run to
 * the end even when one fails, so the report shows every distinct failure. `collect:` gathers a value
 * from every copy into lists, in copy order (see `Collector`). Past the first copies, passing
 * ones are folded into a summary, each distinct failure kept whole (see `IterationResults`).
 */
export async function executeParallel(step: ParallelStep, ctx: StepContext): Promise<StepOutcome> {
  const concurrency = renderCount(step.parallel.concurrency, 'parallel.concurrency', 1, ctx);
  const collector = new Collector(step.collect, ctx);
  // Branches are few (one per step written); copies may be thousands: they are folded as they end.
  const branches = new Array<StepResult>(step.steps.length);
  const copies = new IterationResults({ ctx, at: stepOrigin(step) });
  const count =
    step.parallel.count === undefined ? undefined : renderCount(step.parallel.count, 'parallel.count', 0, ctx);
  const task =
    count === undefined
      ? async (i: number) => {
          const scope = ctx.scope.child();
          const result = await runStep(step.steps[i]!, { ...ctx, scope, engine: session(ctx) });
          collector.copyEnded(i, scope, result);
          branches[i] = result;
        }
      : async (i: number) => {
          const scope = ctx.scope.child();
          scope.define(step.as ?? 'index', i);
          const inner = copies.contextFor(i, ctx);
          const result = await iterationResult(i, () =>
            runSteps(step.steps, { ...inner, scope, engine: session(inner) }),
          );
          collector.copyEnded(i, scope, result);
          await copies.add(i, result);
        };
  await runLimited(count ?? step.steps.length, task, concurrency);
  const saved = collector.finish();
  return { children: count === undefined ? branches : await copies.children(), ...(saved ? { saved } : {}) };
}

/**
 * A copy's own session: cookies it receives (a login) stay in it, as its saves do. It starts from
 * a copy of the outer cookies, so copies of a logged-in scenario are logged in too.
 */
function session(ctx: StepContext): StepContext['engine'] {
  const fork = ctx.engine.transport.fork?.();
  return fork ? { ...ctx.engine, transport: fork } : ctx.engine;
}

/** Runs `task(0)` … `task(count - 1)` with at most `limit` in flight. */
async function runLimited(count: number, task: (index: number) => Promise<void>, limit: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
}
