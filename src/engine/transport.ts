import type { ExchangeRecord } from './results.js';

/**
 * The engine's seam to the API driver: the engine builds requests, a driver
 * (undici in `src/drivers/api`) sends them. Tests can pass any implementation.
 */
export interface TransportRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  query?: Record<string, string | number | boolean | Array<string | number>>;
  body?:
    | { json: unknown }
    | { form: Record<string, string> }
    | { text: string; contentType?: string }
    | { raw: Uint8Array; contentType?: string };
  idempotencyKey?: string;
  /** For every hop together, redirects included. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /**
   * Follow 3xx redirects (`true`: up to 20 hops, Playwright's default), not at all (`false`: the
   * 3xx is the answer), or up to this many hops. Absent: the driver's default (`true`).
   */
  followRedirects?: boolean | number;
  /** Send without the tenant's credentials (token requests, public endpoints). */
  noAuth?: boolean;
  /** An OAuth2 token request: allowed in production although it is a POST. */
  tokenRequest?: boolean;
  /**
   * The body is a GraphQL request built by the `graphql` step: in production
   * its POST is allowed when the document holds only queries.
   */
  graphql?: boolean;
}

/** The environment's outbound rules, as the transport applies them. */
export interface EgressPolicy {
  /** `allowedHosts` of the environment (see `src/core/egress.ts` for the matching). */
  allowedHosts: readonly string[];
  /** The environment is marked `production`. */
  production: boolean;
  /** The scenario is tagged `prod-safe`: the production guard is lifted. */
  prodSafe: boolean;
}

export interface TransportResponse {
  status: number;
  /** Names lower-cased; a repeated header's values joined by `, ` (RFC 9110 §5.3). */
  headers: Record<string, string>;
  /**
   * The headers as a scenario reads them: a repeated header (and `set-cookie` always) as a
   * list of its values (see `headerFields` in the API driver). Absent: `headers` is used.
   */
  headerFields?: Record<string, string | string[]>;
  /** The body as text: `Content-Encoding` undone, read in the charset of `Content-Type`. */
  bodyText: string;
  /** The body's bytes after `Content-Encoding` was undone (before the charset was applied). */
  bodyBytes?: Uint8Array;
  json: unknown;
  durationMs: number;
  /**
   * The redacted record of the exchange. The API driver makes it when it is first read (a getter):
   * redaction and serialisation are most of what it adds to a request, and a step whose record
   * keeps only counts never needs it — read it only to keep it.
   */
  readonly exchange: ExchangeRecord;
}

export interface TransportError {
  code: string;
  message: string;
  hint?: string;
  exchange?: ExchangeRecord;
}

export type TransportResult = { ok: true; response: TransportResponse } | { ok: false; error: TransportError };

export interface HttpTransport {
  send(request: TransportRequest): Promise<TransportResult>;
  /**
   * The tenant's credentials as headers, for a party that calls the target on
   * the tenant's behalf (the virtual EDI VAN delivering a document). The values
   * are registered secrets, so every record of them is redacted.
   */
  authHeaders?(): Promise<Record<string, string>>;
  /**
   * The rules `send` applies, for a step that has another party connect on
   * the run's behalf (the virtual EDI VAN delivering `edi.send`): it checks
   * them itself and passes `allowedHosts` on.
   */
  readonly policy?: EgressPolicy;
  /**
   * Another session over the same transport: its own cookie jar, starting from a copy of this
   * one's cookies, so a `parallel` copy that logs in changes no other copy's session.
   */
  fork?(): HttpTransport;
  /**
   * The same session seen through a narrower view (nothing copied): another cookie jar — `off`
   * (none sent, none kept) or a named one — and default headers under each request's own (an
   * action file's `headers:`, over the tenant profile's and the environment's).
   */
  scoped?(view: { cookies?: 'off' | { jar: string }; headers?: Record<string, string> }): HttpTransport;
}
