import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseJsonBody } from '../../src/core/parse-json-body.js';
import { stringifyJson } from '../../src/core/stringify-json.js';
import { parseYamlSource } from '../../src/core/yaml-source.js';

describe('parseJsonBody', () => {
  it('reads an integer beyond 2^53 as a bigint with every digit (JSON.parse rounds it)', () => {
    const text = '{"id": 9007199254740993, "orderNo": 123456789012345678}';
    assert.equal((JSON.parse(text) as { id: number }).id, 9007199254740992, 'the problem: JSON.parse rounds');
    assert.deepEqual(parseJsonBody(text), { id: 9007199254740993n, orderNo: 123456789012345678n });
  });

  it('keeps big integers nested in arrays and objects, and negative ones', () => {
    const text =
      '{"lines":[{"sku":"A","ref":-9223372036854775808},{"ref":18446744073709551615}],"ids":[1,99999999999999999999]}';
    assert.deepEqual(parseJsonBody(text), {
      lines: [{ sku: 'A', ref: -9223372036854775808n }, { ref: 18446744073709551615n }],
      ids: [1, 99999999999999999999n],
    });
  });

  it('leaves every other number a plain number, as JSON.parse reads it', () => {
    const text =
      '{"safe": 9007199254740991, "neg": -9007199254740991, "price": 10.49, "exp": 1.5e3, "long": 0.12345678901234567}';
    const value = parseJsonBody(text) as Record<string, unknown>;
    assert.deepEqual(value, JSON.parse(text));
    for (const v of Object.values(value)) assert.equal(typeof v, 'number');
  });

  it('reads digits inside strings as text, and a body without long numbers exactly as JSON.parse', () => {
    assert.deepEqual(parseJsonBody('{"card":"4111111111111111111","n":1}'), { card: '4111111111111111111', n: 1 });
    assert.deepEqual(parseJsonBody('[true,null,"x",{"a":[]}]'), [true, null, 'x', { a: [] }]);
  });

  it('throws a SyntaxError for text that is not JSON, on both paths', () => {
    assert.throws(() => parseJsonBody('{"id": 9007199254740993,'), SyntaxError);
    assert.throws(() => parseJsonBody('<html>'), SyntaxError);
  });

  it('reads a body with a duplicated member name as JSON.parse does (the last wins), not as an error', () => {
    // The lossless reader refuses duplicates; such a body falls back to JSON.parse, rounding included.
    assert.deepEqual(parseJsonBody('{"a": 1, "a": 2, "id": 9007199254740993}'), { a: 2, id: 9007199254740992 });
  });
});

describe('stringifyJson', () => {
  it('writes a bigint as the JSON number it is, digit for digit (JSON.stringify throws)', () => {
    const value = { orderNo: 123456789012345678n, nested: [-9223372036854775808n, 1.5, 'x', null] };
    assert.throws(() => JSON.stringify(value), TypeError);
    assert.equal(stringifyJson(value), '{"orderNo":123456789012345678,"nested":[-9223372036854775808,1.5,"x",null]}');
  });

  it('round-trips a body read by parseJsonBody without changing a digit', () => {
    const text = '{"id":9007199254740993,"lines":[{"ref":-12345678901234567890,"qty":2}]}';
    assert.equal(stringifyJson(parseJsonBody(text)), text);
  });

  it('matches JSON.stringify for values without a bigint, indentation and undefined included', () => {
    const value = { a: [1, { b: 'c' }], d: undefined, e: new Date(0) };
    assert.equal(stringifyJson(value, 2), JSON.stringify(value, null, 2));
    assert.equal(stringifyJson(undefined), undefined);
    assert.equal(stringifyJson({ big: 1n }, 2), '{\n  "big": 1\n}');
  });
});

describe('YAML integer literals', () => {
  it('keep their digits beyond 2^53 (as bigint); smaller ones, hex and floats stay numbers', () => {
    const source = parseYamlSource(
      'a.yaml',
      'id: 9007199254740993\nneg: -12345678901234567890\nqty: 12\nhex: 0x1F\nprice: 1.10\n',
    );
    assert.deepEqual(source.diagnostics, []);
    assert.deepEqual(source.value, {
      id: 9007199254740993n,
      neg: -12345678901234567890n,
      qty: 12,
      hex: 31,
      price: 1.1,
    });
  });
});
