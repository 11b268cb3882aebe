import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startHarness, until, type Harness } from './sandbox-harness.js';
import { admin, jobs, orderPoNumbers, placeOrder, shipNewOrder, sleep, successes } from './recovery-helpers.js';

describe('snapshot and restore', () => {
  let harness: Harness;
  before(async () => {
    harness = await startHarness();
  });
  after(() => harness.close());

  test('orders confirmed after the snapshot are lost by the restore; tokens stay valid and numbers are not reused', async () => {
    const tenant = await harness.tenant('restore-basic');
    await placeOrder(tenant, 'PO-BEFORE');
    const snap = await admin(harness, 'POST', '/admin/snapshots');
    assert.equal(snap.status, 201);
    assert.match(snap.body.id, /^snap-\d+$/);
    assert.match(snap.body.takenAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.ok(snap.body.bytes > 10_000, `a whole SQLite file: ${snap.body.bytes} bytes`);
    const lostNumber = await placeOrder(tenant, 'PO-AFTER');
    assert.deepEqual(await orderPoNumbers(tenant), ['PO-AFTER', 'PO-BEFORE']);

    const listed = await admin(harness, 'GET', '/admin/snapshots');
    assert.ok(listed.body.snapshots.some((s: { id: string }) => s.id === snap.body.id));
    const restored = await admin(harness, 'POST', `/admin/snapshots/${snap.body.id}/restore`);
    assert.deepEqual([restored.status, restored.body], [200, { restored: snap.body.id, takenAt: snap.body.takenAt }]);

    // The token issued before the restore still works; the order after the snapshot is gone.
    assert.deepEqual(await orderPoNumbers(tenant), ['PO-BEFORE']);
    assert.equal((await tenant.call('GET', `/api/v1/sales-orders/${lostNumber}`)).status, 404);
    const next = await placeOrder(tenant, 'PO-NEXT');
    assert.notEqual(next, lostNumber, 'a lost order number never names a new order');

    const missing = await admin(harness, 'POST', '/admin/snapshots/snap-999/restore');
    assert.deepEqual([missing.status, missing.body.error.code], [404, 'SNAPSHOT_NOT_FOUND']);
    assert.equal((await admin(harness, 'POST', '/admin/snapshots/latest/restore')).status, 200);
  });

  test('jobs queued in the snapshot run once after the restore; jobs done before it do not run again', async () => {
    const tenant = await harness.tenant('restore-jobs');
    const done = await shipNewOrder(tenant, 'PO-DONE');
    await until(async () => ((await jobs(tenant)).every((j) => j.status === 'succeeded') ? true : undefined));
    // Queued, not yet run, when the snapshot is taken: the worker is stopped.
    await admin(harness, 'POST', '/admin/worker/stop');
    const pending = await shipNewOrder(tenant, 'PO-PENDING');
    const snap = await admin(harness, 'POST', '/admin/snapshots');
    await admin(harness, 'POST', '/admin/worker/start');
    await until(async () => ((await jobs(tenant)).every((j) => j.status === 'succeeded') ? true : undefined));

    await admin(harness, 'POST', `/admin/snapshots/${snap.body.id}/restore`);
    const all = await until(async () => {
      const list = await jobs(tenant);
      return list.every((j) => j.status === 'succeeded') ? list : undefined;
    });
    await sleep(200); // a replayed job would have been picked up by now (the worker polls every 10 ms)
    const after = await jobs(tenant);
    assert.equal(after.length, all.length, 'no job was added by the restore');
    for (const job of after) assert.equal(successes(job), 1, `${job.type} ${job.ref} ran once`);
    const refs = after.map((j) => j.ref);
    assert.ok(refs.includes(done.shipments[0]!) && refs.includes(pending.shipments[0]!));
    const labelled = await tenant.call('GET', `/api/v1/shipments/${pending.shipments[0]}`);
    assert.equal(labelled.body.label.status, 'created');
  });
});

describe('recovery defects of a restore', () => {
  test('restore-replays-jobs: jobs finished before the snapshot run again after the restore', async () => {
    const harness = await startHarness({ defects: ['restore-replays-jobs'] });
    try {
      const tenant = await harness.tenant('replays');
      const { shipments } = await shipNewOrder(tenant, 'PO-REPLAY');
      await until(async () =>
        (await jobs(tenant)).some((j) => j.type === 'payment.capture' && j.status === 'succeeded') ? true : undefined,
      );
      const tracking = (await tenant.call('GET', `/api/v1/shipments/${shipments[0]}`)).body.label.trackingNumber;
      const snap = await admin(harness, 'POST', '/admin/snapshots');
      await admin(harness, 'POST', `/admin/snapshots/${snap.body.id}/restore`);
      const labels = await until(async () => {
        const list = (await jobs(tenant)).filter(
          (j) => j.type === 'carrier.label' && j.ref === shipments[0] && j.status === 'succeeded',
        );
        return list.length >= 2 ? list : undefined;
      });
      assert.equal(labels.length, 2, 'the label job ran twice');
      const relabelled = (await tenant.call('GET', `/api/v1/shipments/${shipments[0]}`)).body.label.trackingNumber;
      assert.notEqual(relabelled, tracking, 'a second label was bought at the carrier');
    } finally {
      await harness.close();
    }
  });

  test('snapshot-from-lagging-replica: the restore loses orders confirmed seconds before the snapshot', async () => {
    const harness = await startHarness({ defects: ['snapshot-from-lagging-replica'] });
    try {
      const tenant = await harness.tenant('lagging');
      await placeOrder(tenant, 'PO-OLD');
      await sleep(6_500); // the replica is 5 s behind: PO-OLD is in it by now
      await placeOrder(tenant, 'PO-RECENT');
      const snap = await admin(harness, 'POST', '/admin/snapshots');
      await admin(harness, 'POST', `/admin/snapshots/${snap.body.id}/restore`);
      assert.deepEqual(
        await orderPoNumbers(tenant),
        ['PO-OLD'],
        'PO-RECENT was confirmed before the snapshot, and is lost',
      );
    } finally {
      await harness.close();
    }
  });
});
