import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

/** What the faulty target saw, for assertions. */
export interface FaultyTargetLog {
  requests: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: string }>;
  /** TCP connections accepted: 0 proves nothing was even opened. */
  connections: number;
}

export interface FaultyTarget {
  url: string;
  port: number;
  log: FaultyTargetLog;
  close(): Promise<void>;
}

export const MAINTENANCE_PAGE =
  '<!DOCTYPE html><html><head><title>Down for maintenance</title></head><body><h1>We will be back soon</h1></body></html>';
export const BAD_GATEWAY_PAGE =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n</body>\r\n</html>\r\n';
export const TRUNCATED_JSON = '{"id":"SO-1","customer":"C-1","lines":[{"sku":"SKU-1","qty":2},{"sku":"SK';

/**
 * A target on 127.0.0.1 (or another loopback address) that misbehaves on
 * purpose, for the CLI's black-box tests: HTML where JSON belongs, truncated
 * and compressed bodies, hangs, resets, a death mid-response, redirects
 * elsewhere; plus a healthy /health, a GraphQL endpoint and an EDI inbound.
 *
 * `redirectTo` is where `/api/redirect` and `/edi/moved` send their Location.
 */
export async function startFaultyTarget(
  options: { host?: string; redirectTo?: () => string; healthHangs?: boolean } = {},
): Promise<FaultyTarget> {
  const log: FaultyTargetLog = { requests: [], connections: 0 };
  const handler = (req: IncomingMessage, res: ServerResponse, body: string) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const send = (status: number, text: string | Buffer, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-length': String(Buffer.byteLength(text)), ...headers });
      res.end(text);
    };
    const json = (status: number, value: unknown) =>
      send(status, JSON.stringify(value), { 'content-type': 'application/json' });
    switch (`${req.method} ${url.pathname}`) {
      case 'GET /health':
        if (options.healthHangs) return;
        return json(200, { status: 'ok' });
      case 'GET /version':
        return json(200, { version: '1.2.3' });
      case 'GET /api/orders/1':
        return json(200, { id: 'SO-1', status: 'OPEN' });
      case 'GET /api/maintenance':
        return send(200, MAINTENANCE_PAGE, { 'content-type': 'text/html; charset=utf-8' });
      case 'GET /api/bad-gateway':
        return send(502, BAD_GATEWAY_PAGE, { 'content-type': 'text/html' });
      case 'GET /api/truncated':
        return send(200, TRUNCATED_JSON, { 'content-type': 'application/json' });
      case 'GET /api/gzip':
        // Compressed twice, declared once (a proxy compressing an answer already compressed):
        // undone once, the body is still gzip.
        return send(200, gzipSync(gzipSync(Buffer.from('{"ok":true}'))), {
          'content-type': 'application/json',
          'content-encoding': 'gzip',
        });
      case 'GET /api/hang':
      case 'POST /api/hang':
        return; // accepts the request, never answers
      case 'GET /api/reset':
        req.socket.resetAndDestroy();
        return;
      case 'POST /api/dies':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"orders":[{"id":1},');
        setTimeout(() => req.socket.destroy(), 30);
        return;
      case 'GET /api/redirect':
        return send(302, '', { location: `${options.redirectTo?.() ?? 'http://127.0.0.2/'}landing` });
      case 'POST /edi/moved':
        return send(307, '', { location: `${options.redirectTo?.() ?? 'http://127.0.0.2/'}edi/inbound` });
      case 'POST /edi/inbound':
        return json(202, { accepted: true });
      case 'POST /graphql': {
        const query = (JSON.parse(body || '{}') as { query?: string }).query ?? '';
        return json(200, { data: query.includes('mutation') ? { cancelled: true } : { order: { id: 'SO-1' } } });
      }
      default:
        return json(404, { error: { code: 'NO_ROUTE' } });
    }
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      log.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handler(req, res, body);
    });
  });
  server.on('connection', () => log.connections++);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    port,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
