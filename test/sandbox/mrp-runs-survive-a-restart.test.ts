import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startSandbox } from '../../sandbox/index.js';
import { until } from './sandbox-harness.js';

const partners = {
  carrier: 'http://127.0.0.1:9/c',
  tax: 'http://127.0.0.1:9/t',
  payment: 'http://127.0.0.1:9/p',
  supplier: 'http://127.0.0.1:9/s',
  ediVan: 'http://127.0.0.1:9/e',
};

test('an MRP run queued when the sandbox stops is executed after the restart (it is a durable job)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sandbox-mrp-'));
  try {
    // A poll interval of 10 minutes: the run's job cannot start before this sandbox is closed.
    const first = await startSandbox({
      adminToken: 'adm',
      dataDir: dir,
      partners,
      jobs: { pollMs: 600_000 },
      log: () => undefined,
    });
    const provisioned = await fetch(`${first.url}/admin/tenants`, {
      method: 'POST',
      headers: { authorization: 'Bearer adm', 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'mrp-durable', seed: 'manufacturing' }),
    });
    const { apiKey } = (await provisioned.json()) as { apiKey: string };
    const call = async (url: string, path: string, body?: unknown) => {
      const response = await fetch(`${url}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { 'x-api-key': apiKey, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      return { status: response.status, body: (await response.json()) as any };
    };
    await call(first.url, '/api/v1/sales-orders', {
      customer: 'C-CYCLE',
      lines: [{ sku: 'BIKE', qty: 12 }],
      requestedDate: '2030-06-20',
    });
    const started = await call(first.url, '/api/v1/mrp-runs', { today: '2030-06-03', releasePurchaseOrders: false });
    assert.equal(started.status, 202);
    assert.equal((await call(first.url, `/api/v1/mrp-runs/${started.body.id}`)).body.status, 'queued');
    await first.close();

    const second = await startSandbox({
      adminToken: 'adm',
      dataDir: dir,
      partners,
      jobs: { pollMs: 10 },
      log: () => undefined,
    });
    try {
      const run = await until(async () => {
        const r = (await call(second.url, `/api/v1/mrp-runs/${started.body.id}`)).body;
        return r.status === 'completed' ? r : undefined;
      });
      // BIKE: 12 − 5 on hand = 7, due 06-20, released 2 days earlier.
      assert.deepEqual(
        run.plannedOrders
          .filter((p: { sku: string }) => p.sku === 'BIKE')
          .map((p: Record<string, unknown>) => [p.qty, p.releaseDate, p.dueDate]),
        [[7, '2030-06-18', '2030-06-20']],
      );
    } finally {
      await second.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
