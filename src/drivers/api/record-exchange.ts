import type { Redactor } from '../../core/redactor.js';
import { looksBinary } from '../../core/body-kind.js';
import { REDACTED } from '../../core/redactor.js';
import { parseJsonBody } from '../../core/parse-json-body.js';
import { stringifyJson } from '../../core/stringify-json.js';

/**
 * Redacts and truncates a body for the record: sensitive JSON/form fields by name, every secret
 * value. A binary body (an image, a PDF, bytes not valid in their charset) is not shown: the
 * record says what it is and how many bytes (`byteLength`, else its UTF-8 length) it has.
 * `parsed`: the body already read as JSON by `parseJsonBody` (the driver parses every JSON
 * answer once for the checks), so it is not parsed a second time for the record.
 */
export function recordBody(
  body: string | undefined,
  contentType: string | undefined,
  redactor: Redactor,
  limit: number,
  byteLength?: number,
  parsed?: unknown,
): string | undefined {
  if (body === undefined || body === '') return undefined;
  if (looksBinary(body)) {
    const type = (contentType ?? '').split(';')[0]!.trim();
    const size = (byteLength ?? Buffer.byteLength(body)).toLocaleString('en-US');
    return `(binary body: ${size} bytes${type ? ` of ${redactor.redactText(type)}` : ''}, not shown)`;
  }
  let text = body;
  const type = (contentType ?? '').toLowerCase();
  if (type.includes('json') || /^\s*[[{]/.test(body)) {
    try {
      // Read and written losslessly: the record shows the digits the server sent, even past 2^53.
      text = stringifyJson(redactor.redactValue(parsed ?? parseJsonBody(body))) ?? text;
    } catch {
      /* not JSON after all: fall through to text redaction */
    }
  } else if (type.includes('x-www-form-urlencoded')) {
    const form = new URLSearchParams(body);
    for (const key of [...form.keys()]) if (redactor.isSensitiveField(key)) form.set(key, REDACTED);
    text = form.toString();
  }
  text = redactor.redactText(text);
  return text.length > limit ? `${text.slice(0, limit)}… (${text.length - limit} more characters)` : text;
}

/** A URL for the record: user-info and sensitive query parameters hidden by name, secret values by value. */
export function recordUrl(url: URL, redactor: Redactor): string {
  return redactor.redactUrl(url);
}
