import { decodeBody } from '../../core/decode-body.js';
import { RehearseError } from '../../core/errors.js';
import { readBodyBytes } from '../../core/read-body-text.js';

/** A response body read and decoded, or why it cannot be read (with the bytes that came). */
export type ResponseBody =
  | { ok: true; text: string; bytes: Buffer; charset: string; codings: string[] }
  | { ok: false; code: string; message: string; hint: string; received: number };

/**
 * Reads a response body to the end and decodes it as HTTP says (`decodeBody`). A body that
 * cannot be decoded or is too large comes back as `{ ok: false }`; a network failure while it
 * arrives is thrown, as `readBodyBytes` throws it, for the caller's classification.
 *
 * @example
 * const body = await readResponseBody(response.body, progress, { 'content-encoding': 'gzip' });
 */
export async function readResponseBody(
  stream: AsyncIterable<Uint8Array>,
  progress: { bytes: number },
  headers: { 'content-type'?: string | undefined; 'content-encoding'?: string | undefined },
): Promise<ResponseBody> {
  let bytes: Buffer;
  try {
    bytes = await readBodyBytes(stream, progress);
  } catch (error) {
    if (error instanceof RehearseError && error.code === 'REHEARSE_BODY_TOO_LARGE')
      return { ok: false, code: error.code, message: error.message, hint: error.hint ?? '', received: progress.bytes };
    throw error;
  }
  const decoded = decodeBody(bytes, headers);
  if (!decoded.ok) return { ...decoded, received: bytes.length };
  return { ok: true, text: decoded.text, bytes: decoded.bytes, charset: decoded.charset, codings: decoded.codings };
}
