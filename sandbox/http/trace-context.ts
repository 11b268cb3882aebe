import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';

const TRACEPARENT = /^00-([\da-f]{32})-([\da-f]{16})-([\da-f]{2})$/i;
const storage = new AsyncLocalStorage<string | undefined>();

/**
 * W3C trace context, carried the way instrumented services carry it: the
 * `traceparent` of the request that caused some work travels with that work —
 * into the jobs it queues and into the partner calls those jobs make. So a
 * test tool can tell which partner calls its scenario caused.
 */
export function withTraceparent<T>(traceparent: string | undefined, work: () => T): T {
  const valid = traceparent && TRACEPARENT.test(traceparent.trim()) ? traceparent.trim().toLowerCase() : undefined;
  return storage.run(valid, work);
}

/** The traceparent of the work in progress, if it came with one. */
export function currentTraceparent(): string | undefined {
  return storage.getStore();
}

/** A traceparent for an outgoing call: the same trace, a new span. */
export function outgoingTraceparent(): string | undefined {
  const match = TRACEPARENT.exec(storage.getStore() ?? '');
  return match ? `00-${match[1]}-${randomBytes(8).toString('hex')}-${match[3]}` : undefined;
}
