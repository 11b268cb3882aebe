import { finished, Readable } from 'node:stream';
import { decodeBody, MAX_RESPONSE_BODY_BYTES } from '../../core/decode-body.js';
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
    bytes =
      stream instanceof Readable ? await readStreamBytes(stream, progress) : await readBodyBytes(stream, progress);
  } catch (error) {
    if (error instanceof RehearseError && error.code === 'REHEARSE_BODY_TOO_LARGE')
      return { ok: false, code: error.code, message: error.message, hint: error.hint ?? '', received: progress.bytes };
    throw error;
  }
  const decoded = decodeBody(bytes, headers);
  if (!decoded.ok) return { ...decoded, received: bytes.length };
  return { ok: true, text: decoded.text, bytes: decoded.bytes, charset: decoded.charset, codings: decoded.codings };
}

/**
 * `readBodyBytes` for a Node stream (undici's response body), by its `data` events rather than
 * its async iterator, which costs a promise and an `eos` per read and was a measurable part of a
 * small answer's request. Same outcome: the bytes counted in `progress` as they arrive; past
 * `MAX_RESPONSE_BODY_BYTES` the stream is destroyed and `REHEARSE_BODY_TOO_LARGE` thrown (the
 * same error `readBodyBytes` throws); a stream error, or a close before the end
 * (`ERR_STREAM_PREMATURE_CLOSE`), is thrown as the iterator throws it (both use `finished`).
 */
function readStreamBytes(stream: Readable, progress: { bytes: number }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let tooLarge: RehearseError | undefined;
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      progress.bytes += chunk.byteLength;
      if (progress.bytes > MAX_RESPONSE_BODY_BYTES && !tooLarge) {
        tooLarge = new RehearseError(
          'REHEARSE_BODY_TOO_LARGE',
          `Failed to read the body: it has more than ${MAX_RESPONSE_BODY_BYTES.toLocaleString('en-US')} bytes, the most a response body may have.`,
          {
            hint: 'A body this large is a download, not an answer a scenario checks: have the target answer with less (a page, a filter).',
          },
        );
        stream.off('data', onData);
        stream.destroy();
      }
    };
    stream.on('data', onData);
    finished(stream, (error) => {
      if (tooLarge) reject(tooLarge);
      else if (error) reject(error);
      else resolve(Buffer.concat(chunks));
    });
  });
}
