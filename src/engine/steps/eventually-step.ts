import { formatDuration } from '../../core/duration.js';
import { stringifyJson } from '../../core/stringify-json.js';
import type { EventuallyStep } from '../../schema/index.js';
import { DIRECT_HOST, type StepContext } from '../context.js';
import { firstProblem } from '../first-problem.js';
import { worstStatus, type StepResult } from '../results.js';
import { pollUntil } from '../poll.js';
import type { StepOutcome } from '../step-registry.js';
import { runSteps } from '../step-runner.js';
import { renderValue } from '../evaluate.js';

/**
 * `show:` rendered in the scope the last attempt left (its `response`, its saved values), for a
 * failure message: what the block waited on, as the target last described it. A show that cannot
 * be rendered says why instead of hiding the failure it was to explain.
 */
function shownState(show: string, ctx: StepContext): string {
  try {
    const value = renderValue(show, ctx);
    const text = typeof value === 'string' ? value : (stringifyJson(value) ?? String(value));
    return `State shown (${show.trim()}): ${ctx.engine.redactor.redactText(text).slice(0, 600)}.`;
  } catch (error) {
    return `State shown (${show.trim()}) could not be rendered: ${error instanceof Error ? error.message : String(error)}.`;
  }
}

/**
 * Polls a block until all its steps pass or `within` runs out. Attempts are
 * not shown as separate report steps (that would bury the report); the final
 * attempt's steps are kept as children, and on timeout the failure says how
 * many attempts ran, the last failure, the last value seen and, with `show:`, the state of what
 * the block waited on (a job's status, attempts and last error).
 */
export async function executeEventually(step: EventuallyStep, ctx: StepContext): Promise<StepOutcome> {
  const passed = (results: StepResult[]) =>
    worstStatus(results.map((r) => r.status).filter((s) => s !== 'skipped')) === 'passed';
  const { within } = step.eventually;
  const { last, attempts, elapsedMs, cutOff, lastComplete } = await pollUntil(
    ctx,
    { every: '1s', ...step.eventually },
    // Each attempt runs on a signal that aborts at the deadline: a request in flight then is stopped.
    (signal) => runSteps(step.steps, { ...ctx, engine: { ...ctx.engine, host: DIRECT_HOST, signal } }),
    passed,
    {
      code: 'REHEARSE_EVENTUALLY_TIMEOUT',
      what: `the eventually block's \`within: ${within}\``,
      hint: 'The target did not answer before the block gave up: raise `within` if it is only slow, or look for what holds it up (the trace id is in the report).',
    },
  );
  if (!cutOff && passed(last)) return { children: last, attempts };
  // An attempt stopped at the deadline says less than the one before it, which ran to its end
  // (a check on what the target answered): report that one, and the stop.
  const shown = lastComplete ?? last;
  const problem = firstProblem(shown) ?? firstProblem(last);
  const lastValue = problem?.check ? ` Last value seen: ${stringifyJson(problem.check.actual)?.slice(0, 300)}.` : '';
  const state = step.eventually.show === undefined ? '' : ` ${shownState(step.eventually.show, ctx)}`;
  const stopped = cutOff ? `; attempt ${attempts}, still running at the deadline, was stopped` : '';
  return {
    status: 'failed',
    children: shown,
    attempts,
    checks: [
      {
        path: 'eventually',
        matcher: 'within',
        expected: within,
        actual: `${attempts} attempt(s) in ${formatDuration(elapsedMs)}`,
        passed: false,
        message: `Still failing after ${attempts} attempt(s) in ${formatDuration(elapsedMs)} (within: ${within}${stopped}). Last failure: ${problem?.message ?? 'none before the deadline'}.${lastValue}${state}`,
      },
    ],
  };
}
