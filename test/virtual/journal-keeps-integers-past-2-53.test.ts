// A request body's integers beyond 2^53 reach the journal digit for digit (through the HTTP admin
// API too), pass a contract's `type: integer`, and reach a handler as `Request.json()` reads them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { request } from 'undici';
import { createVirtualAdminClient, type VirtualAdmin, type VirtualServicesHandle } from '../../src/virtual/index.js';
import { start } from './helpers.js';

// Written by hand: JSON.stringify could not produce these digits.
const BODY =
  '{"currency":"USD","orderNo":9007199254740993,"shipTo":{"region":"TX","postalCode":"75001","country":"US"},' +
  '"lines":[{"ref":"l1","amount":1999,"lineNo":-9223372036854775807}]}';

describe('the journal keeps integers past 2^53', () => {
  let virtual: VirtualServicesHandle;
  let admin: VirtualAdmin;
  before(async () => {
    virtual = await start({ partners: ['tax'] });
    admin = createVirtualAdminClient(virtual.url);
  });
  after(() => virtual.close());

  it('records, serves and checks the exact digits; the handler still answers', async () => {
    const answer = await request(`${virtual.partnerUrl('tax')}/quotes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-tenant-id': 'acme' },
      body: BODY,
    });
    const text = await answer.body.text();
    assert.equal(answer.statusCode, 200, text);

    const page = await admin.requests({ partner: 'tax' });
    const entry = page.requests.at(-1)!;
    const body = entry.body as { orderNo: unknown; lines: Array<{ lineNo: unknown; amount: unknown }> };
    assert.equal(body.orderNo, 9007199254740993n);
    assert.equal(body.lines[0]!.lineNo, -9223372036854775807n);
    assert.equal(body.lines[0]!.amount, 1999);
    assert.deepEqual(entry.contractViolations ?? [], [], 'a big integer is an integer to the contract');

    // The admin API's own text carries the digits, not a rounded double.
    const raw = await request(`${virtual.url}/__admin/requests?partner=tax`);
    const rawText = await raw.body.text();
    assert.match(rawText, /"orderNo":9007199254740993\b/);
    assert.match(rawText, /"lineNo":-9223372036854775807\b/);
  });

  it('a contract still refuses a big number where it wants a string', async () => {
    const answer = await request(`${virtual.partnerUrl('tax')}/quotes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-tenant-id': 'acme' },
      body: BODY.replace('"currency":"USD"', '"currency":12345678901234567890'),
    });
    await answer.body.text();
    const entry = (await admin.requests({ partner: 'tax' })).requests.at(-1)!;
    assert.ok(
      (entry.contractViolations ?? []).some((v) => v.includes('currency')),
      JSON.stringify(entry.contractViolations),
    );
  });
});
