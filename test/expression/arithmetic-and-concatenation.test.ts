import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { render, renderError, scopeWith } from './helpers.js';

const scope = scopeWith({ qty: 3, price: '2.5', name: 'Acme', list: [1, 2, 3], empty: [], none: null, zero: 0 });
const value = (source: string) => render(source, scope);

describe('arithmetic', () => {
  it('follows precedence: * / % before + -, parentheses first', () => {
    assert.equal(value('{{ 2 + 3 * 4 }}'), 14);
    assert.equal(value('{{ (2 + 3) * 4 }}'), 20);
    assert.equal(value('{{ 10 - 4 - 3 }}'), 3, '- is left-associative');
    assert.equal(value('{{ 7 / 2 }}'), 3.5);
    assert.equal(value('{{ 7 % 4 }}'), 3);
  });

  it('reads number literals with decimals and exponents', () => {
    assert.equal(value('{{ 1.5 + 1e3 + 2.5e-1 }}'), 1001.75);
  });

  it('converts numeric strings and booleans for - * / and unary minus', () => {
    assert.equal(value('{{ price * 2 }}'), 5);
    assert.equal(value('{{ "10" - 4 }}'), 6);
    assert.equal(value('{{ -price }}'), -2.5);
    assert.equal(value('{{ true + 1 }}'), 2);
  });

  it('refuses to do arithmetic on null, lists and words, naming the operator', () => {
    const error = renderError('{{ none + 1 }}', scope);
    assert.equal(error.code, 'REHEARSE_EXPR_TYPE');
    assert.equal(error.message, '"+" needs numbers, got null.');
    assert.equal(renderError('{{ list * 2 }}', scope).message, '"*" needs numbers, got [1,2,3].');
    assert.equal(renderError('{{ name - 1 }}', scope).message, '"-" needs numbers, got "Acme".');
  });

  it('fails on division and remainder by zero, pointing at the operator', () => {
    const error = renderError('{{ qty / zero }}', scope);
    assert.equal(error.message, 'Division by zero.');
    assert.equal(error.offset, 7);
    assert.equal(renderError('{{ qty % 0 }}', scope).message, 'Division by zero.');
  });
});

describe('concatenation', () => {
  it('+ joins as text when either side is a string', () => {
    assert.equal(value('{{ "SO-" + qty }}'), 'SO-3');
    assert.equal(value('{{ qty + "1" }}'), '31', 'a numeric string still concatenates');
    assert.equal(value('{{ name + "-" + qty * 2 }}'), 'Acme-6');
  });

  it('writes null as nothing and lists as JSON when concatenating', () => {
    assert.equal(value('{{ "a" + none + "b" }}'), 'ab');
    assert.equal(value('{{ "x" + list }}'), 'x[1,2,3]');
  });

  it('understands \\n, \\t and escaped quotes in string literals', () => {
    assert.equal(value('{{ "a\\nb\\tc" }}'), 'a\nb\tc');
    assert.equal(value("{{ 'it\\'s' }}"), "it's");
  });
});

describe('comparison and logic', () => {
  it('compares numbers, and two strings alphabetically (ISO dates order correctly)', () => {
    assert.equal(value('{{ qty >= 3 }}'), true);
    assert.equal(value('{{ qty < 3 }}'), false);
    assert.equal(value('{{ "2026-01-02" > "2026-01-01" }}'), true);
    assert.equal(value('{{ price > 2 }}'), true, 'a numeric string against a number compares as numbers');
    assert.equal(renderError('{{ name < 1 }}', scope).message, '"<" needs numbers, got "Acme".');
  });

  it('== is strict for scalars and compares lists and objects by value', () => {
    assert.equal(value('{{ 1 == "1" }}'), false);
    assert.equal(value('{{ qty == 3 }}'), true);
    assert.equal(value('{{ list == [1, 2, 3] }}'), true);
    assert.equal(value('{{ list != [1, 2] }}'), true);
  });

  it('&& and || return an operand; an empty list is false', () => {
    assert.equal(value('{{ zero || "fallback" }}'), 'fallback');
    assert.equal(value('{{ qty && name }}'), 'Acme');
    assert.equal(value('{{ empty ? "some" : "none" }}'), 'none');
    assert.equal(value('{{ !empty }}'), true);
  });

  it('?? replaces null or a missing name or key, but keeps 0 and ""', () => {
    assert.equal(value('{{ none ?? 7 }}'), 7);
    assert.equal(value('{{ notDefined ?? "default" }}'), 'default');
    assert.equal(value('{{ list[9] ?? -1 }}'), -1);
    assert.equal(value('{{ zero ?? 9 }}'), 0);
    assert.equal(value('{{ "" ?? 9 }}'), '');
  });

  it('?: chooses a branch and nests to the right', () => {
    assert.equal(value('{{ qty > 5 ? "big" : qty > 2 ? "mid" : "small" }}'), 'mid');
  });
});

describe('paths', () => {
  it('reads .length of strings and lists and indexes lists', () => {
    assert.equal(value('{{ name.length }}'), 4);
    assert.equal(value('{{ list.length }}'), 3);
    assert.equal(value('{{ list[1] + list[qty - 1] }}'), 5);
    assert.equal(value('{{ list["length"] }}'), 3);
  });

  it('reads tenant, env, run and vars', () => {
    assert.equal(value('{{ tenant.customers[0].code }}'), 'CUST-001');
    assert.equal(value('{{ env.REGION }}'), 'eu-west');
    assert.equal(value('{{ run.id }}'), 'run-1');
    assert.equal(value('{{ vars.qty + vars["qty"] }}'), 6);
  });
});
