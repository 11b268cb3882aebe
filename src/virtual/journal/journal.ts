import { Redactor } from '../../core/redactor.js';
import { compilePathPattern, splitPath } from '../routing/path-pattern.js';
import type { JournalRecord } from './journal-record.js';
import type { JournalEntry, JournalPage, JournalQuery } from './journal-types.js';
import { recordBody } from './record-body.js';

/** A fixed-size ring of records: the oldest is dropped when full. */
class Ring {
  private readonly items: (JournalRecord | undefined)[];
  private start = 0;
  size = 0;
  dropped = 0;

  constructor(private readonly capacity: number) {
    this.items = new Array<JournalRecord | undefined>(capacity);
  }

  push(entry: JournalRecord): void {
    if (this.size < this.capacity) {
      this.items[(this.start + this.size) % this.capacity] = entry;
      this.size++;
    } else {
      this.items[this.start] = entry;
      this.start = (this.start + 1) % this.capacity;
      this.dropped++;
    }
  }

  *values(): Generator<JournalRecord> {
    for (let i = 0; i < this.size; i++) yield this.items[(this.start + i) % this.capacity]!;
  }
}

/**
 * The request journal: one bounded ring buffer per partner (WireMock's
 * request log, bounded so a long soak cannot exhaust memory). Entries are
 * recorded on arrival and completed in place; reads return copies, their
 * headers and body redacted with `redactor` as it stands at the read (so a
 * secret learned after the request arrived is masked too).
 *
 * @example
 * const journal = new Journal({ size: 5000, redactor });
 * journal.query({ partner: 'carrier', route: 'POST /labels' }).total
 */
export class Journal {
  private readonly rings = new Map<string, Ring>();
  private nextId = 1;
  readonly size: number;
  /** Bytes of each request body kept (and shown). */
  readonly maxBodyBytes: number;
  private readonly redactor: Redactor;

  constructor(options: { size?: number; maxBodyBytes?: number; redactor?: Redactor } = {}) {
    this.size = Math.max(1, options.size ?? 10_000);
    this.maxBodyBytes = options.maxBodyBytes ?? 64 * 1024;
    this.redactor = options.redactor ?? new Redactor();
  }

  /** Allocates the next id (ids increase across partners). */
  allocateId(): number {
    return this.nextId++;
  }

  get lastId(): number {
    return this.nextId - 1;
  }

  /**
   * Keeps a request (the record is the journal's from then on; the caller completes it in place
   * as the request goes on). The body is replaced by a copy of its first `maxBodyBytes` bytes: the
   * received one may be a slice of a socket read holding other requests, not to be kept alive.
   */
  record(record: JournalRecord): void {
    const received = record.received;
    const kept = Buffer.allocUnsafe(Math.min(received.bodySize, this.maxBodyBytes));
    received.body.copy(kept, 0, 0, kept.length);
    received.body = kept;
    let ring = this.rings.get(record.partner);
    if (!ring) this.rings.set(record.partner, (ring = new Ring(this.size)));
    ring.push(record);
  }

  query(query: JournalQuery = {}): JournalPage {
    const test = compileQuery(query);
    const hits: JournalRecord[] = [];
    const rings = query.partner !== undefined ? [this.rings.get(query.partner)] : [...this.rings.values()];
    for (const ring of rings) if (ring) for (const entry of ring.values()) if (test(entry)) hits.push(entry);
    if (query.partner === undefined) hits.sort((a, b) => a.id - b.id);
    const kept =
      query.limit !== undefined && query.limit >= 0 ? hits.slice(Math.max(0, hits.length - query.limit)) : hits;
    return { requests: kept.map((e) => structuredClone(this.entryOf(e))), total: hits.length, lastId: this.lastId };
  }

  count(query: JournalQuery = {}): number {
    const test = compileQuery(query);
    let count = 0;
    const rings = query.partner !== undefined ? [this.rings.get(query.partner)] : [...this.rings.values()];
    for (const ring of rings) if (ring) for (const entry of ring.values()) if (test(entry)) count++;
    return count;
  }

  /** Entries dropped from full rings, per partner. */
  dropped(): Record<string, number> {
    return Object.fromEntries([...this.rings].map(([partner, ring]) => [partner, ring.dropped]));
  }

  /** Forgets entries: all, one partner's, and/or one tenant's. */
  clear(options: { partner?: string; tenant?: string } = {}): void {
    for (const [partner, ring] of [...this.rings]) {
      if (options.partner !== undefined && partner !== options.partner) continue;
      if (options.tenant === undefined) {
        this.rings.delete(partner);
        continue;
      }
      const fresh = new Ring(this.size);
      for (const entry of ring.values()) if (entry.tenant !== options.tenant) fresh.push(entry);
      this.rings.set(partner, fresh);
    }
  }

  /** The entry as read: the record's fields in the entry's order, the request's headers and body redacted now. */
  private entryOf(record: JournalRecord): JournalEntry {
    const { id, partner, method, path, query, received, ...rest } = record;
    return {
      id,
      time: new Date(rest.timings.receivedAt).toISOString(),
      partner,
      method,
      path,
      query,
      headers: this.redactor.redactHeaders(received.headers),
      ...recordBody(received, this.redactor, this.maxBodyBytes),
      ...rest,
    };
  }
}

function compileQuery(query: JournalQuery): (entry: JournalRecord) => boolean {
  const method = query.method?.toUpperCase();
  const path = query.path !== undefined ? compilePathPattern(query.path) : undefined;
  const [routeMethod, routePath] = query.route !== undefined ? query.route.trim().split(/\s+/, 2) : [];
  const route =
    routePath !== undefined
      ? compilePathPattern(routePath)
      : query.route !== undefined
        ? compilePathPattern(routeMethod ?? '/')
        : undefined;
  const routeVerb = routePath !== undefined ? routeMethod?.toUpperCase() : undefined;
  const since =
    query.since === undefined ? undefined : typeof query.since === 'number' ? query.since : Date.parse(query.since);
  return (e) => {
    if (method !== undefined && e.method !== method) return false;
    if (path && !path.match(splitPath(e.path))) return false;
    if (
      route &&
      ((routeVerb !== undefined && routeVerb !== '*' && routeVerb !== e.method) || !route.match(splitPath(e.path)))
    )
      return false;
    if (query.tenant !== undefined && e.tenant !== query.tenant) return false;
    if (query.traceId !== undefined && e.traceId !== query.traceId) return false;
    if (query.tradingPartner !== undefined && e.tradingPartner !== query.tradingPartner) return false;
    if (since !== undefined && e.timings.receivedAt < since) return false;
    if (query.afterId !== undefined && e.id <= query.afterId) return false;
    if (query.unmatched !== undefined && e.matched === query.unmatched) return false;
    if (query.status !== undefined && e.status !== query.status) return false;
    if (query.faulted !== undefined && e.faults.length > 0 !== query.faulted) return false;
    if (query.contractViolations !== undefined && (e.contractViolations?.length ?? 0) > 0 !== query.contractViolations)
      return false;
    return true;
  };
}
