import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { REDACTED } from '../../src/core/redactor.js';
import { sensitiveValuesInJsonText } from '../../src/core/sensitive-values-in-json-text.js';
import { client, ok, startServer, type Server } from './helpers.js';

describe('secrets in a JSON body that does not parse are hidden like those of one that does', () => {
  let server: Server;
  before(async () => {
    server = await startServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      // Cut inside the refresh token, after a complete access token and a numeric password.
      res.end('{"user":"qa","accessToken":"acc-9c8b7a6d","password":482913,"refresh_token":"ref-5e4d3c');
    });
  });
  after(() => server.close());

  it('the record masks every sensitive value, the cut one included; other values stay readable', async () => {
    const api = client();
    const { response } = ok(await api.send({ method: 'GET', url: `${server.url}/login` }));
    assert.equal(response.json, undefined);
    const body = response.exchange.response?.body ?? '';
    for (const secret of ['acc-9c8b7a6d', '482913', 'ref-5e4d3c']) assert.doesNotMatch(body, new RegExp(secret));
    assert.match(body, /"user":"qa"/);
    assert.equal(api.redactor.redactText('token acc-9c8b7a6d'), `token ${REDACTED}`);
  });

  it('sensitiveValuesInJsonText reads escaped names and values, and ignores names that are not sensitive', () => {
    const found = sensitiveValuesInJsonText('[{"pass\\u0077ord": "a\\"b\\u00e9c", "id": "x-1", "apiKey": 12', (name) =>
      ['password', 'apiKey'].includes(name),
    );
    assert.deepEqual(found, ['a"béc', '12']);
  });
});
