import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TransportRequest } from '../../src/engine/transport.js';
import { client, failed, json, ok, startServer, type Server } from './helpers.js';

/**
 * In production the guard refuses whatever would change data, not only by
 * the method's name; the server proves that nothing refused reached it.
 */
describe('the production guard refuses what would change data, whatever the method says', () => {
  let server: Server;
  before(async () => {
    server = await startServer((req, res) => json(res, 200, { method: req.method, url: req.url }));
  });
  after(() => server.close());

  const refusedAndUnseen = async (request: Omit<TransportRequest, 'url'> & { path: string }, why: RegExp) => {
    const api = client({ production: true });
    try {
      const seen = server.requests.length;
      const { path, ...rest } = request;
      const { error } = failed(await api.send({ ...rest, url: `${server.url}${path}` }));
      assert.equal(error.code, 'REHEARSE_PRODUCTION_GUARD', JSON.stringify(request));
      assert.match(error.message, /the environment is marked production, and /);
      assert.match(error.message, why);
      assert.match(error.hint ?? '', /prod-safe/);
      assert.equal(error.exchange, undefined, 'nothing was exchanged');
      assert.equal(server.requests.length, seen, 'the server saw nothing');
    } finally {
      await api.close();
    }
  };
  const allowed = async (request: Omit<TransportRequest, 'url'> & { path: string }, options = { production: true }) => {
    const api = client(options);
    try {
      const { path, ...rest } = request;
      return ok(await api.send({ ...rest, url: `${server.url}${path}` })).response;
    } finally {
      await api.close();
    }
  };

  for (const header of ['X-HTTP-Method-Override', 'X-HTTP-Method', 'X-Method-Override', 'x-http-method-override']) {
    it(`refuses a GET whose ${header} header names DELETE`, () =>
      refusedAndUnseen(
        { method: 'GET', path: '/orders/1', headers: { [header]: 'DELETE' } },
        /X-(HTTP-)?Method(-Override)? header asks the target to treat this GET as a DELETE/,
      ));
  }

  it('refuses a method override in lower case and with spaces', () =>
    refusedAndUnseen(
      { method: 'GET', path: '/orders/1', headers: { 'X-HTTP-Method-Override': ' patch ' } },
      /as a PATCH/,
    ));

  it('lets a method override that names a read through', async () => {
    const response = await allowed({ method: 'GET', path: '/orders/1', headers: { 'X-HTTP-Method-Override': 'GET' } });
    assert.equal(response.status, 200);
  });

  it('refuses _method in the query string', () =>
    refusedAndUnseen({ method: 'GET', path: '/orders/1?_method=DELETE' }, /_method=DELETE query parameter/));

  it('refuses _method given through the step’s query', () =>
    refusedAndUnseen({ method: 'GET', path: '/orders/1', query: { _method: 'put' } }, /_method=PUT query parameter/));

  it('refuses _method in a form body and in a JSON body, even on GET', async () => {
    await refusedAndUnseen(
      { method: 'GET', path: '/orders/1', body: { form: { _method: 'DELETE' } } },
      /_method=DELETE form field/,
    );
    await refusedAndUnseen(
      { method: 'GET', path: '/orders/1', body: { json: { _method: 'DELETE' } } },
      /_method=DELETE JSON field/,
    );
    await refusedAndUnseen(
      {
        method: 'GET',
        path: '/orders/1',
        body: { text: 'a=1&_method=PATCH', contentType: 'application/x-www-form-urlencoded' },
      },
      /_method=PATCH form field/,
    );
  });

  it('refuses a GraphQL mutation sent by GET in the query string', () =>
    refusedAndUnseen(
      { method: 'GET', path: `/graphql?query=${encodeURIComponent('mutation Cancel { cancelOrder(id: 1) { id } }')}` },
      /its query parameter is a GraphQL document holding a mutation \("Cancel"\)/,
    ));

  it('refuses a GraphQL document of several operations holding a mutation, whatever operationName picks', () =>
    refusedAndUnseen(
      {
        method: 'GET',
        path: `/graphql?operationName=Read&query=${encodeURIComponent('query Read { order(id: 1) { id } } mutation { cancelOrder(id: 1) { id } }')}`,
      },
      /holding a mutation/,
    ));

  it('refuses a GraphQL persisted query sent by hash only', () =>
    refusedAndUnseen(
      {
        method: 'GET',
        path: `/graphql?extensions=${encodeURIComponent('{"persistedQuery":{"version":1,"sha256Hash":"abc"}}')}`,
      },
      /persisted query by hash only/,
    ));

  it('lets a GraphQL query sent by GET through, and a query parameter that is not GraphQL', async () => {
    assert.equal(
      (await allowed({ method: 'GET', path: `/graphql?query=${encodeURIComponent('{ order(id: 1) { id } }')}` }))
        .status,
      200,
    );
    assert.equal((await allowed({ method: 'GET', path: '/search?query=mutation' })).status, 200);
    assert.equal((await allowed({ method: 'GET', path: '/search?query=widgets+blue' })).status, 200);
  });

  describe('the graphql step’s POST', () => {
    const post = (json: unknown): Omit<TransportRequest, 'url'> & { path: string } => ({
      method: 'POST',
      path: '/graphql',
      body: { json },
      graphql: true,
    });
    it('is allowed for a document of queries (with fragments and several operations)', async () => {
      const response = await allowed(
        post({
          query: 'query A { order(id: 1) { ...F } } query B { me { id } } fragment F on Order { id }',
          operationName: 'A',
        }),
      );
      assert.deepEqual(response.json, { method: 'POST', url: '/graphql' });
    });
    it('is refused for a mutation', () =>
      refusedAndUnseen(post({ query: 'mutation { createOrder(customer: "C-1") { id } }' }), /holds a mutation/));
    it('is refused for a query and a mutation, with operationName on the query', () =>
      refusedAndUnseen(
        post({ query: 'query Q { a } mutation M { b }', operationName: 'Q' }),
        /the GraphQL document holds a mutation \("M"\)/,
      ));
    it('is refused for a subscription', () =>
      refusedAndUnseen(post({ query: 'subscription { orderCreated { id } }' }), /subscription/));
    it('is refused for a batch holding one mutation', () =>
      refusedAndUnseen(post([{ query: '{ a }' }, { query: 'mutation { b }' }]), /holds a mutation/));
    it('is refused when the document does not parse', () =>
      refusedAndUnseen(post({ query: 'query { a ' }), /does not parse \(Syntax Error/));
    it('is refused for a persisted query by hash only', () =>
      refusedAndUnseen(
        post({ extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } } }),
        /persisted query by hash only/,
      ));
    it('without the graphql marker, a POST of a query document is an ordinary POST', () =>
      refusedAndUnseen(
        { method: 'POST', path: '/graphql', body: { json: { query: '{ a }' } } },
        /POST may change data/,
      ));
  });

  it('lets an OAuth2 token request through', async () => {
    const response = await allowed({
      method: 'POST',
      path: '/oauth/token',
      body: { form: { grant_type: 'client_credentials' } },
      noAuth: true,
      tokenRequest: true,
    });
    assert.equal(response.status, 200);
  });

  it('prod-safe lifts every rule', async () => {
    const options = { production: true, prodSafe: true };
    for (const request of [
      { method: 'GET', path: '/orders/1', headers: { 'X-HTTP-Method-Override': 'DELETE' } },
      { method: 'GET', path: '/orders/1?_method=DELETE' },
      { method: 'POST', path: '/graphql', body: { json: { query: 'mutation { b }' } }, graphql: true },
      { method: 'DELETE', path: '/orders/1' },
    ])
      assert.equal((await allowed(request, options)).status, 200, JSON.stringify(request));
  });

  it('outside production nothing of this is refused', async () => {
    const options = { production: false };
    assert.equal(
      (await allowed({ method: 'GET', path: '/orders/1', headers: { 'X-HTTP-Method-Override': 'DELETE' } }, options))
        .status,
      200,
    );
    assert.equal(
      (
        await allowed(
          { method: 'POST', path: '/graphql', body: { json: { query: 'mutation { b }' } }, graphql: true },
          options,
        )
      ).status,
      200,
    );
  });
});
