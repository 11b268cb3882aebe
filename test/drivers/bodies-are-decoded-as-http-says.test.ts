import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { decodeBody, MAX_RESPONSE_BODY_BYTES } from '../../src/core/decode-body.js';
import { client, failed, ok, startServer, type Server } from './helpers.js';

const ORDER = { id: 'SO-1', status: 'ok', note: 'Größe 10 €' };
const ORDER_TEXT = JSON.stringify(ORDER);

/** Each route answers `body` with these headers. */
const ROUTES: Record<string, { headers: Record<string, string>; body: Buffer }> = {
  '/gzip': { headers: { 'content-encoding': 'gzip' }, body: gzipSync(ORDER_TEXT) },
  '/x-gzip': { headers: { 'content-encoding': 'x-gzip' }, body: gzipSync(ORDER_TEXT) },
  '/deflate': { headers: { 'content-encoding': 'deflate' }, body: deflateSync(ORDER_TEXT) },
  '/raw-deflate': { headers: { 'content-encoding': 'deflate' }, body: deflateRawSync(ORDER_TEXT) },
  '/br': { headers: { 'content-encoding': 'br' }, body: brotliCompressSync(ORDER_TEXT) },
  // Applied gzip first, then br: undone br first.
  '/stacked': { headers: { 'content-encoding': 'gzip, br' }, body: brotliCompressSync(gzipSync(ORDER_TEXT)) },
  '/identity': { headers: { 'content-encoding': 'identity' }, body: Buffer.from(ORDER_TEXT) },
  '/zstd': { headers: { 'content-encoding': 'zstd' }, body: Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 1, 2, 3]) },
  '/corrupt-gzip': {
    headers: { 'content-encoding': 'gzip' },
    body: Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.from('this is not deflate data at all')]),
  },
  '/cut-gzip': { headers: { 'content-encoding': 'gzip' }, body: gzipSync(ORDER_TEXT).subarray(0, 20) },
  '/plain-says-gzip': { headers: { 'content-encoding': 'gzip' }, body: Buffer.from(ORDER_TEXT) },
  '/latin1': {
    headers: { 'content-type': 'text/plain; charset=ISO-8859-1' },
    body: Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x80]),
  },
  '/win1252-json': {
    headers: { 'content-type': 'application/json; charset="windows-1252"' },
    body: Buffer.from([
      ...Buffer.from('{"price":"'),
      0x80,
      ...Buffer.from(' 5","city":"K'),
      0xf6,
      ...Buffer.from('ln"}'),
    ]),
  },
  '/utf16le-bom': {
    headers: { 'content-type': 'application/json; charset=utf-16' },
    body: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(ORDER_TEXT, 'utf16le')]),
  },
  '/utf16be-bom': {
    headers: { 'content-type': 'application/json; charset=utf-16' },
    body: Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(ORDER_TEXT, 'utf16le').swap16()]),
  },
  '/utf16le-json-no-bom': {
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(ORDER_TEXT, 'utf16le'),
  },
  '/utf8-bom': {
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(ORDER_TEXT)]),
  },
  '/unknown-charset': { headers: { 'content-type': 'text/plain; charset=x-klingon' }, body: Buffer.from('Größe') },
  '/gzip-win1252': {
    headers: { 'content-type': 'text/csv; charset=windows-1252', 'content-encoding': 'gzip' },
    body: gzipSync(Buffer.from([0x80, 0x2c, 0x31])),
  },
  '/png': {
    headers: { 'content-type': 'image/png' },
    body: Buffer.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0,
    ]),
  },
  // 80 MiB of zeros: about 80 KiB on the wire.
  '/bomb': {
    headers: { 'content-encoding': 'gzip' },
    body: gzipSync(Buffer.alloc(MAX_RESPONSE_BODY_BYTES + 16 * 1024 * 1024)),
  },
};

describe('response bodies are decoded as HTTP says', () => {
  let server: Server;
  before(async () => {
    server = await startServer((req, res) => {
      const path = req.url ?? '';
      const route = ROUTES[path];
      if (path === '/empty-gzip') res.writeHead(204, { 'content-encoding': 'gzip' }).end();
      else if (!route) res.writeHead(404).end();
      else res.writeHead(200, { 'content-type': 'application/json', ...route.headers }).end(route.body);
    });
  });
  after(() => server.close());

  const get = (path: string) => client().send({ method: 'GET', url: `${server.url}${path}` });

  for (const path of ['/gzip', '/x-gzip', '/deflate', '/raw-deflate', '/br', '/stacked', '/identity']) {
    it(`${path}: the JSON is read from the decompressed bytes, and the record shows the text`, async () => {
      const { response } = ok(await get(path));
      assert.deepEqual(response.json, ORDER);
      assert.equal(response.bodyText, ORDER_TEXT);
      assert.equal(Buffer.from(response.bodyBytes!).toString('utf8'), ORDER_TEXT);
      assert.equal(response.exchange.response?.body, ORDER_TEXT);
      // What the server sent stays readable as it was sent.
      assert.equal(response.headers['content-encoding'], ROUTES[path]!.headers['content-encoding']);
    });
  }

  it('an encoding Rehearse does not decode errors the request, naming it, with the exchange recorded', async () => {
    const error = failed(await get('/zstd')).error;
    assert.equal(error.code, 'REHEARSE_BODY_UNREADABLE');
    assert.match(
      error.message,
      /^Failed to read the body of the 200 answer from GET http:\/\/127\.0\.0\.1:\d+\/zstd: it is compressed with zstd \(Content-Encoding: zstd\), which Rehearse cannot decode \(it decodes gzip, deflate, br\)\.$/,
    );
    assert.match(error.hint ?? '', /accept-encoding: gzip, deflate, br/);
    assert.equal(error.exchange?.response?.status, 200);
    assert.equal(error.exchange?.response?.body, '(7 bytes, not shown: REHEARSE_BODY_UNREADABLE)');
  });

  it('a corrupt, a cut and a plain body that says gzip each fail clearly instead of giving garbage', async () => {
    const corrupt = failed(await get('/corrupt-gzip')).error;
    assert.equal(corrupt.code, 'REHEARSE_BODY_UNREADABLE');
    assert.match(corrupt.message, /it says Content-Encoding: gzip, but its 33 bytes are not valid gzip data \(.+\)\.$/);
    const cut = failed(await get('/cut-gzip')).error;
    assert.match(
      cut.message,
      /its 20 bytes are cut short: the gzip data ends before it is complete \(unexpected end of file\)\.$/,
    );
    const plain = failed(await get('/plain-says-gzip')).error;
    assert.match(plain.message, /not valid gzip data \(incorrect header check\)/);
    assert.match(plain.hint ?? '', /does not match its Content-Encoding/);
  });

  it('a body that decompresses past the bound is stopped there with REHEARSE_BODY_TOO_LARGE', async () => {
    const error = failed(await get('/bomb')).error;
    assert.equal(error.code, 'REHEARSE_BODY_TOO_LARGE');
    assert.match(error.message, /grow past 67,108,864 bytes, the most a response body may have\./);
  });

  it('an empty body with a Content-Encoding (a 204) is empty, not an error', async () => {
    const { response } = ok(await get('/empty-gzip'));
    assert.equal(response.status, 204);
    assert.equal(response.bodyText, '');
  });

  it('ISO-8859-1 and windows-1252 are read as browsers read them: 0x80 is €', async () => {
    assert.equal(ok(await get('/latin1')).response.bodyText, 'café €');
    const json = ok(await get('/win1252-json')).response;
    assert.deepEqual(json.json, { price: '€ 5', city: 'Köln' });
    assert.equal(json.exchange.response?.body, '{"price":"€ 5","city":"Köln"}');
  });

  it('UTF-16 with a BOM (either order), UTF-16 JSON without one, and a UTF-8 BOM', async () => {
    for (const path of ['/utf16le-bom', '/utf16be-bom', '/utf16le-json-no-bom', '/utf8-bom']) {
      const { response } = ok(await get(path));
      assert.deepEqual(response.json, ORDER, path);
      assert.equal(response.bodyText, ORDER_TEXT, path);
    }
  });

  it('an unknown charset falls back to UTF-8; compressed text in windows-1252 is both decompressed and decoded', async () => {
    assert.equal(ok(await get('/unknown-charset')).response.bodyText, 'Größe');
    const csv = ok(await get('/gzip-win1252')).response;
    assert.equal(csv.bodyText, '€,1');
    assert.deepEqual([...csv.bodyBytes!], [0x80, 0x2c, 0x31]);
  });

  it('a binary body keeps its bytes for the scenario and is not dumped into the record', async () => {
    const { response } = ok(await get('/png'));
    assert.deepEqual(Buffer.from(response.bodyBytes!), ROUTES['/png']!.body);
    assert.equal(response.exchange.response?.body, '(binary body: 20 bytes of image/png, not shown)');
  });
});

describe('decodeBody on its own', () => {
  it('names the codings it undid and the charset it read with', () => {
    const decoded = decodeBody(brotliCompressSync(gzipSync(Buffer.from([0xe9]))), {
      'content-encoding': 'gzip, br',
      'content-type': 'text/plain; charset=latin1',
    });
    assert.ok(decoded.ok);
    assert.deepEqual(decoded.codings, ['gzip', 'br']);
    assert.equal(decoded.charset, 'windows-1252');
    assert.equal(decoded.text, 'é');
  });

  it('a second, unknown coding in a stack is refused before anything is undone', () => {
    const decoded = decodeBody(gzipSync('x'), { 'content-encoding': 'gzip, compress' });
    assert.equal(decoded.ok, false);
    assert.match(!decoded.ok ? decoded.message : '', /compressed with compress \(Content-Encoding: gzip, compress\)/);
  });

  it('the bound holds for a small limit too', () => {
    const decoded = decodeBody(gzipSync(Buffer.alloc(10_000)), { 'content-encoding': 'gzip' }, 1000);
    assert.equal(decoded.ok ? 'ok' : decoded.code, 'REHEARSE_BODY_TOO_LARGE');
  });
});
