import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { Agent } from 'undici';
import type { FaultRule, VirtualServicesHandle } from '../../src/virtual/index.js';
import { quote, start } from './helpers.js';

const RULES: FaultRule[] = [
  { name: 'jitter', probability: 0.5, latency: { model: 'uniform', min: '0ms', max: '4ms' } },
  { name: 'flaky', probability: 0.4, error: 503 },
  { name: 'broken', probability: 0.2, error: 502 },
];

describe('fault sequences replay from the seed', () => {
  const agent = new Agent();
  const opened: VirtualServicesHandle[] = [];
  after(async () => {
    await agent.destroy();
    await Promise.all(opened.map((v) => v.close()));
  });

  const run = async (seed: string, interleaveTenant?: string) => {
    const virtual = await start({ partners: ['tax'], seed });
    opened.push(virtual);
    await virtual.admin.setFaults('tax', { rules: RULES });
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) {
      statuses.push((await quote(virtual, { dispatcher: agent })).status);
      if (interleaveTenant) await quote(virtual, { dispatcher: agent, headers: { 'x-tenant-id': interleaveTenant } });
    }
    const journal = (await virtual.admin.requests({ partner: 'tax', tenant: 'acme' })).requests;
    return { statuses, faults: journal.map((e) => e.faults.map((f) => `${f.rule}:${f.latencyMs ?? ''}`).join(',')) };
  };

  it('gives the same statuses, rules and latencies for the same seed', async () => {
    const first = await run('seed-a');
    const second = await run('seed-a');
    assert.deepEqual(second, first);
    assert.ok(first.statuses.includes(503) && first.statuses.includes(200), first.statuses.join(' '));
  });

  it('gives a different sequence for a different seed', async () => {
    const first = await run('seed-a');
    const other = await run('seed-b');
    assert.notDeepEqual(other.statuses, first.statuses);
  });

  it("keeps a tenant's sequence when another tenant's requests interleave", async () => {
    const alone = await run('seed-a');
    const interleaved = await run('seed-a', 'globex');
    assert.deepEqual(interleaved, alone);
  });
});
