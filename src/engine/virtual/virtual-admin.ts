import type { StepContext } from '../context.js';
import type { ExchangeRecord } from '../results.js';
import { stepAbort } from '../step-failure.js';

export interface AdminCall {
  ok: boolean;
  status: number;
  json: unknown;
  exchange?: ExchangeRecord;
  error?: { code: string; message: string; hint?: string };
}

/** The virtual services' base URL, or a clear error when the environment has none. */
export function virtualBaseUrl(ctx: StepContext): string {
  const url = ctx.engine.virtualUrl;
  if (!url) {
    throw stepAbort(
      'REHEARSE_NO_VIRTUAL_SERVICES',
      'This step talks to the virtual partner services, but the environment has none.',
      'Run against the sandbox environment (it starts them), or set environments.<env>.virtualServices in rehearse.config.yaml to the URL of `rehearse virtual serve`.',
    );
  }
  return url.replace(/\/+$/, '');
}

/**
 * One request to the virtual services (admin API or a partner route), through
 * the run's transport so it is guarded, recorded and redacted like any other,
 * but without the tenant's credentials.
 */
export async function callVirtual(
  ctx: StepContext,
  method: string,
  path: string,
  options: { json?: unknown; query?: Record<string, string | number | boolean> } = {},
): Promise<AdminCall> {
  const result = await ctx.engine.transport.send({
    method,
    url: `${virtualBaseUrl(ctx)}${path}`,
    ...(options.query ? { query: options.query } : {}),
    ...(options.json !== undefined ? { body: { json: options.json } } : {}),
    noAuth: true,
    timeoutMs: ctx.engine.requestTimeoutMs,
    signal: ctx.engine.signal,
  });
  if (!result.ok) {
    const { exchange, ...error } = result.error;
    return { ok: false, status: 0, json: undefined, error, ...(exchange ? { exchange } : {}) };
  }
  const { status, json, exchange } = result.response;
  return { ok: status < 400, status, json, exchange };
}

/** Turns a failed admin call into a step error that quotes the admin API's own message and hint. */
export function adminFailure(call: AdminCall, what: string): { code: string; message: string; hint?: string } {
  if (call.error) return { ...call.error, message: nested(what, call.error.message) };
  const body = call.json as { error?: { code?: string; message?: string; hint?: string }; text?: string } | undefined;
  const message = body?.error?.message ?? `the virtual services answered ${call.status}`;
  const hint = body?.text ?? body?.error?.hint;
  return {
    code: body?.error?.code ?? 'REHEARSE_VIRTUAL_ADMIN_FAILED',
    message: nested(what, message),
    ...(hint ? { hint } : {}),
  };
}

/**
 * "Failed to <what>: <why>." where <why> may itself be "Failed to <inner>: <cause>."
 * (the transport's or the VAN's words): that reads "Failed to <what> (<inner>): <cause>."
 */
function nested(what: string, message: string): string {
  const inner = /^Failed to (.+?): (.*)$/s.exec(message);
  return inner ? `Failed to ${what} (${inner[1]}): ${inner[2]}` : `Failed to ${what}: ${message}`;
}

/**
 * What a `virtual` or `virtual.expect` step addresses: this run's work (by the
 * W3C trace id it sends, which the target passes on), its tenant's, or all.
 */
export function scopeFields(
  ctx: StepContext,
  scope: 'run' | 'tenant' | 'all' | undefined,
): { traceId?: string; tenant?: string } {
  if (scope === 'all') return {};
  if (scope === 'tenant') return { tenant: runTenantId(ctx) };
  return { traceId: ctx.engine.run.traceId };
}

/** The tenant id partners see in X-Tenant-Id for this run. */
export function runTenantId(ctx: StepContext): string {
  return ctx.engine.tenant.tenantId ?? ctx.engine.tenant.name;
}
