// Shared set-up of the virtual services tests: the shipped partners, real sockets on 127.0.0.1.
import { fileURLToPath } from 'node:url';
import type { Agent } from 'undici';
import { request } from 'undici';
import {
  startVirtualServices,
  type StartVirtualServicesOptions,
  type VirtualServicesHandle,
} from '../../src/virtual/index.js';

export const SERVICES_DIR = fileURLToPath(new URL('../../virtual-services', import.meta.url));

export function start(options: Partial<StartVirtualServicesOptions> = {}): Promise<VirtualServicesHandle> {
  return startVirtualServices({ dir: SERVICES_DIR, seed: 'test', port: 0, host: '127.0.0.1', ...options });
}

export const QUOTE = {
  currency: 'USD',
  shipTo: { region: 'TX', postalCode: '75001', country: 'US' },
  lines: [{ ref: 'l1', amount: 1999 }],
};

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  ms: number;
}

/** POST a JSON body with undici and read the whole answer (throws on socket errors). */
export async function postJson(
  url: string,
  body: unknown,
  options: { headers?: Record<string, string>; dispatcher?: Agent; headersTimeout?: number; bodyTimeout?: number } = {},
): Promise<Answer> {
  const started = performance.now();
  const response = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-tenant-id': 'acme', ...options.headers },
    body: JSON.stringify(body),
    dispatcher: options.dispatcher,
    headersTimeout: options.headersTimeout,
    bodyTimeout: options.bodyTimeout,
  });
  const text = await response.body.text();
  return { status: response.statusCode, headers: response.headers, text, ms: performance.now() - started };
}

export function quote(handle: VirtualServicesHandle, options: Parameters<typeof postJson>[2] = {}): Promise<Answer> {
  return postJson(`${handle.partnerUrl('tax')}/quotes`, QUOTE, options);
}

/** The error code a failed undici call carries (ECONNRESET, UND_ERR_SOCKET, ...). */
export function errorCode(error: unknown): string {
  const e = error as { code?: string; cause?: { code?: string } };
  return e.code ?? e.cause?.code ?? String(error);
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}
