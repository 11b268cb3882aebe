import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REDACTED, Redactor } from '../../src/core/redactor.js';
import { resolveSecretRef } from '../../src/core/secret-ref.js';
import type { ExchangeRecord } from '../../src/engine/results.js';
import { createApiClient, createAuthProvider, newTraceId } from '../../src/drivers/api/index.js';
import { client, failed, json, ok, startServer, type Server } from './helpers.js';

const ENV_SECRET = 'env-secret-Zq81x';
const FILE_SECRET = 'file secret/with+chars&=';

describe('secrets are redacted in the recorded exchange', () => {
  let server: Server;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rehearse-secrets-'));
    writeFileSync(join(dir, 'partner.key'), `${FILE_SECRET}\n`);
    server = await startServer((req, res, body) => {
      if (req.url?.startsWith('/drop')) {
        req.socket.destroy();
        return;
      }
      if (req.url === '/oauth/token')
        return json(res, 200, { access_token: 'issued-token-9f8e7d', expires_in: 3600, token_type: 'Bearer' });
      if (req.url === '/login')
        return json(
          res,
          200,
          { user: { name: 'qa', password: 'server-side-pw' }, note: `your key is ${ENV_SECRET}` },
          { 'set-cookie': 'session=sess-cookie-value; Path=/; HttpOnly', 'x-echo': `key ${FILE_SECRET}` },
        );
      json(res, 200, { echo: body });
    });
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A client whose redactor knows the secrets resolved from env: and file: references. */
  const withSecrets = () => {
    const api = client();
    for (const ref of ['env:PARTNER_SECRET', 'file:partner.key'])
      api.redactor.addSecret(resolveSecretRef(ref, { env: { PARTNER_SECRET: ENV_SECRET }, baseDir: dir }));
    return api;
  };

  const assertClean = (exchange: ExchangeRecord | ExchangeRecord['request'] | undefined, ...secrets: string[]) => {
    assert.ok(exchange, 'an exchange is recorded');
    const text = JSON.stringify(exchange);
    for (const secret of secrets) {
      for (const form of [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64')])
        assert.ok(!text.includes(form), `"${form}" leaked into ${text}`);
    }
  };

  it('hides Authorization, Cookie and Set-Cookie headers and password fields', async () => {
    const api = withSecrets();
    try {
      ok(await api.send({ method: 'GET', url: `${server.url}/warmup`, headers: { Cookie: 'pre=cookie-one' } }));
      const { response } = ok(
        await api.send({
          method: 'POST',
          url: `${server.url}/login`,
          headers: { Authorization: 'Bearer literal-bearer-abc' },
          body: { json: { username: 'qa', password: 'hunter2-pw', nested: { client_secret: 'cs-1234' } } },
        }),
      );
      const { request, response: recorded } = response.exchange;
      assert.equal(request.headers.authorization, REDACTED);
      assert.deepEqual(JSON.parse(request.body!), {
        username: 'qa',
        password: REDACTED,
        nested: { client_secret: REDACTED },
      });
      assert.equal(recorded!.headers['set-cookie'], REDACTED);
      assert.deepEqual(JSON.parse(recorded!.body!), {
        user: { name: 'qa', password: REDACTED },
        note: `your key is ${REDACTED}`,
      });
      assert.equal(recorded!.headers['x-echo'], `key ${REDACTED}`);
      // the live response is untouched: only the record is redacted
      assert.equal((response.json as { user: { password: string } }).user.password, 'server-side-pw');

      const next = ok(await api.send({ method: 'GET', url: `${server.url}/me` })).response;
      assert.equal(server.requests.at(-1)!.headers.cookie, 'session=sess-cookie-value');
      assert.equal(next.exchange.request.headers.cookie, REDACTED);
      assertClean(
        response.exchange,
        'literal-bearer-abc',
        'hunter2-pw',
        'cs-1234',
        'server-side-pw',
        'sess-cookie-value',
        ENV_SECRET,
        FILE_SECRET,
      );
      assertClean(next.exchange, 'sess-cookie-value');
    } finally {
      await api.close();
    }
  });

  it('hides password fields of form bodies and sensitive query parameters', async () => {
    const api = withSecrets();
    try {
      const { response } = ok(
        await api.send({
          method: 'POST',
          url: `${server.url}/form`,
          query: { access_token: 'query-token-777', page: 1 },
          body: { form: { user: 'qa', password: 'form-pw-555' } },
        }),
      );
      const form = new URLSearchParams(response.exchange.request.body);
      assert.equal(form.get('user'), 'qa');
      assert.equal(form.get('password'), REDACTED);
      const url = new URL(response.exchange.request.url);
      assert.equal(url.searchParams.get('access_token'), REDACTED);
      assert.equal(url.searchParams.get('page'), '1');
      // (the server echoes the form in a free-text field, which no redactor can recognise: check the request)
      assertClean(response.exchange.request, 'form-pw-555', 'query-token-777');
    } finally {
      await api.close();
    }
  });

  it('hides resolved secret values wherever they appear: headers, URL, text bodies', async () => {
    const api = withSecrets();
    try {
      const { response } = ok(
        await api.send({
          method: 'PUT',
          url: `${server.url}/partners/${encodeURIComponent(FILE_SECRET)}`,
          query: { sig: ENV_SECRET },
          headers: { 'X-Partner-Signature': `sig=${ENV_SECRET}` },
          body: { text: `token ${ENV_SECRET} and ${FILE_SECRET}` },
        }),
      );
      // A header named like a signature is hidden whole, by name.
      assert.equal(response.exchange.request.headers['x-partner-signature'], REDACTED);
      assert.equal(response.exchange.request.body, `token ${REDACTED} and ${REDACTED}`);
      assertClean(response.exchange, ENV_SECRET, FILE_SECRET);
    } finally {
      await api.close();
    }
  });

  it('hides secret values in the exchange and message of a failed request', async () => {
    const api = withSecrets();
    try {
      const { error } = failed(await api.send({ method: 'POST', url: `${server.url}/drop/${ENV_SECRET}` }));
      assert.equal(error.code, 'REHEARSE_CONNECTION_RESET');
      assertClean(error.exchange, ENV_SECRET);
      assert.ok(!error.message.includes(ENV_SECRET), error.message);
      assert.match(error.message, new RegExp(`/drop/${REDACTED.replace(/[[\]]/g, '\\$&')}`));
    } finally {
      await api.close();
    }
  });

  it('hides OAuth2 client secrets and issued tokens in the token and API exchanges', async () => {
    const redactor = new Redactor();
    const exchanges: ExchangeRecord[] = [];
    const api = createApiClient({
      redactor,
      traceId: newTraceId(),
      allowedHosts: ['127.0.0.1'],
      auth: (self) =>
        createAuthProvider(
          { type: 'oauth2', tokenUrl: '/oauth/token', clientId: 'env:CID', clientSecret: 'env:CSECRET' },
          {
            resolveSecret: (ref) => {
              const value = resolveSecretRef(ref, { env: { CID: 'client-id-1', CSECRET: 'client-secret-2x' } });
              redactor.addSecret(value);
              return value;
            },
            addSecret: (value) => redactor.addSecret(value),
            baseUrl: server.url,
            fetchToken: async ({ url, form }) => {
              const result = await self.send({ method: 'POST', url, body: { form }, noAuth: true });
              if (!result.ok) throw new Error(result.error.message);
              exchanges.push(result.response.exchange);
              return { status: result.response.status, json: result.response.json };
            },
          },
        ),
    });
    try {
      const { response } = ok(await api.send({ method: 'GET', url: `${server.url}/orders` }));
      assert.equal(server.requests.at(-1)!.headers.authorization, 'Bearer issued-token-9f8e7d');
      exchanges.push(response.exchange);
      assert.equal(exchanges.length, 2);
      for (const exchange of exchanges) assertClean(exchange, 'client-secret-2x', 'issued-token-9f8e7d', 'client-id-1');
      assert.equal(JSON.parse(exchanges[0]!.response!.body!).access_token, REDACTED);
    } finally {
      await api.close();
    }
  });
});
