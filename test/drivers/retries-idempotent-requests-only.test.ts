import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { client, failed, json, ok, startServer, type Server } from './helpers.js';

describe('retries: idempotent requests only', () => {
  let server: Server;
  /** How many of the next requests the server kills by destroying the socket. */
  let dropNext = 0;
  before(async () => {
    server = await startServer((req, res) => {
      if (dropNext > 0) {
        dropNext--;
        req.socket.destroy();
        return;
      }
      json(res, 200, { method: req.method });
    });
  });
  after(() => server.close());
  beforeEach(() => {
    dropNext = 0;
    server.requests.length = 0;
  });

  const retrying = () => client({ retries: { count: 2, backoffMs: 5 } });

  it('retries a GET until it succeeds, and records the attempts', async () => {
    const api = retrying();
    try {
      dropNext = 2;
      const { response } = ok(await api.send({ method: 'GET', url: `${server.url}/orders` }));
      assert.equal(response.status, 200);
      assert.equal(response.exchange.attempts, 3);
      assert.equal(server.requests.length, 3);
    } finally {
      await api.close();
    }
  });

  it('gives up on a GET after the configured count of retries', async () => {
    const api = retrying();
    try {
      dropNext = 10;
      const { error } = failed(await api.send({ method: 'GET', url: `${server.url}/orders` }));
      assert.equal(error.code, 'REHEARSE_CONNECTION_RESET');
      assert.match(
        error.message,
        /\(after 3 attempts; attempt 1 was retried after 5 ms: the connection (?:was reset|closed) before the target answered \(the target may have processed it\); attempt 2 was retried after 10 ms: .*\)$/,
      );
      assert.equal(error.exchange?.attempts, 3);
      assert.equal(server.requests.length, 3);
    } finally {
      await api.close();
    }
  });

  it('does not retry without a configured count', async () => {
    const api = client();
    try {
      dropNext = 1;
      const { error } = failed(await api.send({ method: 'GET', url: `${server.url}/orders` }));
      assert.equal(error.code, 'REHEARSE_CONNECTION_RESET');
      assert.equal(server.requests.length, 1);
    } finally {
      await api.close();
    }
  });

  it('retries PUT and DELETE (idempotent) but not POST or PATCH', async () => {
    const api = retrying();
    try {
      for (const method of ['PUT', 'DELETE']) {
        server.requests.length = 0;
        dropNext = 1;
        const { response } = ok(await api.send({ method, url: `${server.url}/orders/1`, body: { json: { a: 1 } } }));
        assert.equal(response.exchange.attempts, 2, method);
        assert.equal(server.requests.length, 2, method);
      }
      for (const method of ['POST', 'PATCH']) {
        server.requests.length = 0;
        dropNext = 1;
        const { error } = failed(await api.send({ method, url: `${server.url}/orders`, body: { json: { a: 1 } } }));
        assert.equal(error.code, 'REHEARSE_CONNECTION_RESET', method);
        assert.equal(error.exchange?.attempts, 1, method);
        assert.equal(server.requests.length, 1, `${method} must not be sent twice`);
      }
    } finally {
      await api.close();
    }
  });

  it('retries a POST that carries an idempotency key, with the same key and body', async () => {
    const api = retrying();
    try {
      dropNext = 2;
      const { response } = ok(
        await api.send({
          method: 'POST',
          url: `${server.url}/orders`,
          idempotencyKey: 'key-123',
          body: { json: { customer: 'C1' } },
        }),
      );
      assert.equal(response.exchange.attempts, 3);
      assert.equal(server.requests.length, 3);
      for (const seen of server.requests) {
        assert.equal(seen.headers['idempotency-key'], 'key-123');
        assert.equal(seen.body, '{"customer":"C1"}');
      }
    } finally {
      await api.close();
    }
  });

  it('retries a POST whose Idempotency-Key is given as a plain header', async () => {
    const api = retrying();
    try {
      dropNext = 1;
      const { response } = ok(
        await api.send({
          method: 'POST',
          url: `${server.url}/orders`,
          headers: { 'Idempotency-Key': 'key-456' },
          body: { json: { customer: 'C2' } },
        }),
      );
      assert.equal(response.exchange.attempts, 2);
      assert.deepEqual(
        server.requests.map((r) => r.headers['idempotency-key']),
        ['key-456', 'key-456'],
      );
    } finally {
      await api.close();
    }
  });

  it('retries a refused connection, then reports it', async () => {
    const gone = await startServer(() => undefined);
    const url = `${gone.url}/orders`;
    await gone.close();
    const api = retrying();
    try {
      const { error } = failed(await api.send({ method: 'GET', url }));
      assert.equal(error.code, 'REHEARSE_CONNECTION_REFUSED');
      assert.equal(error.exchange?.attempts, 3);
    } finally {
      await api.close();
    }
  });
});
