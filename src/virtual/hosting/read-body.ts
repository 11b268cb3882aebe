import type { IncomingMessage } from 'node:http';

const EMPTY = Buffer.alloc(0);

/**
 * Collects a request body; calls back at once when the request declares none
 * (the common GET), without waiting for an event.
 *
 * @example
 * readBody(req, 10 * 1024 * 1024, (body) => ..., (tooLarge) => ...);
 */
export function readBody(
  req: IncomingMessage,
  limit: number,
  done: (body: Buffer) => void,
  fail: (error: Error) => void,
): void {
  const length = req.headers['content-length'];
  if ((length === undefined || length === '0') && req.headers['transfer-encoding'] === undefined) {
    done(EMPTY);
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > limit) {
      req.destroy();
      fail(new Error(`request body larger than ${limit} bytes`));
      return;
    }
    chunks.push(chunk);
  });
  req.on('end', () => done(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
  req.on('error', fail);
}
