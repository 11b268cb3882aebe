import { Agent, type Dispatcher } from 'undici';
import { checkEgress } from '../../core/egress.js';
import { errorMessage, RehearseError } from '../../core/errors.js';
import { classifyNetworkError } from '../../core/network-error.js';
import type { Redactor } from '../../core/redactor.js';
import { parseJsonBody } from '../../core/parse-json-body.js';
import { stringifyJson } from '../../core/stringify-json.js';
import type { ExchangeRecord } from '../../engine/results.js';
import type { HttpTransport, TransportRequest, TransportResponse, TransportResult } from '../../engine/transport.js';
import type { AuthProvider } from './auth/auth-provider.js';
import type { CookieJar } from './cookie-jar.js';
import { CookieJars, DEFAULT_JAR } from './cookie-jar.js';
import { productionRefusal } from './production-guard.js';
import { followRedirects, requestUrl } from './follow-redirects.js';
import { decodedResponseBody, type ResponseBody } from './read-response-body.js';
import { dispatchExchange, type ExchangeProgress } from './dispatch-exchange.js';
import { recordBody, recordUrl } from './record-exchange.js';
import { registerAuthSecrets, registerRequestSecrets, registerResponseSecrets } from './register-secrets.js';
import { headerFields } from '../../core/response-headers.js';
import { requestDeadline } from './request-deadline.js';
import { traceparent } from './traceparent.js';

export interface ApiClientOptions {
  redactor: Redactor;
  /** 32 hex characters: one per scenario run. */
  traceId: string;
  allowedHosts: readonly string[];
  production?: boolean;
  /** The scenario is tagged prod-safe: the production guard is lifted. */
  prodSafe?: boolean;
  auth?: AuthProvider | ((client: ApiClient) => AuthProvider);
  timeouts?: { connectMs?: number; headersMs?: number; bodyMs?: number };
  /** Retries of idempotent requests (and keyed POSTs) on network errors. */
  retries?: { count: number; backoffMs: number };
  maxRecordedBodyBytes?: number;
  /** Headers of every request (an environment's and a tenant profile's `headers:`); a request's own win. */
  defaultHeaders?: Record<string, string>;
  userAgent?: string;
  /**
   * The cookie jars this client's session uses (default: new, empty ones). Pass a tenant's jars
   * (`tenantSession`) for cookies shared by the tenant's scenario runs, or the same jars to two
   * clients (a scenario's steps and its cleanup) for one session.
   */
  jars?: CookieJars;
  /** `off`: no cookie is sent or kept, unless a step or an action file names a jar. */
  cookies?: 'off';
  /**
   * Connections shared with other clients (`createConnectionPool`): the passes of a load run
   * reuse their keep-alive connections as k6's virtual users do, instead of connecting again for
   * every pass. The client neither makes nor closes a pool of its own then; `timeouts` are the
   * pool's. Default: a pool of its own, closed with the client (as Playwright's request context
   * per test).
   */
  pool?: Dispatcher;
}

/** How a part of a scenario (an action file, a step) uses the client: see `ApiClient.scoped`. */
export interface SessionView {
  /** `off`: no cookie sent or kept; `{ jar }`: that named jar; absent: as the view it narrows. */
  cookies?: 'off' | { jar: string };
  /** Default headers under the request's own, over the client's (an action file's `headers:`). */
  headers?: Record<string, string>;
  /** Send without the tenant's credentials (a login action's own requests). */
  noAuth?: boolean;
  /** Use fresh jars of its own, dropped with the view (a login that must not leave its cookies behind). */
  ownJars?: boolean;
}

export interface ApiClient extends HttpTransport {
  /** Another session of this client: same pool, options and credentials, a copy of its cookies. */
  fork(): ApiClient;
  /**
   * The same session seen through `view`: another jar (or none), more default headers, no
   * credentials. Nothing is copied: what the view's requests store is in the session's jars.
   */
  scoped(view: SessionView): ApiClient;
  close(): Promise<void>;
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']);

/**
 * The API driver: undici with one keep-alive pool per origin, timeouts,
 * retries of idempotent requests, auth, cookies, `traceparent`, guards for
 * allowed hosts and production, and a redacted record of every exchange.
 * `send` never throws: failures come back as `{ ok: false, error }`.
 *
 * @example
 * const client = createApiClient({ redactor, traceId, allowedHosts: ['127.0.0.1'] });
 * const result = await client.send({ method: 'GET', url: 'http://127.0.0.1:4000/health' });
 */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const agent = options.pool ?? createConnectionPool(options.timeouts);
  const shared: Shared = { agent, options, auth: undefined, allowedOrigins: new Set() };
  const view: Required<Pick<SessionView, 'headers'>> & SessionView = {
    headers: lowerCased(options.defaultHeaders),
    ...(options.cookies === 'off' ? { cookies: 'off' as const } : {}),
  };
  const client = clientWithJar(shared, options.jars ?? new CookieJars(), view, () =>
    options.pool ? Promise.resolve() : agent.close(),
  );
  shared.auth = typeof options.auth === 'function' ? options.auth(client) : options.auth;
  return client;
}

/**
 * A keep-alive connection pool (one per origin) with the driver's timeouts (`timeouts`, ms; the
 * defaults are 10 s to connect, 30 s for the headers, 30 s between body chunks). Idle connections
 * close after 10 s, or sooner when the server's `Keep-Alive` says so, and never keep a process
 * alive. Give it to several clients as `pool` to share its connections.
 */
export function createConnectionPool(timeouts?: ApiClientOptions['timeouts']): Agent {
  const limits = effectiveTimeouts({ ...(timeouts ? { timeouts } : {}) });
  return new Agent({
    keepAliveTimeout: 10_000,
    connect: { timeout: limits.connectMs },
    headersTimeout: limits.headersMs,
    bodyTimeout: limits.bodyMs,
  });
}

/** What every session of one client shares: the connection pool, the options, the credentials. */
interface Shared {
  agent: Dispatcher;
  options: ApiClientOptions;
  auth: AuthProvider | undefined;
  /**
   * Origins `checkEgress` allowed: its answer depends on the scheme, host and port alone, and
   * reading `allowedHosts` again for every request was a measurable part of each one.
   */
  allowedOrigins: Set<string>;
}

/**
 * A client over the shared pool and credentials with its own cookie jars (one session), seen
 * through `view`. `fork()` makes another session that starts from a copy of this one's cookies;
 * closing a fork or a view leaves the pool to the client that made it.
 */
function clientWithJar(
  shared: Shared,
  jars: CookieJars,
  view: SessionView & { headers: Record<string, string> },
  close: () => Promise<void>,
): ApiClient {
  const { agent, options } = shared;
  const jar: CookieJar | undefined =
    view.cookies === 'off' ? undefined : jars.jar(view.cookies === undefined ? DEFAULT_JAR : view.cookies.jar);
  const limit = options.maxRecordedBodyBytes ?? 16_384;
  const { redactor } = options;
  let partsWithoutAuth: HeaderParts | undefined;
  let partsWithAuth: HeaderParts | undefined;
  const client: ApiClient = {
    // Not async itself: `followRedirects` returns the promise, without another one around it.
    send: (request) => followRedirects(request, sendOne, redactor),
    async authHeaders() {
      const auth = shared.auth;
      if (!auth) return {};
      const applied = await auth.apply();
      registerAuthSecrets(redactor, applied);
      return applied.headers;
    },
    policy: {
      allowedHosts: options.allowedHosts,
      production: options.production === true,
      prodSafe: options.prodSafe === true,
    },
    fork: () => clientWithJar(shared, jars.copy(), view, async () => {}),
    scoped: (narrower) =>
      clientWithJar(
        shared,
        narrower.ownJars ? new CookieJars() : jars,
        {
          headers: { ...view.headers, ...lowerCased(narrower.headers) },
          ...(narrower.cookies !== undefined
            ? { cookies: narrower.cookies }
            : view.cookies
              ? { cookies: view.cookies }
              : {}),
          ...(narrower.noAuth || view.noAuth ? { noAuth: true } : {}),
        },
        async () => {},
      ),
    close,
  };
  return client;

  /** What `buildHeaders` reads, made once per session and credentials rather than per request. */
  function headerParts(auth: AuthProvider | undefined): HeaderParts {
    if (!auth) return (partsWithoutAuth ??= { options, defaults: view.headers, jar, auth: undefined });
    if (partsWithAuth?.auth !== auth) partsWithAuth = { options, defaults: view.headers, jar, auth };
    return partsWithAuth;
  }

  /** One request, no redirect followed: guards, credentials (once more after a 401), retries. */
  async function sendOne(request: TransportRequest): Promise<TransportResult> {
    const auth = shared.auth;
    const url = requestUrl(request);
    const method = request.method.toUpperCase();
    const guard = checkGuards(url, method, request, options, view.headers, shared.allowedOrigins);
    if (guard) return { ok: false, error: { ...guard, message: redactor.redactText(guard.message) } };
    const body = encodeBody(request.body);
    let authApplied = false;
    for (let authAttempt = 0; ; authAttempt++) {
      let headers: Record<string, string>;
      try {
        const built = buildHeaders(
          request,
          body.contentType,
          url,
          headerParts(request.noAuth || view.noAuth ? undefined : auth),
        );
        headers = built instanceof Promise ? await built : built;
      } catch (error) {
        const e =
          error instanceof RehearseError
            ? error
            : new RehearseError('REHEARSE_AUTH_FAILED', `Failed to authenticate: ${errorMessage(error)}.`);
        return { ok: false, error: { code: e.code, message: e.message, ...(e.hint ? { hint: e.hint } : {}) } };
      }
      authApplied = Boolean(auth) && !request.noAuth && !view.noAuth;
      // Before anything is recorded: what this request carries is a secret from now on.
      registerRequestSecrets(redactor, {
        url,
        headers,
        body: typeof body.payload === 'string' ? body.payload : undefined,
        contentType: headers['content-type'],
      });
      const result = await sendWithRetries(
        agent,
        url,
        method,
        headers,
        body.payload,
        request,
        options,
        redactor,
        limit,
        jar,
      );
      if (
        result.ok &&
        result.response.status === 401 &&
        authApplied &&
        authAttempt === 0 &&
        auth?.onUnauthorized &&
        (await auth.onUnauthorized(headers))
      )
        continue;
      if (result.ok && result.response.status === 401 && authAttempt > 0) return refusedAgain(result);
      return result;
    }
  }
}

/**
 * The egress check (before any connection, credentials included) and the
 * production guard (see `productionRefusal` for the rule). The headers it
 * reads are the step's and the client's defaults: auth adds no method override.
 */
function checkGuards(
  url: URL,
  method: string,
  request: TransportRequest,
  options: ApiClientOptions,
  defaults: Record<string, string>,
  allowedOrigins: Set<string>,
) {
  if (!allowedOrigins.has(url.origin)) {
    const refused = checkEgress(url, options.allowedHosts, { action: `send ${method} ${url.origin}${url.pathname}` });
    if (refused) return { code: refused.code, message: refused.message, hint: refused.hint };
    allowedOrigins.add(url.origin);
  }
  if (!options.production || options.prodSafe) return undefined;
  const sending = `send ${method} ${url.origin}${url.pathname}`;
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...defaults, ...request.headers })) headers[k.toLowerCase()] = v;
  const reason = productionRefusal({
    method,
    url,
    headers,
    ...(request.body ? { body: request.body } : {}),
    ...(request.tokenRequest ? { tokenRequest: true } : {}),
    ...(request.graphql ? { graphql: true } : {}),
  });
  if (!reason) return undefined;
  return {
    code: 'REHEARSE_PRODUCTION_GUARD',
    message: `Failed to ${sending}: the environment is marked production, and ${reason}.`,
    hint: 'Production runs only what reads. If this scenario is truly safe to run against production, tag it prod-safe.',
  };
}

function encodeBody(body: TransportRequest['body']): {
  payload: string | Uint8Array | undefined;
  contentType: string | undefined;
} {
  if (!body) return { payload: undefined, contentType: undefined };
  if ('json' in body) return { payload: stringifyJson(body.json ?? null), contentType: 'application/json' };
  if ('form' in body)
    return { payload: new URLSearchParams(body.form).toString(), contentType: 'application/x-www-form-urlencoded' };
  if ('text' in body) return { payload: body.text, contentType: body.contentType ?? 'text/plain; charset=utf-8' };
  return { payload: body.raw, contentType: body.contentType ?? 'application/octet-stream' };
}

/**
 * The headers of one request, later ones winning: Rehearse's own (`user-agent`, `accept`), the
 * defaults (environment < tenant profile < action file), `content-type` of the body, the
 * credentials, the jar's cookies (after a cookie the credentials carry), the idempotency key, the
 * step's own headers, and `traceparent`.
 */
function buildHeaders(
  request: TransportRequest,
  contentType: string | undefined,
  url: URL,
  parts: HeaderParts,
): Record<string, string> | Promise<Record<string, string>> {
  const { auth } = parts;
  // Without credentials nothing here waits: the headers are built in this turn, not through an
  // async function's promise and microtask turn on every request.
  if (!auth) return assembleHeaders(request, contentType, url, parts, undefined);
  return auth.apply().then((applied) => {
    registerAuthSecrets(parts.options.redactor, applied);
    return assembleHeaders(request, contentType, url, parts, applied);
  });
}

interface HeaderParts {
  options: ApiClientOptions;
  defaults: Record<string, string>;
  jar: CookieJar | undefined;
  auth: AuthProvider | undefined;
}

/** `buildHeaders` once the credentials (if any) are known, in its order. */
function assembleHeaders(
  request: TransportRequest,
  contentType: string | undefined,
  url: URL,
  parts: HeaderParts,
  applied: { headers: Record<string, string>; query?: Record<string, string> } | undefined,
): Record<string, string> {
  const { options, jar } = parts;
  const headers: Record<string, string> = {
    'user-agent': options.userAgent ?? 'rehearse/0.1',
    accept: 'application/json, */*;q=0.8',
  };
  Object.assign(headers, parts.defaults);
  if (contentType) headers['content-type'] = contentType;
  if (applied) {
    Object.assign(headers, lowerCased(applied.headers));
    for (const [k, v] of Object.entries(applied.query ?? {})) url.searchParams.set(k, v);
  }
  const cookie = jar?.header(url);
  if (cookie) headers.cookie = headers.cookie ? `${headers.cookie}; ${cookie}` : cookie;
  if (request.idempotencyKey) headers['idempotency-key'] = request.idempotencyKey;
  const own = request.headers;
  if (own) for (const k of Object.keys(own)) headers[k.toLowerCase()] = own[k]!;
  headers.traceparent = traceparent(options.traceId);
  return headers;
}

/**
 * An answer as the driver hands it on. Its record is made when first read: redacting and writing
 * it is most of what the driver adds to a request, and a passing step past its run's first
 * thousand keeps only a count (StepRecords). The secrets it holds were registered before, so it is
 * masked as if made now, and by anything learned since. A class, whose getter is shared: an object
 * literal with a getter of its own was built off V8's fast path on every request. A spread copy
 * (`{ ...response }`) leaves the record behind: give it `exchange` itself.
 */
class SentResponse implements TransportResponse {
  #record: (() => ExchangeRecord) | undefined;
  #exchange: ExchangeRecord | undefined;

  constructor(
    readonly status: number,
    readonly headers: Record<string, string>,
    readonly headerFields: Record<string, string | string[]>,
    readonly bodyText: string,
    readonly bodyBytes: Uint8Array,
    readonly json: unknown,
    readonly durationMs: number,
    record: () => ExchangeRecord,
  ) {
    this.#record = record;
  }

  get exchange(): ExchangeRecord {
    if (this.#exchange === undefined) {
      this.#exchange = this.#record!();
      this.#record = undefined;
    }
    return this.#exchange;
  }
}

async function sendWithRetries(
  agent: Dispatcher,
  url: URL,
  method: string,
  headers: Record<string, string>,
  payload: string | Uint8Array | undefined,
  request: TransportRequest,
  options: ApiClientOptions,
  redactor: Redactor,
  limit: number,
  jar: CookieJar | undefined,
): Promise<TransportResult> {
  // `headers` holds `request.idempotencyKey` and any Idempotency-Key header given directly (names lower-cased).
  const retryable = IDEMPOTENT.has(method) || Boolean(headers['idempotency-key']);
  const maxAttempts = 1 + (retryable ? (options.retries?.count ?? 0) : 0);
  const startedAt = new Date();
  const started = performance.now();
  // Why each attempt before the last was retried, for the record and the messages.
  const retried: string[] = [];
  const record = (
    response?: ExchangeRecord['response'],
    error?: string,
    attempts = 1,
    ttfbMs?: number,
    totalMs = performance.now() - started,
  ): ExchangeRecord =>
    // Every part is masked as it is built: the step's final redactValue need not copy it again.
    redactor.masked({
      request: {
        method,
        url: recordUrl(url, redactor),
        headers: redactor.redactHeaders(headers),
        ...(payload !== undefined
          ? {
              body: recordBody(
                typeof payload === 'string' ? payload : Buffer.from(payload).toString('utf8'),
                headers['content-type'],
                redactor,
                limit,
              ),
            }
          : {}),
      },
      ...(response ? { response } : {}),
      timings: {
        startedAt: startedAt.toISOString(),
        ...(ttfbMs !== undefined ? { ttfbMs: round(ttfbMs) } : {}),
        totalMs: round(totalMs),
      },
      attempts,
      ...(retried.length ? { retries: [...retried] } : {}),
      traceparent: headers.traceparent ?? '',
      ...(error ? { error } : {}),
    });

  // One deadline for every attempt: retries never stretch a step past its timeout. A request
  // without one (an OAuth token request) still ends: a body that trickles never trips undici's
  // idle body timeout, so the sum of the client's timeouts bounds it.
  const limits = effectiveTimeouts(options);
  const budgetMs = request.timeoutMs ?? limits.connectMs + limits.headersMs + limits.bodyMs;
  const deadline = requestDeadline(budgetMs, request.signal);
  const deadlineAt = performance.now() + budgetMs;
  const path = `${url.pathname}${url.search}`;
  try {
    for (let attempt = 1; ; attempt++) {
      const attemptStart = performance.now();
      const progress: ExchangeProgress = { phase: 'request', bytes: 0 };
      try {
        const answer = await dispatchExchange(
          agent,
          { origin: url.origin, path, method: method as Dispatcher.HttpMethod, headers, body: payload ?? null },
          deadline,
          progress,
        );
        const ttfb = answer.ttfbMs;
        // Read once: the fields as a scenario reads them, joined for the record and the body checks
        // (what `joinedHeaders` gives, without reading undici's headers a second time).
        const fields = headerFields(answer.headers);
        const responseHeaders = joined(fields);
        const body: ResponseBody = answer.tooLarge
          ? {
              ok: false,
              code: answer.tooLarge.code,
              message: answer.tooLarge.message,
              hint: answer.tooLarge.hint ?? '',
              received: progress.bytes,
            }
          : decodedResponseBody(answer.bytes, responseHeaders);
        // undici frees a keep-alive socket one event-loop turn after the body
        // ends; waiting that turn lets the next sequential request reuse it
        // instead of opening a second connection.
        await new Promise<void>((resolve) => setImmediate(resolve));
        jar?.store(url, answer.headers['set-cookie']);
        const durationMs = round(performance.now() - attemptStart);
        const bodyText = body.ok ? body.text : '';
        const json = parseJson(bodyText, responseHeaders['content-type']);
        // Before the record: a token in the body or a header, or a cookie, is masked in this very exchange.
        registerResponseSecrets(redactor, { headers: answer.headers, json, text: bodyText });
        const totalMs = performance.now() - started;
        const status = answer.status;
        const recordOnce = () => {
          const recorded = body.ok
            ? recordBody(bodyText, responseHeaders['content-type'], redactor, limit, body.bytes.length, json)
            : `(${body.received.toLocaleString('en-US')} bytes, not shown: ${body.code})`;
          const answer = {
            status,
            headers: redactor.redactHeaders(responseHeaders),
            ...(recorded ? { body: recorded } : {}),
          };
          return record(answer, undefined, attempt, ttfb, totalMs);
        };
        if (!body.ok) {
          const exchange = recordOnce();
          const message = body.message.replace(
            /^Failed to read the body:/,
            `Failed to read the body of the ${status} answer from ${method} ${recordUrl(url, redactor)}:`,
          );
          return { ok: false, error: { code: body.code, message, hint: body.hint, exchange } };
        }
        return {
          ok: true,
          response: new SentResponse(
            status,
            responseHeaders,
            fields,
            bodyText,
            body.bytes,
            json,
            durationMs,
            recordOnce,
          ),
        };
      } catch (error) {
        const interrupted = Boolean(request.signal?.aborted);
        const classified = classifyNetworkError(error, {
          url,
          phase: progress.phase,
          bytes: progress.bytes,
          ...(progress.status !== undefined ? { status: progress.status } : {}),
          timedOut: !interrupted && deadline.timedOut,
          timeoutMs: budgetMs,
          ...(request.timeoutMs === undefined
            ? {
                timeoutName: 'the client’s connect + headers + body timeouts',
                timeoutFix: 'raise timeouts.connect, timeouts.headers or timeouts.body in rehearse.config.yaml',
              }
            : {}),
          aborted: interrupted,
          abortReason: request.signal?.reason,
          timeouts: effectiveTimeouts(options),
        });
        // The message names the URL (and may quote undici): hide secret values in it.
        const failure = { ...classified, message: redactor.redactText(classified.message) };
        const backoff = (options.retries?.backoffMs ?? 100) * 2 ** (attempt - 1);
        if (
          failure.retryable &&
          attempt < maxAttempts &&
          !deadline.aborted &&
          performance.now() + backoff < deadlineAt
        ) {
          retried.push(retryReason(attempt, failure, backoff));
          await new Promise((r) => setTimeout(r, backoff));
          continue;
        }
        const exchange = record(undefined, `${failure.code}: ${failure.message}`, attempt);
        return {
          ok: false,
          error: {
            code: failure.code,
            message:
              attempt > 1 ? `${failure.message} (after ${attempt} attempts; ${retried.join('; ')})` : failure.message,
            hint: failure.hint,
            exchange,
          },
        };
      }
    }
  } finally {
    deadline.dispose();
  }
}

/**
 * One retried attempt in words: what went wrong, and whether the target may have acted on it — a
 * connection reset after the request went out may come after the target processed it (a retried
 * DELETE then meets a 404).
 */
function retryReason(attempt: number, failure: { code: string; message: string }, backoffMs: number): string {
  const why = failure.message.replace(/^Failed to .*?: /, '').replace(/\.$/, '');
  const reached = failure.code === 'REHEARSE_CONNECTION_RESET' ? ' (the target may have processed it)' : '';
  return `attempt ${attempt} was retried after ${backoffMs} ms: ${why}${reached}`;
}

function effectiveTimeouts(options: Pick<ApiClientOptions, 'timeouts'>): {
  connectMs: number;
  headersMs: number;
  bodyMs: number;
} {
  return {
    connectMs: options.timeouts?.connectMs ?? 10_000,
    headersMs: options.timeouts?.headersMs ?? 30_000,
    bodyMs: options.timeouts?.bodyMs ?? 30_000,
  };
}

function parseJson(text: string, contentType: string | undefined): unknown {
  if (!text) return undefined;
  if (!(contentType ?? '').includes('json') && !/^\s*[[{]/.test(text)) return undefined;
  try {
    return parseJsonBody(text);
  } catch {
    return undefined;
  }
}

const round = (n: number) => Math.round(n * 10) / 10;

/** `headerFields` with each repeated header's values joined by `, ` (RFC 9110 §5.3), as `joinedHeaders` does. */
function joined(fields: Record<string, string | string[]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(fields)) {
    const value = fields[name]!;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** Header names lower-cased (HTTP names are case-insensitive; one spelling lets later ones replace earlier ones). */
function lowerCased(headers: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) out[k.toLowerCase()] = v;
  return out;
}

/**
 * A 401 to a request sent again with fresh credentials (a new login or token after a first 401):
 * the record says so, and so does the failed check of the status (`withRetryNote`), so the
 * failure reads as "the target refuses even a fresh login", not as a stale token.
 */
function refusedAgain(result: TransportResult & { ok: true }): TransportResult {
  const exchange = result.response.exchange;
  const note =
    'attempt 1 was answered 401 Unauthorized, so the tenant’s credentials were renewed (a fresh login or token) and the request sent again; the target refused the fresh credentials too';
  return {
    ok: true,
    response: {
      ...result.response,
      exchange: { ...exchange, attempts: exchange.attempts + 1, retries: [...(exchange.retries ?? []), note] },
    },
  };
}
