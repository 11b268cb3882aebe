import { formatDuration, parseDuration } from '../../core/duration.js';
import type { EventuallyStep } from '../../schema/index.js';
import { DIRECT_HOST, type StepContext } from '../context.js';
import { firstProblem } from '../first-problem.js';
import { worstStatus, type StepResult } from '../results.js';
import { sleep } from '../sleep.js';
import type { StepOutcome } from '../step-registry.js';
import { runSteps } from '../step-runner.js';

/**
 * Polls a block until all its steps pass or `within` runs out. Attempts are
 * not shown as separate report steps (that would bury the report); the final
 * attempt's steps are kept as children, and on timeout the failure says how
 * many attempts ran, the last failure and the last value seen.
 */
export async function executeEventually(step: EventuallyStep, ctx: StepContext): Promise<StepOutcome> {
  const within = parseDuration(step.eventually.within) ?? 0;
  let interval = parseDuration(step.eventually.every ?? '1s') ?? 1000;
  const backoff = step.eventually.backoff ?? 1;
  const maxInterval = parseDuration(step.eventually.maxEvery ?? step.eventually.within) ?? within;
  const deadline = performance.now() + within;
  const quiet = { ...ctx, engine: { ...ctx.engine, host: DIRECT_HOST } };

  let attempts = 0;
  let last: StepResult[] = [];
  for (;;) {
    attempts++;
    last = await runSteps(step.steps, quiet);
    const status = worstStatus(last.map((r) => r.status).filter((s) => s !== 'skipped'));
    if (status === 'passed') return { children: last, attempts };
    const remaining = deadline - performance.now();
    if (remaining <= 0 || ctx.engine.signal.aborted) break;
    await sleep(Math.min(interval, remaining), ctx.engine.signal);
    interval = Math.min(interval * backoff, maxInterval);
  }
  const problem = firstProblem(last);
  const lastValue = problem?.check ? ` Last value seen: ${JSON.stringify(problem.check.actual)?.slice(0, 300)}.` : '';
  return {
    status: 'failed',
    children: last,
    attempts,
    checks: [
      {
        path: 'eventually',
        matcher: 'within',
        expected: step.eventually.within,
        actual: `${attempts} attempt(s)`,
        passed: false,
        message: `Still failing after ${attempts} attempt(s) in ${formatDuration(within)}. Last failure: ${problem?.message ?? 'unknown'}.${lastValue}`,
      },
    ],
  };
}
