/** Maps what undici throws to Rehearse's error codes and words. */
export function classifyNetworkError(
  error: unknown,
  url: URL,
  timedOut: boolean,
  aborted: boolean,
): { code: string; message: string; hint: string; retryable: boolean } {
  const code = String(
    (error as { code?: unknown })?.code ?? (error as { cause?: { code?: unknown } })?.cause?.code ?? '',
  );
  const target = `${url.origin}${url.pathname}`;
  if (aborted)
    return {
      code: 'REHEARSE_ABORTED',
      message: `Request to ${target} was stopped: the run was interrupted or timed out.`,
      hint: 'Nothing to fix here: the scenario was stopped.',
      retryable: false,
    };
  if (timedOut)
    return {
      code: 'REHEARSE_REQUEST_TIMEOUT',
      message: `Failed to get a response from ${target}: the step's timeout ran out.`,
      hint: 'Raise the step’s `timeout`, or check why the target is slow.',
      retryable: false,
    };
  switch (code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
      return {
        code: 'REHEARSE_CONNECT_TIMEOUT',
        message: `Failed to connect to ${url.host}: the connection timed out.`,
        hint: 'Check that the target is up and reachable from here.',
        retryable: true,
      };
    case 'UND_ERR_HEADERS_TIMEOUT':
      return {
        code: 'REHEARSE_HEADERS_TIMEOUT',
        message: `Failed to get a response from ${target}: no headers within the headers timeout.`,
        hint: 'The target accepted the request but did not answer in time; raise timeouts.headers or check the target.',
        retryable: false,
      };
    case 'UND_ERR_BODY_TIMEOUT':
      return {
        code: 'REHEARSE_BODY_TIMEOUT',
        message: `Failed to read the response body of ${target}: it stalled beyond the body timeout.`,
        hint: 'Raise timeouts.body or check the target.',
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
      return {
        code: 'REHEARSE_CONNECTION_RESET',
        message: `The connection to ${url.host} was reset during ${target}.`,
        hint: 'The target (or a proxy) dropped the connection.',
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
      return {
        code: 'REHEARSE_NETWORK_ERROR',
        message: `Failed to call ${target}: ${(error as Error)?.message ?? String(error)}.`,
        hint: 'Check the target and the network.',
        retryable: false,
      };
  }
}
