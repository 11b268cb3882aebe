import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { REDACTED } from '../../src/core/redactor.js';
import { headerFields } from '../../src/core/response-headers.js';
import { responseSubject } from '../../src/engine/send-and-check.js';
import { client, ok, startServer, type Server } from './helpers.js';

const COOKIES = [
  'session=sess-value-7f3a9c; Path=/; Expires=Wed, 21 Oct 2037 07:28:00 GMT; HttpOnly',
  'theme=dark; Path=/; Expires=Thu, 22 Oct 2037 07:28:00 GMT',
  'csrf=csrf-value-1b2c3d; Path=/; Secure; SameSite=Strict',
];

describe('a repeated response header stays a list of its values', () => {
  let server: Server;
  before(async () => {
    server = await startServer((req, res) => {
      if (req.url === '/login') {
        res.setHeader('set-cookie', COOKIES);
        res.setHeader('x-rate-limit', ['100', '5000']);
        res.setHeader('x-request-id', 'r-1');
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{}');
        return;
      }
      if (req.url === '/one-cookie') {
        res.setHeader('set-cookie', 'theme=light; Path=/');
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ cookie: req.headers.cookie ?? null }));
    });
  });
  after(() => server.close());

  it('three Set-Cookie headers with commas in Expires are three items, in order, each whole', async () => {
    const api = client();
    const { response } = ok(await api.send({ method: 'GET', url: `${server.url}/login` }));
    const subject = responseSubject(response);
    assert.deepEqual(subject.headers['set-cookie'], COOKIES);
    assert.deepEqual(subject.headers['x-rate-limit'], ['100', '5000']);
    assert.equal(subject.headers['x-request-id'], 'r-1');
    assert.equal(subject.headers['content-type'], 'application/json');
    // The jar kept all three: they go back on the next request.
    const echo = ok(await api.send({ method: 'GET', url: `${server.url}/echo` })).response;
    assert.deepEqual(echo.json, { cookie: 'session=sess-value-7f3a9c; theme=dark; csrf=csrf-value-1b2c3d' });
  });

  it('one Set-Cookie is still a list, so [0] reads the same whether one or many came', async () => {
    const { response } = ok(await client().send({ method: 'GET', url: `${server.url}/one-cookie` }));
    assert.deepEqual(responseSubject(response).headers['set-cookie'], ['theme=light; Path=/']);
  });

  it('cookie values stay out of the record and out of every text the redactor masks', async () => {
    const api = client();
    const { response } = ok(await api.send({ method: 'GET', url: `${server.url}/login` }));
    assert.equal(response.exchange.response?.headers['set-cookie'], REDACTED);
    assert.equal(response.exchange.response?.headers['x-rate-limit'], '100, 5000');
    const echo = ok(await api.send({ method: 'GET', url: `${server.url}/echo` })).response;
    const recorded = JSON.stringify(echo.exchange);
    for (const secret of ['sess-value-7f3a9c', 'csrf-value-1b2c3d']) {
      assert.doesNotMatch(recorded, new RegExp(secret));
      assert.equal(api.redactor.redactText(`got ${secret}`), `got ${REDACTED}`);
    }
  });

  it('headerFields: names lower-cased, values of one name in a list in their order', () => {
    assert.deepEqual(headerFields({ Vary: 'Accept', 'Set-Cookie': 'a=1', Link: ['<a>', '<b>'] }), {
      vary: 'Accept',
      'set-cookie': ['a=1'],
      link: ['<a>', '<b>'],
    });
  });
});

describe('a response header named like an Object property stays a header', () => {
  it('__proto__, constructor and toString, once or twice, are own fields with their values', () => {
    const given = JSON.parse(
      '{"__proto__": ["a", "b"], "constructor": "c", "tostring": "d", "vary": "Accept"}',
    ) as Record<string, string | string[]>;
    const fields = headerFields(given);
    assert.deepEqual(Object.keys(fields), ['__proto__', 'constructor', 'tostring', 'vary']);
    assert.deepEqual(Object.getOwnPropertyDescriptor(fields, '__proto__')?.value, ['a', 'b']);
    assert.equal(fields.constructor, 'c');
    assert.equal(Object.getPrototypeOf(fields), Object.prototype, 'the object itself is unchanged');
    const once = headerFields(JSON.parse('{"__proto__": "x"}') as Record<string, string>);
    assert.equal(Object.getOwnPropertyDescriptor(once, '__proto__')?.value, 'x');
  });
});
