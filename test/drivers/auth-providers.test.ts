import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { after, before, beforeEach, describe, it } from 'node:test';
import { REDACTED, Redactor } from '../../src/core/redactor.js';
import { resolveSecretRef } from '../../src/core/secret-ref.js';
import {
  createApiClient,
  createAuthProvider,
  newTraceId,
  oauth2ClientCredentials,
  type ApiClient,
  type AuthContext,
  type TokenFetcher,
} from '../../src/drivers/api/index.js';
import type { AuthConfig } from '../../src/schema/auth.js';
import { client, failed, json, ok, startServer, type Server } from './helpers.js';

const ENV = {
  API_TOKEN: 'static-bearer-token-1',
  API_KEY: 'api-key-value-42',
  API_USER: 'qa-user',
  API_PASS: 'pa55-w0rd!',
  CLIENT_ID: 'client-abc',
  CLIENT_SECRET: 'client-secret-xyz',
};

/** The wiring of the engine: secrets resolved from env refs, tokens fetched through the client itself. */
function authContext(redactor: Redactor, self: ApiClient): AuthContext {
  return {
    resolveSecret: (ref) => {
      const value = resolveSecretRef(ref, { env: ENV });
      redactor.addSecret(value);
      return value;
    },
    addSecret: (value) => redactor.addSecret(value),
    baseUrl: undefined,
    fetchToken: tokenFetcher(self),
  };
}

function tokenFetcher(self: ApiClient): TokenFetcher {
  return async ({ url, form }) => {
    const result = await self.send({ method: 'POST', url, body: { form }, noAuth: true });
    if (!result.ok) throw new Error(result.error.message);
    return { status: result.response.status, json: result.response.json };
  };
}

function withAuth(config: AuthConfig, baseUrl: string): ApiClient & { redactor: Redactor } {
  const redactor = new Redactor();
  const api = createApiClient({
    redactor,
    traceId: newTraceId(),
    allowedHosts: ['127.0.0.1'],
    auth: (self) => createAuthProvider(config, { ...authContext(redactor, self), baseUrl }),
  });
  return Object.assign(api, { redactor });
}

describe('auth providers', () => {
  describe('static credentials', () => {
    let server: Server;
    before(async () => {
      server = await startServer((req, res) =>
        json(res, req.headers.authorization === 'Bearer nope' ? 401 : 200, {
          authorization: req.headers.authorization ?? null,
          apiKey: req.headers['x-api-key'] ?? null,
          custom: req.headers['x-tenant-key'] ?? null,
          url: req.url,
        }),
      );
    });
    after(() => server.close());

    it('bearer: sends Authorization: Bearer <resolved env secret> and registers it as a secret', async () => {
      const api = withAuth({ type: 'bearer', token: 'env:API_TOKEN' }, server.url);
      try {
        const { response } = ok(await api.send({ method: 'GET', url: `${server.url}/me` }));
        assert.equal((response.json as { authorization: string }).authorization, 'Bearer static-bearer-token-1');
        assert.equal(api.redactor.redactText('x static-bearer-token-1 y'), `x ${REDACTED} y`);
        assert.equal(response.exchange.request.headers.authorization, REDACTED);
      } finally {
        await api.close();
      }
    });

    it('bearer: a 401 is returned as is, without a second request', async () => {
      const redactor = new Redactor();
      const api = createApiClient({
        redactor,
        traceId: newTraceId(),
        allowedHosts: ['127.0.0.1'],
        auth: { apply: async () => ({ headers: { authorization: 'Bearer nope' } }) },
      });
      try {
        const seen = server.requests.length;
        const { response } = ok(await api.send({ method: 'GET', url: `${server.url}/me` }));
        assert.equal(response.status, 401);
        assert.equal(server.requests.length - seen, 1);
      } finally {
        await api.close();
      }
    });

    it('api key: in X-Api-Key by default, in a named header, or as a query parameter', async () => {
      const byDefault = withAuth({ type: 'apiKey', value: 'env:API_KEY' }, server.url);
      const named = withAuth({ type: 'apiKey', value: 'env:API_KEY', header: 'X-Tenant-Key' }, server.url);
      const inQuery = withAuth({ type: 'apiKey', value: 'env:API_KEY', query: 'key' }, server.url);
      try {
        const a = ok(await byDefault.send({ method: 'GET', url: `${server.url}/a` })).response;
        assert.deepEqual(a.json, { authorization: null, apiKey: 'api-key-value-42', custom: null, url: '/a' });
        const b = ok(await named.send({ method: 'GET', url: `${server.url}/b` })).response;
        assert.deepEqual(b.json, { authorization: null, apiKey: null, custom: 'api-key-value-42', url: '/b' });
        const c = ok(await inQuery.send({ method: 'GET', url: `${server.url}/c`, query: { page: 2 } })).response;
        assert.deepEqual(c.json, {
          authorization: null,
          apiKey: null,
          custom: null,
          url: '/c?page=2&key=api-key-value-42',
        });
        assert.equal(c.exchange.request.url, `${server.url}/c?page=2&key=${REDACTED}`);
      } finally {
        await Promise.all([byDefault.close(), named.close(), inQuery.close()]);
      }
    });

    it('basic: sends base64(user:password)', async () => {
      const api = withAuth({ type: 'basic', username: 'env:API_USER', password: 'env:API_PASS' }, server.url);
      try {
        const { response } = ok(await api.send({ method: 'GET', url: `${server.url}/me` }));
        const expected = `Basic ${Buffer.from('qa-user:pa55-w0rd!').toString('base64')}`;
        assert.equal((response.json as { authorization: string }).authorization, expected);
      } finally {
        await api.close();
      }
    });

    it('noAuth requests carry no credentials', async () => {
      const api = withAuth({ type: 'bearer', token: 'env:API_TOKEN' }, server.url);
      try {
        const { response } = ok(await api.send({ method: 'GET', url: `${server.url}/public`, noAuth: true }));
        assert.equal((response.json as { authorization: unknown }).authorization, null);
      } finally {
        await api.close();
      }
    });

    it('an unresolvable secret reference fails when the client is built, naming the reference', () => {
      const seen = server.requests.length;
      assert.throws(
        () => withAuth({ type: 'bearer', token: 'env:NOT_SET_ANYWHERE' }, server.url),
        (error: Error & { code?: string }) => {
          assert.equal(error.code, 'REHEARSE_SECRET_MISSING');
          assert.match(error.message, /"env:NOT_SET_ANYWHERE"/);
          return true;
        },
      );
      assert.equal(server.requests.length, seen);
    });
  });

  describe('OAuth2 client credentials', () => {
    let server: Server;
    let issued = 0;
    let valid = new Set<string>();
    let expiresIn = 3600;
    let tokenStatus = 200;
    let rejectAll = false;
    const tokenRequests = () => server.requests.filter((r) => r.url === '/oauth/token');
    const apiRequests = () => server.requests.filter((r) => r.url.startsWith('/api/'));
    const answer = (res: ServerResponse, authorization: string | undefined) =>
      !rejectAll && valid.has(authorization ?? '')
        ? json(res, 200, { ok: true, authorization })
        : json(res, 401, { error: 'invalid_token' });

    before(async () => {
      server = await startServer(async (req, res) => {
        if (req.url === '/oauth/token') {
          await new Promise((r) => setTimeout(r, 40)); // long enough for concurrent callers to pile up
          if (tokenStatus !== 200) return json(res, tokenStatus, { error: 'invalid_client' });
          const token = `tok-${++issued}`;
          valid = new Set([`Bearer ${token}`]); // a new token replaces the old ones
          return json(res, 200, { access_token: token, token_type: 'Bearer', expires_in: expiresIn });
        }
        if (req.url === '/api/slow') {
          await new Promise((r) => setTimeout(r, 250));
          return answer(res, req.headers.authorization); // checked when answering: a token may be revoked meanwhile
        }
        answer(res, req.headers.authorization);
      });
    });
    after(() => server.close());
    beforeEach(() => {
      server.requests.length = 0;
      issued = 0;
      valid = new Set();
      expiresIn = 3600;
      tokenStatus = 200;
      rejectAll = false;
    });

    const config = (): AuthConfig => ({
      type: 'oauth2',
      tokenUrl: '/oauth/token',
      clientId: 'env:CLIENT_ID',
      clientSecret: 'env:CLIENT_SECRET',
      scope: 'orders:write',
    });

    it('fetches one token for 20 concurrent requests (single flight) and caches it', async () => {
      const api = withAuth(config(), server.url);
      try {
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) => api.send({ method: 'GET', url: `${server.url}/api/orders/${i}` })),
        );
        for (const result of results) assert.equal(ok(result).response.status, 200);
        assert.equal(tokenRequests().length, 1);
        for (let i = 0; i < 5; i++) ok(await api.send({ method: 'GET', url: `${server.url}/api/orders` }));
        assert.equal(tokenRequests().length, 1, 'the cached token is reused');
        assert.ok(apiRequests().every((r) => r.headers.authorization === 'Bearer tok-1'));

        const [tokenRequest] = tokenRequests();
        assert.equal(tokenRequest!.method, 'POST');
        assert.equal(tokenRequest!.headers['content-type'], 'application/x-www-form-urlencoded');
        assert.equal(tokenRequest!.headers.authorization, undefined);
        assert.deepEqual(Object.fromEntries(new URLSearchParams(tokenRequest!.body)), {
          grant_type: 'client_credentials',
          client_id: 'client-abc',
          client_secret: 'client-secret-xyz',
          scope: 'orders:write',
        });
        assert.equal(api.redactor.redactText('client-abc client-secret-xyz'), `${REDACTED} ${REDACTED}`);
        // "tok-1" is shorter than MIN_SECRET_LENGTH: known, and masked where it is known by name.
        assert.ok(api.redactor.isSecret('tok-1'));
        assert.deepEqual(api.redactor.redactHeaders({ authorization: 'Bearer tok-1' }), { authorization: REDACTED });
      } finally {
        await api.close();
      }
    });

    it('refreshes the token when it expires (minus the skew)', async () => {
      let clock = 1_000_000;
      const redactor = new Redactor();
      const api = createApiClient({
        redactor,
        traceId: newTraceId(),
        allowedHosts: ['127.0.0.1'],
        auth: (self) =>
          oauth2ClientCredentials(
            {
              tokenUrl: `${server.url}/oauth/token`,
              clientId: 'client-abc',
              clientSecret: 'client-secret-xyz',
              skewMs: 5_000,
              now: () => clock,
            },
            tokenFetcher(self),
            (token) => redactor.addSecret(token),
          ),
      });
      try {
        expiresIn = 60;
        ok(await api.send({ method: 'GET', url: `${server.url}/api/a` }));
        clock += 54_000; // 6 s left: still fresh
        assert.equal(ok(await api.send({ method: 'GET', url: `${server.url}/api/a` })).response.status, 200);
        assert.equal(tokenRequests().length, 1);
        clock += 2_000; // 4 s left: inside the 5 s skew
        assert.equal(ok(await api.send({ method: 'GET', url: `${server.url}/api/a` })).response.status, 200);
        assert.equal(tokenRequests().length, 2);
        assert.equal(apiRequests().at(-1)!.headers.authorization, 'Bearer tok-2');
      } finally {
        await api.close();
      }
    });

    it('on a 401 fetches a new token once and repeats the request', async () => {
      const api = withAuth(config(), server.url);
      try {
        ok(await api.send({ method: 'GET', url: `${server.url}/api/a` }));
        valid = new Set(); // the server revokes tok-1
        const { response } = ok(
          await api.send({ method: 'POST', url: `${server.url}/api/orders`, body: { json: {} } }),
        );
        assert.equal(response.status, 200);
        assert.deepEqual(
          apiRequests().map((r) => `${r.method} ${r.headers.authorization}`),
          ['GET Bearer tok-1', 'POST Bearer tok-1', 'POST Bearer tok-2'],
        );
        assert.equal(tokenRequests().length, 2);
      } finally {
        await api.close();
      }
    });

    it('a 401 that persists is returned after one refresh, not looped on', async () => {
      const api = withAuth(config(), server.url);
      try {
        ok(await api.send({ method: 'GET', url: `${server.url}/api/a` }));
        rejectAll = true; // every token is refused from now on
        const { response } = ok(await api.send({ method: 'GET', url: `${server.url}/api/b` }));
        assert.equal(response.status, 401);
        assert.equal(apiRequests().length, 3, 'first call, then the failing call and its single retry');
        assert.equal(tokenRequests().length, 2);
      } finally {
        await api.close();
      }
    });

    it('a late 401 for an already replaced token does not throw away the new token', async () => {
      const api = withAuth(config(), server.url);
      try {
        ok(await api.send({ method: 'GET', url: `${server.url}/api/a` }));
        valid = new Set(); // tok-1 revoked
        const slow = api.send({ method: 'GET', url: `${server.url}/api/slow` }); // answers 401 after 250 ms
        const fast = ok(await api.send({ method: 'GET', url: `${server.url}/api/fast` })); // 401, refresh, 200
        assert.equal(fast.response.status, 200);
        assert.equal(ok(await slow).response.status, 200);
        assert.equal(tokenRequests().length, 2, 'one refresh for both 401s');
        assert.equal(apiRequests().at(-1)!.headers.authorization, 'Bearer tok-2');
      } finally {
        await api.close();
      }
    });

    it('a failing token endpoint fails the request with REHEARSE_AUTH_FAILED and calls no API', async () => {
      const api = withAuth(config(), server.url);
      try {
        tokenStatus = 400;
        const { error } = failed(await api.send({ method: 'GET', url: `${server.url}/api/a` }));
        assert.equal(error.code, 'REHEARSE_AUTH_FAILED');
        assert.match(error.message, /oauth\/token: the server answered 400/);
        assert.doesNotMatch(error.message, /client-secret-xyz/);
        assert.equal(apiRequests().length, 0);
      } finally {
        await api.close();
      }
    });
  });

  it('without an auth option no Authorization header is sent', async () => {
    const server = await startServer((req, res) =>
      json(res, 200, { authorization: req.headers.authorization ?? null }),
    );
    const api = client();
    try {
      assert.deepEqual(ok(await api.send({ method: 'GET', url: server.url })).response.json, { authorization: null });
    } finally {
      await api.close();
      await server.close();
    }
  });
});
