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
const TRACE_A = '0af7651916cd43dd8448eb211c80319c';
const TRACE_B = '4bf92f3577b34da6a3ce929d0e0e4736';
const TRACE_C = 'c0ffee00c0ffee00c0ffee00c0ffee00';
const traceparent = (traceId: string) => `00-${traceId}-b7ad6b7169203331-01`;
const RUN = { seed: '7', key: '["b-flaky","standard","api",0]' };

describe('fault sequences replay from the seed', () => {
  const agent = new Agent();
  const opened: VirtualServicesHandle[] = [];
  after(async () => {
    await agent.destroy();
    await Promise.all(opened.map((v) => v.close()));
  });
  const server = async (seed: string) => {
    const virtual = await start({ partners: ['tax'], seed });
    opened.push(virtual);
    return virtual;
  };
  /** `count` quotes with these headers: their statuses and, from the journal, which rules fired with what latency. */
  const calls = async (virtual: VirtualServicesHandle, count: number, headers: Record<string, string> = {}) => {
    const statuses: number[] = [];
    const afterId = (await virtual.admin.health()).lastRequestId;
    for (let i = 0; i < count; i++) statuses.push((await quote(virtual, { dispatcher: agent, headers })).status);
    const journal = (await virtual.admin.requests({ partner: 'tax', afterId })).requests;
    return { statuses, faults: journal.map((e) => e.faults.map((f) => `${f.rule}:${f.latencyMs ?? ''}`).join(',')) };
  };

  const run = async (seed: string, interleaveTenant?: string) => {
    const virtual = await server(seed);
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

  it("keeps a trace's sequence when other traces of the same tenant call first or in between", async () => {
    const sequence = async (others: boolean) => {
      const virtual = await server('42');
      await virtual.admin.setFaults('tax', { rules: RULES, traceId: TRACE_B });
      await virtual.admin.setFaults('tax', { rules: RULES, traceId: TRACE_A });
      if (others) await calls(virtual, 3, { traceparent: traceparent(TRACE_A) });
      const result = { statuses: [] as number[], faults: [] as string[] };
      for (let i = 0; i < 20; i++) {
        const one = await calls(virtual, 1, { traceparent: traceparent(TRACE_B) });
        result.statuses.push(...one.statuses);
        result.faults.push(...one.faults);
        if (others) await calls(virtual, 1, { traceparent: traceparent(TRACE_A) });
      }
      return result;
    };
    const alone = await sequence(false);
    assert.deepEqual(await sequence(true), alone);
    assert.ok(alone.statuses.includes(503) || alone.statuses.includes(502), alone.statuses.join(' '));
  });

  it("counts a trace's calls per route from its first call, whether faults were on or not", async () => {
    // Faults switched on after three calls: calls 4.. draw as calls 4.. of a run that had them all along.
    const from = async (switchAfter: number) => {
      const virtual = await server('42');
      const headers = { traceparent: traceparent(TRACE_B) };
      if (switchAfter === 0) await virtual.admin.setFaults('tax', { rules: RULES });
      const before = await calls(virtual, 3, headers);
      if (switchAfter === 3) await virtual.admin.setFaults('tax', { rules: RULES });
      return { before, rest: await calls(virtual, 20, headers) };
    };
    const allAlong = await from(0);
    const late = await from(3);
    assert.deepEqual(late.before.statuses, [200, 200, 200]);
    assert.deepEqual(late.rest, allAlong.rest);
  });

  it("draws a registered run's faults from the run's seed and identity, whatever seed the server has", async () => {
    const registered = async (serverSeed: string, traceId: string, run = RUN) => {
      const virtual = await server(serverSeed);
      await virtual.admin.registerRun(traceId, run);
      await virtual.admin.setFaults('tax', { rules: RULES });
      return calls(virtual, 30, { traceparent: traceparent(traceId) });
    };
    const first = await registered('42', TRACE_A);
    assert.deepEqual(await registered('99', TRACE_B), first, 'another server seed, another trace id: same faults');
    assert.notDeepEqual((await registered('42', TRACE_A, { ...RUN, seed: '8' })).statuses, first.statuses);
    assert.notDeepEqual(
      (await registered('42', TRACE_A, { ...RUN, key: '["other","standard","api",0]' })).statuses,
      first.statuses,
      'another scenario run draws other faults',
    );
  });

  it("uses the server's seed for traffic of a trace no run registered", async () => {
    const unregistered = async (serverSeed: string) => {
      const virtual = await server(serverSeed);
      await virtual.admin.setFaults('tax', { rules: RULES });
      return calls(virtual, 30, { traceparent: traceparent(TRACE_C) });
    };
    const first = await unregistered('42');
    assert.deepEqual(await unregistered('42'), first);
    assert.notDeepEqual((await unregistered('99')).statuses, first.statuses);
  });

  it('replays a scenario run on a long-lived server: a new trace of the same run, or after a full reset', async () => {
    const virtual = await server('42');
    await virtual.admin.registerRun(TRACE_A, RUN);
    await virtual.admin.setFaults('tax', { rules: RULES });
    const first = await calls(virtual, 20, { traceparent: traceparent(TRACE_A) });
    await virtual.admin.registerRun(TRACE_B, RUN);
    assert.deepEqual(await calls(virtual, 20, { traceparent: traceparent(TRACE_B) }), first);
    await virtual.admin.reset();
    await virtual.admin.setFaults('tax', { rules: RULES });
    const untraced = await calls(virtual, 20);
    await virtual.admin.reset();
    await virtual.admin.setFaults('tax', { rules: RULES });
    assert.deepEqual(await calls(virtual, 20), untraced, 'call indexes start again at 1');
  });

  it("does not shift a rule's draws when an earlier rule draws, or is skipped by its counters", async () => {
    const coin: FaultRule = { name: 'coin', probability: 0.5, error: 503 };
    const sequence = async (rules: FaultRule[]) => {
      const virtual = await server('42');
      await virtual.admin.setFaults('tax', { rules });
      return calls(virtual, 24, { traceparent: traceparent(TRACE_A) });
    };
    const alone = await sequence([coin]);
    // `first` fires on calls 1-2 only (a terminal 502), then is skipped; `jitter` draws once or twice a call.
    const behind = await sequence([
      { name: 'first', times: 2, error: 502 },
      { name: 'jitter', probability: 0.5, latency: { model: 'uniform', min: '0ms', max: '2ms' } },
      coin,
    ]);
    assert.deepEqual(behind.statuses.slice(0, 2), [502, 502]);
    assert.deepEqual(behind.statuses.slice(2), alone.statuses.slice(2));
    assert.ok(alone.statuses.includes(503) && alone.statuses.includes(200), alone.statuses.join(' '));
  });

  it('refuses to register a run under something that is not a trace id, or without a seed', async () => {
    const virtual = await server('42');
    const put = (traceId: string, body: unknown) =>
      fetch(`${virtual.url}/__admin/runs/${traceId}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const bad = await put('run-1', RUN);
    assert.equal(bad.status, 400);
    const answer = (await bad.json()) as { error: { code: string; message: string; hint: string } };
    assert.equal(answer.error.code, 'REHEARSE_VIRTUAL_RUN_INVALID');
    assert.match(answer.error.message, /"run-1" is not a W3C trace id/);
    assert.match(answer.error.hint, /PUT \/__admin\/runs\/<trace id>/);
    assert.equal((await put(TRACE_A, { key: RUN.key })).status, 400);
    const good = await put(TRACE_A.toUpperCase(), RUN);
    assert.equal(good.status, 200);
    assert.deepEqual(await good.json(), { traceId: TRACE_A, ...RUN });
  });
});
