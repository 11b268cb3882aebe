import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redactor } from '../../src/core/redactor.js';
import { createApiClient, newTraceId, type ApiClient, type ApiClientOptions } from '../../src/drivers/api/index.js';

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface Server {
  url: string;
  port: number;
  /** Every request the server received, in order of arrival. */
  requests: SeenRequest[];
  /** How many TCP connections were accepted. */
  connections: number;
  close(): Promise<void>;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, body: string, index: number) => void | Promise<void>;

/** A real node:http server on 127.0.0.1 (or another loopback address), port 0. */
export async function startServer(handler: Handler, host = '127.0.0.1'): Promise<Server> {
  const requests: SeenRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const index = requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body }) - 1;
      Promise.resolve(handler(req, res, body, index)).catch((error: unknown) => {
        res.writeHead(500);
        res.end(String(error));
      });
    });
  });
  const state: Server = {
    url: '',
    port: 0,
    requests,
    connections: 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  server.on('connection', () => state.connections++);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  state.port = (server.address() as AddressInfo).port;
  state.url = `http://${host}:${state.port}`;
  return state;
}

export function json(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(value));
}

/** An API client allowed to call loopback hosts, with a fresh redactor and trace id. */
export function client(options: Partial<ApiClientOptions> = {}): ApiClient & { redactor: Redactor; traceId: string } {
  const redactor = options.redactor ?? new Redactor();
  const traceId = options.traceId ?? newTraceId();
  const api = createApiClient({ allowedHosts: ['127.0.0.1', '127.0.0.2', '127.1.0.1'], ...options, redactor, traceId });
  return Object.assign(api, { redactor, traceId });
}

/** Narrows a transport result to its response, failing with the error otherwise. */
export function ok<T extends { ok: boolean }>(result: T): Extract<T, { ok: true }> {
  if (!result.ok) throw new Error(`Expected a response, got ${JSON.stringify(result)}`);
  return result as Extract<T, { ok: true }>;
}

export function failed<T extends { ok: boolean }>(result: T): Extract<T, { ok: false }> {
  if (result.ok) throw new Error(`Expected an error, got ${JSON.stringify(result)}`);
  return result as Extract<T, { ok: false }>;
}
