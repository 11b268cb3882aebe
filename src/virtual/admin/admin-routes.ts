import { formatDiagnostics } from '../../core/format-diagnostics.js';
import { InvalidProjectError, isRehearseError } from '../../core/errors.js';
import type { VirtualAdmin } from './admin-types.js';
import { journalQueryFromParams } from './journal-query-params.js';

/** An admin API answer, ready to serialise. */
export interface AdminAnswer {
  status: number;
  body: unknown;
}

type Handler = (args: { params: Record<string, string>; query: URLSearchParams; body: unknown }) => Promise<unknown>;

const asObject = (body: unknown): Record<string, unknown> =>
  body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};

/** The admin API, WireMock-style, under `/__admin`. */
function routes(admin: VirtualAdmin): [string, string, Handler][] {
  return [
    ['GET', '/health', () => admin.health()],
    ['GET', '/partners', () => admin.partners()],
    ['GET', '/partners/:partner/faults', ({ params }) => admin.getFaults(params.partner!)],
    ['PUT', '/partners/:partner/faults', ({ params, body }) => admin.setFaults(params.partner!, asObject(body))],
    [
      'POST',
      '/partners/:partner/faults/next',
      ({ params, body }) => admin.faultNext(params.partner!, asObject(body) as never),
    ],
    [
      'POST',
      '/partners/:partner/reset',
      async ({ params, body }) => (await admin.reset({ ...asObject(body), partner: params.partner! }), { reset: true }),
    ],
    ['POST', '/reset', async ({ body }) => (await admin.reset(asObject(body)), { reset: true })],
    ['PUT', '/runs/:traceId', ({ params, body }) => admin.registerRun(params.traceId!, asObject(body) as never)],
    ['GET', '/requests', ({ query }) => admin.requests(journalQueryFromParams(query))],
    ['POST', '/requests/find', ({ body }) => admin.requests(asObject(body))],
    ['GET', '/requests/count', async ({ query }) => ({ count: await admin.count(journalQueryFromParams(query)) })],
    ['POST', '/requests/count', async ({ body }) => ({ count: await admin.count(asObject(body)) })],
    [
      'GET',
      '/requests/unmatched',
      async ({ query }) => ({ requests: await admin.unmatched(journalQueryFromParams(query)) }),
    ],
    [
      'DELETE',
      '/requests',
      async ({ query }) => (
        await admin.reset({ ...journalQueryFromParams(query), state: false, faults: false }),
        { reset: true }
      ),
    ],
  ];
}

/**
 * Serves one admin request (`path` relative to `/__admin`). User mistakes
 * (unknown partner or profile, invalid rules) come back as 400/404 with the
 * error code, hint and positioned diagnostics.
 *
 * @example
 * await handleAdminRequest(admin, { method: 'GET', path: '/requests/count', query: new URLSearchParams('partner=carrier'), body: undefined })
 * // { status: 200, body: { count: 12 } }
 */
export async function handleAdminRequest(
  admin: VirtualAdmin,
  request: { method: string; path: string; query: URLSearchParams; body: unknown },
): Promise<AdminAnswer> {
  const segments = request.path.split('/').filter(Boolean);
  const table = routes(admin);
  for (const [method, pattern, handler] of table) {
    const parts = pattern.split('/').filter(Boolean);
    if (parts.length !== segments.length) continue;
    const params: Record<string, string> = {};
    if (
      !parts.every((part, i) =>
        part.startsWith(':')
          ? ((params[part.slice(1)] = decodeURIComponent(segments[i]!)), true)
          : part === segments[i],
      )
    )
      continue;
    if (method !== request.method) continue;
    try {
      return { status: 200, body: await handler({ params, query: request.query, body: request.body }) };
    } catch (error) {
      return errorAnswer(error);
    }
  }
  return {
    status: 404,
    body: {
      error: {
        code: 'REHEARSE_VIRTUAL_ADMIN_NOT_FOUND',
        message: `No admin endpoint ${request.method} /__admin${request.path}.`,
      },
      endpoints: table.map(([method, pattern]) => `${method} /__admin${pattern}`),
    },
  };
}

function errorAnswer(error: unknown): AdminAnswer {
  if (error instanceof InvalidProjectError) {
    return {
      status: 400,
      body: {
        error: { code: error.code, message: error.message, hint: error.hint },
        diagnostics: error.diagnostics,
        text: formatDiagnostics(error.diagnostics),
      },
    };
  }
  if (isRehearseError(error)) {
    const status = /UNKNOWN_(PARTNER|PROFILE)$/.test(error.code) ? 404 : 400;
    return { status, body: { error: { code: error.code, message: error.message, hint: error.hint } } };
  }
  return {
    status: 500,
    body: { error: { code: 'REHEARSE_INTERNAL', message: error instanceof Error ? error.message : String(error) } },
  };
}
