import { randomBytes } from 'node:crypto';

/** A W3C trace context header: one trace id per scenario run, a new span id per request. */
export function traceparent(traceId: string): string {
  return `00-${traceId}-${randomBytes(8).toString('hex')}-01`;
}

export function newTraceId(): string {
  return randomBytes(16).toString('hex');
}
