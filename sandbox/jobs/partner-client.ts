import { outgoingTraceparent } from '../http/trace-context.js';
import { JobFailure } from './job-queue.js';

export interface PartnerCall {
  baseUrl: string;
  path: string;
  tenantId: string;
  method?: string;
  body?: unknown;
  text?: string;
  contentType?: string;
  idempotencyKey?: string;
  timeoutMs?: number;
}

/**
 * Calls a partner (carrier, tax, payment, supplier, EDI VAN) and sorts its
 * failures: network errors, timeouts, 429 and 5xx may be retried; other 4xx
 * mean the request itself is wrong.
 */
export async function callPartner<T>(call: PartnerCall): Promise<T> {
  const headers: Record<string, string> = {
    'x-tenant-id': call.tenantId,
    'content-type': call.contentType ?? 'application/json',
    accept: 'application/json',
  };
  if (call.idempotencyKey) headers['idempotency-key'] = call.idempotencyKey;
  const traceparent = outgoingTraceparent();
  if (traceparent) headers.traceparent = traceparent;
  let response: Response;
  try {
    response = await fetch(`${call.baseUrl}${call.path}`, {
      method: call.method ?? 'POST',
      headers,
      body: call.text ?? (call.body === undefined ? undefined : JSON.stringify(call.body)),
      signal: AbortSignal.timeout(call.timeoutMs ?? 5000),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    throw new JobFailure(`${call.path}: ${cause}`, true);
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw new JobFailure(`${call.path}: body aborted (${(error as Error).message})`, true, response.status);
  }
  if (response.status === 429 || response.status >= 500)
    throw new JobFailure(`${call.path} answered ${response.status}`, true, response.status);
  if (response.status >= 400)
    throw new JobFailure(`${call.path} answered ${response.status}: ${text.slice(0, 200)}`, false, response.status);
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new JobFailure(
      `${call.path} answered ${response.status} with a body that is not JSON`,
      true,
      response.status,
    );
  }
}
