import { isSensitiveName } from '../../core/sensitive-name.js';
import type { Redactor } from '../../core/redactor.js';
import type { TransportRequest, TransportResult } from '../../engine/transport.js';

/** Hops followed when a step or the config does not say: Playwright's APIRequestContext default (`maxRedirects: 20`). */
export const DEFAULT_MAX_REDIRECTS = 20;

/** The statuses that redirect (RFC 9110 §15.4); 300 and 304 are answers, not redirects. */
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/**
 * `followRedirects` as a number of hops: `true` or absent → `DEFAULT_MAX_REDIRECTS`, `false` → 0
 * (a 3xx is the step's answer), a number → that many hops at most.
 */
export function maxRedirects(option: boolean | number | undefined): number {
  if (option === undefined || option === true) return DEFAULT_MAX_REDIRECTS;
  if (option === false) return 0;
  return Math.max(0, Math.floor(option));
}

/** The URL a request goes to: `url` with the `query` map appended (values encoded by `URLSearchParams`). */
export function requestUrl(request: TransportRequest): URL {
  const url = new URL(request.url);
  if (!request.query) return url;
  for (const [key, value] of Object.entries(request.query)) {
    for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(item));
  }
  return url;
}

/**
 * Sends a request with `sendOne` and follows its redirects, as the Fetch standard's HTTP-redirect
 * fetch does (and Playwright's APIRequestContext): up to `request.followRedirects` hops
 * (`maxRedirects`), each one a new request that `sendOne` checks like any other — `allowedHosts`
 * and the production guard before it is sent. A 303, and a 301 or 302 answer to a POST, is
 * followed with a GET without the body; 307 and 308 keep the method and body. Once a hop leaves
 * the origin, the tenant's credentials are no longer sent (nor an `Authorization` or other
 * credential-named header the step set); cookies go where the jar says they belong.
 *
 * The result is the last answer, its exchange listing the hops (`redirects`). Errors: a hop that
 * is refused fails with the guard's code (`REHEARSE_HOST_NOT_ALLOWED`, `REHEARSE_PRODUCTION_GUARD`)
 * and says which redirect led there; more hops than allowed is `REHEARSE_TOO_MANY_REDIRECTS`.
 */
export async function followRedirects(
  request: TransportRequest,
  sendOne: (request: TransportRequest) => Promise<TransportResult>,
  redactor: Redactor,
): Promise<TransportResult> {
  const max = maxRedirects(request.followRedirects);
  const started = performance.now();
  const hops: string[] = [];
  let current = request;
  let leftOrigin = false;
  for (;;) {
    const result = await sendOne(current);
    if (!result.ok) return withHops(result, hops);
    const { status, headers } = result.response;
    const location = firstValue((headers as Record<string, unknown>).location);
    if (max === 0 || !REDIRECT_STATUSES.has(status) || location === undefined) return withHops(result, hops);
    const from = requestUrl(current);
    let to: URL;
    try {
      to = new URL(location, from);
    } catch {
      return withHops(result, hops); // a Location that is no URL: the 3xx is the answer
    }
    if (to.protocol !== 'http:' && to.protocol !== 'https:') return withHops(result, hops);
    const hop = `${status} ${current.method.toUpperCase()} ${redactor.redactUrl(from)} → ${redactor.redactUrl(to)}`;
    if (hops.length >= max) {
      return {
        ok: false,
        error: {
          code: 'REHEARSE_TOO_MANY_REDIRECTS',
          message: `Failed to follow the redirects of ${request.method.toUpperCase()} ${redactor.redactUrl(requestUrl(request))}: more than ${max} (${[...hops, hop].slice(-3).join('; ')}).`,
          hint: 'A redirect loop (look at the Location headers), or a longer chain: set followRedirects to a higher number, or to false to take the first 3xx as the answer.',
          exchange: result.response.exchange,
        },
      };
    }
    hops.push(hop);
    const method = redirectMethod(status, current.method.toUpperCase());
    const keepsBody = method === current.method.toUpperCase();
    leftOrigin ||= to.origin !== from.origin;
    const elapsed = performance.now() - started;
    current = {
      ...current,
      url: to.href,
      method,
      query: undefined,
      headers: hopHeaders(current.headers, { keepsBody, leftOrigin }),
      ...(keepsBody ? {} : { body: undefined }),
      ...(leftOrigin ? { noAuth: true } : {}),
      ...(request.timeoutMs !== undefined ? { timeoutMs: Math.max(1, request.timeoutMs - elapsed) } : {}),
    };
  }
}

/** Fetch standard, HTTP-redirect fetch step 12: 303 → GET (HEAD stays), 301/302 turn a POST into a GET. */
function redirectMethod(status: number, method: string): string {
  if (status === 303 && method !== 'HEAD' && method !== 'GET') return 'GET';
  if ((status === 301 || status === 302) && method === 'POST') return 'GET';
  return method;
}

function hopHeaders(
  headers: Record<string, string> | undefined,
  rules: { keepsBody: boolean; leftOrigin: boolean },
): Record<string, string> | undefined {
  if (!headers) return undefined;
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (!rules.keepsBody && (lower === 'content-type' || lower.startsWith('content-'))) continue;
    if (lower === 'cookie') continue; // the jar decides what each host gets
    if (rules.leftOrigin && (lower === 'authorization' || lower === 'proxy-authorization' || isSensitiveName(lower)))
      continue;
    out[name] = value;
  }
  return out;
}

function withHops(result: TransportResult, hops: string[]): TransportResult {
  if (!hops.length) return result;
  if (result.ok)
    return { ok: true, response: { ...result.response, exchange: { ...result.response.exchange, redirects: hops } } };
  const { error } = result;
  return {
    ok: false,
    error: {
      ...error,
      message: `${error.message.replace(/\.$/, '')} (following ${hops.length === 1 ? 'a redirect' : `${hops.length} redirects`}: ${hops.join('; ')}).`,
      ...(error.code === 'REHEARSE_HOST_NOT_ALLOWED'
        ? {
            hint: `${error.hint ?? ''} Or set followRedirects: false on the step to take the redirect itself as the answer.`.trim(),
          }
        : {}),
      ...(error.exchange ? { exchange: { ...error.exchange, redirects: hops } } : {}),
    },
  };
}

function firstValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return undefined;
}
