import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isTemplate, parseTemplate, renderValue } from '../../src/expression/index.js';
import { render, scopeWith } from './helpers.js';

const scope = scopeWith({ qty: 5, lines: [{ sku: 'A', qty: 2 }], order: { id: 'SO-1', open: true }, none: null });

describe('a string that is one whole {{ }} keeps the type of its value', () => {
  it('a number stays a number', () => {
    assert.equal(render('{{ qty }}', scope), 5);
    assert.equal(render('{{qty*2}}', scope), 10, 'spaces inside the braces do not matter');
  });

  it('a list and an object stay a list and an object', () => {
    assert.deepEqual(render('{{ lines }}', scope), [{ sku: 'A', qty: 2 }]);
    assert.deepEqual(render('{{ order }}', scope), { id: 'SO-1', open: true });
  });

  it('a boolean and null stay a boolean and null', () => {
    assert.equal(render('{{ order.open }}', scope), true);
    assert.equal(render('{{ qty > 9 }}', scope), false);
    assert.equal(render('{{ none }}', scope), null);
  });

  it('is flagged `whole` by parseTemplate, and only then', () => {
    assert.equal(parseTemplate('{{ qty }}').whole, true);
    assert.equal(parseTemplate('SO-{{ qty }}').whole, false);
    assert.equal(parseTemplate('{{ qty }}{{ qty }}').whole, false);
  });
});

describe('a string with text around an expression is text', () => {
  it('joins literal text and values as a string', () => {
    assert.equal(render('SO-{{ qty }}', scope), 'SO-5');
    assert.equal(render('{{ qty }}{{ qty }}', scope), '55');
  });

  it('a space outside the braces makes the result a string', () => {
    assert.equal(render(' {{ qty }}', scope), ' 5');
    assert.equal(render('{{ qty }} ', scope), '5 ');
  });

  it('writes lists and objects as JSON, null as nothing', () => {
    assert.equal(render('lines={{ lines }}', scope), 'lines=[{"sku":"A","qty":2}]');
    assert.equal(render('[{{ none }}]', scope), '[]');
  });

  it('splits into parts with the offset of each expression', () => {
    const template = parseTemplate('SO-{{ qty }}!');
    assert.deepEqual(
      template.parts.map((p) => ({ text: p.text, expression: p.expression !== undefined, offset: p.offset })),
      [
        { text: 'SO-', expression: false, offset: 0 },
        { text: undefined, expression: true, offset: 5 },
        { text: '!', expression: false, offset: 12 },
      ],
    );
  });
});

describe('renderValue', () => {
  it('renders every string in nested objects and lists, keeping whole-expression types', () => {
    const rendered = renderValue(
      { customer: '{{ order.id }}', lines: [{ qty: '{{ qty }}', note: 'x{{ qty }}' }], fixed: 7 },
      scope,
    );
    assert.deepEqual(rendered, { customer: 'SO-1', lines: [{ qty: 5, note: 'x5' }], fixed: 7 });
  });

  it('leaves keys and strings without {{ untouched', () => {
    assert.deepEqual(renderValue({ '{{ qty }}': 'plain }} text' }, scope), { '{{ qty }}': 'plain }} text' });
    assert.equal(isTemplate('plain }} text'), false);
    assert.equal(isTemplate('a {{ b'), true);
  });
});
