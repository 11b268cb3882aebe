import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Agent, request } from 'undici';
import { InvalidProjectError, RehearseError } from '../../src/core/errors.js';
import { Redactor } from '../../src/core/redactor.js';
import { createVirtualAdminClient, type VirtualAdmin, type VirtualServicesHandle } from '../../src/virtual/index.js';
import { postJson, QUOTE, quote, start } from './helpers.js';

const ADDRESS = { region: 'TX', postalCode: '75001', country: 'US' };

describe('journal and admin API', () => {
  let virtual: VirtualServicesHandle;
  let admin: VirtualAdmin;
  const agent = new Agent({ connections: 200 });
  const redactor = new Redactor();
  before(async () => {
    redactor.addSecret('s3cr3t-api-key');
    virtual = await start({ partners: ['tax', 'carrier', 'payment'], redactor });
    admin = createVirtualAdminClient(virtual.url);
  });
  after(async () => {
    await agent.destroy();
    await virtual.close();
  });
  beforeEach(() => admin.reset());

  it('counts exactly under 2,000 concurrent requests', async () => {
    const calls = Array.from({ length: 2000 }, (_, i) =>
      i % 4 === 0
        ? postJson(
            `${virtual.partnerUrl('carrier')}/rates`,
            { shipFrom: ADDRESS, shipTo: ADDRESS, parcels: [{ weightKg: 1 }] },
            { dispatcher: agent },
          )
        : quote(virtual, { dispatcher: agent, headers: { 'x-tenant-id': i % 2 ? 'acme' : 'globex' } }),
    );
    const answers = await Promise.all(calls);
    assert.ok(answers.every((a) => a.status === 200));
    assert.equal(await admin.count(), 2000);
    assert.equal(await admin.count({ partner: 'carrier', route: 'POST /rates' }), 500);
    assert.equal(await admin.count({ partner: 'tax', tenant: 'acme' }), 1000);
    assert.equal(await admin.count({ partner: 'tax', tenant: 'globex' }), 500);
    const page = await admin.requests({ partner: 'tax', limit: 3 });
    assert.equal(page.total, 1500);
    assert.equal(page.requests.length, 3);
    assert.ok(page.requests[0]!.id < page.requests[2]!.id, 'chronological');
    assert.equal((await admin.health()).lastRequestId, page.lastId);
  });

  it('applies a fault change through the HTTP admin API to the very next request', async () => {
    assert.equal((await quote(virtual)).status, 200);
    await admin.setFaults('tax', { rules: [{ error: 418 }] });
    assert.equal((await quote(virtual)).status, 418);
    await admin.setFaults('tax', { profile: 'healthy' });
    assert.equal((await quote(virtual)).status, 200);
    await admin.faultNext('tax', { requests: 1, rules: [{ error: 503 }] });
    assert.equal((await admin.getFaults('tax')).layers[0]?.remaining, 1);
    assert.equal((await quote(virtual)).status, 503);
    assert.equal((await quote(virtual)).status, 200);
  });

  it('scopes faults to one tenant', async () => {
    await admin.setFaults('tax', { profile: 'outage', tenant: 'acme' });
    assert.equal((await quote(virtual, { headers: { 'x-tenant-id': 'acme' } })).status, 503);
    assert.equal((await quote(virtual, { headers: { 'x-tenant-id': 'globex' } })).status, 200);
    await admin.reset({ tenant: 'acme' });
    assert.equal((await quote(virtual, { headers: { 'x-tenant-id': 'acme' } })).status, 200);
  });

  it('filters by time and id, and lists unmatched requests', async () => {
    await quote(virtual);
    const mark = (await admin.health()).lastRequestId;
    // Journal times are in ms: step past the millisecond the first request arrived in.
    await new Promise((resolve) => setTimeout(resolve, 5));
    const since = Date.now();
    await postJson(`${virtual.url}/tax/nowhere`, {});
    await postJson(`${virtual.url}/carier/rates`, {});
    assert.equal(await admin.count({ afterId: mark }), 2);
    assert.equal(await admin.count({ since }), 2);
    assert.equal(await admin.count({ since: new Date(since).toISOString() }), 2);
    const unmatched = await admin.unmatched();
    assert.deepEqual(
      unmatched.map((e) => [e.partner, e.path, e.status]),
      [
        ['tax', '/nowhere', 404],
        ['(unknown)', '/carier/rates', 404],
      ],
    );
  });

  it('reports invalid inline rules with positions and a did-you-mean', async () => {
    await assert.rejects(
      admin.setFaults('tax', { rules: [{ probabilty: 0.5, error: 503 } as never] }),
      (error: unknown) => {
        assert.ok(error instanceof InvalidProjectError);
        assert.equal(error.diagnostics[0]?.code, 'REHEARSE_UNKNOWN_KEY');
        assert.equal(error.diagnostics[0]?.hint, 'Did you mean "probability"?');
        assert.ok(error.diagnostics[0]?.line);
        return true;
      },
    );
    await assert.rejects(admin.setFaults('tax', { profile: 'flakey' }), (error: unknown) => {
      assert.ok(error instanceof RehearseError);
      assert.equal(error.code, 'REHEARSE_VIRTUAL_UNKNOWN_PROFILE');
      assert.equal(error.hint, 'Did you mean "flaky"?');
      return true;
    });
    await assert.rejects(
      admin.getFaults('taxx'),
      (error: unknown) => error instanceof RehearseError && error.hint === 'Did you mean "tax"?',
    );
  });

  it('flags requests that break the contract, with the reasons', async () => {
    await postJson(`${virtual.partnerUrl('carrier')}/labels`, {
      reference: 'SO-1',
      service: 'CARGO',
      shipFrom: ADDRESS,
      shipTo: { region: 'CA' },
    });
    await postJson(`${virtual.partnerUrl('payment')}/authorizations`, {
      amount: 100,
      currency: 'USD',
      card: { token: 'tok_visa' },
      reference: 'r',
    });
    await quote(virtual);
    const flagged = (await admin.requests({ contractViolations: true })).requests;
    assert.equal(flagged.length, 2);
    assert.deepEqual(flagged[0]!.contractViolations, [
      'body.parcels is required',
      'body.service must be one of "GROUND", "EXPRESS", "OVERNIGHT"',
      'body.shipTo.postalCode is required',
      'body.shipTo.country is required',
    ]);
    assert.deepEqual(flagged[1]!.contractViolations, ['header Idempotency-Key is required']);
    assert.equal(flagged[1]!.status, 400, 'answered as usual');
  });

  it('answers 400 to a JSON body that does not parse, and flags it', async () => {
    const response = await request(`${virtual.partnerUrl('tax')}/quotes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-tenant-id': 'acme' },
      body: '{"currency": "USD",',
    });
    assert.equal(response.statusCode, 400);
    assert.equal(((await response.body.json()) as { error: { code: string } }).error.code, 'invalid_json');
    const [entry] = (await admin.requests({ partner: 'tax' })).requests;
    assert.deepEqual(entry!.contractViolations, ['body is not valid JSON']);
    assert.equal(entry!.body, '{"currency": "USD",');
  });

  it('redacts secrets and sensitive headers in the journal', async () => {
    await postJson(
      `${virtual.partnerUrl('tax')}/quotes`,
      { ...QUOTE, note: 'key=s3cr3t-api-key' },
      { headers: { authorization: 'Bearer abc.def', 'x-api-key': 'k-123' } },
    );
    const [entry] = (await admin.requests({ partner: 'tax' })).requests;
    assert.equal(entry!.headers.authorization, '[REDACTED]');
    assert.equal(entry!.headers['x-api-key'], '[REDACTED]');
    assert.equal((entry!.body as { note: string }).note, 'key=[REDACTED]');
    assert.ok(!JSON.stringify(entry).includes('s3cr3t-api-key'));
  });

  it('bounds the journal per partner', async () => {
    const small = await start({ partners: ['tax'], journalSize: 5 });
    try {
      for (let i = 0; i < 8; i++) await quote(small);
      const page = await small.admin.requests({ partner: 'tax' });
      assert.equal(page.requests.length, 5);
      assert.equal(page.requests[0]!.id, 4);
      assert.deepEqual((await small.admin.health()).dropped, { tax: 3 });
    } finally {
      await small.close();
    }
  });
});
