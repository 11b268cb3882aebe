import type { AppliedFault } from '../faults/fault-types.js';

/**
 * One request a virtual partner received, as recorded (redacted) in the
 * journal and returned by the admin API. In-flight requests are already
 * listed, with `outcome: 'pending'`.
 */
export interface JournalEntry {
  /** Increasing across all partners of one server; use `afterId` to read only newer entries. */
  id: number;
  /** ISO time the request arrived. */
  time: string;
  /** The partner (prefix) it was sent to; `(unknown)` when the prefix names none. */
  partner: string;
  method: string;
  /** Path relative to the partner prefix, without the query. */
  path: string;
  query: Record<string, string | string[]>;
  /** Request headers, sensitive ones redacted. */
  headers: Record<string, string>;
  /** The body: parsed JSON or text, redacted, cut at the journal's body limit. */
  body?: unknown;
  bodySize: number;
  bodyTruncated?: boolean;
  tenant?: string;
  /** The W3C trace id of the request's `traceparent`, when it carried one. */
  traceId?: string;
  tradingPartner?: string;
  /** Whether a handler matched; `route` names it (`POST /labels`). */
  matched: boolean;
  route?: string;
  /** Rules of the fault engine that fired for this request. */
  faults: AppliedFault[];
  /** Latency injected by faults, in ms. */
  latencyMs: number;
  /** The status sent; 0 when the connection was reset or hung. */
  status?: number;
  outcome: 'pending' | 'response' | 'reset' | 'hang';
  timings: { receivedAt: number; handlerMs?: number; totalMs?: number };
  /** Where the request breaks the partner's contract (contract.json), if it does. */
  contractViolations?: string[];
  /** The handler's error message when it threw (the response was a 500). */
  error?: string;
}

/**
 * Which journal entries to read. All given fields must match.
 *
 * @example
 * { partner: 'carrier', route: 'POST /labels', tenant: 'acme', afterId: 120 }
 */
export interface JournalQuery {
  partner?: string;
  method?: string;
  /** A path pattern relative to the partner: `/labels`, `/tracking/:id`, `/messages/*`. */
  path?: string;
  /** Method and path pattern: `POST /labels`. */
  route?: string;
  tenant?: string;
  /** Only requests carrying this W3C trace id (one scenario run's work). */
  traceId?: string;
  tradingPartner?: string;
  /** ISO time or epoch ms: entries received at or after it. */
  since?: string | number;
  /** Only entries with a greater id. */
  afterId?: number;
  /** true: only requests no handler matched; false: only matched ones. */
  unmatched?: boolean;
  status?: number;
  /** true: only requests a fault rule fired for. */
  faulted?: boolean;
  /** true: only requests that break the contract. */
  contractViolations?: boolean;
  /** Keep the last N matching entries (chronological order is kept). */
  limit?: number;
}

/** The answer to a journal query. */
export interface JournalPage {
  requests: JournalEntry[];
  /** How many entries matched (before `limit`). */
  total: number;
  /** The newest id in the journal, for a later `afterId`. */
  lastId: number;
}
