import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newTraceId } from '../../src/drivers/api/index.js';
import { client, json, ok, startServer, type Server } from './helpers.js';

const W3C = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;

describe('traceparent: one trace per run, one span per request', () => {
  let server: Server;
  let dropFirst = false;
  before(async () => {
    server = await startServer((req, res) => {
      if (dropFirst) {
        dropFirst = false;
        req.socket.destroy();
        return;
      }
      json(res, 200, {});
    });
  });
  after(() => server.close());

  it('sends a W3C traceparent with the run’s trace id and a new span id on every request', async () => {
    const api = client();
    try {
      assert.match(api.traceId, /^[0-9a-f]{32}$/);
      const seen = server.requests.length;
      const recorded: string[] = [];
      for (let i = 0; i < 10; i++) {
        const method = i % 2 ? 'POST' : 'GET';
        recorded.push(ok(await api.send({ method, url: `${server.url}/s/${i}` })).response.exchange.traceparent);
      }
      const sent = server.requests.slice(seen).map((r) => String(r.headers.traceparent));
      assert.equal(sent.length, 10);
      assert.deepEqual(recorded, sent, 'the record shows the header that was sent');
      const parts = sent.map((header) => {
        const match = W3C.exec(header);
        assert.ok(match, `${header} is not a W3C traceparent`);
        return { traceId: match[1]!, spanId: match[2]! };
      });
      assert.deepEqual(new Set(parts.map((p) => p.traceId)), new Set([api.traceId]));
      assert.equal(new Set(parts.map((p) => p.spanId)).size, 10, 'span ids are unique');
      assert.ok(parts.every((p) => !/^0+$/.test(p.spanId)));
    } finally {
      await api.close();
    }
  });

  it('gives each run (client) its own trace id', async () => {
    const a = client();
    const b = client();
    try {
      const seen = server.requests.length;
      ok(await a.send({ method: 'GET', url: `${server.url}/a` }));
      ok(await b.send({ method: 'GET', url: `${server.url}/b` }));
      const [ta, tb] = server.requests.slice(seen).map((r) => W3C.exec(String(r.headers.traceparent))![1]);
      assert.equal(ta, a.traceId);
      assert.equal(tb, b.traceId);
      assert.notEqual(ta, tb);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('newTraceId yields valid, distinct trace ids', () => {
    const ids = Array.from({ length: 50 }, () => newTraceId());
    for (const id of ids) assert.match(id, /^[0-9a-f]{32}$/);
    assert.equal(new Set(ids).size, 50);
  });

  it('a caller-supplied traceparent header does not replace the run’s', async () => {
    const api = client();
    try {
      const seen = server.requests.length;
      ok(
        await api.send({
          method: 'GET',
          url: `${server.url}/x`,
          headers: { traceparent: `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01` },
        }),
      );
      assert.equal(W3C.exec(String(server.requests[seen]!.headers.traceparent))![1], api.traceId);
    } finally {
      await api.close();
    }
  });

  it('a retried request keeps its traceparent across attempts', async () => {
    const api = client({ retries: { count: 1, backoffMs: 5 } });
    try {
      const seen = server.requests.length;
      dropFirst = true;
      const { response } = ok(await api.send({ method: 'GET', url: `${server.url}/retry` }));
      assert.equal(response.exchange.attempts, 2);
      const [first, second] = server.requests.slice(seen).map((r) => r.headers.traceparent);
      assert.equal(first, second);
      assert.equal(first, response.exchange.traceparent);
    } finally {
      await api.close();
    }
  });
});
