import { request as undiciRequest } from 'undici';
import { checkEgress } from '../../core/egress.js';
import { classifyNetworkError } from '../../core/network-error.js';
import { readBodyText } from '../../core/read-body-text.js';
import { joinedHeaders } from '../../core/response-headers.js';

/** A request a partner makes to the target on a tenant's behalf (the EDI VAN's delivery). */
export interface RelayRequest {
  /** An absolute http(s) URL. */
  url: string;
  /** Default POST. */
  method?: string;
  /** Sent as given: they may hold the tenant's credentials. */
  headers?: Record<string, string>;
  body?: string;
  /**
   * The hosts the caller (a run: its environment's `allowedHosts`) allows.
   * Narrows the server's own list; it can never widen it.
   */
  allowedHosts?: readonly string[];
  /** Gives up after this long, connecting and reading included. Default 15 s, at most 10 min. */
  timeoutMs?: number;
}

/** What came back: the target's answer, or why there is none (with the HTTP status the partner should answer). */
export type RelayResult =
  | {
      ok: true;
      status: number;
      /** The target's headers (joined); `Content-Encoding` and `Content-Length` dropped, as `body` is decoded. */
      headers: Record<string, string>;
      /** The answer's text: its `Content-Encoding` undone, read in its `Content-Type` charset. */
      body: string;
      /** A redirect's `Location`: never followed, so credentials never travel to it. */
      location?: string;
    }
  | { ok: false; status: 403 | 502 | 504; error: { code: string; message: string; hint: string } };

/** A partner's way to call the target, with the server's egress rules applied. */
export type Relay = (request: RelayRequest) => Promise<RelayResult>;

const DEFAULT_TIMEOUT_MS = 15_000;
const MAX_TIMEOUT_MS = 600_000;

/**
 * Builds the relay partners get in their context. `serverAllowedHosts` is the
 * server's own list (`rehearse virtual serve --allow-host`); each request may
 * bring the run's list. A URL must be allowed by every list there is, and
 * when there is none the relay refuses: virtual services never carry a
 * tenant's credentials to a host nobody allowed.
 *
 * The connection is refused before it is opened (403,
 * `REHEARSE_HOST_NOT_ALLOWED`); redirects are returned, never followed;
 * failures and timeouts come back as 502/504 with Rehearse's network codes.
 *
 * @example
 * const relay = createRelay(['erp.staging.example.com']);
 * await relay({ url: 'https://erp.staging.example.com/edi/inbound', headers: { authorization }, body: x12, allowedHosts });
 */
export function createRelay(serverAllowedHosts: readonly string[] | undefined): Relay {
  return async (request) => {
    const method = (request.method ?? 'POST').toUpperCase();
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return refuse(`deliver to ${JSON.stringify(request.url.slice(0, 200))}`, 'it is not an absolute URL');
    }
    const action = `deliver to ${url.origin}${url.pathname}`;
    if (!serverAllowedHosts && !request.allowedHosts)
      return refuse(
        action,
        'no host is allowed: the request names no allowedHosts and the virtual services were started without --allow-host',
      );
    const lists: Array<[readonly string[], string]> = [];
    if (serverAllowedHosts) lists.push([serverAllowedHosts, 'the --allow-host list of `rehearse virtual serve`']);
    if (request.allowedHosts)
      lists.push([request.allowedHosts, 'the environment’s allowedHosts in rehearse.config.yaml (the run sends them)']);
    for (const [list, listName] of lists) {
      const refused = checkEgress(url, list, { action, listName });
      if (refused)
        return { ok: false, status: 403, error: { code: refused.code, message: refused.message, hint: refused.hint } };
    }

    const timeoutMs = Math.min(Math.max(1, request.timeoutMs ?? DEFAULT_TIMEOUT_MS), MAX_TIMEOUT_MS);
    const deadline = AbortSignal.timeout(timeoutMs);
    const progress: { phase: 'request' | 'body'; status?: number; bytes: number } = { phase: 'request', bytes: 0 };
    try {
      // undici's request follows no redirect: a 3xx comes back as the answer.
      const response = await undiciRequest(url, {
        method: method as 'POST',
        headers: request.headers ?? {},
        ...(request.body !== undefined ? { body: request.body } : {}),
        signal: deadline,
        // Past the deadline, so the deadline's message (naming it) is the one given.
        headersTimeout: timeoutMs + 1000,
        bodyTimeout: timeoutMs + 1000,
      });
      progress.phase = 'body';
      progress.status = response.statusCode;
      // Content-Encoding undone and the charset of Content-Type read, as the API driver reads answers.
      const body = await readBodyText(response.body, progress, response.headers);
      const headers = joinedHeaders(response.headers);
      delete headers['content-encoding'];
      delete headers['content-length'];
      const location = response.statusCode >= 300 && response.statusCode < 400 ? headers.location : undefined;
      return {
        ok: true,
        status: response.statusCode,
        headers,
        body,
        ...(location ? { location } : {}),
      };
    } catch (error) {
      const failure = classifyNetworkError(error, {
        url,
        ...progress,
        timedOut: deadline.aborted,
        timeoutMs,
        timeoutName: "the VAN's delivery timeout",
        timeoutFix: 'give it more time with the `timeoutMs` of the push (a run passes its step timeout, timeouts.step)',
      });
      return {
        ok: false,
        status: failure.code === 'REHEARSE_REQUEST_TIMEOUT' ? 504 : 502,
        error: { code: failure.code, message: failure.message, hint: failure.hint },
      };
    }
  };
}

function refuse(action: string, why: string): RelayResult {
  return {
    ok: false,
    status: 403,
    error: {
      code: 'REHEARSE_HOST_NOT_ALLOWED',
      message: `Failed to ${action}: ${why}.`,
      hint: 'Start `rehearse virtual serve` with --allow-host <target host>, or send allowedHosts with the request (a Rehearse run sends its environment’s).',
    },
  };
}
