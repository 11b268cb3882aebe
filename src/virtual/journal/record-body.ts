import { parseJsonBody as parseJsonText } from '../../core/parse-json-body.js';
import type { Redactor } from '../../core/redactor.js';
import type { ReceivedRequest } from './journal-record.js';

/**
 * The body as a journal entry shows it: parsed JSON or text, redacted, cut at
 * `maxBytes` (a cut JSON body is shown as text).
 *
 * @example
 * recordBody({ body: Buffer.from('{"card":{"token":"tok_1"}}'), bodySize: 26, contentType: 'application/json', headers: {} }, redactor, 65536)
 * // { body: { card: { token: '[REDACTED]' } }, bodySize: 26 }
 */
export function recordBody(
  received: ReceivedRequest,
  redactor: Redactor,
  maxBytes: number,
): { body?: unknown; bodySize: number; bodyTruncated?: boolean } {
  const { bodySize } = received;
  if (bodySize === 0) return { bodySize };
  const json = bodySize <= maxBytes ? parseJsonBody(received.body, received.contentType) : undefined;
  if (json) return { body: redactor.redactValue(json.value), bodySize };
  const text = redactor.redactText(received.body.toString('utf8', 0, Math.min(bodySize, maxBytes)));
  return bodySize > maxBytes ? { body: text, bodySize, bodyTruncated: true } : { body: text, bodySize };
}

/** A run of 16 digits: the only texts in which the JSON reader can meet an integer beyond 2^53. */
const LONG_DIGITS = /\d{16}/;

/** A request body read as JSON; `hasBigints` is false when it cannot hold a `bigint` (no run of 16 digits). */
export interface RequestJson {
  value: unknown;
  hasBigints: boolean;
}

/**
 * Parses a JSON body once (content type says JSON and it parses), for the contract, journal and
 * resolver. An integer beyond 2^53 is read exactly, as a `bigint` (see `parseJsonBody` in core),
 * so `virtual.expect` and a partner's handler see the id the client sent, digit for digit.
 * `hasBigints` lets the readers that want plain numbers skip walking the value (most bodies).
 */
export function parseJsonBody(body: Buffer, contentType: string | undefined): RequestJson | undefined {
  if (body.length === 0 || !contentType || !contentType.includes('json')) return undefined;
  try {
    const text = body.toString('utf8');
    // Core's reader takes JSON.parse's own path for a text without a run of 16 digits; testing
    // for it here once says so and spares it a second scan.
    const hasBigints = LONG_DIGITS.test(text);
    return { value: hasBigints ? parseJsonText(text) : JSON.parse(text), hasBigints };
  } catch {
    return undefined;
  }
}
