import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { oauth2ClientCredentials } from '../../src/drivers/api/index.js';
import { client, failed, json, ok, startServer, type Server } from './helpers.js';

describe('guards refuse before sending', () => {
  let allowed: Server;
  let outside: Server;
  before(async () => {
    outside = await startServer((_req, res) => json(res, 200, { reached: true }), '127.0.0.2');
    allowed = await startServer((req, res) => {
      if (req.url === '/redirect') return json(res, 302, {}, { location: `${outside.url}/landing` });
      if (req.url === '/oauth/token') return json(res, 200, { access_token: 'tok-guard', expires_in: 3600 });
      json(res, 200, { method: req.method });
    });
  });
  after(async () => {
    await Promise.all([allowed.close(), outside.close()]);
  });

  it('refuses a host outside allowedHosts, and that host sees no request', async () => {
    const api = client({ allowedHosts: ['127.0.0.1'] });
    try {
      for (const method of ['GET', 'POST']) {
        const { error } = failed(await api.send({ method, url: `${outside.url}/orders?x=1` }));
        assert.equal(error.code, 'REHEARSE_HOST_NOT_ALLOWED');
        assert.match(error.message, /127\.0\.0\.2:\d+ is not an allowed host \(allowed: 127\.0\.0\.1\)/);
        assert.match(error.hint ?? '', /allowedHosts/);
        assert.equal(error.exchange, undefined, 'nothing was exchanged');
      }
      assert.equal(outside.requests.length, 0);
      assert.equal(outside.connections, 0, 'not even a connection was opened');
      ok(await api.send({ method: 'GET', url: `${allowed.url}/orders` }));
    } finally {
      await api.close();
    }
  });

  it('matches host:port entries on the port too', async () => {
    const api = client({ allowedHosts: [`127.0.0.1:${allowed.port}`, `127.0.0.2:${outside.port + 1}`] });
    try {
      assert.equal(ok(await api.send({ method: 'GET', url: `${allowed.url}/a` })).response.status, 200);
      assert.equal(
        failed(await api.send({ method: 'GET', url: `${outside.url}/a` })).error.code,
        'REHEARSE_HOST_NOT_ALLOWED',
      );
      assert.equal(outside.requests.length, 0);
    } finally {
      await api.close();
    }
  });

  it('refuses before fetching credentials for the refused request', async () => {
    const api = client({
      allowedHosts: ['127.0.0.1'],
      auth: (self) =>
        oauth2ClientCredentials(
          { tokenUrl: `${allowed.url}/oauth/token`, clientId: 'id', clientSecret: 'secret' },
          async ({ url, form }) => {
            const result = await self.send({ method: 'POST', url, body: { form }, noAuth: true });
            if (!result.ok) throw new Error(result.error.message);
            return { status: result.response.status, json: result.response.json };
          },
          () => undefined,
        ),
    });
    try {
      const tokenCalls = () => allowed.requests.filter((r) => r.url === '/oauth/token').length;
      const before = tokenCalls();
      assert.equal(
        failed(await api.send({ method: 'GET', url: `${outside.url}/a` })).error.code,
        'REHEARSE_HOST_NOT_ALLOWED',
      );
      assert.equal(tokenCalls(), before);
      assert.equal(outside.requests.length, 0);
    } finally {
      await api.close();
    }
  });

  it('does not follow a redirect to a host outside allowedHosts', async () => {
    const api = client({ allowedHosts: ['127.0.0.1'] });
    try {
      const { error } = failed(await api.send({ method: 'GET', url: `${allowed.url}/redirect` }));
      assert.equal(error.code, 'REHEARSE_HOST_NOT_ALLOWED');
      const { response } = ok(
        await api.send({ method: 'GET', url: `${allowed.url}/redirect`, followRedirects: false }),
      );
      assert.equal(response.status, 302);
      assert.equal(outside.requests.length, 0);
    } finally {
      await api.close();
    }
  });

  it('in production refuses anything but GET, HEAD and OPTIONS, and the server sees none of it', async () => {
    const api = client({ production: true });
    try {
      const seen = allowed.requests.length;
      for (const method of ['POST', 'post', 'PUT', 'PATCH', 'DELETE']) {
        const { error } = failed(await api.send({ method, url: `${allowed.url}/orders`, body: { json: { a: 1 } } }));
        assert.equal(error.code, 'REHEARSE_PRODUCTION_GUARD', method);
        assert.match(
          error.message,
          new RegExp(`^Failed to send ${method.toUpperCase()} http://127\\.0\\.0\\.1:\\d+/orders: `),
        );
        assert.match(error.hint ?? '', /prod-safe/);
      }
      assert.equal(allowed.requests.length, seen, 'no refused request reached the server');
      for (const method of ['GET', 'HEAD', 'OPTIONS'])
        assert.equal(ok(await api.send({ method, url: `${allowed.url}/orders` })).response.status, 200, method);
      assert.deepEqual(
        allowed.requests.slice(seen).map((r) => r.method),
        ['GET', 'HEAD', 'OPTIONS'],
      );
    } finally {
      await api.close();
    }
  });

  it('in production allows POST for a prod-safe scenario', async () => {
    const api = client({ production: true, prodSafe: true });
    try {
      const { response } = ok(await api.send({ method: 'POST', url: `${allowed.url}/orders`, body: { json: {} } }));
      assert.deepEqual(response.json, { method: 'POST' });
    } finally {
      await api.close();
    }
  });

  it('in production still lets an OAuth2 token request through, but not the POST it authorizes', async () => {
    const api = client({ production: true });
    try {
      const token = ok(
        await api.send({
          method: 'POST',
          url: `${allowed.url}/oauth/token`,
          body: { form: { grant_type: 'client_credentials' } },
          noAuth: true,
          tokenRequest: true,
        }),
      );
      assert.equal((token.response.json as { access_token: string }).access_token, 'tok-guard');
      const { error } = failed(await api.send({ method: 'POST', url: `${allowed.url}/orders`, body: { json: {} } }));
      assert.equal(error.code, 'REHEARSE_PRODUCTION_GUARD');
    } finally {
      await api.close();
    }
  });

  it('outside production, POST is allowed without prod-safe', async () => {
    const api = client({ production: false });
    try {
      assert.equal(ok(await api.send({ method: 'POST', url: `${allowed.url}/orders` })).response.status, 200);
    } finally {
      await api.close();
    }
  });
});
