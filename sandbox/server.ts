import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { ApiError } from './http/api-error.js';
import { withTraceparent } from './http/trace-context.js';
import type { Reply, Router } from './http/router.js';

function send(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string | string[]> = { ...(reply.headers ?? {}) };
  if ('redirect' in reply) {
    res.writeHead(reply.status, { ...headers, location: reply.redirect }).end();
    return;
  }
  let body: string;
  if ('json' in reply) {
    body = JSON.stringify(reply.json);
    headers['content-type'] = 'application/json; charset=utf-8';
  } else if ('html' in reply) {
    body = reply.html;
    headers['content-type'] = 'text/html; charset=utf-8';
  } else {
    body = reply.text;
    headers['content-type'] = reply.contentType ?? 'text/plain; charset=utf-8';
  }
  res.writeHead(reply.status ?? 200, { ...headers, 'content-length': Buffer.byteLength(body) }).end(body);
}

/**
 * The sandbox's HTTP server: routes requests, turns `ApiError`s into
 * `{ error: { code, message, fields } }` answers and anything else into a 500
 * that names no internals.
 */
export function createSandboxServer(router: Router, log: (line: string) => void): Server {
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const method = req.method ?? 'GET';
    const match = router.match(method, url.pathname);
    const handle = async (): Promise<Reply> => {
      if (!match) throw new ApiError(404, 'NOT_FOUND', `Failed to find ${method} ${url.pathname}: no such route.`);
      if ('allowed' in match)
        throw new ApiError(
          405,
          'METHOD_NOT_ALLOWED',
          `Failed to ${method} ${url.pathname}: allowed are ${match.allowed.join(', ')}.`,
          {
            headers: { allow: match.allowed.join(', ') },
          },
        );
      return match.handler({ req, res, method, url, params: match.params, query: url.searchParams });
    };
    const traceparent = req.headers.traceparent;
    withTraceparent(typeof traceparent === 'string' ? traceparent : undefined, handle)
      .then((reply) => send(res, reply))
      .catch((error: unknown) => {
        if (res.headersSent) return res.destroy();
        if (error instanceof ApiError)
          return send(res, { status: error.status, json: error.toBody(), headers: error.headers });
        log(`sandbox: ${method} ${url.pathname} failed: ${(error as Error).stack ?? String(error)}`);
        send(res, {
          status: 500,
          json: { error: { code: 'INTERNAL', message: 'The sandbox failed to handle the request.' } },
        });
      });
  });
}
