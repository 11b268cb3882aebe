import { decodeCharset } from './decode-charset.js';
import { decodeContentEncoding } from './decode-content-encoding.js';

/**
 * The most bytes a response body may have, as received and once decompressed (64 MiB): far
 * more than any answer a scenario checks, and a bound on what a decompression bomb can take.
 */
export const MAX_RESPONSE_BODY_BYTES = 64 * 1024 * 1024;

/** A body as a scenario reads it, or why it cannot be read. */
export type DecodedBody =
  | {
      ok: true;
      /** The content's bytes: `Content-Encoding` undone (the bytes `curl --compressed -o` writes). */
      bytes: Buffer;
      /** Those bytes read in their charset (see `decodeCharset`). */
      text: string;
      /** The WHATWG name of the encoding the text was read with. */
      charset: string;
      /** The content codings undone, in the order they were applied (`['gzip']`). */
      codings: string[];
    }
  | { ok: false; code: 'REHEARSE_BODY_UNREADABLE' | 'REHEARSE_BODY_TOO_LARGE'; message: string; hint: string };

/**
 * Decodes a response body as HTTP says: its `Content-Encoding` undone
 * (`decodeContentEncoding`), then its bytes read in the charset of its `Content-Type`
 * (`decodeCharset`). Never throws; see `decodeContentEncoding` for the failure codes.
 *
 * @example
 * decodeBody(gzipSync(Buffer.from([0x80])), { 'content-encoding': 'gzip', 'content-type': 'text/plain; charset=windows-1252' })
 * // { ok: true, text: '€', charset: 'windows-1252', codings: ['gzip'], bytes: <80> }
 */
export function decodeBody(
  bytes: Buffer,
  headers: { 'content-type'?: string | undefined; 'content-encoding'?: string | undefined },
  maxBytes = MAX_RESPONSE_BODY_BYTES,
): DecodedBody {
  const content = decodeContentEncoding(bytes, headers['content-encoding'], maxBytes);
  if (!content.ok) return content;
  const { text, charset } = decodeCharset(content.bytes, headers['content-type']);
  return { ok: true, bytes: content.bytes, text, charset, codings: content.codings };
}
