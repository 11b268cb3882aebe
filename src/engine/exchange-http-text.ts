import { STATUS_CODES } from 'node:http';
import { parseJsonBody } from '../core/parse-json-body.js';
import { stringifyJson } from '../core/stringify-json.js';
import type { ExchangeRecord } from './results.js';

/** Bytes (UTF-8) of one body shown in the text, by default: a screen or two, not a data set. */
export const HTTP_TEXT_BODY_BYTES = 8 * 1024;

/** Options of `exchangeHttpText`. */
export interface HttpTextOptions {
  /** Most UTF-8 bytes of each body shown; the rest is cut with a note saying how many bytes (default 8 KiB). */
  maxBodyBytes?: number;
}

/**
 * One recorded exchange as HTTP text a person reads, the way RFC 9110 messages and `.http` files
 * are written: comment lines (`# `) with the start time (ISO, UTC), durations (ms), attempts,
 * retries, redirects, the traceparent and the transport error; then the request line, its header
 * fields, a blank line and its body; then `HTTP <status> <reason>`, the response's header fields,
 * a blank line and its body (or `(no response)`). A JSON body (a `json` or `+json` content type,
 * or a body that starts like JSON) is pretty-printed, big integers digit for digit; any other
 * body is shown as recorded. A body longer than `maxBodyBytes` is cut at a character boundary
 * with a note saying how many bytes were cut. The record is used as it is: the driver redacted
 * it, and nothing unredacted is read here.
 *
 * @example
 * exchangeHttpText({ request: { method: 'GET', url: 'http://t/api/orders/1', headers: {} },
 *   response: { status: 404, headers: {}, body: '{"code":"NOT_FOUND"}' },
 *   timings: { startedAt: '2026-12-04T03:00:00.000Z', totalMs: 12 }, attempts: 1, traceparent: '' })
 * // '# 2026-12-04T03:00:00.000Z · 12 ms\nGET http://t/api/orders/1\n\nHTTP 404 Not Found\n\n{\n  "code": "NOT_FOUND"\n}\n'
 */
export function exchangeHttpText(exchange: ExchangeRecord, options: HttpTextOptions = {}): string {
  const max = options.maxBodyBytes ?? HTTP_TEXT_BODY_BYTES;
  const lines = commentLines(exchange);
  const { request, response } = exchange;
  lines.push(`${request.method} ${request.url}`, ...headerLines(request.headers));
  if (request.body !== undefined && request.body !== '')
    lines.push('', boundedBody(request.body, request.headers, max));
  lines.push('');
  if (!response) {
    lines.push(exchange.error ? `(no response: ${exchange.error})` : '(no response)');
    return `${lines.join('\n')}\n`;
  }
  const reason = STATUS_CODES[response.status];
  lines.push(`HTTP ${response.status}${reason ? ` ${reason}` : ''}`, ...headerLines(response.headers));
  if (response.body !== undefined && response.body !== '')
    lines.push('', boundedBody(response.body, response.headers, max));
  return `${lines.join('\n')}\n`;
}

/** The one-line name of an exchange: `POST /api/orders → 422` (path and query only, the origin left out). */
export function exchangeLabel(exchange: ExchangeRecord): string {
  const { request, response } = exchange;
  let target = request.url;
  try {
    const url = new URL(request.url);
    target = `${url.pathname}${url.search}`;
  } catch {
    /* not absolute: shown as recorded */
  }
  const outcome = response ? String(response.status) : 'no response';
  return `${request.method} ${target} → ${outcome}`;
}

function commentLines(exchange: ExchangeRecord): string[] {
  const { timings } = exchange;
  const parts = [timings.connectMs, timings.ttfbMs].some((v) => v !== undefined)
    ? ` (${[
        timings.connectMs !== undefined ? `connect ${timings.connectMs} ms` : '',
        timings.ttfbMs !== undefined ? `first byte ${timings.ttfbMs} ms` : '',
      ]
        .filter(Boolean)
        .join(', ')})`
    : '';
  const attempts = exchange.attempts > 1 ? ` · ${exchange.attempts} attempts` : '';
  const lines = [`# ${timings.startedAt} · ${timings.totalMs} ms${parts}${attempts}`];
  for (const [i, why] of (exchange.retries ?? []).entries()) lines.push(`# retry after attempt ${i + 1}: ${why}`);
  for (const hop of exchange.redirects ?? []) lines.push(`# redirect: ${hop}`);
  // The request's own header says it already, when it was sent (a request that never left has none).
  if (exchange.traceparent && !Object.keys(exchange.request.headers).some((n) => n.toLowerCase() === 'traceparent'))
    lines.push(`# traceparent: ${exchange.traceparent}`);
  if (exchange.error && exchange.response) lines.push(`# error: ${exchange.error}`);
  return lines;
}

function headerLines(headers: Readonly<Record<string, string>>): string[] {
  return Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
}

function boundedBody(body: string, headers: Readonly<Record<string, string>>, maxBytes: number): string {
  const shown = prettyJson(body, contentTypeOf(headers)) ?? body;
  const bytes = Buffer.byteLength(shown);
  if (bytes <= maxBytes) return shown;
  const kept = cutAtBytes(shown, maxBytes);
  const cut = bytes - Buffer.byteLength(kept);
  return `${kept}\n… (${cut.toLocaleString('en-US')} more bytes cut from this ${bytes.toLocaleString('en-US')}-byte body; the record in rehearse-result.json holds it as recorded)`;
}

function contentTypeOf(headers: Readonly<Record<string, string>>): string {
  for (const [name, value] of Object.entries(headers)) if (name.toLowerCase() === 'content-type') return value;
  return '';
}

/** Pretty JSON (2 spaces), or undefined when the body is not JSON. */
function prettyJson(body: string, contentType: string): string | undefined {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  if (!/[/+]json$/.test(type) && !/^\s*[[{]/.test(body)) return undefined;
  try {
    return stringifyJson(parseJsonBody(body), 2);
  } catch {
    return undefined;
  }
}

/** The longest prefix of `text` of at most `maxBytes` UTF-8 bytes that does not split a character. */
function cutAtBytes(text: string, maxBytes: number): string {
  let bytes = 0;
  let end = 0;
  for (const ch of text) {
    const size = Buffer.byteLength(ch);
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += ch.length;
  }
  return text.slice(0, end);
}
