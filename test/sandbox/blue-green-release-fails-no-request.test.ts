import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { startHarness, until, type Harness, type TenantClient } from './sandbox-harness.js';
import { admin, jobs, orderPoNumbers, placeOrder, shipNewOrder, type Answer } from './recovery-helpers.js';

/**
 * Steady traffic (an order placed, then the order list read, back to back) for as long as
 * `during` runs; the statuses it met. Bounded by `during`, which is bounded by the release.
 */
async function underTraffic(tenant: TenantClient, during: () => Promise<Answer>) {
  const statuses: number[] = [];
  let running = true;
  const traffic = (async () => {
    for (let i = 0; running && i < 10_000; i++) {
      const answer =
        i % 2 === 0
          ? await tenant.call('POST', '/api/v1/sales-orders', {
              customer: 'C-ACME',
              poNumber: `PO-T${i}`,
              lines: [{ sku: 'VALVE-25', qty: 1 }],
            })
          : await tenant.call('GET', '/api/v1/sales-orders?status=open');
      statuses.push(answer.status);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  try {
    return { operation: await during(), statuses };
  } finally {
    running = false;
    await traffic;
  }
}

const failed = (statuses: number[]) => statuses.filter((s) => s >= 500).length;
const version = async (harness: Harness) =>
  ((await (await fetch(`${harness.sandbox.url}/version`)).json()) as { version: string }).version;

describe('releases and rollbacks behind one URL', () => {
  test('a blue-green release fails no request; a restart release answers 503 for its downtime; rollback goes back', async () => {
    const harness = await startHarness();
    try {
      const tenant = await harness.tenant('releases');
      assert.equal(await version(harness), '1.4.2');

      const blueGreen = await underTraffic(tenant, () =>
        admin(harness, 'POST', '/admin/release', { version: '2.0.0', mode: 'blue-green', downtimeMs: 800 }),
      );
      assert.equal(blueGreen.operation.status, 200, JSON.stringify(blueGreen.operation.body));
      assert.equal(blueGreen.operation.body.previous, '1.4.2');
      assert.ok(blueGreen.statuses.length >= 10, `traffic ran: ${blueGreen.statuses.length} requests`);
      assert.equal(failed(blueGreen.statuses), 0, `blue-green: ${JSON.stringify(blueGreen.statuses)}`);
      assert.equal(await version(harness), '2.0.0');

      const restart = await underTraffic(tenant, () =>
        admin(harness, 'POST', '/admin/release', { version: '2.1.0', mode: 'restart', downtimeMs: 800 }),
      );
      assert.equal(restart.operation.status, 200);
      assert.ok(restart.operation.ms >= 800, `the restart took its downtime: ${restart.operation.ms} ms`);
      assert.ok(failed(restart.statuses) >= 5, `a restart fails requests: ${JSON.stringify(restart.statuses)}`);
      assert.equal(await version(harness), '2.1.0');
      const during = await tenant.call('GET', '/api/v1/sales-orders');
      assert.equal(during.status, 200, 'serving again');

      const rollback = await admin(harness, 'POST', '/admin/rollback', { mode: 'blue-green', downtimeMs: 100 });
      assert.deepEqual([rollback.status, rollback.body.version, rollback.body.previous], [200, '2.0.0', '2.1.0']);
      assert.equal(await version(harness), '2.0.0');
      const releases = await admin(harness, 'GET', '/admin/releases');
      assert.deepEqual(
        releases.body.history.map((r: { version: string }) => r.version),
        ['1.4.2', '2.0.0'],
      );
      // The data is the same across versions: every order the traffic placed is there.
      const placed = [...blueGreen.statuses, ...restart.statuses].filter((s) => s === 201).length;
      assert.equal((await orderPoNumbers(tenant)).length, placed);

      await admin(harness, 'POST', '/admin/rollback', { downtimeMs: 0 });
      const none = await admin(harness, 'POST', '/admin/rollback', {});
      assert.deepEqual([none.status, none.body.error.code], [409, 'NO_PREVIOUS_VERSION']);
    } finally {
      await harness.close();
    }
  });

  test('blue-green-skips-readiness: a blue-green release fails requests while the green instance starts', async () => {
    const harness = await startHarness({ defects: ['blue-green-skips-readiness'] });
    try {
      const tenant = await harness.tenant('skips-readiness');
      const release = await underTraffic(tenant, () =>
        admin(harness, 'POST', '/admin/release', { version: '2.0.0', mode: 'blue-green', downtimeMs: 800 }),
      );
      assert.ok(failed(release.statuses) >= 5, `requests failed: ${JSON.stringify(release.statuses)}`);
    } finally {
      await harness.close();
    }
  });

  test('rollback-restores-pre-release-backup: orders confirmed since the release are lost by the rollback', async () => {
    const harness = await startHarness({ defects: ['rollback-restores-pre-release-backup'] });
    try {
      const tenant = await harness.tenant('rollback-backup');
      await placeOrder(tenant, 'PO-BEFORE');
      await admin(harness, 'POST', '/admin/release', { version: '2.0.0', downtimeMs: 0 });
      await placeOrder(tenant, 'PO-AFTER-RELEASE');
      await admin(harness, 'POST', '/admin/rollback', { downtimeMs: 0 });
      assert.deepEqual(await orderPoNumbers(tenant), ['PO-BEFORE']);
    } finally {
      await harness.close();
    }
  });

  test('rollback-drops-queue: jobs queued before the rollback never run', async () => {
    const run = async (defects: string[]) => {
      const harness = await startHarness({ defects });
      try {
        const tenant = await harness.tenant('rollback-queue');
        await admin(harness, 'POST', '/admin/release', { version: '2.0.0', downtimeMs: 0 });
        await admin(harness, 'POST', '/admin/worker/stop');
        const { shipments } = await shipNewOrder(tenant, 'PO-QUEUED');
        await admin(harness, 'POST', '/admin/rollback', { downtimeMs: 0 });
        await admin(harness, 'POST', '/admin/worker/start');
        await until(async () => ((await admin(harness, 'GET', '/admin/worker')).body.waiting === 0 ? true : undefined));
        await new Promise((resolve) => setTimeout(resolve, 300));
        return { list: await jobs(tenant), shipment: shipments[0]! };
      } finally {
        await harness.close();
      }
    };
    const healthy = await run([]);
    assert.ok(
      healthy.list.some((j) => j.type === 'carrier.label' && j.ref === healthy.shipment && j.status === 'succeeded'),
    );
    const broken = await run(['rollback-drops-queue']);
    assert.deepEqual(
      broken.list.filter((j) => j.ref === broken.shipment),
      [],
      'the label and invoice jobs were dropped',
    );
  });
});
