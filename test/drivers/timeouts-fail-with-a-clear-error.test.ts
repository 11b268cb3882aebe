import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { client, failed, ok, startServer, type Server } from './helpers.js';

describe('timeouts fail with a clear error', () => {
  let server: Server;
  before(async () => {
    server = await startServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path === '/never') return; // accepts the request, never answers
      if (path === '/stall') {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
        res.write('{"partial":'); // then stalls mid-body
        return;
      }
      if (path === '/slow') {
        setTimeout(() => res.end('{"late":true}'), 150);
        return;
      }
      res.end('{"ok":true}');
    });
  });
  after(() => server.close());

  it('headers timeout: a server that never answers fails with REHEARSE_HEADERS_TIMEOUT, not retried', async () => {
    const api = client({ timeouts: { headersMs: 200 }, retries: { count: 3, backoffMs: 10 } });
    try {
      const seen = server.requests.length;
      const started = performance.now();
      const { error } = failed(await api.send({ method: 'GET', url: `${server.url}/never?x=1` }));
      const elapsed = performance.now() - started;
      assert.equal(error.code, 'REHEARSE_HEADERS_TIMEOUT');
      assert.match(error.message, /^Failed to get a response from http:\/\/127\.0\.0\.1:\d+\/never: no headers/);
      assert.match(error.hint ?? '', /timeouts\.headers/);
      // undici runs headers/body timers on ~0.5 s ticks: a 200 ms timeout fires within about a second
      assert.ok(elapsed >= 150 && elapsed < 2000, `timed out after ${elapsed} ms`);
      assert.equal(error.exchange?.attempts, 1);
      assert.match(error.exchange?.error ?? '', /^REHEARSE_HEADERS_TIMEOUT: /);
      assert.equal(error.exchange?.response, undefined);
      assert.equal(server.requests.length - seen, 1, 'a hanging server is not hammered with retries');
    } finally {
      await api.close();
    }
  });

  it('body timeout: a body that stalls midway fails with REHEARSE_BODY_TIMEOUT', async () => {
    const api = client({ timeouts: { headersMs: 1000, bodyMs: 200 } });
    try {
      const started = performance.now();
      const { error } = failed(await api.send({ method: 'GET', url: `${server.url}/stall` }));
      const elapsed = performance.now() - started;
      assert.equal(error.code, 'REHEARSE_BODY_TIMEOUT');
      assert.match(error.message, /^Failed to read the response body of http:\/\/127\.0\.0\.1:\d+\/stall: it stalled/);
      // undici runs headers/body timers on ~0.5 s ticks: a 200 ms timeout fires within about a second
      assert.ok(elapsed >= 150 && elapsed < 2000, `timed out after ${elapsed} ms`);
    } finally {
      await api.close();
    }
  });

  it('a step timeout shorter than the response fails with REHEARSE_REQUEST_TIMEOUT', async () => {
    const api = client();
    try {
      const { error } = failed(await api.send({ method: 'GET', url: `${server.url}/slow`, timeoutMs: 50 }));
      assert.equal(error.code, 'REHEARSE_REQUEST_TIMEOUT');
      assert.match(
        error.message,
        /^Failed to get a response from http:\/\/127\.0\.0\.1:\d+\/slow: the target did not answer within 50 ms \(the step's timeout\)\.$/,
      );
      assert.match(error.hint ?? '', /hung/);
      assert.doesNotMatch(error.hint ?? '', /Nothing to fix/);
      // and a long enough step timeout lets the same request through
      const result = ok(await api.send({ method: 'GET', url: `${server.url}/slow`, timeoutMs: 1000 }));
      assert.deepEqual(result.response.json, { late: true });
    } finally {
      await api.close();
    }
  });

  it('an aborted run fails with REHEARSE_ABORTED', async () => {
    const api = client();
    try {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      const { error } = failed(
        await api.send({ method: 'GET', url: `${server.url}/never`, signal: controller.signal }),
      );
      assert.equal(error.code, 'REHEARSE_ABORTED');
    } finally {
      await api.close();
    }
  });

  it('a port nobody listens on fails with REHEARSE_CONNECTION_REFUSED', async () => {
    const closed = await startServer(() => undefined);
    const url = `${closed.url}/x`;
    await closed.close();
    const api = client();
    try {
      const { error } = failed(await api.send({ method: 'GET', url }));
      assert.equal(error.code, 'REHEARSE_CONNECTION_REFUSED');
      assert.match(error.message, /^Failed to connect to 127\.0\.0\.1:\d+: connection refused\.$/);
    } finally {
      await api.close();
    }
  });
});
