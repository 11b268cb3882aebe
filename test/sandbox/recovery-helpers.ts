import assert from 'node:assert/strict';
import type { Harness, TenantClient } from './sandbox-harness.js';

/** The admin token `startHarness` gives its sandbox. */
export const ADMIN_TOKEN = 'test-admin-token';

// The admin API's JSON, read freely by assertions.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Answer = { status: number; ms: number; body: any };

/** One admin API call; `ms` is how long the answer took. */
export async function admin(harness: Harness, method: string, path: string, body?: unknown): Promise<Answer> {
  const started = Date.now();
  const response = await fetch(`${harness.sandbox.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, ms: Date.now() - started, body: text ? JSON.parse(text) : undefined };
}

/** Places an order of one standard pump for C-ACME (a card customer); its number. */
export async function placeOrder(tenant: TenantClient, poNumber: string): Promise<string> {
  const order = await tenant.call('POST', '/api/v1/sales-orders', {
    customer: 'C-ACME',
    poNumber,
    lines: [{ sku: 'VALVE-25', qty: 1 }],
  });
  assert.equal(order.status, 201, JSON.stringify(order.body));
  return order.body.id as string;
}

/** Places, allocates and ships an order: label and invoice jobs are queued. Its shipment numbers. */
export async function shipNewOrder(
  tenant: TenantClient,
  poNumber: string,
): Promise<{ order: string; shipments: string[] }> {
  const order = await placeOrder(tenant, poNumber);
  const allocated = await tenant.call('POST', `/api/v1/sales-orders/${order}/allocate`);
  assert.equal(allocated.status, 200, JSON.stringify(allocated.body));
  const shipped = await tenant.call('POST', `/api/v1/sales-orders/${order}/ship`, {});
  assert.equal(shipped.status, 201, JSON.stringify(shipped.body));
  return { order, shipments: (shipped.body.shipments as Array<{ id: string }>).map((s) => s.id) };
}

/** The tenant's jobs, as `GET /api/v1/jobs` lists them. */
export async function jobs(tenant: TenantClient): Promise<
  Array<{
    id: number;
    type: string;
    ref: string;
    status: string;
    attempts: number;
    history: Array<{ outcome: string }>;
  }>
> {
  return (await tenant.call('GET', '/api/v1/jobs')).body.jobs;
}

/** The PO numbers of the tenant's orders. */
export async function orderPoNumbers(tenant: TenantClient): Promise<string[]> {
  const list = await tenant.call('GET', '/api/v1/sales-orders');
  return (list.body.orders as Array<{ poNumber: string | null }>).map((o) => o.poNumber ?? '').sort();
}

/** Runs of a job that succeeded: 1 when it ran exactly once. */
export const successes = (job: { history: Array<{ outcome: string }> }) =>
  job.history.filter((h) => h.outcome === 'succeeded').length;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
