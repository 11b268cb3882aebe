import type { ShapeFault } from '../faults/fault-types.js';

/**
 * A request as every transport hands it to the hub: the Node server, msw's
 * `setupServer` and Playwright routing all reduce to this.
 */
export interface IncomingCall {
  method: string;
  /** Path including the partner prefix, without the query: `/carrier/labels`. */
  path: string;
  /** The raw query without `?` ('' when none). */
  query: string;
  /** Header names in lower case. */
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** Scheme and host the request was sent to (for `request.url`). */
  origin: string;
}

/** What the transport must do. `empty` and `malformed` body faults are already applied to `body`. */
export type VirtualOutcome =
  | {
      kind: 'response';
      status: number;
      headers: Record<string, string>;
      body: Buffer | string;
      shape?: Extract<ShapeFault, { kind: 'truncated' | 'dribble' }>;
    }
  | { kind: 'reset' }
  | { kind: 'hang'; maxMs: number; released: Promise<void> };

/** A header's single value. */
export function headerValue(headers: IncomingCall['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The trading partner a request concerns: the `X-Trading-Partner` header, the
 * `partner` query parameter, or the receiver (ISA08) of an X12 body.
 */
export function tradingPartnerOf(call: IncomingCall, query: URLSearchParams | undefined): string | undefined {
  const header = headerValue(call.headers, 'x-trading-partner');
  if (header) return header;
  const fromQuery = query?.get('partner');
  if (fromQuery) return fromQuery;
  return isaReceiver(call.body);
}

/** ISA08 (trimmed) of a body starting with an X12 interchange header. */
function isaReceiver(body: Buffer): string | undefined {
  let start = 0;
  while (
    start < body.length &&
    start < 8 &&
    (body[start] === 0xef || body[start] === 0xbb || body[start] === 0xbf || body[start]! <= 0x20)
  )
    start++;
  // Bytes compared, not a string made: this runs for every body (most are JSON, not X12).
  if (body.length < start + 106 || body[start] !== 0x49 || body[start + 1] !== 0x53 || body[start + 2] !== 0x41)
    return undefined;
  const text = body.toString('latin1', start, start + 200);
  const separator = text[3]!;
  const elements = text.split(separator);
  return elements[8]?.trim() || undefined;
}

/** A body that is no longer valid in its content type: the first half, then an HTML error page's opening. */
export function malformBody(body: Buffer | string): string {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  return `${text.slice(0, Math.floor(text.length / 2))}<!DOCTYPE html><title>502 Bad Gateway</title>`;
}

/** Query parameters as a record (repeated names become lists). */
export function queryRecord(query: URLSearchParams | undefined): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  if (!query) return out;
  for (const [name, value] of query) {
    const existing = out[name];
    out[name] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return out;
}

/** A response in the partners' error shape `{ "error": { "code", "message" } }`. */
export function errorOutcome(status: number, code: string, message: string): VirtualOutcome {
  return {
    kind: 'response',
    status,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ error: { code, message } }),
  };
}

/** Applies a body fault: empty and malformed here, truncated and dribble by the transport. */
export function shapeOutcome(outcome: VirtualOutcome, fault: ShapeFault | undefined): VirtualOutcome {
  if (!fault || outcome.kind !== 'response') return outcome;
  if (fault.kind === 'empty') return { ...outcome, body: '' };
  if (fault.kind === 'malformed') return { ...outcome, body: malformBody(outcome.body) };
  return { ...outcome, shape: fault };
}
