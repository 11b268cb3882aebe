import type { Diagnostic } from '../../core/diagnostic.js';
import { InvalidProjectError, RehearseError } from '../../core/errors.js';
import { parseJsonBody } from '../../core/parse-json-body.js';
import { stringifyJson } from '../../core/stringify-json.js';
import type { JournalQuery } from '../journal/journal-types.js';
import type { VirtualAdmin } from './admin-types.js';
import { journalQueryToParams } from './journal-query-params.js';

interface ErrorBody {
  error?: { code?: string; message?: string; hint?: string };
  diagnostics?: Diagnostic[];
}

/**
 * A typed client of the admin API of a running virtual services server (the
 * same operations as the in-process `admin`). Errors come back as
 * `RehearseError` (code and hint from the server) or `InvalidProjectError`
 * (positioned diagnostics for invalid inline rules).
 *
 * @example
 * const admin = createVirtualAdminClient('http://127.0.0.1:4010');
 * await admin.setFaults('carrier', { profile: 'outage' });
 * const { requests } = await admin.requests({ partner: 'carrier', route: 'POST /labels' });
 */
export function createVirtualAdminClient(baseUrl: string, options: { timeoutMs?: number } = {}): VirtualAdmin {
  const root = `${baseUrl.replace(/\/+$/, '').replace(/\/__admin$/, '')}/__admin`;
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    let response: Response;
    try {
      response = await fetch(`${root}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : stringifyJson(body),
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      throw new RehearseError(
        'REHEARSE_VIRTUAL_UNREACHABLE',
        `Failed to reach the virtual services admin API at ${root}: ${error instanceof Error ? error.message : String(error)}.`,
        {
          hint: 'Start them with `rehearse virtual serve` (or startVirtualServices) and check the URL and port.',
          cause: error,
        },
      );
    }
    const text = await response.text();
    const parsed = text ? parseJsonBody(text) : undefined;
    if (response.ok) return parsed as T;
    const failure = (parsed ?? {}) as ErrorBody;
    if (failure.diagnostics?.length) throw new InvalidProjectError(failure.diagnostics);
    throw new RehearseError(
      failure.error?.code ?? 'REHEARSE_VIRTUAL_ADMIN_FAILED',
      failure.error?.message ?? `Failed to call ${method} ${root}${path}: HTTP ${response.status}.`,
      {
        hint: failure.error?.hint,
      },
    );
  };
  const qs = (query: JournalQuery = {}) => {
    const text = journalQueryToParams(query).toString();
    return text ? `?${text}` : '';
  };
  const partner = (name: string) => `/partners/${encodeURIComponent(name)}`;
  return {
    health: () => call('GET', '/health'),
    partners: () => call('GET', '/partners'),
    getFaults: (name) => call('GET', `${partner(name)}/faults`),
    setFaults: (name, selection) => call('PUT', `${partner(name)}/faults`, selection),
    faultNext: (name, next) => call('POST', `${partner(name)}/faults/next`, next),
    registerRun: (traceId, run) => call('PUT', `/runs/${encodeURIComponent(traceId)}`, run),
    reset: async (options = {}) => {
      await call('POST', '/reset', options);
    },
    requests: (query) => call('GET', `/requests${qs(query)}`),
    count: async (query) => (await call<{ count: number }>('GET', `/requests/count${qs(query)}`)).count,
    unmatched: async (query) =>
      (
        await call<{ requests: Awaited<ReturnType<VirtualAdmin['unmatched']>> }>(
          'GET',
          `/requests/unmatched${qs(query)}`,
        )
      ).requests,
  };
}
