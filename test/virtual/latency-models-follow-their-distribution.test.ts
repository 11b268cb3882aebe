import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Agent } from 'undici';
import type { FaultRule, VirtualServicesHandle } from '../../src/virtual/index.js';
import { median, quantile, quote, start } from './helpers.js';

describe('latency models, measured by the client over 200 requests', () => {
  let virtual: VirtualServicesHandle;
  let agent: Agent;
  before(async () => {
    virtual = await start({ partners: ['tax'] });
    agent = new Agent();
    // Open the keep-alive connections (and warm the code) before measuring.
    await Promise.all(Array.from({ length: 25 }, () => quote(virtual, { dispatcher: agent })));
  });
  after(async () => {
    await agent.destroy();
    await virtual.close();
  });

  const measure = async (latency: FaultRule['latency']) => {
    await virtual.admin.reset();
    await virtual.admin.setFaults('tax', { rules: [{ latency }] });
    // 25 clients × 8 requests: enough overlap to be quick, without a burst of 200 answers at once.
    const answers = (
      await Promise.all(
        Array.from({ length: 25 }, async () => {
          const mine = [];
          for (let i = 0; i < 8; i++) mine.push(await quote(virtual, { dispatcher: agent }));
          return mine;
        }),
      )
    ).flat();
    assert.ok(answers.every((a) => a.status === 200));
    const injected = (await virtual.admin.requests({ partner: 'tax' })).requests.map((e) => e.latencyMs);
    assert.equal(injected.length, 200);
    return { client: answers.map((a) => a.ms), injected };
  };

  it('fixed: every request waits the delay', async () => {
    const { client, injected } = await measure({ model: 'fixed', delay: '100ms' });
    assert.ok(injected.every((ms) => ms === 100));
    assert.ok(Math.min(...client) >= 95, `min ${Math.min(...client)}`);
    assert.ok(median(client) < 200, `median ${median(client)}`);
  });

  it('uniform: spread between min and max around the middle', async () => {
    const { client, injected } = await measure({ model: 'uniform', min: '50ms', max: '250ms' });
    assert.ok(Math.min(...injected) >= 50 && Math.max(...injected) <= 250);
    assert.ok(Math.min(...client) >= 45, `min ${Math.min(...client)}`);
    const m = median(client);
    assert.ok(m > 115 && m < 230, `median ${m}`);
    assert.ok(quantile(client, 0.9) - quantile(client, 0.1) > 100, 'spread of the middle 80%');
  });

  it('lognormal: median near p50 and a long right tail toward p99', async () => {
    const { client, injected } = await measure({ model: 'lognormal', p50: '60ms', p99: '400ms' });
    const m = median(client);
    assert.ok(m > 45 && m < 130, `median ${m}`);
    assert.ok(median(injected) > 45 && median(injected) < 80, `injected median ${median(injected)}`);
    assert.ok(quantile(injected, 0.9) > 1.5 * median(injected), 'right tail');
    assert.ok(quantile(injected, 0.95) < 600, `p95 ${quantile(injected, 0.95)}`);
    assert.ok(Math.min(...injected) > 5, 'no negative or zero delays');
  });

  it('normal: centred on the mean, never negative', async () => {
    const { injected } = await measure({ model: 'normal', mean: '80ms', stddev: '20ms' });
    assert.ok(Math.abs(median(injected) - 80) < 10, `median ${median(injected)}`);
    assert.ok(quantile(injected, 0.84) - quantile(injected, 0.16) > 25, 'about two standard deviations');
    assert.ok(injected.every((ms) => ms >= 0));
  });
});
