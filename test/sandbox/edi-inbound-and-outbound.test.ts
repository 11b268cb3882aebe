import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildX12, parseX12, queryX12, validateX12 } from '../../src/edi/index.js';
import { startHarness, until, type Harness, type TenantClient } from './sandbox-harness.js';

// The integration-heavy seed trades with BigBox (ISA id BIGBOXRETAIL) for customer C-BIGBOX.
const TENANT_ISA = 'LAMPCO';

function po850(poNumber: string, lines: Array<[sku: string, qty: number]>, extra: { receiver?: string } = {}): string {
  return buildX12({
    sender: { id: 'BIGBOXRETAIL', qualifier: 'ZZ' },
    receiver: { id: extra.receiver ?? TENANT_ISA, qualifier: 'ZZ' },
    groups: [
      {
        sender: 'BIGBOXGS',
        receiver: 'LAMPCOGS',
        sets: [
          {
            id: '850',
            segments: [
              ['BEG', '00', 'SA', poNumber, '', '20261120'],
              ...lines.map(([sku, qty], i) => ['PO1', String(i + 1), qty, 'EA', '29.99', '', 'VP', sku]),
              ['CTT', lines.length],
            ],
          },
        ],
      },
    ],
  });
}

/** The 997s, 855s, 856s and 810s the sandbox sent BigBox through the VAN. */
async function mailbox(harness: Harness, set: string): Promise<string[]> {
  const response = await fetch(`${harness.virtual.partnerUrl('edi-van')}/messages?partner=BIGBOXRETAIL&set=${set}`);
  const { messages } = (await response.json()) as { messages: Array<{ sender: string; body: string }> };
  return messages.filter((m) => m.sender === TENANT_ISA).map((m) => m.body);
}

const ak = (text: string, path: string) => queryX12(parseX12(text).interchanges, path);

describe('EDI: inbound 850s and the documents that follow', () => {
  let harness: Harness;
  let tenant: TenantClient;
  before(async () => {
    harness = await startHarness({ defects: [] });
    tenant = await harness.tenant('lampco', 'integration-heavy', { edi: { isaId: TENANT_ISA, gsId: 'LAMPCOGS' } });
  });
  after(() => harness.close());

  test('an 850 becomes an order for the partner’s customer and is answered with an accepting 997', async () => {
    const answer = await tenant.postText(
      '/edi/inbound',
      po850('PO-1001', [
        ['LAMP-01', 4],
        ['BULB-60', 10],
      ]),
    );
    assert.equal(answer.status, 200);
    assert.equal(validateX12(answer.text).valid, true, 'the 997 itself is valid');
    assert.equal(ak(answer.text, 'ST01'), '997');
    assert.equal(ak(answer.text, 'AK9[0].01'), 'A');
    assert.equal(ak(answer.text, 'AK501'), 'A');
    const orders = await tenant.call('GET', '/api/v1/sales-orders?poNumber=PO-1001');
    assert.equal(orders.body.orders.length, 1);
    const order = orders.body.orders[0];
    assert.equal(order.customer, 'C-BIGBOX');
    assert.equal(order.source, 'edi');
    assert.deepEqual(
      order.lines.map((l: { sku: string; qty: number; customerLineRef: string }) => [l.sku, l.qty, l.customerLineRef]),
      [
        ['LAMP-01', 4, '1'],
        ['BULB-60', 10, '2'],
      ],
    );
    const acks = await until(async () =>
      (await mailbox(harness, '997')).length >= 1 ? mailbox(harness, '997') : undefined,
    );
    assert.ok(
      acks.some((text) => text === answer.text),
      'the same 997 reached the partner through the VAN',
    );
  });

  test('allocation sends an 855 with accepted and backordered quantities', async () => {
    // SHADE-S has 10 on hand in the seed: 14 ordered → 10 accepted (IA), 4 backordered (IB).
    await tenant.postText('/edi/inbound', po850('PO-1002', [['SHADE-S', 14]]));
    const order = (await tenant.call('GET', '/api/v1/sales-orders?poNumber=PO-1002')).body.orders[0];
    const allocated = await tenant.call('POST', `/api/v1/sales-orders/${order.id}/allocate`);
    assert.equal(allocated.body.status, 'backordered');
    const ack855 = await until(async () => (await mailbox(harness, '855')).find((t) => t.includes('PO-1002')));
    assert.equal(validateX12(ack855).valid, true, JSON.stringify(validateX12(ack855).problems));
    assert.equal(ak(ack855, 'BAK02'), 'AC', 'acknowledged with changes');
    assert.deepEqual(ak(ack855, 'ACK[*].01'), ['IA', 'IB']);
    assert.deepEqual(ak(ack855, 'ACK[*].02'), ['10', '4']);
  });

  test('shipping sends an 856 whose quantities are what was shipped, and posting sends an 810 with the total', async () => {
    await tenant.postText(
      '/edi/inbound',
      po850('PO-1003', [
        ['LAMP-01', 2],
        ['BULB-60', 3],
      ]),
    );
    const order = (await tenant.call('GET', '/api/v1/sales-orders?poNumber=PO-1003')).body.orders[0];
    await tenant.call('POST', `/api/v1/sales-orders/${order.id}/allocate`);
    const shipped = await tenant.call('POST', `/api/v1/sales-orders/${order.id}/ship`, {});
    const shipment = shipped.body.shipments[0].id as string;
    const asn = await until(async () => (await mailbox(harness, '856')).find((t) => t.includes(`*${shipment}*`)));
    const verdict = validateX12(asn);
    assert.equal(verdict.valid, true, JSON.stringify(verdict.problems));
    assert.equal(ak(asn, 'PRF01'), 'PO-1003');
    assert.deepEqual(ak(asn, 'SN1[*].02'), ['2', '3']);
    assert.deepEqual(ak(asn, 'HL[*].03'), ['S', 'O', 'I', 'I']);
    const invoice = await until(async () => {
      const list = (await tenant.call('GET', `/api/v1/invoices?order=${order.id}`)).body.invoices;
      return list[0]?.status === 'posted' ? list[0] : undefined;
    });
    const edi810 = await until(async () => (await mailbox(harness, '810')).find((t) => t.includes(invoice.number)));
    assert.equal(validateX12(edi810).valid, true, JSON.stringify(validateX12(edi810).problems));
    // 2 × 29.99 + 3 × 4.99 = 74.95 → tax for BigBox's ship-to state on top; TDS01 is the total in cents.
    assert.equal(Number(ak(edi810, 'TDS01')), invoice.total);
    assert.equal(invoice.subtotal, 2 * 2999 + 3 * 499);
    const log = await tenant.call('GET', `/api/v1/edi/messages?order=${order.id}`);
    assert.deepEqual(
      log.body.messages.map((m: { direction: string; set: string }) => `${m.direction} ${m.set}`).sort(),
      ['in 850', 'out 810', 'out 855', 'out 856'],
    );
  });

  test('a document with envelope errors gets a rejecting 997 and creates nothing', async () => {
    const broken = po850('PO-BAD', [['LAMP-01', 1]]).replace(/SE\*(\d+)\*/, (_m, n: string) => `SE*${Number(n) + 5}*`);
    const answer = await tenant.postText('/edi/inbound', broken);
    assert.equal(answer.status, 200);
    assert.equal(ak(answer.text, 'AK501'), 'R');
    assert.equal(ak(answer.text, 'AK9[0].01'), 'R');
    const orders = await tenant.call('GET', '/api/v1/sales-orders?poNumber=PO-BAD');
    assert.equal(orders.body.orders.length, 0);
    const log = await tenant.call('GET', '/api/v1/edi/messages?direction=in&set=850');
    assert.ok(log.body.messages.some((m: { status: string }) => m.status === 'rejected'));
  });

  test('an unknown item is recorded as a failed 850, not a crash; garbage and misaddressed documents are refused', async () => {
    const unknown = await tenant.postText('/edi/inbound', po850('PO-UNKNOWN', [['NO-SUCH-SKU', 1]]));
    assert.equal(unknown.status, 200);
    const failed = (await tenant.call('GET', '/api/v1/edi/messages?direction=in&set=850')).body.messages.find(
      (m: { status: string }) => m.status === 'failed',
    );
    assert.match(failed.errors.join(' '), /NO-SUCH-SKU/);
    const garbage = await tenant.postText('/edi/inbound', 'this is not EDI');
    assert.equal(garbage.status, 400);
    assert.equal(JSON.parse(garbage.text).error.code, 'NOT_X12');
    const elsewhere = await tenant.postText(
      '/edi/inbound',
      po850('PO-X', [['LAMP-01', 1]], { receiver: 'SOMEONEELSE' }),
    );
    assert.equal(elsewhere.status, 422);
    assert.equal(JSON.parse(elsewhere.text).error.code, 'WRONG_RECEIVER');
  });
});

describe('EDI: the asn-wrong-quantity defect', () => {
  test('sends an 856 that claims one unit more than was shipped', async () => {
    const harness = await startHarness({ defects: ['asn-wrong-quantity'] });
    try {
      const tenant = await harness.tenant('lampco', 'integration-heavy', { edi: { isaId: TENANT_ISA } });
      await tenant.postText('/edi/inbound', po850('PO-2001', [['LAMP-01', 2]]));
      const order = (await tenant.call('GET', '/api/v1/sales-orders?poNumber=PO-2001')).body.orders[0];
      await tenant.call('POST', `/api/v1/sales-orders/${order.id}/allocate`);
      const shipped = await tenant.call('POST', `/api/v1/sales-orders/${order.id}/ship`, {});
      assert.equal(shipped.body.shipments[0].lines[0].qty, 2);
      const asn = await until(async () => (await mailbox(harness, '856'))[0]);
      assert.equal(ak(asn, 'SN1[0].02'), '3');
    } finally {
      await harness.close();
    }
  });
});
