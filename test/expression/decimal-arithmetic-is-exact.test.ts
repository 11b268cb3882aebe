import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { render, renderError, scopeWith } from './helpers.js';

describe('arithmetic on decimals', () => {
  it('adds, subtracts, multiplies and divides decimal values exactly: 0.1 + 0.2 == 0.3', () => {
    assert.equal(render('{{ 0.1 + 0.2 }}'), 0.3);
    assert.equal(render('{{ 0.1 + 0.2 == 0.3 }}'), true);
    assert.equal(render('{{ 0.3 - 0.1 }}'), 0.2);
    assert.equal(render('{{ 1.1 * 3 }}'), 3.3);
    assert.equal(render('{{ 19.99 * 3 }}'), 59.97);
    assert.equal(render('{{ 0.3 / 0.1 }}'), 3);
    assert.equal(render('{{ 1 / 3 }}'), 1 / 3, 'a quotient that has no finite decimal is the nearest double');
    assert.equal(render('{{ 7.5 % 2 }}'), 1.5);
    assert.equal(render('{{ -7 % 3 }}'), -1, '% keeps the sign of the dividend, as in JavaScript');
  });

  it('reads numeric strings by their text, and still refuses what is not a number', () => {
    assert.equal(render('{{ price * qty }}', scopeWith({ price: '10.10', qty: '3' })), 30.3);
    assert.equal(renderError('{{ "abc" * 2 }}').message, '"*" needs numbers, got "abc".');
    assert.equal(renderError('{{ 1 / 0 }}').message, 'Division by zero.');
    assert.equal(renderError('{{ 1 % "0.0" }}').message, 'Division by zero.');
  });

  it('sum() of decimals is exact', () => {
    assert.equal(render('{{ sum([0.1, 0.2]) }}'), 0.3);
    assert.equal(render('{{ sum(prices) }}', scopeWith({ prices: [19.99, 0.01, '0.1', 0.2] })), 20.3);
    assert.equal(render('{{ sum([]) }}'), 0);
  });
});

describe('round(x, n) rounds the decimal value half up', () => {
  it('1.005 → 1.01 (Math.round(1.005 * 100) / 100 gives 1)', () => {
    assert.equal(Math.round(1.005 * 100) / 100, 1, 'the problem with doubles');
    assert.equal(render('{{ round(1.005, 2) }}'), 1.01);
    assert.equal(render('{{ round(2.675, 2) }}'), 2.68);
    assert.equal(render('{{ round(1.0049, 2) }}'), 1);
    assert.equal(render('{{ round(2.345, 2) }}'), 2.35);
  });

  it('ties go away from zero, to whole numbers by default, to tens with negative digits', () => {
    assert.equal(render('{{ round(2.5) }}'), 3);
    assert.equal(render('{{ round(-2.5) }}'), -3);
    assert.equal(render('{{ round(-1.005, 2) }}'), -1.01);
    assert.equal(render('{{ round(1250, -2) }}'), 1300);
    assert.equal(render('{{ round("10.125", 2) }}'), 10.13);
  });

  it('refuses a number of digits that is not whole', () => {
    assert.equal(
      renderError('{{ round(1.5, 0.5) }}').message,
      'round() needs a whole number of digits from -100 to 100, got 0.5.',
    );
  });
});

describe('integers beyond 2^53', () => {
  const id = 9007199254740993n;

  it('keep their digits in text, arithmetic and literals', () => {
    assert.equal(render('/orders/{{ id }}', scopeWith({ id })), '/orders/9007199254740993');
    assert.equal(render('{{ id }}', scopeWith({ id })), id, 'a whole expression keeps the bigint');
    assert.equal(render('{{ id + 1 }}', scopeWith({ id })), 9007199254740994n);
    assert.equal(render('{{ id - 9007199254740992 }}', scopeWith({ id })), 1);
    assert.equal(render('{{ 9007199254740993 }}'), id, 'an expression literal keeps its digits too');
    assert.equal(render('{{ 10000000000000000 + 1 }}'), 10000000000000001n);
    assert.equal(render('{{ -id }}', scopeWith({ id })), -id);
  });

  it('num() and int() of their text keep the digits (a header carries an id as text)', () => {
    assert.equal(render('{{ num("9007199254740993") }}'), id);
    assert.equal(render('{{ int(" -9007199254740993 ") }}'), -id);
    assert.equal(render('{{ num("42") }}'), 42);
    assert.equal(render('{{ int(id) }}', scopeWith({ id })), id);
  });

  it('compare exactly with each other and with numbers', () => {
    const scope = scopeWith({ id });
    assert.equal(render('{{ id == 9007199254740993 }}', scope), true);
    assert.equal(render('{{ id == 9007199254740992 }}', scope), false, '2^53 is not 2^53 + 1');
    assert.equal(render('{{ id > 9007199254740992 }}', scope), true);
    assert.equal(render('{{ id < 1.5 }}', scope), false);
    assert.equal(render('{{ max([1, id, 3]) }}', scope), id);
    assert.equal(render('{{ min(id, 2) }}', scope), 2);
    assert.equal(render('{{ abs(-id) }}', scope), id);
    assert.equal(render('{{ contains([1, id], id) }}', scope), true);
  });

  it('print as JSON digit for digit', () => {
    assert.equal(
      render('{{ json(order) }}', scopeWith({ order: { id, lines: [-id] } })),
      '{"id":9007199254740993,"lines":[-9007199254740993]}',
    );
    assert.equal(render('order: {{ order }}', scopeWith({ order: { id } })), 'order: {"id":9007199254740993}');
  });
});

describe('len() and .length count characters as JSON Schema maxLength does', () => {
  it('counts code points: an emoji or a character outside the BMP is one', () => {
    const scope = scopeWith({ name: 'Zoë 😀', ideograph: '𠮷野家' });
    assert.equal('😀'.length, 2, 'UTF-16 code units, the JavaScript count');
    assert.equal(render('{{ len(name) }}', scope), 5);
    assert.equal(render('{{ name.length }}', scope), 5);
    assert.equal(render('{{ len(ideograph) }}', scope), 3);
    assert.equal(render('{{ len("") }}'), 0);
    assert.equal(render('{{ len([1, 2]) }}'), 2);
  });
});
