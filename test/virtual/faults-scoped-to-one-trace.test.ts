import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { VirtualServicesHandle } from '../../src/virtual/index.js';
import { quote, start } from './helpers.js';

const RUN_A = '0af7651916cd43dd8448eb211c80319c';
const RUN_B = '4bf92f3577b34da6a3ce929d0e0e4736';
const traceparent = (traceId: string) => `00-${traceId}-b7ad6b7169203331-01`;

describe('faults and journal reads scoped to one W3C trace (one scenario run)', () => {
  let services: VirtualServicesHandle;
  before(async () => {
    services = await start();
  });
  after(() => services.close());

  test('a trace-scoped layer fires only for requests carrying that trace id, even of the same tenant', async () => {
    await services.admin.setFaults('tax', { rules: [{ error: 503 }], traceId: RUN_A });
    const inRunA = await quote(services, { headers: { traceparent: traceparent(RUN_A) } });
    const inRunB = await quote(services, { headers: { traceparent: traceparent(RUN_B) } });
    const untraced = await quote(services);
    assert.deepEqual([inRunA.status, inRunB.status, untraced.status], [503, 200, 200]);
    const page = await services.admin.requests({ partner: 'tax', traceId: RUN_A });
    assert.equal(page.total, 1);
    assert.equal(page.requests[0]!.traceId, RUN_A);
    assert.equal(page.requests[0]!.status, 503);
  });

  test('"next N" overlays of a trace are consumed only by that trace, and reset by trace removes only its layers', async () => {
    await services.admin.reset({ partner: 'tax' });
    await services.admin.setFaults('tax', { rules: [{ latency: { model: 'fixed', delay: 1 } }], tenant: 'acme' });
    await services.admin.faultNext('tax', { requests: 1, rules: [{ error: 502 }], traceId: RUN_B });
    assert.equal((await quote(services, { headers: { traceparent: traceparent(RUN_A) } })).status, 200);
    assert.equal((await quote(services, { headers: { traceparent: traceparent(RUN_B) } })).status, 502);
    assert.equal((await quote(services, { headers: { traceparent: traceparent(RUN_B) } })).status, 200);
    await services.admin.setFaults('tax', { rules: [{ error: 500 }], traceId: RUN_B });
    await services.admin.reset({ partner: 'tax', traceId: RUN_B, journal: false, state: false });
    const layers = (await services.admin.getFaults('tax')).layers.map((l) => l.layer);
    assert.deepEqual(layers, ['tenant:acme'], 'the tenant layer stays');
  });

  test('the admin API over HTTP takes traceId in bodies and query parameters', async () => {
    const admin = `${services.url}/__admin`;
    const put = await fetch(`${admin}/partners/tax/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rules: [{ error: 418 }], traceId: RUN_A }),
    });
    assert.equal(put.status, 200);
    assert.equal((await quote(services, { headers: { traceparent: traceparent(RUN_A) } })).status, 418);
    const count = (await (await fetch(`${admin}/requests/count?partner=tax&traceId=${RUN_A}&status=418`)).json()) as {
      count: number;
    };
    assert.equal(count.count, 1);
  });
});
