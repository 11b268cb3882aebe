// An OAuth2 client-credentials token that lives only seconds is reused, not fetched before every
// request: the refresh margin is a tenth of the token's lifetime, at most the 30 s skew. A real
// token server on 127.0.0.1 issues expires_in: 3 and refuses expired tokens; it counts fetches.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Redactor } from '../../src/core/redactor.js';
import { createApiClient, newTraceId, oauth2ClientCredentials, type ApiClient } from '../../src/drivers/api/index.js';
import { refreshMarginMs, type OAuth2TokenCache } from '../../src/drivers/api/auth/oauth2-client-credentials.js';
import { json, ok, startServer, type Server } from './helpers.js';

let server: Server;
/** When each token was issued (server time, ms); a token older than 3 s is refused. */
const issuedAt = new Map<string, number>();
let expiresIn: number | string = 3;
const fetches = () => server.requests.filter((r) => r.url === '/oauth/token').length;

before(async () => {
  server = await startServer((req, res) => {
    if (req.url === '/oauth/token') {
      const token = `short-lived-token-${issuedAt.size + 1}`;
      issuedAt.set(token, Date.now());
      return json(res, 200, { access_token: token, token_type: 'Bearer', expires_in: expiresIn });
    }
    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    const at = issuedAt.get(token);
    if (at === undefined || Date.now() - at >= 3000) return json(res, 401, { error: 'invalid_token' });
    json(res, 200, { token });
  });
});
after(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  issuedAt.clear();
  expiresIn = 3;
});

function oauthClient(now?: () => number, cache?: OAuth2TokenCache, redactor = new Redactor()): ApiClient {
  return createApiClient({
    redactor,
    traceId: newTraceId(),
    allowedHosts: ['127.0.0.1'],
    auth: (self) =>
      oauth2ClientCredentials(
        {
          tokenUrl: `${server.url}/oauth/token`,
          clientId: 'client-abc',
          clientSecret: 'client-secret-xyz',
          ...(now ? { now } : {}),
        },
        async ({ url, form }) => {
          const result = await self.send({ method: 'POST', url, body: { form }, noAuth: true, tokenRequest: true });
          if (!result.ok) throw new Error(result.error.message);
          return { status: result.response.status, json: result.response.json };
        },
        (token) => redactor.addSecret(token),
        cache,
      ),
  });
}

describe('short-lived OAuth2 tokens', () => {
  it('a 3 s token is reused for 90% of its life, then refreshed (a clock the test moves)', async () => {
    for (const given of [3, '3']) {
      expiresIn = given;
      server.requests.length = 0;
      let clock = 5_000_000;
      const api = oauthClient(() => clock);
      try {
        for (const step of [0, 1000, 1000, 600]) {
          clock += step; // up to 2.6 s into a 3 s life
          ok(await api.send({ method: 'GET', url: `${server.url}/api/orders` }));
        }
        assert.equal(fetches(), 1, `expires_in: ${JSON.stringify(given)} — one token for four requests`);
        clock += 200; // 2.8 s: inside the last 300 ms
        ok(await api.send({ method: 'GET', url: `${server.url}/api/orders` }));
        assert.equal(fetches(), 2, 'refreshed inside the margin');
      } finally {
        await api.close();
      }
    }
  });

  it('in real time: many requests share one token, and an expired one is never sent', async () => {
    const api = oauthClient();
    try {
      const started = Date.now();
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++)
        statuses.push(ok(await api.send({ method: 'GET', url: `${server.url}/api/orders/${i}` })).response.status);
      const elapsed = Date.now() - started;
      assert.deepEqual(new Set(statuses), new Set([200]));
      // One fetch per 2.7 s of the loop at most (the loop takes milliseconds: one).
      assert.ok(fetches() <= 1 + Math.floor(elapsed / 2700), `${fetches()} fetches for 20 requests in ${elapsed} ms`);
      assert.ok(fetches() < 20);
      // Past the token's life: a new one is fetched before the request, no 401 on the way.
      await new Promise((r) => setTimeout(r, 3100));
      const before = server.requests.filter((r) => r.url.startsWith('/api/')).length;
      assert.equal(ok(await api.send({ method: 'GET', url: `${server.url}/api/orders/x` })).response.status, 200);
      assert.equal(
        server.requests.filter((r) => r.url.startsWith('/api/')).length,
        before + 1,
        'sent once, not retried on a 401',
      );
    } finally {
      await api.close();
    }
  });

  it('scenario runs sharing a tenant’s cache share one token, and each run masks it', async () => {
    expiresIn = 3600;
    const cache: OAuth2TokenCache = { requests: 0 };
    const runs = Array.from({ length: 3 }, () => new Redactor());
    // At once (single flight), then one after the other.
    const clients = runs.map((redactor) => oauthClient(undefined, cache, redactor));
    try {
      await Promise.all(clients.map((api) => api.send({ method: 'GET', url: `${server.url}/api/orders/1` })));
      for (const api of clients) ok(await api.send({ method: 'GET', url: `${server.url}/api/orders/2` }));
      assert.equal(fetches(), 1, 'one token request for three scenario runs');
      assert.equal(cache.requests, 1);
      for (const redactor of runs) assert.equal(redactor.redactText('short-lived-token-1'), '[REDACTED]');
    } finally {
      await Promise.all(clients.map((api) => api.close()));
    }
  });

  it('the margin scales with the lifetime, capped by the skew', () => {
    assert.equal(refreshMarginMs(3_000, 30_000), 300);
    assert.equal(refreshMarginMs(60_000, 30_000), 6_000);
    assert.equal(refreshMarginMs(3_600_000, 30_000), 30_000);
    assert.equal(refreshMarginMs(0, 30_000), 0);
  });
});
