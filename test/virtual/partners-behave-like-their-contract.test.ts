import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { request } from 'undici';
import type { VirtualServicesHandle } from '../../src/virtual/index.js';
import { postJson, start } from './helpers.js';

const TX = { region: 'TX', postalCode: '75001', country: 'US' };
const CA = { region: 'CA', postalCode: '94105', country: 'US' };
const X12 = [
  'ISA*00*          *00*          *ZZ*ACMEERP        *ZZ*ACMEWHSE       *240101*1200*U*00401*000000042*0*T*>~',
  'GS*SH*ACMEERP*ACMEWHSE*20240101*1200*7*X*004010~',
  'ST*856*0001~BSN*00*SHIP1*20240101*1200~SE*3*0001~',
  'ST*810*0002~BIG*20240101*INV1~SE*3*0002~',
  'GE*2*7~IEA*1*000000042~',
].join('\n');

describe('partner behaviour', () => {
  let virtual: VirtualServicesHandle;
  let target: Server;
  const received: { auth?: string; type?: string; body: string }[] = [];
  before(async () => {
    virtual = await start();
    target = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push({ auth: req.headers.authorization, type: req.headers['content-type'], body });
        res.writeHead(202, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ messageId: 'in-1', accepted: true, ack997: 'ISA*...~' }));
      });
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  });
  after(async () => {
    await virtual.close();
    await new Promise((resolve) => target.close(resolve));
  });
  const url = (partner: string, path: string) => `${virtual.partnerUrl(partner)}${path}`;
  const json = (text: string) => JSON.parse(text) as Record<string, unknown>;

  describe('payment', () => {
    const authorize = (key: string, body: Record<string, unknown>) =>
      postJson(
        url('payment', '/authorizations'),
        { amount: 5000, currency: 'USD', card: { token: 'tok_visa' }, reference: 'INV-1', ...body },
        { headers: { 'idempotency-key': key } },
      );

    it('returns the same result for the same Idempotency-Key, and refuses the key with another body', async () => {
      const first = await authorize('key-1', {});
      const again = await authorize('key-1', {});
      assert.equal(first.status, 201);
      assert.deepEqual(json(again.text), json(first.text));
      assert.equal(again.status, 201);
      assert.equal(again.headers['idempotent-replayed'], 'true');
      const other = await authorize('key-2', {});
      assert.notEqual(json(other.text).id, json(first.text).id);
      const conflict = await authorize('key-1', { amount: 6000 });
      assert.equal(conflict.status, 422);
      assert.equal((json(conflict.text).error as { code: string }).code, 'idempotency_conflict');
    });

    it('declines by rule: declined token, insufficient funds, amount too large', async () => {
      const declined = json((await authorize('d-1', { card: { token: 'tok_declined' } })).text);
      assert.deepEqual([declined.status, declined.declineCode], ['declined', 'card_declined']);
      const poor = json((await authorize('d-2', { card: { token: 'tok_insufficient_funds' } })).text);
      assert.equal(poor.declineCode, 'insufficient_funds');
      const large = json((await authorize('d-3', { amount: 100_000_001 })).text);
      assert.deepEqual([large.status, large.declineCode], ['declined', 'amount_too_large']);
      const limit = json((await authorize('d-4', { amount: 100_000_000 })).text);
      assert.equal(limit.status, 'authorized');
    });

    it('captures and refunds with idempotency and amount checks', async () => {
      const auth = json((await authorize('flow-1', {})).text);
      const capture = await postJson(
        url('payment', `/authorizations/${String(auth.id)}/capture`),
        { amount: 5000 },
        { headers: { 'idempotency-key': 'cap-1' } },
      );
      assert.equal(capture.status, 200);
      const captured = json(capture.text);
      assert.equal(captured.status, 'captured');
      const replay = await postJson(
        url('payment', `/authorizations/${String(auth.id)}/capture`),
        { amount: 5000 },
        { headers: { 'idempotency-key': 'cap-1' } },
      );
      assert.deepEqual(json(replay.text), captured);
      const refund = (amount: number, key: string) =>
        postJson(
          url('payment', '/refunds'),
          { captureId: captured.captureId, amount },
          { headers: { 'idempotency-key': key } },
        );
      assert.equal((await refund(3000, 'r-1')).status, 201);
      const tooMuch = await refund(3000, 'r-2');
      assert.equal(tooMuch.status, 422);
      assert.equal(json((await refund(2000, 'r-3')).text).status, 'refunded');
    });
  });

  describe('supplier', () => {
    it('confirms what it has and backorders the rest, and replays a re-sent PO', async () => {
      const po = {
        poNumber: 'PO-100',
        buyer: 'acme',
        lines: [
          { sku: 'WIDGET', qty: 900, needBy: '2099-01-01' },
          { sku: 'BO-GEAR', qty: 5, needBy: '2099-01-01' },
        ],
      };
      const first = await postJson(url('supplier', '/purchase-orders'), po);
      assert.equal(first.status, 201);
      const body = json(first.text) as {
        status: string;
        lines: { confirmedQty: number; backorderedQty: number; promisedDate: string }[];
      };
      assert.equal(body.status, 'partially-backordered');
      assert.deepEqual(
        body.lines.map((l) => [l.confirmedQty, l.backorderedQty]),
        [
          [900, 0],
          [0, 5],
        ],
      );
      assert.equal(body.lines[0]!.promisedDate, '2099-01-01');
      assert.deepEqual(json((await postJson(url('supplier', '/purchase-orders'), po)).text), body);
      const second = json(
        (
          await postJson(url('supplier', '/purchase-orders'), {
            ...po,
            poNumber: 'PO-101',
            lines: [{ sku: 'WIDGET', qty: 300, needBy: '2099-01-01' }],
          })
        ).text,
      ) as typeof body;
      assert.deepEqual(
        second.lines.map((l) => [l.confirmedQty, l.backorderedQty]),
        [[100, 200]],
        'stock of 1,000 was used up',
      );
      const read = await request(url('supplier', '/purchase-orders/PO-100'), { headers: { 'x-tenant-id': 'acme' } });
      assert.deepEqual(await read.body.json(), body);
      const missing = await request(url('supplier', '/purchase-orders/PO-999'), { headers: { 'x-tenant-id': 'acme' } });
      assert.equal(missing.statusCode, 404);
      await missing.body.dump();
    });
  });

  describe('tax', () => {
    const quote = async (region: string, lines: { ref: string; amount: number; taxCode?: string }[]) =>
      json((await postJson(url('tax', '/quotes'), { currency: 'USD', shipTo: { ...TX, region }, lines })).text);

    it('computes the documented rates, rounding half-up per line, the same every time', async () => {
      const lines = [
        { ref: 'a', amount: 1999 },
        { ref: 'b', amount: 40 },
        { ref: 'c', amount: -40 },
        { ref: 'd', amount: 5000, taxCode: 'EXEMPT' },
      ];
      const tx = await quote('TX', lines);
      assert.equal(tx.rate, '0.0825');
      assert.deepEqual(
        (tx.lines as { tax: number }[]).map((l) => l.tax),
        [165, 3, -3, 0],
      );
      assert.equal(tx.totalTax, 165);
      assert.deepEqual(await quote('TX', lines), tx);
      const il = await quote('IL', [{ ref: 'half', amount: 40 }]);
      assert.deepEqual([il.rate, il.totalTax], ['0.0625', 3]);
      const unknown = await quote('ZZ', [{ ref: 'x', amount: 1000 }]);
      assert.deepEqual([unknown.jurisdiction, unknown.rate, unknown.totalTax], ['US-ZZ', '0.05', 50]);
    });
  });

  describe('carrier', () => {
    it('rates deterministically, creates labels and advances tracking per read', async () => {
      const rates = json(
        (await postJson(url('carrier', '/rates'), { shipFrom: TX, shipTo: CA, parcels: [{ weightKg: 2 }] })).text,
      );
      const again = json(
        (await postJson(url('carrier', '/rates'), { shipFrom: TX, shipTo: CA, parcels: [{ weightKg: 2 }] })).text,
      );
      assert.deepEqual(again, rates);
      assert.deepEqual(
        (rates.rates as { service: string }[]).map((r) => r.service),
        ['GROUND', 'EXPRESS', 'OVERNIGHT'],
      );
      const label = await postJson(url('carrier', '/labels'), {
        reference: 'SO-9',
        service: 'EXPRESS',
        shipFrom: TX,
        shipTo: CA,
        parcels: [{ weightKg: 2 }],
      });
      assert.equal(label.status, 201);
      const { trackingNumber, label: doc } = json(label.text) as {
        trackingNumber: string;
        label: { format: string; data: string };
      };
      assert.match(Buffer.from(doc.data, 'base64').toString(), /^\^XA.*\^XZ$/);
      const statuses: string[] = [];
      for (let i = 0; i < 4; i++) {
        const response = await request(url('carrier', `/tracking/${trackingNumber}`), {
          headers: { 'x-tenant-id': 'acme' },
        });
        statuses.push(((await response.body.json()) as { status: string }).status);
      }
      assert.deepEqual(statuses, ['LABEL_CREATED', 'IN_TRANSIT', 'DELIVERED', 'DELIVERED']);
      await virtual.admin.reset({ partner: 'carrier' });
      const gone = await request(url('carrier', `/tracking/${trackingNumber}`));
      assert.equal(gone.statusCode, 404, 'a state reset forgets labels');
      await gone.body.dump();
    });
  });

  describe('edi-van', () => {
    it('stores X12 per trading partner, lists it, and refuses what is not X12', async () => {
      const sent = await request(url('edi-van', '/messages'), {
        method: 'POST',
        headers: { 'content-type': 'application/edi-x12', 'x-tenant-id': 'acme' },
        body: `\uFEFF${X12}`,
      });
      assert.equal(sent.statusCode, 202);
      const receipt = (await sent.body.json()) as Record<string, unknown>;
      assert.deepEqual(
        [receipt.sender, receipt.receiver, receipt.controlNumber, receipt.sets],
        ['ACMEERP', 'ACMEWHSE', '000000042', ['856', '810']],
      );
      const list = await request(url('edi-van', '/messages?partner=ACMEWHSE&set=810'));
      const { messages } = (await list.body.json()) as { messages: { messageId: string; body: string }[] };
      assert.deepEqual(
        messages.map((m) => m.messageId),
        [receipt.messageId],
      );
      assert.ok(messages[0]!.body.includes('BIG*20240101*INV1'));
      const other = await request(url('edi-van', '/messages?partner=SOMEONE'));
      assert.deepEqual(((await other.body.json()) as { messages: unknown[] }).messages, []);
      const bad = await request(url('edi-van', '/messages'), {
        method: 'POST',
        headers: { 'content-type': 'application/edi-x12' },
        body: 'hello',
      });
      assert.equal(bad.statusCode, 400);
      await bad.body.dump();
      const [entry] = (await virtual.admin.requests({ partner: 'edi-van', tradingPartner: 'ACMEWHSE' })).requests;
      assert.equal(entry?.route, 'POST /messages');
    });

    it('pushes X12 to a target like a VAN delivery and relays its answer', async () => {
      const targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}/edi/inbound`;
      const pushed = await postJson(url('edi-van', '/push'), {
        targetUrl,
        headers: { authorization: 'Bearer tenant-token' },
        body: X12,
        allowedHosts: ['127.0.0.1'],
      });
      assert.equal(pushed.status, 200);
      const answer = json(pushed.text);
      assert.equal(answer.status, 202);
      assert.equal(json(String(answer.body)).accepted, true);
      assert.deepEqual(received.at(-1), { auth: 'Bearer tenant-token', type: 'application/edi-x12', body: X12 });
      const unreachable = await postJson(url('edi-van', '/push'), {
        targetUrl: 'http://127.0.0.1:1/edi/inbound',
        body: X12,
        allowedHosts: ['127.0.0.1'],
      });
      assert.equal(unreachable.status, 502);
      assert.equal((json(unreachable.text).error as { code: string }).code, 'REHEARSE_CONNECTION_REFUSED');
    });
  });
});
