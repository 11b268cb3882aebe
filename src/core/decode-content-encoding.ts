import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync, type ZlibOptions } from 'node:zlib';

/** The content codings Rehearse undoes (RFC 9110 §8.4.1; `x-gzip` is gzip's old name). */
export const DECODED_CODINGS = ['gzip', 'deflate', 'br'] as const;

/** What undoing a body's `Content-Encoding` gave. */
export type ContentDecoding =
  | { ok: true; bytes: Buffer; codings: string[] }
  | { ok: false; code: 'REHEARSE_BODY_UNREADABLE' | 'REHEARSE_BODY_TOO_LARGE'; message: string; hint: string };

/**
 * Undoes a response's `Content-Encoding`, as browsers, curl `--compressed` and Playwright's
 * APIRequestContext do: `gzip` (and `x-gzip`), `deflate` — zlib-wrapped as RFC 9110 §8.4.1.2 says,
 * or raw deflate as some servers send and browsers accept — and `br`. Codings listed in the
 * order they were applied (`gzip, br`) are undone last first; `identity` is skipped. An empty
 * body (a HEAD, a 204, a 304) is left as it is. Never throws.
 *
 * Failures (values, not exceptions):
 * - `REHEARSE_BODY_UNREADABLE`: a coding Rehearse does not decode (`zstd`, `compress`), or bytes
 *   that are not what their coding says (a corrupt or cut gzip);
 * - `REHEARSE_BODY_TOO_LARGE`: decoded, the body would have more than `maxBytes` bytes (a
 *   decompression bomb is stopped there, not held in memory).
 *
 * @example
 * decodeContentEncoding(gzipSync('{"ok":true}'), 'gzip', 1024) // { ok: true, bytes: <{"ok":true}>, codings: ['gzip'] }
 * decodeContentEncoding(bytes, 'zstd', 1024).message
 * // 'Failed to read the body: it is compressed with zstd (Content-Encoding: zstd), which Rehearse cannot decode.'
 */
export function decodeContentEncoding(bytes: Buffer, header: string | undefined, maxBytes: number): ContentDecoding {
  const codings = (header ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity');
  if (codings.length === 0 || bytes.length === 0) return { ok: true, bytes, codings: [] };
  const said = `Content-Encoding: ${(header ?? '').trim()}`;
  const unknown = codings.find((c) => !isDecoded(c));
  if (unknown)
    return {
      ok: false,
      code: 'REHEARSE_BODY_UNREADABLE',
      message: `Failed to read the body: it is compressed with ${unknown} (${said}), which Rehearse cannot decode (it decodes ${DECODED_CODINGS.join(', ')}).`,
      hint: `Ask for a coding Rehearse reads: send \`accept-encoding: ${DECODED_CODINGS.join(', ')}\` (or \`identity\`) in the step's headers, or have the target (or the proxy in front of it) answer without ${unknown}.`,
    };
  let current = bytes;
  for (const coding of [...codings].reverse()) {
    const options: ZlibOptions = { maxOutputLength: maxBytes };
    try {
      current = undo(coding, current, options);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === 'ERR_BUFFER_TOO_LARGE')
        return {
          ok: false,
          code: 'REHEARSE_BODY_TOO_LARGE',
          message: `Failed to read the body: decompressed (${said}), its ${bytes.length.toLocaleString('en-US')} bytes grow past ${maxBytes.toLocaleString('en-US')} bytes, the most a response body may have.`,
          hint: 'A body this large is a download or a decompression bomb, not an answer a scenario checks: have the target answer with less (a page, a filter).',
        };
      const why = error instanceof Error ? error.message : String(error);
      const cut = code === 'Z_BUF_ERROR' || /unexpected end/i.test(why);
      return {
        ok: false,
        code: 'REHEARSE_BODY_UNREADABLE',
        message: `Failed to read the body: it says ${said}, but its ${bytes.length.toLocaleString('en-US')} bytes are ${cut ? `cut short: the ${coding} data ends before it is complete` : `not valid ${coding} data`} (${why}).`,
        hint: 'The target (or a proxy in front of it) sent a body that does not match its Content-Encoding; a browser refuses it too (ERR_CONTENT_DECODING_FAILED). Look at what compresses the answer.',
      };
    }
  }
  return { ok: true, bytes: current, codings };
}

function isDecoded(coding: string): boolean {
  return coding === 'x-gzip' || (DECODED_CODINGS as readonly string[]).includes(coding);
}

function undo(coding: string, bytes: Buffer, options: ZlibOptions): Buffer {
  if (coding === 'gzip' || coding === 'x-gzip') return gunzipSync(bytes, options);
  if (coding === 'br') return brotliDecompressSync(bytes, options);
  // RFC 1950 header: compression method 8 and a check value that makes the first two bytes a multiple of 31.
  const zlibWrapped = bytes.length >= 2 && (bytes[0]! & 0x0f) === 8 && ((bytes[0]! << 8) | bytes[1]!) % 31 === 0;
  if (!zlibWrapped) return inflateRawSync(bytes, options);
  try {
    return inflateSync(bytes, options);
  } catch (error) {
    // A raw stream can begin with bytes that pass the header check by chance: try it raw too.
    if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') throw error;
    return inflateRawSync(bytes, options);
  }
}
