import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { describeBody } from '../../src/core/body-kind.js';

describe('a body that is not JSON is named for what it is, with its start', () => {
  it('an HTML error page from a proxy', () => {
    const page =
      '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>';
    const d = describeBody(page, { 'content-type': 'text/html; charset=utf-8' });
    assert.equal(d.kind, 'html');
    assert.match(
      d.summary,
      /^the body is HTML \(text\/html\), not JSON; it starts: "<html>\\r\\n<head><title>502 Bad Gateway<\/title>/,
    );
    assert.ok(d.summary.endsWith('…'), 'a long page is cut');
  });

  it('HTML recognised by its content when the content type lies', () => {
    const d = describeBody('  <!DOCTYPE html><html><body>Maintenance</body></html>', {
      'content-type': 'application/json',
    });
    assert.equal(d.kind, 'html');
    assert.match(d.summary, /^the body is HTML \(application\/json\), not JSON; it starts: "<!DOCTYPE html>/);
  });

  it('truncated JSON: where it ends and what is still open', () => {
    const inString = describeBody('{"id":12,"name":"Wid', { 'content-type': 'application/json' });
    assert.equal(inString.kind, 'truncated-json');
    assert.equal(
      inString.summary,
      'the body is truncated JSON (application/json): it ends after 20 bytes, inside a string (1 bracket still open); its end: "{\\"id\\":12,\\"name\\":\\"Wid"',
    );
    const afterComma = describeBody('{"orders":[{"id":1},', {});
    assert.equal(afterComma.kind, 'truncated-json');
    assert.match(afterComma.summary, /ends after 20 bytes, with 2 brackets still open/);
    const afterValue = describeBody('[1,2', {});
    assert.equal(afterValue.kind, 'truncated-json');
    const long = describeBody(`{"items":[${'{"sku":"SKU-1","qty":1},'.repeat(40)}{"sku":"SK`, {});
    assert.match(long.summary, /its end: …"/, 'a long body shows its end, not its start');
  });

  it('invalid (not truncated) JSON: where it breaks', () => {
    const d = describeBody('{"id": 12,, "name": "x"}', { 'content-type': 'application/json' });
    assert.equal(d.kind, 'invalid-json');
    assert.match(d.summary, /^the body is not valid JSON \(application\/json\): .* at line 1, column 11; it starts: /);
  });

  it('a compressed body that was not decoded', () => {
    const gz = gzipSync(Buffer.from('{"id":1}'));
    const text = new TextDecoder().decode(gz);
    const d = describeBody(text, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    assert.equal(d.kind, 'compressed');
    assert.match(
      d.summary,
      /^the body is gzip-compressed \(Content-Encoding: gzip\) and was not decoded, so it is not JSON \(\d+ bytes\); it starts: "\\u001f/,
    );
    assert.equal(describeBody(text, {}).kind, 'compressed', 'recognised by its magic bytes without the header');
    assert.equal(describeBody('abc', { 'content-encoding': 'br' }).kind, 'compressed');
  });

  it('binary', () => {
    const png = new TextDecoder().decode(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48]),
    );
    const d = describeBody(png, { 'content-type': 'image/png' });
    assert.equal(d.kind, 'binary');
    assert.match(d.summary, /^the body is binary \(image\/png\), not JSON \(\d+ bytes\); it starts: "/);
  });

  it('XML, plain text and empty bodies', () => {
    assert.equal(describeBody('<?xml version="1.0"?><order/>', {}).kind, 'xml');
    assert.match(
      describeBody('Service Unavailable', { 'content-type': 'text/plain' }).summary,
      /^the body is text \(text\/plain\), not JSON; it starts: "Service Unavailable"$/,
    );
    assert.equal(
      describeBody('', { 'content-type': 'application/json' }).summary,
      'the body is empty (application/json), not JSON',
    );
  });

  it('names what it describes', () => {
    assert.match(describeBody('<html></html>', {}, 'the result').summary, /^the result is HTML/);
  });
});
