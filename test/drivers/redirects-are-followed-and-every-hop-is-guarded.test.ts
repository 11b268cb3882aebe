// Redirects are followed as Playwright's APIRequestContext follows them (20 hops by default),
// each hop a request of its own that allowedHosts checks before it is sent; followRedirects
// false takes the 3xx as the answer, a number caps the hops. Methods change as the Fetch
// standard says; credentials stay on their origin; cookies set by a 3xx go with the next hop.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { bearerAuth } from '../../src/drivers/api/index.js';
import { client, failed, json, ok, startServer, type Server } from './helpers.js';

let target: Server;
let other: Server; // another origin, allowed
let outside: Server; // not allowed
before(async () => {
  outside = await startServer((_req, res) => json(res, 200, { reached: true }), '127.0.0.2');
  other = await startServer(
    (req, res, body) =>
      json(res, 200, {
        at: 'other',
        auth: req.headers.authorization ?? null,
        key: req.headers['x-api-key'] ?? null,
        body,
      }),
    '127.1.0.1',
  );
  target = await startServer((req, res, body) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const to = (status: number, location: string, headers: Record<string, string> = {}) =>
      json(res, status, {}, { location, ...headers });
    switch (url.pathname) {
      case '/old':
        return to(301, '/new?from=old');
      case '/login':
        return to(302, '/home', { 'set-cookie': 'session=s-1; Path=/' });
      case '/loop':
        return to(302, '/loop');
      case '/away':
        return to(302, `${outside.url}/landing`);
      case '/across':
        return to(307, `${other.url}/landing`);
      case '/create-303':
        return to(303, '/created');
      case '/create-302':
        return to(302, '/created');
      case '/create-307':
        return to(307, '/created');
      case '/create-308':
        return to(308, '/created');
      default:
        return json(res, 200, {
          method: req.method,
          path: req.url,
          body,
          contentType: req.headers['content-type'] ?? null,
          cookie: req.headers.cookie ?? null,
          auth: req.headers.authorization ?? null,
        });
    }
  });
});
after(() => Promise.all([target.close(), other.close(), outside.close()]));
beforeEach(() => {
  for (const s of [target, other, outside]) s.requests.length = 0;
});

describe('redirects', () => {
  it('are followed by default; the exchange lists the hops', async () => {
    const api = client();
    try {
      const { response } = ok(await api.send({ method: 'GET', url: `${target.url}/old` }));
      assert.equal(response.status, 200);
      assert.equal((response.json as { path: string }).path, '/new?from=old');
      assert.deepEqual(
        target.requests.map((r) => r.url),
        ['/old', '/new?from=old'],
      );
      assert.deepEqual(response.exchange.redirects, [`301 GET ${target.url}/old → ${target.url}/new?from=old`]);
    } finally {
      await api.close();
    }
  });

  it('followRedirects: false takes the 3xx as the answer', async () => {
    const api = client();
    try {
      const { response } = ok(await api.send({ method: 'GET', url: `${target.url}/old`, followRedirects: false }));
      assert.equal(response.status, 301);
      assert.equal(response.headers.location, '/new?from=old');
      assert.equal(target.requests.length, 1);
    } finally {
      await api.close();
    }
  });

  it('stop after the allowed number of hops: a loop fails with REHEARSE_TOO_MANY_REDIRECTS', async () => {
    const api = client();
    try {
      const { error } = failed(await api.send({ method: 'GET', url: `${target.url}/loop` }));
      assert.equal(error.code, 'REHEARSE_TOO_MANY_REDIRECTS');
      assert.match(error.message, /more than 20/);
      assert.equal(target.requests.length, 21, 'the first request and 20 hops');
      target.requests.length = 0;
      const capped = failed(await api.send({ method: 'GET', url: `${target.url}/loop`, followRedirects: 2 }));
      assert.equal(capped.error.code, 'REHEARSE_TOO_MANY_REDIRECTS');
      assert.equal(target.requests.length, 3);
    } finally {
      await api.close();
    }
  });

  it('a hop to a host outside allowedHosts is refused before it is sent', async () => {
    const api = client({ allowedHosts: ['127.0.0.1'] });
    try {
      const { error } = failed(await api.send({ method: 'GET', url: `${target.url}/away` }));
      assert.equal(error.code, 'REHEARSE_HOST_NOT_ALLOWED');
      assert.match(error.message, /127\.0\.0\.2:\d+ is not an allowed host/);
      assert.match(
        error.message,
        /following a redirect: 302 GET http:\/\/127\.0\.0\.1:\d+\/away → http:\/\/127\.0\.0\.2:\d+\/landing/,
      );
      assert.match(error.hint ?? '', /followRedirects: false/);
      assert.equal(outside.requests.length, 0);
      assert.equal(outside.connections, 0, 'not even a connection was opened');
    } finally {
      await api.close();
    }
  });

  it('303, and 301/302 after a POST, become a GET without the body; 307 and 308 keep both', async () => {
    const api = client();
    try {
      const sent = async (path: string) =>
        ok(await api.send({ method: 'POST', url: `${target.url}${path}`, body: { json: { qty: 1 } } })).response
          .json as { method: string; body: string; contentType: string | null };
      const seeOther = await sent('/create-303');
      assert.deepEqual([seeOther.method, seeOther.body, seeOther.contentType], ['GET', '', null]);
      assert.equal((await sent('/create-302')).method, 'GET');
      for (const path of ['/create-307', '/create-308']) {
        const r = await sent(path);
        assert.equal(r.method, 'POST', path);
        assert.equal(r.body, '{"qty":1}', path);
        assert.equal(r.contentType, 'application/json', path);
      }
    } finally {
      await api.close();
    }
  });

  it('credentials stay on their origin; a cookie set by the 3xx goes with the next hop', async () => {
    const api = client({ auth: bearerAuth({ token: 'tenant-token-123' }) });
    try {
      const home = ok(await api.send({ method: 'GET', url: `${target.url}/login` })).response.json as {
        cookie: string | null;
        auth: string | null;
      };
      assert.equal(home.cookie, 'session=s-1');
      assert.equal(home.auth, 'Bearer tenant-token-123', 'same origin: the credentials go along');
      const across = ok(
        await api.send({
          method: 'POST',
          url: `${target.url}/across`,
          headers: { 'x-api-key': 'step-key-456', authorization: 'Bearer step-token' },
          body: { json: {} },
        }),
      ).response.json as { at: string; auth: string | null; key: string | null };
      assert.equal(across.at, 'other');
      assert.equal(across.auth, null, 'no Authorization to another origin');
      assert.equal(across.key, null, 'no credential-named header to another origin');
      assert.equal(other.requests[0]!.headers.cookie, undefined, 'the target’s cookie stays with the target');
    } finally {
      await api.close();
    }
  });
});
