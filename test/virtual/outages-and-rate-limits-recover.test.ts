import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent } from 'undici';
import type { VirtualServicesHandle } from '../../src/virtual/index.js';
import { quote, start } from './helpers.js';

describe('outage windows and rate limits', () => {
  let virtual: VirtualServicesHandle;
  const agent = new Agent();
  before(async () => {
    virtual = await start({ partners: ['tax'] });
  });
  after(async () => {
    await agent.destroy();
    await virtual.close();
  });
  beforeEach(() => virtual.admin.reset());
  const statuses = async (n: number, tenant = 'acme') => {
    const out: number[] = [];
    for (let i = 0; i < n; i++)
      out.push((await quote(virtual, { dispatcher: agent, headers: { 'x-tenant-id': tenant } })).status);
    return out;
  };

  it('fails the next N requests of the shipped outage profile, then recovers', async () => {
    await virtual.admin.setFaults('tax', { profile: 'outage' });
    const seen = await statuses(23);
    assert.deepEqual(seen, [...Array<number>(20).fill(503), 200, 200, 200]);
  });

  it('lets `after` requests through, fails `times`, then recovers', async () => {
    await virtual.admin.setFaults('tax', { rules: [{ after: 2, times: 3, error: 500 }] });
    assert.deepEqual(await statuses(7), [200, 200, 500, 500, 500, 200, 200]);
  });

  it('fails for a time window from the first matching request, then recovers', async () => {
    await virtual.admin.setFaults('tax', { rules: [{ during: '300ms', error: 503 }] });
    assert.deepEqual(await statuses(3), [503, 503, 503]);
    await sleep(400);
    assert.deepEqual(await statuses(2), [200, 200]);
  });

  it('limits with a token bucket per tenant and answers 429 with Retry-After', async () => {
    await virtual.admin.setFaults('tax', { rules: [{ rateLimit: { capacity: 3, refillPerSecond: 5 } }] });
    assert.deepEqual(await statuses(4), [200, 200, 200, 429]);
    const limited = await quote(virtual, { dispatcher: agent });
    assert.equal(limited.status, 429);
    assert.equal(limited.headers['retry-after'], '1');
    assert.equal(JSON.parse(limited.text).error.code, 'rate_limited');
    assert.deepEqual(await statuses(2, 'globex'), [200, 200], 'another tenant has its own bucket');
    await sleep(250);
    assert.deepEqual(await statuses(1), [200], 'a token came back after 200 ms');
  });

  it('applies faults to the next N requests only', async () => {
    await virtual.admin.faultNext('tax', { requests: 2, rules: [{ error: 502 }] });
    assert.deepEqual(await statuses(4), [502, 502, 200, 200]);
    assert.deepEqual((await virtual.admin.getFaults('tax')).layers, []);
  });
});
