import type { JournalQuery } from '../journal/journal-types.js';

const STRING_KEYS = ['partner', 'method', 'path', 'route', 'tenant', 'traceId', 'tradingPartner'] as const;
const NUMBER_KEYS = ['afterId', 'status', 'limit'] as const;
const BOOLEAN_KEYS = ['unmatched', 'faulted', 'contractViolations'] as const;

/**
 * A journal query as URL query parameters and back (the admin API's
 * `GET /__admin/requests?partner=carrier&route=POST%20/labels`).
 *
 * @example
 * journalQueryToParams({ partner: 'carrier', afterId: 3 }).toString() // 'partner=carrier&afterId=3'
 */
export function journalQueryToParams(query: JournalQuery): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  return params;
}

/** @see journalQueryToParams */
export function journalQueryFromParams(params: URLSearchParams): JournalQuery {
  const query: JournalQuery = {};
  for (const key of STRING_KEYS) {
    const value = params.get(key);
    if (value !== null) query[key] = value;
  }
  for (const key of NUMBER_KEYS) {
    const value = params.get(key);
    if (value !== null && value !== '' && Number.isFinite(Number(value))) query[key] = Number(value);
  }
  for (const key of BOOLEAN_KEYS) {
    const value = params.get(key);
    if (value !== null) query[key] = value === '' || value === 'true' || value === '1';
  }
  const since = params.get('since');
  if (since !== null) query.since = /^\d+$/.test(since) ? Number(since) : since;
  return query;
}
