import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { client, json, ok, startServer, type Server } from './helpers.js';

describe('keep-alive: one pooled connection per origin', () => {
  let server: Server;
  before(async () => {
    server = await startServer((req, res, body) => {
      if (req.url === '/missing') return json(res, 404, { error: 'not found' });
      json(res, 200, { method: req.method, echo: body });
    });
  });
  after(() => server.close());

  it('sends 20 sequential requests over a single TCP connection', async () => {
    const api = client();
    try {
      const before = server.connections;
      for (let i = 0; i < 20; i++) {
        const result = ok(await api.send({ method: 'GET', url: `${server.url}/items/${i}` }));
        assert.equal(result.response.status, 200);
      }
      assert.equal(server.connections - before, 1);
      assert.equal(server.requests.filter((r) => r.url.startsWith('/items/')).length, 20);
    } finally {
      await api.close();
    }
  });

  it('keeps the connection across POST bodies and error statuses', async () => {
    const api = client();
    try {
      const before = server.connections;
      for (let i = 0; i < 20; i++) {
        const result =
          i % 3 === 0
            ? ok(await api.send({ method: 'GET', url: `${server.url}/missing` }))
            : ok(await api.send({ method: 'POST', url: `${server.url}/orders`, body: { json: { n: i } } }));
        assert.equal(result.response.status, i % 3 === 0 ? 404 : 200);
        if (i % 3 !== 0) assert.deepEqual(result.response.json, { method: 'POST', echo: JSON.stringify({ n: i }) });
      }
      assert.equal(server.connections - before, 1);
    } finally {
      await api.close();
    }
  });

  it('does not share connections between clients', async () => {
    const a = client();
    const b = client();
    try {
      const before = server.connections;
      for (let i = 0; i < 5; i++) {
        ok(await a.send({ method: 'GET', url: `${server.url}/a` }));
        ok(await b.send({ method: 'GET', url: `${server.url}/b` }));
      }
      assert.equal(server.connections - before, 2);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
