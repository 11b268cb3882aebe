import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the test target saw, for assertions. */
export interface TargetLog {
  requests: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: string }>;
  maxInFlight: number;
}

export interface TestTarget {
  url: string;
  log: TargetLog;
  close(): Promise<void>;
}

export interface TestTargetOptions {
  /** Milliseconds before an order's invoice appears (for eventually). */
  invoiceDelayMs?: number;
  /** Delay of /slow responses. */
  slowMs?: number;
  /** Answer /health with this status. */
  healthStatus?: number;
}

/**
 * A small order API on 127.0.0.1 for the CLI's black-box tests: orders with
 * allocation, an invoice that appears after a delay, a slow endpoint that
 * counts concurrency, GraphQL, cookies and a login that checks a bearer token.
 */
export async function startTestTarget(options: TestTargetOptions = {}): Promise<TestTarget> {
  const log: TargetLog = { requests: [], maxInFlight: 0 };
  const orders = new Map<
    string,
    {
      id: string;
      customer: string;
      lines: Array<{ sku: string; qty: number; allocatedQty: number }>;
      status: string;
      createdAt: number;
    }
  >();
  let inFlight = 0;
  let next = 1000;

  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readBody(req);
    log.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
    const url = new URL(req.url ?? '/', 'http://x');
    const send = (status: number, value: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(value));
    };
    const json = () => (body ? (JSON.parse(body) as Record<string, unknown>) : {});
    const route = `${req.method} ${url.pathname}`;
    let match: RegExpExecArray | null;

    if (route === 'GET /health')
      return send(options.healthStatus ?? 200, {
        status: options.healthStatus && options.healthStatus >= 400 ? 'down' : 'ok',
      });
    if (route === 'GET /version')
      return send(200, { version: '9.9.9', commit: 'abc1234', startedAt: new Date().toISOString() });
    if (route === 'POST /api/orders') {
      const input = json();
      if (typeof input.customer !== 'string')
        return send(422, { error: { code: 'VALIDATION', fields: [{ path: 'customer', message: 'required' }] } });
      const id = `SO-${next++}`;
      const lines = ((input.lines as Array<{ sku: string; qty: number }>) ?? []).map((l) => ({
        ...l,
        allocatedQty: 0,
      }));
      const order = { id, customer: input.customer, lines, status: 'OPEN', createdAt: Date.now() };
      orders.set(id, order);
      return send(201, order, { location: `/api/orders/${id}` });
    }
    if ((match = /^GET \/api\/orders\/([\w-]+)$/.exec(route))) {
      const order = orders.get(match[1]!);
      return order ? send(200, order) : send(404, { error: { code: 'NOT_FOUND' } });
    }
    if ((match = /^POST \/api\/orders\/([\w-]+)\/allocate$/.exec(route))) {
      const order = orders.get(match[1]!);
      if (!order) return send(404, { error: { code: 'NOT_FOUND' } });
      for (const line of order.lines) line.allocatedQty = Math.min(line.qty, 3);
      order.status = order.lines.every((l) => l.allocatedQty === l.qty) ? 'ALLOCATED' : 'PARTIALLY_ALLOCATED';
      return send(200, order);
    }
    if ((match = /^POST \/api\/orders\/([\w-]+)\/cancel$/.exec(route))) {
      const order = orders.get(match[1]!);
      if (!order) return send(404, { error: { code: 'NOT_FOUND' } });
      order.status = 'CANCELLED';
      return send(200, order);
    }
    if ((match = /^GET \/api\/invoices$/.exec(route))) {
      const order = orders.get(url.searchParams.get('orderId') ?? '');
      if (!order || Date.now() - order.createdAt < (options.invoiceDelayMs ?? 0)) return send(200, { invoices: [] });
      return send(200, { invoices: [{ orderId: order.id, total: 4200 }] });
    }
    if (route === 'GET /api/slow') {
      inFlight++;
      log.maxInFlight = Math.max(log.maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, options.slowMs ?? 50));
      inFlight--;
      return send(200, { ok: true });
    }
    if (route === 'GET /api/hang') return; // never answers: for timeouts and SIGINT
    if (route === 'POST /login')
      return send(200, { ok: true }, { 'set-cookie': 'session=sess-secret-cookie; Path=/; HttpOnly' });
    if (route === 'GET /api/me') {
      const cookie = req.headers.cookie ?? '';
      return cookie.includes('session=')
        ? send(200, { user: 'qa' })
        : send(401, { error: { code: 'UNAUTHENTICATED' } });
    }
    if (route === 'GET /api/secure') {
      return req.headers.authorization === `Bearer ${process.env.TEST_TARGET_TOKEN ?? 'unset'}`
        ? send(200, { secure: true, echo: req.headers.authorization })
        : send(401, { error: { code: 'UNAUTHENTICATED' } });
    }
    if (route === 'POST /graphql') {
      const { query, variables } = json() as { query: string; variables?: { id?: string } };
      if (query.includes('broken'))
        return send(200, { data: null, errors: [{ message: 'Cannot query field "broken" on type "Query".' }] });
      const order = orders.get(variables?.id ?? '');
      return send(200, { data: { order: order ?? null } });
    }
    send(404, { error: { code: 'NO_ROUTE', message: route } });
  };

  const server: Server = createServer((req, res) => {
    handler(req, res).catch((error: unknown) => {
      res.writeHead(500);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
