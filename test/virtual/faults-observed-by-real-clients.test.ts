import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Agent, request } from 'undici';
import type { VirtualServicesHandle } from '../../src/virtual/index.js';
import { errorCode, quote, QUOTE, start } from './helpers.js';

describe('faults seen by a real client over real sockets', () => {
  let virtual: VirtualServicesHandle;
  let agent: Agent;
  before(async () => {
    virtual = await start({ partners: ['tax'] });
    agent = new Agent({ connections: 64 });
  });
  after(async () => {
    await agent.destroy();
    await virtual.close();
  });
  beforeEach(() => virtual.admin.reset());

  it('answers with an error status at the configured probability, and the journal agrees', async () => {
    await virtual.admin.setFaults('tax', { rules: [{ name: 'sometimes-503', probability: 0.3, error: 503 }] });
    const answers = await Promise.all(Array.from({ length: 200 }, () => quote(virtual, { dispatcher: agent })));
    const failed = answers.filter((a) => a.status === 503);
    assert.ok(failed.length >= 30 && failed.length <= 90, `${failed.length} of 200 failed, expected about 60`);
    assert.equal(answers.filter((a) => a.status === 200).length, 200 - failed.length);
    assert.deepEqual(JSON.parse(failed[0]!.text).error.code, 'service_unavailable');
    assert.equal(await virtual.admin.count({ partner: 'tax', status: 503, faulted: true }), failed.length);
  });

  it('sends 429 with Retry-After', async () => {
    await virtual.admin.setFaults('tax', { rules: [{ error: { status: 429, retryAfter: '3s' } }] });
    const answer = await quote(virtual, { dispatcher: agent });
    assert.equal(answer.status, 429);
    assert.equal(answer.headers['retry-after'], '3');
  });

  it('resets the connection: the client sees ECONNRESET', async () => {
    await virtual.admin.setFaults('tax', { rules: [{ reset: true }] });
    await assert.rejects(quote(virtual, { dispatcher: agent }), (error) => {
      assert.equal(errorCode(error), 'ECONNRESET');
      return true;
    });
    const [entry] = (await virtual.admin.requests({ partner: 'tax' })).requests;
    assert.equal(entry?.outcome, 'reset');
    assert.equal(entry?.faults[0]?.kind, 'reset');
  });

  it('hangs until the client times out', async () => {
    await virtual.admin.setFaults('tax', { rules: [{ hang: '20s' }] });
    const started = performance.now();
    await assert.rejects(
      quote(virtual, { dispatcher: agent, headersTimeout: 300 }),
      (error) => errorCode(error) === 'UND_ERR_HEADERS_TIMEOUT',
    );
    const waited = performance.now() - started;
    assert.ok(waited >= 280 && waited < 5000, `waited ${waited} ms`);
    assert.equal((await virtual.admin.requests({ partner: 'tax' })).requests[0]?.outcome, 'hang');
  });

  it('truncates the body: the client fails while reading it', async () => {
    await virtual.admin.setFaults('tax', { rules: [{ body: 'truncated' }] });
    await assert.rejects(quote(virtual, { dispatcher: agent }), (error) => {
      assert.match(errorCode(error), /UND_ERR_(SOCKET|RES_CONTENT_LENGTH_MISMATCH)|ECONNRESET/);
      return true;
    });
  });

  it('sends a malformed body with the real status and content type', async () => {
    await virtual.admin.setFaults('tax', { rules: [{ body: 'malformed' }] });
    const answer = await quote(virtual, { dispatcher: agent });
    assert.equal(answer.status, 200);
    assert.equal(answer.headers['content-type'], 'application/json');
    assert.ok(answer.text.startsWith('{"jurisdiction":"US-TX"'), answer.text);
    assert.throws(() => JSON.parse(answer.text), SyntaxError);
  });

  it('sends an empty body', async () => {
    await virtual.admin.setFaults('tax', { rules: [{ body: 'empty' }] });
    const answer = await quote(virtual, { dispatcher: agent });
    assert.equal(answer.status, 200);
    assert.equal(answer.text, '');
    assert.equal(answer.headers['content-length'], '0');
  });

  it('dribbles the body in small chunks with pauses, intact in the end', async () => {
    await virtual.admin.setFaults('tax', { rules: [{ dribble: { chunkBytes: 40, interval: '40ms' } }] });
    const started = performance.now();
    const response = await request(`${virtual.partnerUrl('tax')}/quotes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(QUOTE),
      dispatcher: agent,
    });
    const arrivals: number[] = [];
    let text = '';
    for await (const chunk of response.body) {
      arrivals.push(performance.now() - started);
      text += String(chunk);
    }
    const pauses = Math.ceil(Buffer.byteLength(text) / 40) - 1;
    assert.ok(arrivals.length >= 3, `${arrivals.length} chunks`);
    // Measured from the request, not from the first chunk: on a busy machine the first chunks can
    // reach the client together, which shortens first-to-last but never request-to-last (a lower
    // bound, so a slow machine cannot fail it).
    assert.ok(arrivals.at(-1)! >= pauses * 40 * 0.9, `body took ${arrivals.at(-1)!} ms for ${pauses} pauses`);
    assert.equal(JSON.parse(text).totalTax, 165);
  });

  it('releases hung sockets when the server closes', async () => {
    const own = await start({ partners: ['tax'], profiles: {} });
    await own.admin.setFaults('tax', { rules: [{ hang: true }] });
    const pending = quote(own, { dispatcher: agent, headersTimeout: 60_000 }).catch((error: unknown) =>
      errorCode(error),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = performance.now();
    await own.close();
    assert.ok(performance.now() - started < 2000);
    assert.match(String(await pending), /UND_ERR_SOCKET|ECONNRESET/);
  });
});
