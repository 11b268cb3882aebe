import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { client, json, ok, startServer, type Server } from './helpers.js';

describe('cookies persist per client', () => {
  let server: Server;
  before(async () => {
    server = await startServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const cookie = req.headers.cookie ?? null;
      switch (url.pathname) {
        case '/login':
          return json(res, 200, { ok: true }, { 'set-cookie': 'session=s-123; Path=/; HttpOnly' });
        case '/prefs':
          res.setHeader('set-cookie', ['theme=dark; Path=/', 'lang=de; Path=/; Max-Age=3600']);
          return json(res, 200, {});
        case '/logout':
          return json(res, 200, {}, { 'set-cookie': 'session=; Path=/; Max-Age=0' });
        case '/expire-theme':
          return json(res, 200, {}, { 'set-cookie': 'theme=x; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT' });
        case '/rotate':
          return json(res, 200, {}, { 'set-cookie': 'session=s-456; Path=/' });
        case '/admin/enter':
          return json(res, 200, {}, { 'set-cookie': 'admin=yes; Path=/admin' });
        case '/steal':
          // tries to plant a cookie for another host
          return json(res, 200, {}, { 'set-cookie': `planted=1; Path=/; Domain=127.0.0.2` });
        case '/steal-suffix':
          // an IP address is no domain: "0.1" must not cover 127.1.0.1
          return json(res, 200, {}, { 'set-cookie': `suffix=1; Path=/; Domain=0.1` });
        default:
          return json(res, 200, { cookie });
      }
    });
  });
  after(() => server.close());

  const cookieSeen = async (api: ReturnType<typeof client>, path: string) =>
    (ok(await api.send({ method: 'GET', url: `${server.url}${path}` })).response.json as { cookie: string | null })
      .cookie;

  it('sends a cookie set by the server on later requests of the same client only', async () => {
    const a = client();
    const b = client();
    try {
      assert.equal(await cookieSeen(a, '/me'), null);
      ok(await a.send({ method: 'POST', url: `${server.url}/login` }));
      assert.equal(await cookieSeen(a, '/me'), 'session=s-123');
      assert.equal(await cookieSeen(a, '/api/orders/1'), 'session=s-123');
      assert.equal(await cookieSeen(b, '/me'), null, 'another client (run) has its own jar');
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('stores several Set-Cookie headers, replaces by name, and forgets expired cookies', async () => {
    const api = client();
    try {
      ok(await api.send({ method: 'POST', url: `${server.url}/login` }));
      ok(await api.send({ method: 'GET', url: `${server.url}/prefs` }));
      assert.equal(await cookieSeen(api, '/me'), 'session=s-123; theme=dark; lang=de');
      ok(await api.send({ method: 'GET', url: `${server.url}/rotate` }));
      // RFC 6265 §5.3 step 11.3: a replaced cookie keeps its creation time, so its place (§5.4).
      assert.equal(await cookieSeen(api, '/me'), 'session=s-456; theme=dark; lang=de');
      ok(await api.send({ method: 'GET', url: `${server.url}/logout` }));
      ok(await api.send({ method: 'GET', url: `${server.url}/expire-theme` }));
      assert.equal(await cookieSeen(api, '/me'), 'lang=de');
    } finally {
      await api.close();
    }
  });

  it('sends a cookie with a Path only below that path', async () => {
    const api = client();
    try {
      ok(await api.send({ method: 'GET', url: `${server.url}/admin/enter` }));
      assert.equal(await cookieSeen(api, '/admin'), 'admin=yes');
      assert.equal(await cookieSeen(api, '/admin/users'), 'admin=yes');
      assert.equal(await cookieSeen(api, '/administrator'), null);
      assert.equal(await cookieSeen(api, '/'), null);
    } finally {
      await api.close();
    }
  });

  it('a caller-supplied Cookie header wins over the jar', async () => {
    const api = client();
    try {
      ok(await api.send({ method: 'POST', url: `${server.url}/login` }));
      const { response } = ok(
        await api.send({ method: 'GET', url: `${server.url}/me`, headers: { Cookie: 'session=forced' } }),
      );
      assert.deepEqual(response.json, { cookie: 'session=forced' });
    } finally {
      await api.close();
    }
  });

  it('keeps cookies per host: never sends them to another host, even if Domain names it', async () => {
    const other = await startServer((req, res) => json(res, 200, { cookie: req.headers.cookie ?? null }), '127.0.0.2');
    const api = client();
    try {
      ok(await api.send({ method: 'POST', url: `${server.url}/login` }));
      ok(await api.send({ method: 'GET', url: `${server.url}/steal` }));
      const { response } = ok(await api.send({ method: 'GET', url: `${other.url}/me` }));
      assert.deepEqual(response.json, { cookie: null });
      assert.equal(
        await cookieSeen(api, '/me'),
        'session=s-123',
        'the planted cookie is not kept for its setter either',
      );
    } finally {
      await api.close();
      await other.close();
    }
  });

  it('treats IP hosts as exact: a Domain suffix of an IP covers no other address', async () => {
    const other = await startServer((req, res) => json(res, 200, { cookie: req.headers.cookie ?? null }), '127.1.0.1');
    const api = client();
    try {
      ok(await api.send({ method: 'GET', url: `${server.url}/steal-suffix` }));
      const { response } = ok(await api.send({ method: 'GET', url: `${other.url}/me` }));
      assert.deepEqual(response.json, { cookie: null });
    } finally {
      await api.close();
      await other.close();
    }
  });
});
