import { joinedHeaders } from './response-headers.js';
import { decodeBody, MAX_RESPONSE_BODY_BYTES } from './decode-body.js';
import { RehearseError } from './errors.js';

/**
 * Reads a response body to the end as bytes, counting them in `progress` as they arrive (so
 * that a body cut short can be reported as "the connection closed after N bytes"). More than
 * `maxBytes` (default `MAX_RESPONSE_BODY_BYTES`) stops the reading (the stream is destroyed).
 *
 * @throws RehearseError `REHEARSE_BODY_TOO_LARGE` past `maxBytes`; whatever the stream throws
 *   (undici's socket and timeout errors) as it is.
 * @example
 * const bytes = await readBodyBytes(response.body, { bytes: 0 });
 */
export async function readBodyBytes(
  body: AsyncIterable<Uint8Array>,
  progress: { bytes: number },
  maxBytes = MAX_RESPONSE_BODY_BYTES,
): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of body) {
    chunks.push(chunk);
    progress.bytes += chunk.byteLength;
    if (progress.bytes > maxBytes) throw bodyTooLarge(maxBytes);
  }
  return Buffer.concat(chunks);
}

/** The error of a response body past `maxBytes` (code `REHEARSE_BODY_TOO_LARGE`), wherever it is read. */
export function bodyTooLarge(maxBytes: number): RehearseError {
  return new RehearseError(
    'REHEARSE_BODY_TOO_LARGE',
    `Failed to read the body: it has more than ${maxBytes.toLocaleString('en-US')} bytes, the most a response body may have.`,
    {
      hint: 'A body this large is a download, not an answer a scenario checks: have the target answer with less (a page, a filter).',
    },
  );
}

/**
 * Reads a response body to the end as text. With the response's headers, as HTTP says
 * (`decodeBody`: `Content-Encoding` undone, the charset of `Content-Type` honoured, a BOM
 * dropped); a body that cannot be decoded is then read as UTF-8 as it came. Without headers,
 * as UTF-8 (a BOM dropped, as undici's `text()` does). Callers that must tell an undecodable
 * body apart (the API driver) use `readBodyBytes` and `decodeBody` themselves.
 *
 * @throws as `readBodyBytes`.
 * @example
 * const text = await readBodyText(response.body, { bytes: 0 }, response.headers);
 */
export async function readBodyText(
  body: AsyncIterable<Uint8Array>,
  progress: { bytes: number },
  headers?: Record<string, string | string[] | undefined>,
): Promise<string> {
  const bytes = await readBodyBytes(body, progress);
  if (headers) {
    const joined = joinedHeaders(headers);
    const decoded = decodeBody(bytes, {
      'content-type': joined['content-type'],
      'content-encoding': joined['content-encoding'],
    });
    if (decoded.ok) return decoded.text;
  }
  return new TextDecoder().decode(bytes);
}
