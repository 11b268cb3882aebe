import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createAjv } from '../../src/core/schema-validate.js';
import { parseJsonBody } from '../../src/core/parse-json-body.js';
import { parseYamlSource } from '../../src/core/yaml-source.js';
import { checkExpectations } from '../../src/matchers/index.js';
import { render } from '../expression/helpers.js';
import { check } from './helpers.js';

const body = parseJsonBody('{"id": 9007199254740993, "lines": [{"ref": -9223372036854775807}], "price": 0.3}');
const literal = (yaml: string) => parseYamlSource('e.yaml', yaml).value as Record<string, unknown>;

describe('integers beyond 2^53 against literals', () => {
  it('a YAML literal with the same digits matches; one that differs in the last digit does not', () => {
    assert.equal(checkExpectations(body, literal('id: 9007199254740993'))[0]!.passed, true);
    const miss = checkExpectations(body, literal('id: 9007199254740992'))[0]!;
    assert.equal(miss.passed, false);
    assert.equal(miss.message, 'id: expected 9007199254740992, got 9007199254740993');
  });

  it('nested and negative big integers match as a subset, and eq/ne/in/gt compare exactly', () => {
    assert.equal(checkExpectations(body, literal('lines: [{ ref: -9223372036854775807 }]'))[0]!.passed, true);
    assert.equal(checkExpectations(body, literal('lines: [{ ref: -9223372036854775808 }]'))[0]!.passed, false);
    assert.equal(check('id', { eq: 9007199254740993n }, body).passed, true);
    assert.equal(check('id', { ne: 9007199254740992 }, body).passed, true);
    assert.equal(check('id', { in: [1, 9007199254740993n] }, body).passed, true);
    assert.equal(check('id', { gt: 9007199254740992 }, body).passed, true);
    assert.equal(check('id', { lte: '9007199254740992' }, body).passed, false);
    assert.equal(check('id', { type: 'integer' }, body).passed, true);
    assert.equal(check('id', { matches: '^9007199254740993$' }, body).passed, true);
  });

  it('a big integer and the same digits as a string stay different types, as for small numbers', () => {
    assert.equal(check('id', { eq: '9007199254740993' }, body).passed, false);
  });
});

describe('decimals in matchers', () => {
  it('eq 0.3 holds for 0.1 + 0.2 computed in an expression (decimal arithmetic)', () => {
    const sum = render('{{ 0.1 + 0.2 }}');
    assert.equal(check('price', { eq: sum }, body).passed, true);
    assert.equal(check('price', sum, body).passed, true);
  });

  it('approx is for values that are measured, not computed: 10.6 is within 10.5 ± 0.1', () => {
    assert.equal(check('w', { approx: { value: 10.5, tolerance: 0.1 } }, { w: 10.6 }).passed, true);
    assert.equal(check('w', { approx: { value: 10.5, tolerance: 0.01 } }, { w: 10.6 }).passed, false);
  });
});

describe('the length matcher counts characters as JSON Schema maxLength does', () => {
  const subject = { name: 'Zoë 😀', code: '𠮷' };

  it('an emoji or a character outside the BMP is one character', () => {
    assert.equal(check('name', { length: 5 }, subject).passed, true);
    assert.equal(check('code', { length: 1 }, subject).passed, true);
    assert.equal(check('code', { length: { lte: 1 } }, subject).passed, true);
  });

  it('agrees with Ajv (the schema validator) on where maxLength passes and fails', () => {
    const ajv = createAjv();
    for (const text of ['😀', '😀😀', 'a😀', '𠮷野家', 'é', 'e\u0301']) {
      for (const max of [1, 2, 3]) {
        const schema = ajv.compile({ type: 'string', maxLength: max });
        assert.equal(
          check('t', { length: { lte: max } }, { t: text }).passed,
          schema(text),
          `${JSON.stringify(text)} with maxLength ${max}`,
        );
      }
    }
  });
});
