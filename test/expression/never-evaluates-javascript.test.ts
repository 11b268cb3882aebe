import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluate, parseExpression, type ExpressionScope } from '../../src/expression/index.js';
import { parseError, render, renderError, scopeWith } from './helpers.js';

const scope = scopeWith({ order: { id: 'SO-1' }, list: [1, 2], name: 'Acme' });

describe('expressions never reach JavaScript', () => {
  it('host globals are unknown names', () => {
    for (const name of ['process', 'globalThis', 'require', 'this', 'Function', 'eval', 'window', 'module']) {
      const error = renderError(`{{ ${name} }}`, scope);
      assert.equal(error.code, 'REHEARSE_UNKNOWN_NAME', name);
      assert.equal(error.message, `Unknown name "${name}".`);
    }
    assert.equal(renderError('{{ process.exit(1) }}', scope).message, 'Unknown name "process".');
    assert.equal(renderError('{{ require("fs") }}', scope).message, 'Unknown name "require".');
  });

  it('Object.prototype members are not root names', () => {
    for (const name of ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__']) {
      const error = renderError(`{{ ${name} }}`, scope);
      assert.equal(error.message, `Unknown name "${name}".`, name);
    }
  });

  it('Object.prototype members are not function names either, whatever the scope', () => {
    const bare: ExpressionScope = { lookup: () => ({ found: false }), names: () => [] };
    for (const name of ['constructor', 'toString', 'hasOwnProperty']) {
      assert.throws(() => evaluate(parseExpression(name), bare), {
        name: 'ExpressionError',
        message: `Unknown name "${name}".`,
      });
    }
  });

  it('constructor, __proto__ and prototype cannot be read from values', () => {
    for (const source of [
      '{{ order.constructor }}',
      '{{ order["__proto__"] }}',
      '{{ order["__pro" + "to__"] }}',
      '{{ list.constructor }}',
      '{{ fake.constructor }}',
      '{{ vars.prototype }}',
    ]) {
      const error = renderError(source, scope);
      assert.match(error.message, /^"(constructor|__proto__|prototype)" cannot be read in expressions\.$/, source);
    }
  });

  it('inherited methods of values are not there', () => {
    assert.equal(renderError('{{ order.toString }}', scope).message, '"order" has no "toString".');
    const listMethod = renderError('{{ list.map }}', scope);
    assert.equal(listMethod.code, 'REHEARSE_UNKNOWN_NAME');
    assert.match(listMethod.message, /\bmap\b/);
    assert.equal(
      renderError('{{ name.toUpperCase() }}', scope).message,
      'Cannot read "toUpperCase" of "name": it is a string.',
    );
    assert.equal(
      renderError('{{ (1).toFixed }}', scope).message,
      'Cannot read "toFixed" of the value: it is a number.',
    );
  });

  it('a builtin is callable but its insides (call, name) are not readable', () => {
    assert.equal(render('{{ upper("x") }}', scope), 'X');
    const error = renderError('{{ fake.uuid.call }}', scope);
    assert.equal(error.code, 'REHEARSE_EXPR_TYPE');
    assert.equal(error.message, 'Cannot read "call" of "fake.uuid": it is a function.');
    assert.equal(renderError('{{ len.name }}', scope).message, 'Cannot read "name" of "len": it is a function.');
  });

  it('only builtins can be called', () => {
    assert.equal(renderError('{{ order.id() }}', scope).message, '"order.id" is not a function.');
    assert.equal(renderError('{{ toString() }}', scope).message, 'Unknown name "toString".');
  });

  it('JavaScript syntax is not part of the language', () => {
    for (const source of [
      '{{ a = 1 }}',
      '{{ x => x }}',
      '{{ `t` }}',
      '{{ a; b }}',
      '{{ {a: 1} }}',
      '{{ new Date() }}',
      '{{ a++ }}',
    ]) {
      const error = parseError(source);
      assert.equal(error.code, 'REHEARSE_EXPR_SYNTAX', source);
    }
  });

  it('a host error inside a builtin fails as an expression error, not a crash', () => {
    const error = renderError('{{ padStart("a", 1e10) }}', scope);
    assert.equal(error.code, 'REHEARSE_EXPR_TYPE');
    assert.match(error.message, /^padStart\(\) failed: Invalid string length/);
  });

  it('limits expression size, nesting and string growth', () => {
    assert.equal(parseError(`{{ ${'1+'.repeat(1000)}1 }}`).message, 'Expression is longer than 2000 characters.');
    assert.equal(parseError(`{{ ${'('.repeat(70)}1${')'.repeat(70)} }}`).message, 'Expression is nested too deeply.');
    const big = scopeWith({ s: 'x'.repeat(600_000) });
    assert.equal(renderError('{{ s + s }}', big).message, 'String result is too long.');
  });
});
