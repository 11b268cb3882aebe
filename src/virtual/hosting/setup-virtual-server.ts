import { http, HttpResponse } from 'msw';
import { setupServer, type SetupServerApi } from 'msw/node';
import type { VirtualAdmin } from '../admin/admin-types.js';
import { createLocalAdmin } from '../admin/local-admin.js';
import { createVirtualHub, type VirtualServicesOptions } from '../hub/create-virtual-hub.js';
import type { VirtualOutcome } from '../hub/incoming-call.js';
import type { VirtualHub } from '../hub/virtual-hub.js';

export interface SetupVirtualServerOptions extends VirtualServicesOptions {
  /** The base URL the partners answer under, in-process. Default `http://virtual.rehearse.test`. */
  baseUrl?: string;
}

/** The virtual services as an msw `setupServer` (no port): intercepts `fetch` and `http` in this process. */
export interface VirtualServerSetup {
  /** msw's server: call `listen()` (e.g. `{ onUnhandledRequest: 'bypass' }`) and `close()` as usual. */
  server: SetupServerApi;
  hub: VirtualHub;
  admin: VirtualAdmin;
  partnerUrl(name: string): string;
  /** Closes msw's server and releases pending latencies and hangs. */
  close(): void;
}

/**
 * The same partners, faults and journal in-process, through msw's
 * `setupServer` — for the framework's own outbound calls in tests. msw
 * intercepts `fetch`, `http.request` and XHR; undici's own `request`/`Pool`
 * bypass it (use `startVirtualServices` for those). A reset fault becomes a
 * network error, a hang waits for the bound or `close()`, truncated and
 * dribbled bodies are streams.
 *
 * @example
 * const virtual = await setupVirtualServer({ dir: 'virtual-services', seed: 1 });
 * virtual.server.listen({ onUnhandledRequest: 'bypass' });
 * await fetch(`${virtual.partnerUrl('tax')}/quotes`, { method: 'POST', ... });
 * virtual.close();
 */
export async function setupVirtualServer(options: SetupVirtualServerOptions): Promise<VirtualServerSetup> {
  const hub = await createVirtualHub(options);
  const base = new URL(options.baseUrl ?? 'http://virtual.rehearse.test');
  const basePath = base.pathname.replace(/\/+$/, '');
  const handler = http.all(`${base.origin}${basePath}/*`, async ({ request }) => {
    const url = new URL(request.url);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name.toLowerCase()] = value;
    });
    const body = Buffer.from(await request.arrayBuffer());
    const path = url.pathname.slice(basePath.length) || '/';
    const outcome = await hub.handle({
      method: request.method,
      path,
      query: url.search.slice(1),
      headers,
      body,
      origin: `${base.origin}${basePath}`,
    });
    return toResponse(outcome, request.signal);
  });
  const server = setupServer(handler);
  return {
    server,
    hub,
    admin: createLocalAdmin(hub),
    partnerUrl: (name) => `${base.origin}${basePath}/${hub.runtime(name).definition.name}`,
    close: () => {
      hub.close();
      server.close();
    },
  };
}

async function toResponse(outcome: VirtualOutcome, signal: AbortSignal): Promise<Response> {
  if (outcome.kind === 'reset') return HttpResponse.error();
  if (outcome.kind === 'hang') {
    await Promise.race([
      outcome.released,
      new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true })),
    ]);
    return HttpResponse.error();
  }
  const bytes = typeof outcome.body === 'string' ? Buffer.from(outcome.body) : outcome.body;
  const noBody = outcome.status === 204 || outcome.status === 304;
  const init = { status: outcome.status, headers: outcome.headers };
  if (!outcome.shape || noBody) return new Response(noBody ? null : new Uint8Array(bytes), init);
  const shape = outcome.shape;
  let offset = 0;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (shape.kind === 'truncated') {
        controller.enqueue(new Uint8Array(bytes.subarray(0, Math.floor(bytes.length / 2))));
        controller.error(new Error('connection closed before the body was complete (truncated by a virtual fault)'));
        return;
      }
      if (offset > 0) await new Promise((resolve) => setTimeout(resolve, shape.intervalMs));
      const chunk = bytes.subarray(offset, offset + shape.chunkBytes);
      offset += chunk.length;
      controller.enqueue(new Uint8Array(chunk));
      if (offset >= bytes.length) controller.close();
    },
  });
  return new Response(stream, init);
}
