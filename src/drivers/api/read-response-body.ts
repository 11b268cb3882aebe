import { decodeBody } from '../../core/decode-body.js';

/** A response body read and decoded, or why it cannot be read (with the bytes that came). */
export type ResponseBody =
  | { ok: true; text: string; bytes: Buffer; charset: string; codings: string[] }
  | { ok: false; code: string; message: string; hint: string; received: number };

/**
 * A response body's bytes, as received, decoded as HTTP says (`decodeBody`: `Content-Encoding`
 * undone, the charset of `Content-Type`). A body that cannot be decoded, or is too large once
 * decompressed, comes back as `{ ok: false }` with the count of bytes received.
 *
 * @example
 * decodedResponseBody(gzipSync('{"a":1}'), { 'content-encoding': 'gzip' }) // { ok: true, text: '{"a":1}', … }
 */
export function decodedResponseBody(
  bytes: Buffer,
  headers: { 'content-type'?: string | undefined; 'content-encoding'?: string | undefined },
): ResponseBody {
  const decoded = decodeBody(bytes, headers);
  if (!decoded.ok) return { ...decoded, received: bytes.length };
  return { ok: true, text: decoded.text, bytes: decoded.bytes, charset: decoded.charset, codings: decoded.codings };
}
