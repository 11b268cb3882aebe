import type { BrowserContext, Page, Route } from 'playwright-core';
import type { VirtualOutcome } from '../hub/incoming-call.js';
import type { VirtualHub } from '../hub/virtual-hub.js';

export interface RouteVirtualServicesOptions {
  /** Partner → base URL the page calls, e.g. `{ carrier: 'https://api.carrier.example' }`. */
  urls?: Record<string, string>;
  /** For partners not in `urls`: `${baseUrl}/<partner>`. Default `http://virtual.rehearse.test`. */
  baseUrl?: string;
}

/** Stops routing (pending hangs are aborted). */
export interface BrowserRouting {
  dispose(): Promise<void>;
}

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': '*',
  'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
  'access-control-expose-headers': '*',
};

/**
 * Serves partner calls a page makes itself, inside the browser, through
 * Playwright's `route` and the same hub (route table, faults, journal). CORS
 * preflights are answered here. Transport faults map to what a browser can
 * see: reset → `connectionreset`, hang → `timedout` when released, truncated
 * → half the body (fulfilled), dribble → the whole body after the time the
 * chunks would take.
 *
 * @example
 * const routing = await routeVirtualServices(context, virtual.hub, { urls: { carrier: 'https://api.carrier.example' } });
 * await page.goto(appUrl); // the page's fetch('https://api.carrier.example/rates') is answered by the virtual carrier
 * await routing.dispose();
 */
export async function routeVirtualServices(
  target: BrowserContext | Page,
  hub: VirtualHub,
  options: RouteVirtualServicesOptions = {},
): Promise<BrowserRouting> {
  const base = (options.baseUrl ?? 'http://virtual.rehearse.test').replace(/\/+$/, '');
  const prefixes = hub
    .partnerNames()
    .map((partner) => ({ partner, prefix: (options.urls?.[partner] ?? `${base}/${partner}`).replace(/\/+$/, '') }));
  const released = new AbortController();
  const find = (url: string) =>
    prefixes.find(({ prefix }) => url === prefix || url.startsWith(`${prefix}/`) || url.startsWith(`${prefix}?`));
  const matcher = (url: URL) => find(url.href) !== undefined;

  const handler = async (route: Route) => {
    const request = route.request();
    const url = new URL(request.url());
    const hit = find(url.href);
    if (!hit) return route.fallback();
    const headers = await request.allHeaders();
    if (request.method() === 'OPTIONS' && headers['access-control-request-method']) {
      return route.fulfill({ status: 204, headers: { ...CORS, 'access-control-max-age': '600' } });
    }
    const rest = url.href.slice(hit.prefix.length).split('?')[0] ?? '';
    const outcome = await hub.handle({
      method: request.method(),
      path: `/${hit.partner}${rest.startsWith('/') ? rest : `/${rest}`}`,
      query: url.search.slice(1),
      headers,
      body: request.postDataBuffer() ?? Buffer.alloc(0),
      origin: url.origin,
    });
    await fulfill(route, outcome, released.signal);
  };
  await target.route(matcher, handler);
  return {
    async dispose() {
      released.abort();
      await target.unroute(matcher, handler);
    },
  };
}

async function fulfill(route: Route, outcome: VirtualOutcome, released: AbortSignal): Promise<void> {
  if (outcome.kind === 'reset') return route.abort('connectionreset');
  if (outcome.kind === 'hang') {
    await Promise.race([
      outcome.released,
      new Promise((resolve) => released.addEventListener('abort', resolve, { once: true })),
    ]);
    return route.abort('timedout').catch(() => undefined);
  }
  const body = typeof outcome.body === 'string' ? Buffer.from(outcome.body) : outcome.body;
  const headers: Record<string, string> = { ...outcome.headers, ...CORS };
  delete headers['content-length'];
  if (outcome.shape?.kind === 'truncated')
    return route.fulfill({ status: outcome.status, headers, body: body.subarray(0, Math.floor(body.length / 2)) });
  const shape = outcome.shape;
  if (shape?.kind === 'dribble') {
    const pauses = Math.max(0, Math.ceil(body.length / shape.chunkBytes) - 1);
    await new Promise((resolve) => setTimeout(resolve, pauses * shape.intervalMs));
  }
  return route.fulfill({ status: outcome.status, headers, body });
}
