// JSON paths (`expect` keys, `save` values): any key in quotes inside brackets (with `]`, `.`
// and escaped quotes), names in any script, exact and case-sensitive keys (header names alone
// match case-insensitively), and a malformed path is refused with the offset at fault.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { getPath, parsePath, reachPath } from '../../src/core/json-path.js';

const segments = (text: string) => {
  const parsed = parsePath(text);
  assert.ok(parsed.ok, `${text}: ${parsed.ok ? '' : parsed.message}`);
  return parsed.segments;
};
const refusal = (text: string) => {
  const parsed = parsePath(text);
  assert.ok(!parsed.ok, `${text} should be refused`);
  return { offset: parsed.offset, message: parsed.message };
};

describe('JSON paths', () => {
  test('take any key in quotes inside brackets', () => {
    assert.deepEqual(segments('body["a]b"]'), ['body', 'a]b']);
    assert.deepEqual(segments("body['x.y'].z"), ['body', 'x.y', 'z']);
    assert.deepEqual(segments('body["say \\"hi\\""]'), ['body', 'say "hi"']);
    assert.deepEqual(segments("body['it\\'s']"), ['body', "it's"]);
    assert.deepEqual(segments('body["back\\\\slash"]'), ['body', 'back\\slash']);
    assert.deepEqual(segments('body["[*]"][ 0 ]["\\u00e9"]'), ['body', '[*]', 0, 'é']);
    assert.deepEqual(segments('body[""]'), ['body', '']);
    assert.deepEqual(segments('lines[*].sku'), ['lines', { wildcard: true }, 'sku']);
  });

  test('take names in any script as bare segments', () => {
    assert.deepEqual(segments('body.größe'), ['body', 'größe']);
    assert.deepEqual(segments('body.数量[0]'), ['body', '数量', 0]);
    assert.deepEqual(segments('headers.content-type'), ['headers', 'content-type']);
    const body = { größe: 'L', 数量: 3, 'a]b': 1, 'x.y': { z: 2 }, 'say "hi"': true };
    assert.deepEqual(getPath({ body }, 'body.größe'), { found: true, value: 'L' });
    assert.deepEqual(getPath({ body }, 'body.数量'), { found: true, value: 3 });
    assert.deepEqual(getPath({ body }, 'body["a]b"]'), { found: true, value: 1 });
    assert.deepEqual(getPath({ body }, "body['x.y'].z"), { found: true, value: 2 });
    assert.deepEqual(getPath({ body }, 'body["say \\"hi\\""]'), { found: true, value: true });
  });

  test('match keys exactly and case-sensitively', () => {
    const body = { Id: 'upper', id: 'lower', Total: 5 };
    assert.deepEqual(getPath({ body }, 'body.id'), { found: true, value: 'lower' });
    assert.deepEqual(getPath({ body }, 'body.Id'), { found: true, value: 'upper' });
    assert.equal(getPath({ body }, 'body.total').found, false);
    assert.equal(getPath({ body }, 'Body.Total').found, false);
  });

  test('match header names case-insensitively, as HTTP does', () => {
    const result = { headers: { 'content-type': 'application/json' }, body: { headers: { Foo: 1 } } };
    assert.deepEqual(getPath(result, 'headers.Content-Type'), { found: true, value: 'application/json' });
    assert.deepEqual(getPath({ response: result }, 'response.headers.CONTENT-TYPE').value, 'application/json');
    assert.equal(getPath(result, 'body.headers.foo').found, true, 'an object under a "headers" key');
    assert.equal(getPath(result, 'body.Headers.Foo').found, false, 'only the headers themselves, not their parent');
  });

  test('read own keys only, including names of Object.prototype', () => {
    const body = JSON.parse('{"constructor": 1, "__proto__": 2, "toString": 3}') as object;
    assert.deepEqual(getPath({ body }, 'body.constructor'), { found: true, value: 1 });
    assert.deepEqual(getPath({ body }, 'body.__proto__'), { found: true, value: 2 });
    assert.deepEqual(getPath({ body }, 'body.toString'), { found: true, value: 3 });
    assert.equal(getPath({ body: {} }, 'body.constructor').found, false);
    assert.equal(getPath({ body: {} }, 'body.hasOwnProperty').found, false);
    assert.equal(getPath({ body: [1, 2] }, 'body.length').found, false);
  });

  test('read an own getter, computed when read (as a response bodyBase64 is)', () => {
    const subject = { status: 200 };
    Object.defineProperty(subject, 'bodyBase64', { enumerable: true, get: () => 'eyJvayI6dHJ1ZX0=' });
    assert.deepEqual(getPath(subject, 'bodyBase64'), { found: true, value: 'eyJvayI6dHJ1ZX0=' });
  });

  test('refuse a malformed path at the character at fault', () => {
    assert.deepEqual(refusal('body..zip').offset, 5);
    assert.deepEqual(refusal('.body').offset, 0);
    assert.deepEqual(refusal('body.').offset, 4);
    assert.deepEqual(refusal('body[abc]'), {
      offset: 5,
      message: 'expected a number, * or a quoted key inside [], got "abc"',
    });
    assert.deepEqual(refusal('body.items[0').offset, 10);
    assert.deepEqual(refusal('body["a]b"').offset, 4);
    assert.deepEqual(refusal('body["open]').offset, 5);
    assert.deepEqual(refusal("body['a\\q']").offset, 7);
    assert.deepEqual(refusal('body.a b').offset, 6);
    assert.deepEqual(refusal('body[0]x').offset, 7);
    assert.deepEqual(refusal('body.a/b').offset, 6);
    assert.deepEqual(refusal('body[-1]').offset, 5);
    assert.deepEqual(refusal('').offset, 0);
  });

  test('a malformed path reads nothing and reaches nothing', () => {
    assert.equal(getPath({ body: { zip: 1 } }, 'body..zip').found, false);
    assert.deepEqual(reachPath({ body: { zip: 1 } }, 'body..zip').complete, false);
    assert.equal(reachPath({ body: { 'a.b': '<html>' } }, "body['a.b'].id").reached, 'body["a.b"]');
    assert.deepEqual(reachPath({ headers: { etag: 'x' } }, 'headers.ETag'), {
      reached: 'headers.ETag',
      value: 'x',
      complete: true,
    });
  });
});
