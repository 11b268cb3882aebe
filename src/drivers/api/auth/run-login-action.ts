import { DIRECT_HOST, type EngineContext } from '../../../engine/context.js';
import { firstProblem } from '../../../engine/first-problem.js';
import { LAST_RESPONSE, type ResponseSubject } from '../../../engine/send-and-check.js';
import { Scope } from '../../../engine/scope.js';
import { StepAbort } from '../../../engine/step-failure.js';
import { runSteps } from '../../../engine/step-runner.js';
import { bindParameters, defineParameters, withActionSession } from '../../../engine/steps/do-step.js';
import { implementationOf } from '../../../schema/action-implementation.js';
import type { LoginAnswer } from './login-auth.js';

/**
 * Runs a `login` auth's action — its steps, as a `do` step would, with its action file's
 * `headers:` and `cookies:` — in `engine` (whose transport sends without the tenant's
 * credentials), and returns its last answer for the token to be read from. The steps run outside
 * the report (they happen inside the request that needed the token); a failed step comes back
 * as `{ ok: false }` with its message, which quotes the status and the body's start — never the
 * credentials, which are secrets of the run.
 */
export async function runLoginAction(
  engine: EngineContext,
  action: string,
  args: Record<string, unknown>,
): Promise<LoginAnswer> {
  const entry = engine.project.actions.get(action);
  if (!entry) return { ok: false, message: `the action "${action}" does not exist` };
  // A token comes from requests: the API implementation, whichever driver the scenario runs.
  const implementation = implementationOf(entry.action, 'api');
  if (!implementation) return { ok: false, message: `the action "${action}" has no "api:" implementation` };
  const ctx = withActionSession(entry, {
    engine: { ...engine, host: DIRECT_HOST },
    scope: new Scope(),
    file: entry.origin.file,
    depth: 1,
  });
  try {
    defineParameters(
      ctx,
      entry.action.params ?? {},
      bindParameters(entry.action.params ?? {}, args, `action "${action}"`),
    );
  } catch (error) {
    if (error instanceof StepAbort)
      return { ok: false, message: error.error.message, ...(error.error.hint ? { hint: error.error.hint } : {}) };
    throw error;
  }
  const results = await runSteps(implementation.steps, ctx);
  const problem = firstProblem(results);
  if (problem) return { ok: false, message: `${problem.title}: ${problem.message}` };
  const last = ctx.scope.get(LAST_RESPONSE) as ResponseSubject | undefined;
  if (!last) return { ok: false, message: `the action "${action}" sent no request` };
  return { ok: true, status: last.status, headers: last.headers, body: last.body };
}
