import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setupVirtualServer, type VirtualServerSetup } from '../../src/virtual/index.js';
import { QUOTE, SERVICES_DIR } from './helpers.js';

describe('in-process virtual services through msw setupServer', () => {
  let virtual: VirtualServerSetup;
  before(async () => {
    virtual = await setupVirtualServer({ dir: SERVICES_DIR, seed: 'msw', partners: ['tax', 'carrier'] });
    virtual.server.listen({ onUnhandledRequest: 'error' });
  });
  after(() => virtual.close());

  const post = (body: unknown = QUOTE) =>
    fetch(`${virtual.partnerUrl('tax')}/quotes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-tenant-id': 'acme' },
      body: JSON.stringify(body),
    });

  it('answers fetch without a port, through the same handlers and journal', async () => {
    assert.equal(virtual.partnerUrl('tax'), 'http://virtual.rehearse.test/tax');
    const response = await post();
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as { totalTax: number }).totalTax, 165);
    const [entry] = (await virtual.admin.requests({ partner: 'tax' })).requests;
    assert.deepEqual([entry?.route, entry?.tenant, entry?.status], ['POST /quotes', 'acme', 200]);
  });

  it('turns a reset into a network error and a truncated body into a failed read', async () => {
    await virtual.admin.setFaults('tax', { rules: [{ reset: true }] });
    await assert.rejects(post(), TypeError);
    await virtual.admin.setFaults('tax', { rules: [{ body: 'truncated' }] });
    const response = await post();
    await assert.rejects(response.text());
    await virtual.admin.setFaults('tax', { rules: [{ error: { status: 429, retryAfter: '2s' } }] });
    const limited = await post();
    assert.deepEqual([limited.status, limited.headers.get('retry-after')], [429, '2']);
    assert.equal(JSON.parse(await limited.text()).error.code, 'too_many_requests');
    await virtual.admin.setFaults('tax', {});
  });

  it('dribbles and delays in-process too', async () => {
    await virtual.admin.setFaults('tax', {
      rules: [{ latency: { model: 'fixed', delay: '80ms' } }, { dribble: { chunkBytes: 50, interval: '20ms' } }],
    });
    const started = performance.now();
    const response = await post();
    const body = (await response.json()) as { totalTax: number };
    assert.equal(body.totalTax, 165);
    assert.ok(performance.now() - started >= 100, `${performance.now() - started} ms`);
    await virtual.admin.setFaults('tax', {});
  });
});
