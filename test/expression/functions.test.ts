import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FUNCTION_NAMES } from '../../src/expression/index.js';
import { render, renderError, scopeWith } from './helpers.js';

const scope = scopeWith({ list: [3, 1, 2], obj: { a: 1, b: 2 }, none: null, name: '  Acme  ' });
const value = (source: string) => render(source, scope);

describe('builtin functions', () => {
  it('are exactly the documented set', () => {
    assert.deepEqual(
      [...FUNCTION_NAMES].sort(),
      [
        'abs',
        'ceil',
        'concat',
        'contains',
        'count',
        'every',
        'filter',
        'find',
        'floor',
        'int',
        'join',
        'json',
        'keys',
        'len',
        'lower',
        'map',
        'max',
        'min',
        'ms',
        'now',
        'num',
        'padStart',
        'percentile',
        'raw',
        'round',
        'some',
        'sort',
        'str',
        'sum',
        'today',
        'trim',
        'unique',
        'upper',
        'urlEncode',
      ].sort(),
    );
  });

  it('len counts characters, items or keys, and refuses anything else', () => {
    assert.equal(value('{{ len("abc") }}'), 3);
    assert.equal(value('{{ len(list) }}'), 3);
    assert.equal(value('{{ len(obj) }}'), 2);
    assert.equal(renderError('{{ len(3) }}', scope).message, 'len() needs a string, list or object, got 3.');
  });

  it('upper, lower, trim and str turn values into text (null into "")', () => {
    assert.equal(value('{{ upper("ab") + lower("CD") }}'), 'ABcd');
    assert.equal(value('{{ trim(name) }}'), 'Acme');
    assert.equal(value('{{ str(3) }}'), '3');
    assert.equal(value('{{ str(none) }}'), '');
    assert.equal(value('{{ str(obj) }}'), '{"a":1,"b":2}');
  });

  it('num and int read numbers from text; int truncates toward zero', () => {
    assert.equal(value('{{ num("4.5") }}'), 4.5);
    assert.equal(value('{{ int("4.9") }}'), 4);
    assert.equal(value('{{ int(-4.9) }}'), -4);
    const error = renderError('{{ num("four") }}', scope);
    assert.equal(error.code, 'REHEARSE_EXPR_TYPE');
    assert.equal(error.message, 'num() needs a number, got "four".');
  });

  it('round (to n digits), floor, ceil and abs', () => {
    assert.equal(value('{{ round(2.345, 2) }}'), 2.35);
    assert.equal(value('{{ round(2.5) }}'), 3);
    assert.equal(value('{{ floor(2.7) + ceil(2.1) + abs(-3) }}'), 8);
  });

  it('min and max take arguments or one list; sum takes a list', () => {
    assert.equal(value('{{ min(3, 1, 2) }}'), 1);
    assert.equal(value('{{ max(list) }}'), 3);
    assert.equal(value('{{ sum(list) }}'), 6);
    assert.equal(value('{{ sum(["1.5", 2]) }}'), 3.5);
    assert.equal(renderError('{{ sum(3) }}', scope).message, 'sum() needs a list, got 3.');
  });

  it('json writes JSON; keys lists the keys of an object', () => {
    assert.equal(value('{{ json(obj) }}'), '{"a":1,"b":2}');
    assert.deepEqual(value('{{ keys(obj) }}'), ['a', 'b']);
    assert.deepEqual(value('{{ keys(3) }}'), []);
  });

  it('concat joins text, or flattens lists when every argument is a list', () => {
    assert.equal(value('{{ concat("SO-", 7, none) }}'), 'SO-7');
    assert.deepEqual(value('{{ concat(list, [4]) }}'), [3, 1, 2, 4]);
  });

  it('join joins a list with "," or a separator', () => {
    assert.equal(value('{{ join(list) }}'), '3,1,2');
    assert.equal(value('{{ join(list, " | ") }}'), '3 | 1 | 2');
    assert.equal(renderError('{{ join("abc") }}', scope).message, 'join() needs a list, got "abc".');
  });

  it('padStart pads to a width with spaces or a given character', () => {
    assert.equal(value('{{ padStart(7, 3, "0") }}'), '007');
    assert.equal(value('{{ padStart("a", 3) }}'), '  a');
  });

  it('contains finds a substring or an equal list item', () => {
    assert.equal(value('{{ contains("abc", "b") }}'), true);
    assert.equal(value('{{ contains(list, 2) }}'), true);
    assert.equal(value('{{ contains(list, "2") }}'), false);
    assert.equal(value('{{ contains([[1, 2]], [1, 2]) }}'), true);
    assert.equal(value('{{ contains(obj, "a") }}'), false, 'objects are not searched');
  });
});
