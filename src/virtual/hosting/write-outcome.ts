import type { IncomingMessage, ServerResponse } from 'node:http';
import type { VirtualOutcome } from '../hub/incoming-call.js';

/** Connection-level bookkeeping of a server, so `close()` can end dribbles and hung sockets. */
export interface ConnectionTracker {
  timers: Set<NodeJS.Timeout>;
}

/**
 * Writes an outcome to a Node response: a plain response, a reset socket
 * (RST: the client sees ECONNRESET), a hang (the socket is held until the
 * bound or `close()`), a truncated body (full Content-Length, half the bytes,
 * then the socket closes) or a dribble (chunks with pauses).
 *
 * @example
 * writeOutcome(req, res, await hub.handle(call), tracker);
 */
export function writeOutcome(
  req: IncomingMessage,
  res: ServerResponse,
  outcome: VirtualOutcome,
  tracker: ConnectionTracker,
): void {
  if (outcome.kind === 'reset') {
    resetSocket(req);
    return;
  }
  if (outcome.kind === 'hang') {
    void outcome.released.then(() => req.socket.destroy());
    return;
  }
  const headers: Record<string, string | number> = {};
  for (const name in outcome.headers)
    if (name !== 'content-length' && name !== 'transfer-encoding') headers[name] = outcome.headers[name]!;
  const shape = outcome.shape;
  if (!shape) {
    // A string body goes out in one write with the header block (Node joins them); a Buffer takes a writev.
    headers['content-length'] =
      typeof outcome.body === 'string' ? Buffer.byteLength(outcome.body) : outcome.body.length;
    res.writeHead(outcome.status, headers);
    res.end(outcome.body);
    return;
  }
  const body = typeof outcome.body === 'string' ? Buffer.from(outcome.body) : outcome.body;
  headers['content-length'] = body.length;
  res.writeHead(outcome.status, headers);
  if (shape.kind === 'truncated') {
    const keep = body.subarray(0, Math.floor(body.length / 2));
    if (keep.length === 0) res.flushHeaders();
    res.write(keep, () => req.socket.destroy());
    return;
  }
  let offset = 0;
  const step = () => {
    if (res.destroyed) return;
    const chunk = body.subarray(offset, offset + shape.chunkBytes);
    offset += chunk.length;
    if (offset >= body.length) {
      res.end(chunk);
      return;
    }
    res.write(chunk);
    const timer = setTimeout(() => {
      tracker.timers.delete(timer);
      step();
    }, shape.intervalMs);
    tracker.timers.add(timer);
  };
  step();
}

function resetSocket(req: IncomingMessage): void {
  const socket = req.socket as IncomingMessage['socket'] & { resetAndDestroy?: () => void };
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else socket.destroy();
}
