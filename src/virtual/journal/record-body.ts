import { parseJsonBody as parseJsonText } from '../../core/parse-json-body.js';
import type { Redactor } from '../../core/redactor.js';

/**
 * The body as the journal keeps it: parsed JSON or text, redacted, cut at
 * `maxBytes` (a cut JSON body is kept as text).
 *
 * @example
 * recordBody(Buffer.from('{"card":{"token":"tok_1"}}'), { value: {...} }, redactor, 65536)
 * // { body: { card: { token: '[REDACTED]' } }, bodySize: 26 }
 */
export function recordBody(
  body: Buffer,
  json: { value: unknown } | undefined,
  redactor: Redactor,
  maxBytes: number,
): { body?: unknown; bodySize: number; bodyTruncated?: boolean } {
  const bodySize = body.length;
  if (bodySize === 0) return { bodySize };
  if (json && bodySize <= maxBytes) return { body: redactor.redactValue(json.value), bodySize };
  const text = redactor.redactText(body.toString('utf8', 0, Math.min(bodySize, maxBytes)));
  return bodySize > maxBytes ? { body: text, bodySize, bodyTruncated: true } : { body: text, bodySize };
}

/**
 * Parses a JSON body once (content type says JSON and it parses), for the contract, journal and
 * resolver. An integer beyond 2^53 is read exactly, as a `bigint` (see `parseJsonBody` in core),
 * so `virtual.expect` and a partner's handler see the id the client sent, digit for digit.
 */
export function parseJsonBody(body: Buffer, contentType: string | undefined): { value: unknown } | undefined {
  if (body.length === 0 || !contentType || !contentType.includes('json')) return undefined;
  try {
    return { value: parseJsonText(body.toString('utf8')) };
  } catch {
    return undefined;
  }
}
