import { parseDuration } from '../core/duration.js';
import { isTemplate } from '../expression/index.js';
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

/** `ResponseChecks` read once (`planResponseChecks`): what `sendAndCheck` needs on every run. */
export interface PlannedResponseChecks extends ResponseChecks {
  planned: true;
  /** `expect` without its `maxDuration`: the expectations on the response. */
  expectations: Readonly<Record<string, unknown>>;
  /** No `{{ }}` anywhere in `expectations`: they are checked as written, not rendered per run. */
  expectationsAsWritten: boolean;
  /** The step's `maxDuration`, else `expect.maxDuration`, with its value in ms. */
  limit: { text: string; ms: number } | undefined;
}

/**
 * Splits and flags a step's checks once, for a step that runs many times (an `http:` step's plan).
 *
 * @example
 * planResponseChecks({ expect: { status: 200, maxDuration: '2s' } }).limit // { text: '2s', ms: 2000 }
 */
export function planResponseChecks(checks: ResponseChecks): PlannedResponseChecks {
  const { maxDuration, ...rest } = checks.expect ?? {};
  // Without a maxDuration the expectations are `expect` itself: no copy kept per step.
  const expectations = checks.expect && !Object.hasOwn(checks.expect, 'maxDuration') ? checks.expect : rest;
  const limit = checks.maxDuration ?? (typeof maxDuration === 'string' ? maxDuration : undefined);
  // A literal of fixed shape (not a spread of `checks` and then more keys): a plan is kept per step.
  return {
    expect: checks.expect,
    save: checks.save,
    maxDuration: checks.maxDuration,
    planned: true,
    expectations,
    expectationsAsWritten: !holdsTemplate(expectations),
    limit: limit === undefined ? undefined : { text: limit, ms: parseDuration(limit) ?? 0 },
  };
}

/** True when a string anywhere in `value` is a `{{ }}` template (keys are never rendered). */
function holdsTemplate(value: unknown): boolean {
  if (typeof value === 'string') return isTemplate(value);
  if (Array.isArray(value)) return value.some(holdsTemplate);
  if (value && typeof value === 'object') return Object.values(value).some(holdsTemplate);
  return false;
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
  // A getter: most steps never read the bytes, and a large body's base64 is a large string. In
  // the literal (not `Object.defineProperty` afterwards), which V8 builds on its fast path.
  return {
    status: response.status,
    headers: response.headerFields ?? response.headers,
    body: response.json ?? response.bodyText,
    bodySize: bytes.byteLength,
    durationMs: response.durationMs,
    get bodyBase64() {
      return (base64 ??= Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'));
    },
  };
}

/**
 * Sends one request and applies a step's checks: the status rule (400 or more
 * fails unless the step reads `status` in expect or save, see `unexpectedStatusCheck`),
 * expectations (with `schema` and `maxDuration`), then captures. Transport
 * errors become `errored`.
 */
export async function sendAndCheck(
  request: TransportRequest,
  checks: ResponseChecks | PlannedResponseChecks,
  ctx: StepContext,
  shape: (response: TransportResponse) => { subject: ResponseSubject; extraChecks?: CheckOutcome[] } = (r) => ({
    subject: responseSubject(r),
  }),
): Promise<StepOutcome & { subject?: ResponseSubject }> {
  const planned = 'planned' in checks ? checks : planResponseChecks(checks);
  const timeoutMs = request.timeoutMs ?? ctx.engine.requestTimeoutMs;
  const followRedirects = request.followRedirects ?? ctx.engine.project.config.followRedirects;
  // Every field by name, not a spread of `request` with more after it: a literal of one shape is
  // built on V8's fast path, where the spread was about a microsecond of every request. Typed so
  // that a field added to TransportRequest must be named here too.
  const sent: { [K in keyof Required<TransportRequest>]: TransportRequest[K] } = {
    method: request.method,
    url: request.url,
    headers: request.headers,
    query: request.query,
    body: request.body,
    idempotencyKey: request.idempotencyKey,
    timeoutMs,
    signal: ctx.engine.signal,
    followRedirects,
    noAuth: request.noAuth,
    tokenRequest: request.tokenRequest,
    graphql: request.graphql,
  };
  const result = await ctx.engine.transport.send(sent);
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
  outcomes.push(...checkSubject(subject, planned.expectations, ctx, 'body', planned.expectationsAsWritten));
  const { limit } = planned;
  if (limit !== undefined) outcomes.push(durationCheck(result.response.durationMs, limit.ms, limit.text));
  ctx.scope.assign(LAST_RESPONSE, subject);
  const captured = saveFromSubject(subject, checks.save, ctx);
  outcomes.push(...captured.checks);
  const { response } = result;
  return {
    checks: withRetryNote(outcomes, response),
    // The record is made only if the step keeps it (the API driver makes it when first read).
    lateExchanges: { count: 1, make: () => [response.exchange] },
    saved: captured.saved,
    subject,
  };
}

/**
 * A failed check of an answer that came after retries says so: the answer may be to a repeat of a
 * request the target had already processed (a 404 to a retried DELETE).
 */
function withRetryNote(checks: CheckOutcome[], response: TransportResponse): CheckOutcome[] {
  // Only a failed check is noted, and reading the record makes it: look only when one failed.
  if (checks.every((c) => c.passed)) return checks;
  const { exchange } = response;
  if (!exchange.retries?.length) return checks;
  const note = ` (the request was sent ${exchange.attempts} times: ${exchange.retries.join('; ')})`;
  return checks.map((c) => (c.passed ? c : { ...c, message: `${c.message}${note}` }));
}
