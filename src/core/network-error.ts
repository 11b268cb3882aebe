/**
 * Turns what an HTTP client throws (undici's error codes, Node's socket
 * errors, an abort) into Rehearse's codes and words, naming what happened to
 * the target: it refused, hung, reset the connection or died mid-response.
 * Shared by the API driver, the preflight and the virtual EDI VAN's delivery.
 */

/** Where the exchange was when it failed. */
export interface NetworkFailureContext {
  url: URL;
  /** `request` until the response's headers arrived, then `body`. */
  phase: 'request' | 'body';
  /** Status of the response whose body was being read. */
  status?: number;
  /** Bytes of the body received before the failure. */
  bytes?: number;
  /** The request's own deadline ran out (a step's `timeout`, the preflight's budget). */
  timedOut?: boolean;
  /** That deadline, in ms, for the message. */
  timeoutMs?: number;
  /** Which deadline it was: `the step's timeout` (default), `the preflight's timeout`, ... */
  timeoutName?: string;
  /** How to give it more time, ending the hint; default: raise the step's `timeout`. */
  timeoutFix?: string;
  /** The run stopped the request (its signal was aborted); `abortReason` says why. */
  aborted?: boolean;
  abortReason?: unknown;
  /** The client's own timeouts, for the messages of undici's timeout errors. */
  timeouts?: { connectMs?: number; headersMs?: number; bodyMs?: number };
}

export interface NetworkFailure {
  code: string;
  message: string;
  hint: string;
  /** A retry of an idempotent request may succeed (refused, reset, connect timeout). */
  retryable: boolean;
}

/**
 * Why a scenario's signal was aborted because the scenario ran out of time
 * (not because the run was interrupted): pass one to `AbortController.abort`.
 */
export class ScenarioTimeoutReason extends Error {
  readonly code = 'REHEARSE_SCENARIO_TIMEOUT';
  constructor(readonly timeoutMs: number) {
    super(`The scenario's timeout (${timeoutMs} ms) ran out.`);
    this.name = 'ScenarioTimeoutReason';
  }
}

/**
 * Why a signal was aborted because a deadline of the scenario's own passed (an `eventually`
 * block's `within`): the request in flight is stopped and fails with `code`, its message naming
 * `what` ran out. Pass one to `AbortController.abort`.
 */
export class DeadlineReason extends Error {
  constructor(
    /** The error code of a request stopped by it, e.g. `REHEARSE_EVENTUALLY_TIMEOUT`. */
    readonly code: string,
    /** What ran out, for messages: "the eventually block's `within: 2s`". */
    readonly what: string,
    readonly hint: string,
  ) {
    super(`${what} passed.`);
    this.name = 'DeadlineReason';
  }
}

const HANG_HINT =
  'The target accepted the request but did not answer: it may be hung (look at its logs for a stuck worker, a held lock or an exhausted pool), or just slow';

/**
 * Classifies a failed exchange. Never throws.
 *
 * @example
 * classifyNetworkError(error, { url, phase: 'request', timedOut: true, timeoutMs: 30000 })
 * // { code: 'REHEARSE_REQUEST_TIMEOUT', message: 'Failed to get a response from http://x/api/orders: the target did not answer within 30000 ms (the step's timeout).', ... }
 */
export function classifyNetworkError(error: unknown, context: NetworkFailureContext): NetworkFailure {
  const { url } = context;
  const target = `${url.origin}${url.pathname}`;
  const code = errorCode(error);
  const inBody = context.phase === 'body';
  const sofar = `${context.bytes ?? 0} byte${context.bytes === 1 ? '' : 's'}`;
  const bodyWhat = `the body${context.status !== undefined ? ` of its ${context.status} answer` : ''}`;

  if (context.aborted) {
    const reason = context.abortReason;
    if (
      reason instanceof ScenarioTimeoutReason ||
      (reason as { code?: unknown })?.code === 'REHEARSE_SCENARIO_TIMEOUT'
    ) {
      const ms = (reason as { timeoutMs?: number }).timeoutMs;
      return {
        code: 'REHEARSE_SCENARIO_TIMEOUT',
        message: inBody
          ? `Failed to read the response body of ${target}: the scenario's timeout${ms ? ` (${ms} ms)` : ''} ran out while ${bodyWhat} was still arriving (${sofar} so far).`
          : `Failed to get a response from ${target}: the scenario's timeout${ms ? ` (${ms} ms)` : ''} ran out before the target answered.`,
        hint: `${HANG_HINT} — then raise the scenario's \`timeout\` (or timeouts.scenario in rehearse.config.yaml).`,
        retryable: false,
      };
    }
    if (reason instanceof DeadlineReason)
      return {
        code: reason.code,
        message: inBody
          ? `Failed to read the response body of ${target}: ${reason.what} passed while ${bodyWhat} was still arriving (${sofar} so far); the request was stopped.`
          : `Failed to get a response from ${target}: ${reason.what} passed before the target answered; the request was stopped.`,
        hint: reason.hint,
        retryable: false,
      };
    return {
      code: 'REHEARSE_ABORTED',
      message: `Request to ${target} was stopped: the run was interrupted or timed out.`,
      hint: 'Nothing to fix here: the scenario was stopped.',
      retryable: false,
    };
  }
  if (context.timedOut) {
    const within = context.timeoutMs !== undefined ? ` within ${context.timeoutMs} ms` : ' in time';
    const which = context.timeoutName ?? "the step's timeout";
    return {
      code: 'REHEARSE_REQUEST_TIMEOUT',
      message: inBody
        ? `Failed to read the response body of ${target}: the target sent the headers but not the whole body${within} (${which}; ${sofar} arrived).`
        : `Failed to get a response from ${target}: the target did not answer${within} (${which}).`,
      hint: `${HANG_HINT} — then ${context.timeoutFix ?? 'raise the step’s `timeout` (or timeouts.step in rehearse.config.yaml)'}.`,
      retryable: false,
    };
  }
  const ms = (value: number | undefined) => (value !== undefined ? ` (${value} ms)` : '');
  switch (code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
      return {
        code: 'REHEARSE_CONNECT_TIMEOUT',
        message: `Failed to connect to ${url.host}: no connection within the connect timeout${ms(context.timeouts?.connectMs)}.`,
        hint: 'Check that the target is up and reachable from here (a firewall that drops packets looks like this); raise timeouts.connect if the network is slow.',
        retryable: true,
      };
    case 'UND_ERR_HEADERS_TIMEOUT':
      return {
        code: 'REHEARSE_HEADERS_TIMEOUT',
        message: `Failed to get a response from ${target}: no headers within the headers timeout${ms(context.timeouts?.headersMs)}; the target accepted the request but did not answer.`,
        hint: `${HANG_HINT} — then raise timeouts.headers in rehearse.config.yaml.`,
        retryable: false,
      };
    case 'UND_ERR_BODY_TIMEOUT':
      return {
        code: 'REHEARSE_BODY_TIMEOUT',
        message: `Failed to read the response body of ${target}: it stalled beyond the body timeout${ms(context.timeouts?.bodyMs)} (${sofar} arrived).`,
        hint: 'The target started answering, then stopped sending: check the target (or a proxy) for a stuck stream; raise timeouts.body if it is only slow.',
        retryable: false,
      };
    case 'ECONNREFUSED':
      return {
        code: 'REHEARSE_CONNECTION_REFUSED',
        message: `Failed to connect to ${url.host}: connection refused.`,
        hint: 'Nothing listens there: is the target running and the base URL right?',
        retryable: true,
      };
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
    case 'EPIPE':
    case 'UND_ERR_CLOSED':
      return inBody
        ? {
            code: 'REHEARSE_CONNECTION_RESET',
            message: `Failed to read the response body of ${target}: the connection ${code === 'ECONNRESET' ? 'was reset' : 'closed'} after ${sofar} of ${bodyWhat}, before it was complete.`,
            hint: 'The target (or a proxy in front of it) died or dropped the connection mid-response: look for a crash or a restart in its logs.',
            retryable: true,
          }
        : {
            code: 'REHEARSE_CONNECTION_RESET',
            message: `Failed to get a response from ${target}: the connection ${code === 'ECONNRESET' ? 'was reset' : 'closed'} before the target answered.`,
            hint: 'The target (or a proxy in front of it) dropped the connection: look for a crash, a restart or a connection limit in its logs.',
            retryable: true,
          };
    case 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH':
      return {
        code: 'REHEARSE_CONNECTION_RESET',
        message: `Failed to read the response body of ${target}: it ended after ${sofar}, short of its Content-Length.`,
        hint: 'The target (or a proxy) cut the response short: look for a crash or a restart in its logs.',
        retryable: true,
      };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return {
        code: 'REHEARSE_NETWORK_ERROR',
        message: `Failed to resolve ${url.hostname}.`,
        hint: 'Check the host name in the base URL.',
        retryable: false,
      };
    default:
      if ((error as { name?: unknown })?.name === 'HTTPParserError' || code.startsWith('HPE_'))
        return {
          code: 'REHEARSE_PROTOCOL_ERROR',
          message: `Failed to read the answer of ${target}: it is not HTTP/1.1 (${(error as Error).message}).`,
          hint: 'Something other than an HTTP server answers on that port (TLS on an http:// URL, another protocol): check the URL and the port.',
          retryable: false,
        };
      return {
        code: 'REHEARSE_NETWORK_ERROR',
        message: `Failed to call ${target}: ${(error as Error)?.message ?? String(error)}.`,
        hint: 'Check the target and the network.',
        retryable: false,
      };
  }
}

function errorCode(error: unknown): string {
  const direct = (error as { code?: unknown })?.code;
  if (typeof direct === 'string') return direct;
  const cause = (error as { cause?: { code?: unknown } })?.cause?.code;
  return typeof cause === 'string' ? cause : '';
}
