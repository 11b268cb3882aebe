import type { EngineContext } from '../context.js';

/** How long the count may take at most, ms: it only feeds reports. */
const COUNT_TIMEOUT_MS = 3000;

/**
 * How many requests each virtual partner answered with an injected fault (latency, an error
 * status, a reset, a hang...) during this scenario run: the journal entries carrying the run's
 * trace id for which a fault rule fired (`GET /__admin/requests?traceId=…&faulted=true`).
 * Partners with none are absent. Best effort, for reports: undefined when the environment has no
 * virtual services or they do not answer; it never fails the scenario.
 *
 * @example
 * await faultsInjected(engine) // { carrier: 2, 'edi-van': 5 }
 */
export async function faultsInjected(engine: EngineContext): Promise<Record<string, number> | undefined> {
  if (!engine.virtualUrl) return undefined;
  try {
    const result = await engine.transport.send({
      method: 'GET',
      url: `${engine.virtualUrl.replace(/\/+$/, '')}/__admin/requests`,
      query: { traceId: engine.run.traceId, faulted: 'true' },
      noAuth: true,
      timeoutMs: Math.min(engine.requestTimeoutMs, COUNT_TIMEOUT_MS),
      signal: engine.signal,
    });
    if (!result.ok || result.response.status >= 400) return undefined;
    const requests = (result.response.json as { requests?: Array<{ partner?: unknown }> } | undefined)?.requests;
    if (!Array.isArray(requests)) return undefined;
    const counts: Record<string, number> = {};
    for (const entry of requests) {
      const partner = typeof entry.partner === 'string' ? entry.partner : '(unknown)';
      counts[partner] = (counts[partner] ?? 0) + 1;
    }
    return counts;
  } catch {
    return undefined;
  }
}
