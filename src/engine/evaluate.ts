import {
  createExpressionScope,
  ExpressionError,
  renderValue as render,
  stringify,
  truthy,
  type ExpressionScope,
} from '../expression/index.js';
import type { StepContext } from './context.js';
import { StepAbort } from './step-failure.js';
import { stringifyJson } from '../core/stringify-json.js';

const scopes = new WeakMap<StepContext['scope'], WeakMap<StepContext['engine'], ExpressionScope>>();

/** The expression scope of a step: its variables plus tenant, env, run, fake and date. */
export function expressionScope(ctx: StepContext): ExpressionScope {
  let byEngine = scopes.get(ctx.scope);
  if (!byEngine) scopes.set(ctx.scope, (byEngine = new WeakMap()));
  let scope = byEngine.get(ctx.engine);
  if (!scope) {
    const { engine } = ctx;
    scope = createExpressionScope({
      locals: () => ctx.scope.snapshot(),
      tenant: engine.tenant,
      env: engine.env,
      run: { ...engine.run },
      rng: engine.rng,
      now: engine.now,
    });
    byEngine.set(ctx.engine, scope);
  }
  return scope;
}

/** Renders `{{ }}` in a value; an expression error stops the step as `errored`. */
export function renderValue(value: unknown, ctx: StepContext): unknown {
  try {
    return render(value, expressionScope(ctx));
  } catch (error) {
    if (error instanceof ExpressionError) {
      throw new StepAbort({
        code: error.code,
        message: `Failed to evaluate ${JSON.stringify(typeof value === 'string' ? value : stringifyJson(value)).slice(0, 120)}: ${error.message}${
          // Where in the string (1-based, as an editor's column counts from the opening quote's next character).
          typeof value === 'string' && error.offset !== undefined ? ` (at character ${error.offset + 1})` : ''
        }`,
        ...(error.hint ? { hint: error.hint } : {}),
      });
    }
    throw error;
  }
}

export function renderText(value: string, ctx: StepContext): string {
  return stringify(renderValue(value, ctx));
}

/** For titles: render when possible, else show the template as written. */
export function tryRenderText(value: string, ctx: StepContext): string {
  try {
    return renderText(value, ctx);
  } catch {
    return value;
  }
}

export function isTruthy(value: unknown): boolean {
  return truthy(value);
}
