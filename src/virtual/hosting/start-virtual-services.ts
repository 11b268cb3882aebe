import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RehearseError } from '../../core/errors.js';
import { stringifyJson } from '../../core/stringify-json.js';
import { handleAdminRequest } from '../admin/admin-routes.js';
import type { VirtualAdmin } from '../admin/admin-types.js';
import { createLocalAdmin } from '../admin/local-admin.js';
import { createVirtualHub, type VirtualServicesOptions } from '../hub/create-virtual-hub.js';
import type { VirtualHub } from '../hub/virtual-hub.js';
import { readBody } from './read-body.js';
import { writeOutcome, type ConnectionTracker } from './write-outcome.js';

export interface StartVirtualServicesOptions extends VirtualServicesOptions {
  /** Port to bind; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /** Largest request body accepted (413 beyond). Default 10 MiB. */
  maxRequestBytes?: number;
}

/** A running virtual services server. */
export interface VirtualServicesHandle {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** Base URL of one partner, e.g. `http://127.0.0.1:4010/carrier` (checked: throws for an unknown partner). */
  partnerUrl(name: string): string;
  /** In-process admin (same operations as the HTTP admin API at `${url}/__admin`). */
  admin: VirtualAdmin;
  hub: VirtualHub;
  /** Stops the server: pending latencies, dribbles and hung sockets are released first. */
  close(): Promise<void>;
}

/**
 * Starts every partner of `dir` on ONE HTTP port, a path prefix per partner
 * (`/carrier/...`, `/payment/...`), with the admin API under `/__admin`.
 *
 * @example
 * const virtual = await startVirtualServices({ dir: 'virtual-services', seed: 42, profiles: { carrier: 'flaky' } });
 * await fetch(`${virtual.partnerUrl('tax')}/quotes`, { method: 'POST', ... });
 * await virtual.close();
 */
export async function startVirtualServices(options: StartVirtualServicesOptions): Promise<VirtualServicesHandle> {
  const hub = await createVirtualHub(options);
  const admin = createLocalAdmin(hub);
  const tracker: ConnectionTracker = { timers: new Set() };
  const limit = options.maxRequestBytes ?? 10 * 1024 * 1024;
  const host = options.host ?? '127.0.0.1';
  let origin = '';

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const raw = req.url ?? '/';
    const q = raw.indexOf('?');
    const path = q === -1 ? raw : raw.slice(0, q);
    const query = q === -1 ? '' : raw.slice(q + 1);
    const method = req.method ?? 'GET';
    const fail = (error: Error) => {
      if (!res.headersSent && !res.destroyed)
        sendJson(res, 413, { error: { code: 'payload_too_large', message: error.message } });
    };
    readBody(
      req,
      limit,
      (body) => {
        if (path === '/__admin' || path.startsWith('/__admin/')) {
          void serveAdmin(admin, res, { method, path: path.slice('/__admin'.length) || '/', query, body });
          return;
        }
        hub.handle({ method, path, query, headers: req.headers, body, origin }).then(
          (outcome) => writeOutcome(req, res, outcome, tracker),
          (error: unknown) =>
            sendJson(res, 500, {
              error: { code: 'internal_error', message: error instanceof Error ? error.message : String(error) },
            }),
        );
      },
      fail,
    );
  };

  const server = createServer({ keepAliveTimeout: 10_000 }, onRequest);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new RehearseError(
          'REHEARSE_VIRTUAL_LISTEN_FAILED',
          `Failed to start the virtual services on ${host}:${options.port ?? 0}: ${error.code ?? error.message}.`,
          {
            hint:
              error.code === 'EADDRINUSE'
                ? 'Another process uses that port: pick another with --port, or 0 for a free one.'
                : undefined,
          },
        ),
      ),
    );
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    url: origin,
    port,
    partnerUrl: (name) => `${origin}/${hub.runtime(name).definition.name}`,
    admin,
    hub,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        hub.close();
        for (const timer of tracker.timers) clearTimeout(timer);
        tracker.timers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}

async function serveAdmin(
  admin: VirtualAdmin,
  res: ServerResponse,
  request: { method: string; path: string; query: string; body: Buffer },
): Promise<void> {
  let body: unknown;
  if (request.body.length) {
    try {
      body = JSON.parse(request.body.toString('utf8'));
    } catch {
      sendJson(res, 400, {
        error: {
          code: 'REHEARSE_VIRTUAL_ADMIN_BAD_JSON',
          message: 'Failed to read the admin request: the body is not JSON.',
        },
      });
      return;
    }
  }
  const answer = await handleAdminRequest(admin, {
    method: request.method,
    path: request.path,
    query: new URLSearchParams(request.query),
    body,
  });
  sendJson(res, answer.status, answer.body);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  // A journal entry may hold an exact big integer (a bigint): written digit for digit.
  const text = stringifyJson(body) ?? 'null';
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
