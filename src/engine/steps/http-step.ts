import type { HttpStep } from '../../schema/index.js';
import { stringifyJson } from '../../core/stringify-json.js';
import type { StepContext } from '../context.js';
import { renderValue, renderText } from '../evaluate.js';
import { buildRequestBody } from '../request-body.js';
import { stepAbort } from '../step-failure.js';
import type { StepOutcome } from '../step-registry.js';
import { sendAndCheck } from '../send-and-check.js';
import { renderUrl } from '../render-url.js';
import { httpPlan, resolvedOnce, type HttpLine } from './http-plan.js';

/**
 * `http: METHOD path-or-url` with headers, query, body, expect and save. What does not change
 * from run to run (the split `http:` line, a URL without `{{ }}` resolved against the base URL,
 * the checks) comes from the step's plan (`httpPlan`).
 */
export function executeHttp(step: HttpStep, ctx: StepContext): Promise<StepOutcome> {
  // Not async: sendAndCheck's promise is handed on as it is. What throws here (a URL that does not
  // resolve) is caught by the step runner as a rejection would be.
  const plan = httpPlan(step);
  return sendAndCheck(
    {
      method: plan.line.method,
      url: planUrl(plan.line, ctx),
      headers: renderHeaders(step.headers, ctx),
      query: step.query ? (renderValue(step.query, ctx) as Record<string, string>) : undefined,
      body: buildRequestBody(step, ctx),
      idempotencyKey: step.idempotencyKey ? renderText(step.idempotencyKey, ctx) : undefined,
      timeoutMs: plan.timeoutMs,
      followRedirects: step.followRedirects,
    },
    plan.checks,
    ctx,
  );
}

/** The step's URL as it is sent: a static one resolved once per base URL, a template rendered per run. */
function planUrl(plan: HttpLine, ctx: StepContext): string {
  // Values in the path and query are percent-encoded for their place (render-url.ts).
  if (!plan.staticTarget) return resolveUrl(renderUrl(plan.target, ctx), ctx);
  return resolvedOnce(ctx.engine.baseUrl, plan.target, () => resolveUrl(plan.target, ctx));
}

export function resolveUrl(target: string, ctx: StepContext): string {
  if (/^https?:\/\//i.test(target)) return target;
  if (!ctx.engine.baseUrl) {
    throw stepAbort(
      'REHEARSE_NO_BASE_URL',
      `Failed to resolve "${target}": the environment has no base URL.`,
      'Set baseUrl in the environment or pass --base-url.',
    );
  }
  return new URL(target, ctx.engine.baseUrl.endsWith('/') ? ctx.engine.baseUrl : `${ctx.engine.baseUrl}/`)
    .toString()
    .replace(/([^:]\/)\/+/g, '$1');
}

export function renderHeaders(
  headers: Record<string, unknown> | undefined,
  ctx: StepContext,
): Record<string, string> | undefined {
  if (!headers) return undefined;
  const rendered = renderValue(headers, ctx) as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(rendered).map(([k, v]) => [k, typeof v === 'string' ? v : (stringifyJson(v) ?? '')]),
  );
}
