import { formatDuration, parseDuration } from '../../core/duration.js';
import { stringifyJson } from '../../core/stringify-json.js';
import type { EventuallyStep } from '../../schema/index.js';
import { DIRECT_HOST, type StepContext } from '../context.js';
import { firstProblem } from '../first-problem.js';
import { worstStatus, type StepResult } from '../results.js';
import { pollUntil } from '../poll.js';
import type { StepOutcome } from '../step-registry.js';
import { runSteps } from '../step-runner.js';

/**
 * Polls a block until all its steps pass or `within` runs out. Attempts are
 * not shown as separate report steps (that would bury the report); the final
 * attempt's steps are kept as children, and on timeout the failure says how
 * many attempts ran, the last failure and the last value seen.
 */
export async function executeEventually(step: EventuallyStep, ctx: StepContext): Promise<StepOutcome> {
  const quiet = { ...ctx, engine: { ...ctx.engine, host: DIRECT_HOST } };
  const passed = (results: StepResult[]) =>
    worstStatus(results.map((r) => r.status).filter((s) => s !== 'skipped')) === 'passed';
  const { last, attempts } = await pollUntil(
    ctx,
    { every: '1s', ...step.eventually },
    () => runSteps(step.steps, quiet),
    passed,
  );
  if (passed(last)) return { children: last, attempts };
  const within = parseDuration(step.eventually.within) ?? 0;
  const problem = firstProblem(last);
  const lastValue = problem?.check ? ` Last value seen: ${stringifyJson(problem.check.actual)?.slice(0, 300)}.` : '';
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
