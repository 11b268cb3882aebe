import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startHarness, until, type Harness, type TenantClient } from './sandbox-harness.js';

// The `manufacturing` seed (sandbox/seed/manufacturing.yaml):
//   BIKE  (make, LT 2, SS 0,   lot-for-lot,            on hand 5)
//     ├─ FRAME ×1   (buy SUP-FRAMES, LT 16, SS 2,   fixed 25,                 on hand 10)
//     ├─ WHEEL ×2   (make, LT 3,             SS 4,   min 20 multiple 10,       on hand 30, 8 allocated)
//     │    ├─ RIM ×1      (buy SUP-RIMS, LT 7, SS 0,   lot-for-lot,           on hand 15, open PO 20 due 06-20)
//     │    ├─ SPOKE ×36   (buy SUP-RIMS, LT 5, SS 100, min 500 multiple 250,  on hand 600 + 300)
//     │    └─ BOLT-M5 ×2
//     └─ BOLT-M5 ×4 (buy SUP-FAST, LT 4, SS 50, fixed 500, on hand 300)   → low-level code 2
// Demand: BIKE 40 on 06-20 and 25 on 06-27; spare WHEEL 8 (allocated from stock) and 6 on 06-12.
const TODAY = '2030-06-03';

async function setUp(tenant: TenantClient) {
  const order = async (sku: string, qty: number, requestedDate?: string) =>
    (await tenant.call('POST', '/api/v1/sales-orders', { customer: 'C-CYCLE', lines: [{ sku, qty }], requestedDate }))
      .body.id as string;
  await order('BIKE', 40, '2030-06-20');
  await order('BIKE', 25, '2030-06-27');
  const spare = await order('WHEEL', 8);
  assert.equal((await tenant.call('POST', `/api/v1/sales-orders/${spare}/allocate`)).body.status, 'allocated');
  await order('WHEEL', 6, '2030-06-12');
  const po = await tenant.call('POST', '/api/v1/purchase-orders', {
    supplier: 'SUP-RIMS',
    lines: [{ sku: 'RIM', qty: 20, needBy: '2030-06-20' }],
  });
  assert.equal(po.status, 201, JSON.stringify(po.body));
  await confirmed(tenant, po.body.number);
}

const confirmed = (tenant: TenantClient, number: string) =>
  until(async () => {
    const po = (await tenant.call('GET', `/api/v1/purchase-orders/${number}`)).body;
    return po.status === 'pending' ? undefined : po;
  });

async function runMrp(tenant: TenantClient, body: Record<string, unknown>) {
  const started = await tenant.call('POST', '/api/v1/mrp-runs', body);
  assert.equal(started.status, 202, JSON.stringify(started.body));
  assert.equal(started.body.status, 'queued');
  return until(async () => {
    const run = (await tenant.call('GET', `/api/v1/mrp-runs/${started.body.id}`)).body;
    return ['completed', 'failed'].includes(run.status) ? run : undefined;
  });
}

type Planned = {
  sku: string;
  kind: string;
  qty: number;
  releaseDate: string;
  dueDate: string;
  supplier: string | null;
  level: number;
  expedite: boolean;
};
const tuples = (run: { plannedOrders: Planned[] }) =>
  run.plannedOrders.map((p) => [p.sku, p.kind, p.qty, p.releaseDate, p.dueDate, p.supplier, p.level, p.expedite]);

// Netting per item (PA = projected available, starts at on hand − allocated; plan when PA < safety stock):
// BIKE  PA 5.  06-20: 5−40 = −35 → net 35 → lot-for-lot 35, due 06-20, release 06-20−2 = 06-18.  PA 0.
//              06-27: 0−25 = −25 → 25, due 06-27, release 06-25.
//   → FRAME needs 35 on 06-18 and 25 on 06-25; WHEEL 70 / 50; BOLT-M5 140 / 100 (on the BIKE release dates).
// FRAME PA 10. 06-18: 10−35 = −25 → net 25+2 = 27 → fixed 25: 2×25 = 50; due 06-18, release 06-18−16 = 06-02
//              < today → released today 06-03, expedite.  PA 25.
//              06-25: 25−25 = 0 < 2 → net 2 → 25; due 06-25, release 06-09.  PA 25.
// WHEEL PA 30−8 = 22.  06-12: 22−6 = 16.  06-18: 16−70 = −54 → net 58 → max(58, 20) → multiple of 10 = 60;
//              due 06-18, release 06-15.  PA 6.  06-25: 6−50 = −44 → net 48 → 50; due 06-25, release 06-22.  PA 6.
//   → RIM needs 60 on 06-15 and 50 on 06-22; SPOKE 2160 / 1800; BOLT-M5 120 / 100.
// BOLT-M5 PA 300.  06-15: 300−120 = 180.  06-18: 180−140 = 40 < 50 → net 10 → fixed 500; due 06-18, release 06-14.
//              PA 540.  06-22: 440.  06-25: 340.
// RIM   PA 15.  06-15: 15−60 = −45 → 45 (lot-for-lot), due 06-15, release 06-08.  PA 0.
//              06-20: + open PO 20 → 20.  06-22: 20−50 = −30 → 30, due 06-22, release 06-15.
// SPOKE PA 900.  06-15: 900−2160 = −1260 → net 1360 → 6×250 = 1500; due 06-15, release 06-10.  PA 240.
//              06-22: 240−1800 = −1560 → net 1660 → 7×250 = 1750; due 06-22, release 06-17.  PA 190.
const EXPECTED = [
  ['BIKE', 'production', 35, '2030-06-18', '2030-06-20', null, 0, false],
  ['BIKE', 'production', 25, '2030-06-25', '2030-06-27', null, 0, false],
  ['FRAME', 'purchase', 50, '2030-06-03', '2030-06-18', 'SUP-FRAMES', 1, true],
  ['FRAME', 'purchase', 25, '2030-06-09', '2030-06-25', 'SUP-FRAMES', 1, false],
  ['WHEEL', 'production', 60, '2030-06-15', '2030-06-18', null, 1, false],
  ['WHEEL', 'production', 50, '2030-06-22', '2030-06-25', null, 1, false],
  ['BOLT-M5', 'purchase', 500, '2030-06-14', '2030-06-18', 'SUP-FAST', 2, false],
  ['RIM', 'purchase', 45, '2030-06-08', '2030-06-15', 'SUP-RIMS', 2, false],
  ['RIM', 'purchase', 30, '2030-06-15', '2030-06-22', 'SUP-RIMS', 2, false],
  ['SPOKE', 'purchase', 1500, '2030-06-10', '2030-06-15', 'SUP-RIMS', 2, false],
  ['SPOKE', 'purchase', 1750, '2030-06-17', '2030-06-22', 'SUP-RIMS', 2, false],
];

describe('MRP: netting on a multi-level BOM', () => {
  let harness: Harness;
  let bikes: TenantClient;
  let twin: TenantClient;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let firstRun: any;
  before(async () => {
    harness = await startHarness();
    bikes = await harness.tenant('mrp-bikes', 'manufacturing');
    twin = await harness.tenant('mrp-twin', 'manufacturing');
    await setUp(bikes);
    await setUp(twin);
  });
  after(async () => {
    await harness.close();
  });

  test('plans the hand-computed orders: quantities, release and due dates, levels, expedite', async () => {
    firstRun = await runMrp(bikes, { today: TODAY, releaseProductionOrders: true });
    assert.equal(firstRun.status, 'completed', firstRun.error);
    assert.equal(firstRun.today, TODAY);
    assert.deepEqual(tuples(firstRun), EXPECTED);
    const items = Object.fromEntries(
      firstRun.items.map((i: Record<string, number | string>) => [
        i.sku,
        [i.level, i.onHand, i.allocated, i.gross, i.scheduledReceipts, i.net, i.planned, i.projectedAvailable],
      ]),
    );
    // [level, onHand, allocated, gross, scheduledReceipts, net, planned, projectedAvailable]
    assert.deepEqual(items, {
      BIKE: [0, 5, 0, 65, 0, 60, 60, 0],
      FRAME: [1, 10, 0, 60, 0, 27 + 2, 75, 25],
      WHEEL: [1, 30, 8, 6 + 70 + 50, 0, 58 + 48, 110, 6],
      'BOLT-M5': [2, 300, 0, 120 + 140 + 100 + 100, 0, 10, 500, 340],
      RIM: [2, 15, 0, 110, 20, 45 + 30, 75, 0],
      SPOKE: [2, 900, 0, 3960, 0, 1360 + 1660, 3250, 190],
    });
    const { summary } = firstRun;
    assert.deepEqual(
      [summary.plannedOrders, summary.purchaseOrders, summary.productionOrders, summary.expedited],
      [11, 7, 4, 1],
    );
    // One purchase order per supplier (in code order; PO-000001 is the manual RIM order), one production order each.
    assert.deepEqual(summary.releasedPurchaseOrders, ['PO-000002', 'PO-000003', 'PO-000004']);
    assert.deepEqual(summary.releasedProductionOrders, ['MO-000001', 'MO-000002', 'MO-000003', 'MO-000004']);
    const production = (await bikes.call('GET', '/api/v1/production-orders')).body.productionOrders;
    assert.deepEqual(
      production.map((p: Record<string, unknown>) => [p.number, p.sku, p.qty, p.dueDate, p.status]),
      [
        ['MO-000001', 'BIKE', 35, '2030-06-20', 'released'],
        ['MO-000002', 'BIKE', 25, '2030-06-27', 'released'],
        ['MO-000003', 'WHEEL', 60, '2030-06-18', 'released'],
        ['MO-000004', 'WHEEL', 50, '2030-06-25', 'released'],
      ],
    );
  });

  test('purchase orders reach the virtual supplier and its confirmation is stored (confirmed, backordered, promised)', async () => {
    const pos = await Promise.all(['PO-000002', 'PO-000003', 'PO-000004'].map((n) => confirmed(bikes, n)));
    // The supplier promises the later of needBy and its today + 3 days (2030 is later for a long while yet).
    const earliest = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    const promise = (needBy: string) => (needBy > earliest ? needBy : earliest);
    assert.deepEqual(
      pos.map((po) => [
        po.number,
        po.supplier,
        po.status,
        po.mrpRun,
        po.lines.map((l: Record<string, string | number>) => [
          l.sku,
          l.qty,
          l.needBy,
          l.confirmedQty,
          l.backorderedQty,
        ]),
      ]),
      [
        ['PO-000002', 'SUP-FAST', 'confirmed', firstRun.id, [['BOLT-M5', 500, '2030-06-18', 500, 0]]],
        [
          'PO-000003',
          'SUP-FRAMES',
          'confirmed',
          firstRun.id,
          [
            ['FRAME', 50, '2030-06-18', 50, 0],
            ['FRAME', 25, '2030-06-25', 25, 0],
          ],
        ],
        [
          // The supplier has 1,000 of each SKU: spokes 1500 → 1000 confirmed, 500 backordered; 1750 → all backordered.
          'PO-000004',
          'SUP-RIMS',
          'partially-backordered',
          firstRun.id,
          [
            ['RIM', 45, '2030-06-15', 45, 0],
            ['RIM', 30, '2030-06-22', 30, 0],
            ['SPOKE', 1500, '2030-06-15', 1000, 500],
            ['SPOKE', 1750, '2030-06-22', 0, 1750],
          ],
        ],
      ],
    );
    assert.equal(pos[1].lines[0].promisedDate, promise('2030-06-18'));
    assert.equal(pos[2].lines[2].promisedDate, promise('2030-06-15'));
    assert.match(pos[2].lines[3].promisedDate, /^\d{4}-\d{2}-\d{2}$/);
    for (const po of pos) assert.match(po.confirmationId, /^SC-\d{6}$/);

    const journal = await harness.virtual.admin.requests({
      partner: 'supplier',
      route: 'POST /purchase-orders',
      tenant: 'mrp-bikes',
    });
    assert.deepEqual(
      journal.requests.map((r) => [(r.body as { poNumber: string }).poNumber, r.status, r.contractViolations ?? []]),
      [
        ['PO-000001', 201, []],
        ['PO-000002', 201, []],
        ['PO-000003', 201, []],
        ['PO-000004', 201, []],
      ],
    );
    assert.deepEqual((journal.requests[3]!.body as { lines: unknown[] }).lines[3], {
      sku: 'SPOKE',
      qty: 1750,
      needBy: '2030-06-22',
    });
  });

  test('a re-run nets against the released purchase and production orders and plans nothing more', async () => {
    const rerun = await runMrp(bikes, { today: TODAY });
    assert.equal(rerun.status, 'completed', rerun.error);
    assert.deepEqual(rerun.plannedOrders, []);
    assert.deepEqual(rerun.summary.releasedPurchaseOrders, []);
    const rim = rerun.items.find((i: { sku: string }) => i.sku === 'RIM');
    assert.equal(rim.scheduledReceipts, 20 + 45 + 30);
  });

  test('same data → same result: two runs of a tenant with the same data, and the first tenant, agree', async () => {
    const options = { today: TODAY, releasePurchaseOrders: false };
    const one = await runMrp(twin, options);
    const two = await runMrp(twin, options);
    assert.notEqual(one.id, two.id);
    const result = (run: typeof one) => ({ plannedOrders: run.plannedOrders, items: run.items, summary: run.summary });
    assert.deepEqual(result(two), result(one));
    assert.deepEqual(tuples(one), EXPECTED);
    assert.deepEqual(one.items, firstRun.items);
    assert.equal((await twin.call('GET', `/api/v1/purchase-orders?run=${one.id}`)).body.purchaseOrders.length, 0);
  });

  test("tenants see only their own runs and orders: another tenant's run or purchase order is a 404", async () => {
    const other = await twin.call('GET', `/api/v1/mrp-runs/${firstRun.id}`);
    assert.equal(other.status, 404);
    assert.equal(other.body.error.code, 'NOT_FOUND');
    assert.equal((await bikes.call('GET', `/api/v1/mrp-runs/${firstRun.id}`)).status, 200);
    assert.equal((await twin.call('GET', '/api/v1/purchase-orders/PO-000004')).status, 404);
    const twinRuns = (await twin.call('GET', '/api/v1/mrp-runs')).body.runs.map((r: { id: number }) => r.id);
    const bikeRuns = (await bikes.call('GET', '/api/v1/mrp-runs')).body.runs.map((r: { id: number }) => r.id);
    assert.equal(twinRuns.length, 2);
    assert.equal(bikeRuns.length, 2);
    assert.deepEqual(
      twinRuns.filter((id: number) => bikeRuns.includes(id)),
      [],
    );
    assert.deepEqual((await twin.call('GET', '/api/v1/production-orders')).body.productionOrders, []);
    assert.deepEqual(
      (await twin.call('GET', '/api/v1/purchase-orders')).body.purchaseOrders.map((p: { number: string }) => p.number),
      ['PO-000001'],
    );
  });

  test('a bad body is a 422 with one field error per problem; a BOM cycle fails the run', async () => {
    const bad = await bikes.call('POST', '/api/v1/mrp-runs', {
      today: '2030-02-30',
      horizonDays: 0,
      releasePurchaseOrders: 'yes',
    });
    assert.equal(bad.status, 422);
    assert.deepEqual(bad.body.error.fields.map((f: { path: string }) => f.path).sort(), [
      'horizonDays',
      'releasePurchaseOrders',
      'today',
    ]);
    assert.equal((await bikes.call('GET', '/api/v1/mrp-runs/nope')).status, 404);

    const cyclic = await harness.tenant('mrp-cycle', 'manufacturing', {
      boms: [{ parent: 'RIM', component: 'WHEEL', qtyPer: 1 }],
    });
    const run = await runMrp(cyclic, { today: TODAY });
    assert.equal(run.status, 'failed');
    assert.match(run.error, /cycle through RIM, WHEEL$/);
  });
});
