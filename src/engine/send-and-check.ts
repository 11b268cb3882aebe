import { parseDuration } from '../core/duration.js';
import type { ExpectSpec, SaveSpec } from '../schema/index.js';
import { checkSubject, durationCheck, saveFromSubject } from './checks.js';
import type { StepContext } from './context.js';
import type { CheckOutcome } from './results.js';
import { unexpectedStatusCheck } from './status-rule.js';
import type { StepOutcome } from './step-registry.js';
import type { TransportRequest, TransportResponse } from './transport.js';

/** Every request step leaves its subject here: `{{ response.body.id }}`; an action's default result is its body. */
export const LAST_RESPONSE = 'response';

export interface ResponseChecks {
  expect?: ExpectSpec;
  save?: SaveSpec;
  maxDuration?: string;
}

/**
 * The subject `expect` and `save` paths point into for a request step. `headers`: names
 * lower-cased, a repeated header (and `set-cookie` always) a list. `body`: the parsed JSON, else
 * the decoded text. `bodySize`: the body's bytes after `Content-Encoding` was undone;
 * `bodyBase64`: those bytes in base64 (computed when read).
 */
export interface ResponseSubject {
  status: number;
  headers: Record<string, string | string[]>;
  body: unknown;
  bodySize: number;
  readonly bodyBase64: string;
  durationMs: number;
  [extra: string]: unknown;
}

export function responseSubject(response: TransportResponse): ResponseSubject {
  const bytes = response.bodyBytes ?? Buffer.from(response.bodyText, 'utf8');
  let base64: string | undefined;
  const subject = {
    status: response.status,
    headers: response.headerFields ?? response.headers,
    body: response.json ?? response.bodyText,
    bodySize: bytes.byteLength,
    durationMs: response.durationMs,
  };
  // A getter: most steps never read the bytes, and a large body's base64 is a large string.
  Object.defineProperty(subject, 'bodyBase64', {
    enumerable: true,
    get: () => (base64 ??= Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')),
  });
  return subject as ResponseSubject;
}

/**
 * Sends one request and applies a step's checks: the status rule (400 or more
 * fails unless the step reads `status` in expect or save, see `unexpectedStatusCheck`),
 * expectations (with `schema` and `maxDuration`), then captures. Transport
 * errors become `errored`.
 */
export async function sendAndCheck(
  request: TransportRequest,
  checks: ResponseChecks,
  ctx: StepContext,
  shape: (response: TransportResponse) => { subject: ResponseSubject; extraChecks?: CheckOutcome[] } = (r) => ({
    subject: responseSubject(r),
  }),
): Promise<StepOutcome & { subject?: ResponseSubject }> {
  const timeoutMs = request.timeoutMs ?? ctx.engine.requestTimeoutMs;
  const followRedirects = request.followRedirects ?? ctx.engine.project.config.followRedirects;
  const result = await ctx.engine.transport.send({
    ...request,
    timeoutMs,
    signal: ctx.engine.signal,
    ...(followRedirects !== undefined ? { followRedirects } : {}),
  });
  if (!result.ok) {
    const { code, message, hint, exchange } = result.error;
    return {
      status: 'errored',
      error: hint ? { code, message, hint } : { code, message },
      exchanges: exchange ? [exchange] : [],
    };
  }
  const { subject, extraChecks = [] } = shape(result.response);
  const outcomes: CheckOutcome[] = [];
  const refused = unexpectedStatusCheck({
    status: result.response.status,
    expect: checks.expect,
    save: checks.save,
    enabled: ctx.engine.project.config.failOnStatusCode !== false,
    bodyText: result.response.bodyText,
  });
  if (refused) outcomes.push(refused);
  outcomes.push(...extraChecks);
  const { maxDuration, ...expectations } = checks.expect ?? {};
  outcomes.push(...checkSubject(subject, expectations, ctx, 'body'));
  const limit = checks.maxDuration ?? (typeof maxDuration === 'string' ? maxDuration : undefined);
  if (limit !== undefined) outcomes.push(durationCheck(result.response.durationMs, parseDuration(limit) ?? 0, limit));
  ctx.scope.assign(LAST_RESPONSE, subject);
  const captured = saveFromSubject(subject, checks.save, ctx);
  outcomes.push(...captured.checks);
  return {
    checks: withRetryNote(outcomes, result.response.exchange),
    exchanges: [result.response.exchange],
    saved: captured.saved,
    subject,
  };
}

/**
 * A failed check of an answer that came after retries says so: the answer may be to a repeat of a
 * request the target had already processed (a 404 to a retried DELETE).
 */
function withRetryNote(checks: CheckOutcome[], exchange: TransportResponse['exchange']): CheckOutcome[] {
  if (!exchange.retries?.length) return checks;
  const note = ` (the request was sent ${exchange.attempts} times: ${exchange.retries.join('; ')})`;
  return checks.map((c) => (c.passed ? c : { ...c, message: `${c.message}${note}` }));
}
