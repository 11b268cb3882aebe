// Collection functions with lambdas (`x => ...`, `(x, i) => ...`): what each computes, that lambda
// parameters shadow roots, that sums stay exact, that sort is stable both ways and unique compares
// deeply, and that every misuse is an expression error with a code and an offset — never a crash,
// never JavaScript.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LIMITS } from '../../src/core/limits.js';
import { callProblems, parseTemplate, referencedNames } from '../../src/expression/index.js';
import { parseError, render, renderError, scopeWith } from './helpers.js';

const methods = [
  { code: 'standard', price: 4.99, days: 5 },
  { code: 'express', price: 12.5, days: 1 },
  { code: 'economy', price: 2.1, days: 9 },
];
const lines = [
  { sku: 'A', qty: 3, price: '0.1' },
  { sku: 'B', qty: 1, price: 0.2 },
  { sku: 'A', qty: 2, price: 0.7 },
];
const scope = scopeWith({ methods, lines, code: 'express', count: 7, sum: 'shadowed', empty: [] });
const value = (source: string) => render(source, scope);

describe('collection functions', () => {
  it('find picks a shipping method by code, and gives null when none matches', () => {
    assert.equal(value('{{ find(methods, m => m.code == "express").price }}'), 12.5);
    assert.equal(value('{{ find(methods, m => m.code == code).days }}'), 1);
    assert.equal(value('{{ find(methods, m => m.code == "drone") }}'), null);
    assert.equal(value('{{ find(methods, m => m.code == "drone").price ?? 0 }}'), 0);
  });

  it('percentile is the nearest rank: a value that was measured, p% of the values at or below it', () => {
    const latencies = scopeWith({ ms: [120, 80, 95, 300, 110, 90, 100, 85, 105, 2000], none: [] });
    const p = (source: string) => render(source, latencies);
    assert.equal(p('{{ percentile(ms, 50) }}'), 100);
    assert.equal(p('{{ percentile(ms, 90) }}'), 300);
    assert.equal(p('{{ percentile(ms, 95) }}'), 2000);
    assert.equal(p('{{ percentile(ms, 0) }}'), 80);
    assert.equal(p('{{ percentile(ms, 100) }}'), 2000);
    assert.equal(p('{{ percentile(["250", 100], 50) }}'), 100, 'numeric strings count');
    assert.equal(p('{{ percentile(none, 95) }}'), null, 'no value, no percentile');
    assert.match(renderError('{{ percentile(ms, 101) }}', latencies).message, /percentage from 0 to 100/);
    assert.match(renderError('{{ percentile(["fast"], 50) }}', latencies).message, /list of numbers, got "fast"/);
    assert.equal(p('{{ percentile(ms, 95) <= ms("2s") }}'), true, 'an SLO written as a duration');
    assert.equal(p('{{ ms("800ms") + ms("1.5m") + ms(250) }}'), 800 + 90_000 + 250);
    assert.match(renderError('{{ ms("2 days") }}', latencies).message, /ms\(\) takes a duration such as 800ms/);
  });

  it('filter, map, some and every', () => {
    assert.deepEqual(value('{{ map(filter(methods, m => m.days <= 5), m => m.code) }}'), ['standard', 'express']);
    assert.deepEqual(value('{{ map(methods, (m, i) => i + ":" + m.code) }}'), ['0:standard', '1:express', '2:economy']);
    assert.equal(value('{{ some(methods, m => m.price > 10) }}'), true);
    assert.equal(value('{{ every(methods, m => m.price > 10) }}'), false);
    assert.equal(value('{{ every(empty, m => false) }}'), true);
    assert.equal(value('{{ some(empty, m => true) }}'), false);
    assert.deepEqual(value('{{ filter([0, 1, "", "a", null, [], [0]], x => x) }}'), [1, 'a', [0]]);
  });

  it('count counts items, or the items a predicate holds for', () => {
    assert.equal(value('{{ count(methods) }}'), 3);
    assert.equal(value('{{ count(lines, l => l.sku == "A") }}'), 2);
  });

  it('a called name is the function even where a variable has that name', () => {
    assert.equal(value('{{ count(methods) + count }}'), 10);
    assert.equal(value('{{ sum([1, 2]) + sum }}'), '3shadowed');
  });

  it('sum, min and max take a lambda and keep the exact decimal arithmetic', () => {
    assert.equal(value('{{ sum(lines, l => l.qty * l.price) }}'), 1.9);
    assert.equal(value('{{ sum([0.1, 0.2]) }}'), 0.3);
    assert.equal(value('{{ sum(lines, l => l.price) == 1 }}'), true);
    assert.equal(value('{{ min(methods, m => m.price) }}'), 2.1);
    assert.equal(value('{{ max(methods, m => m.days) }}'), 9);
    assert.equal(value('{{ max(1, 5, 3) }}'), 5, 'the variadic form still works');
    assert.equal(value('{{ min([4, "3", 9]) }}'), 3, 'numeric text still compares as a number');
    assert.equal(value('{{ max(["9007199254740993", 1]) }}'), 9007199254740993n);
    assert.equal(value('{{ min(methods, m => m.code) }}'), 'economy', 'strings compare as text');
    assert.equal(value('{{ max(["2026-11-30T10:00:00+01:00", "2026-11-30T09:30:00Z"]) }}'), '2026-11-30T09:30:00Z');
  });

  it('sort is stable, by value or by a key, ascending or descending', () => {
    assert.deepEqual(value('{{ sort([3, 1, 2]) }}'), [1, 2, 3]);
    assert.deepEqual(value('{{ sort([3, 1, 2], "desc") }}'), [3, 2, 1]);
    assert.deepEqual(value('{{ map(sort(methods, m => m.price), m => m.code) }}'), ['economy', 'standard', 'express']);
    assert.deepEqual(value('{{ map(sort(lines, l => l.sku), l => l.qty) }}'), [3, 2, 1], 'equal keys keep their order');
    assert.deepEqual(
      value('{{ map(sort(lines, l => l.sku, "desc"), l => l.qty) }}'),
      [1, 3, 2],
      'stable when descending',
    );
    assert.deepEqual(value('{{ sort(["2026-01-02", "2026-01-01T23:00:00-02:00"]) }}'), [
      '2026-01-02',
      '2026-01-01T23:00:00-02:00',
    ]);
    assert.deepEqual(
      lines.map((l) => l.qty),
      [3, 1, 2],
      'the input list is not changed',
    );
  });

  it('unique keeps the first of deeply equal items, or of items with an equal key', () => {
    assert.deepEqual(value('{{ unique([1, 1, "1", [1, 2], [1, 2], null, null]) }}'), [1, '1', [1, 2], null]);
    assert.deepEqual(value('{{ map(unique(lines, l => l.sku), l => l.qty) }}'), [3, 1]);
    const keyOrder = scopeWith({ items: [{ a: 1, b: 2 }, { b: 2, a: 1 }, { a: 1 }] });
    assert.equal((render('{{ unique(items) }}', keyOrder) as unknown[]).length, 2, 'key order does not matter');
  });

  it('lambda parameters shadow roots, and the body still reads every other name', () => {
    assert.deepEqual(value('{{ map([1, 2], tenant => tenant * 2) }}'), [2, 4]);
    assert.deepEqual(value('{{ map(methods, m => m.code == code && tenant.tenantId == "acme") }}'), [
      false,
      true,
      false,
    ]);
    assert.deepEqual(value('{{ map([1, 2], x => map([10, 20], y => x + y)) }}'), [
      [11, 21],
      [12, 22],
    ]);
    assert.equal(render('{{ code }}', scope), 'express', 'the name is unchanged after the call');
  });
});

describe('collection function errors', () => {
  const fails = (source: string, code: string, message: RegExp | string, offset: number) => {
    const error = renderError(source, scope);
    assert.equal(error.code, code, `${source}: ${error.message}`);
    if (typeof message === 'string') assert.equal(error.message, message);
    else assert.match(error.message, message);
    assert.equal(error.offset, offset, `${source}: ^ at ${JSON.stringify(source.slice(error.offset))}`);
    return error;
  };

  it('a lambda anywhere but as an argument is a syntax error at the lambda', () => {
    for (const [source, offset] of [
      ['{{ x => 1 }}', 3],
      ['{{ 1 + (a, b) => a }}', 7],
      ['{{ map(methods, x => y => 1) }}', 21],
    ] as const) {
      const error = parseError(source);
      assert.equal(error.code, 'REHEARSE_EXPR_SYNTAX');
      assert.equal(error.message, 'A lambda can only be an argument of a function that takes one.');
      assert.equal(error.offset, offset, source);
    }
    const arrow = parseError('{{ filter(methods, m -> m.price) }}');
    assert.equal(arrow.offset, 21);
    assert.match(arrow.hint ?? '', /"=>"/);
    assert.equal(parseError('{{ map(methods, (a, b, c) => a) }}').offset, 23);
    assert.equal(parseError('{{ map(methods, (a, a) => a) }}').message, 'The lambda parameter "a" is named twice.');
    assert.equal(parseError('{{ map(methods, null => 1) }}').message, '"null" cannot name a lambda parameter.');
  });

  it('wrong arity, a lambda where a value is expected and a value where a lambda is', () => {
    fails('{{ filter(methods) }}', 'REHEARSE_EXPR_ARGUMENTS', 'filter() takes 2 arguments, got 1.', 3);
    fails('{{ find(methods, x => x, 3) }}', 'REHEARSE_EXPR_ARGUMENTS', 'find() takes 2 arguments, got 3.', 25);
    fails('{{ map(methods, "code") }}', 'REHEARSE_EXPR_ARGUMENTS', /needs a lambda as its second argument/, 16);
    fails(
      '{{ len(x => 1) }}',
      'REHEARSE_EXPR_ARGUMENTS',
      'len() takes a value as its first argument, not a lambda.',
      7,
    );
    fails('{{ fake.pick(x => 1) }}', 'REHEARSE_EXPR_ARGUMENTS', 'fake.pick() takes values, not a lambda.', 13);
    fails('{{ upper("a", "b") }}', 'REHEARSE_EXPR_ARGUMENTS', 'upper() takes 1 argument, got 2.', 14);
  });

  it('a value of the wrong kind is REHEARSE_EXPR_TYPE at the call, or inside the lambda body', () => {
    fails('{{ filter(code, x => x) }}', 'REHEARSE_EXPR_TYPE', 'filter() needs a list, got "express".', 3);
    fails('{{ sum(methods, m => m.code) }}', 'REHEARSE_EXPR_TYPE', 'sum() needs a number, got "standard".', 3);
    fails('{{ sort([1, "a"]) }}', 'REHEARSE_EXPR_TYPE', /sort\(\) cannot order "a" and 1/, 3);
    fails('{{ sort(methods) }}', 'REHEARSE_EXPR_TYPE', /cannot order/, 3);
    fails('{{ sort(methods, m => m.price, "down") }}', 'REHEARSE_EXPR_TYPE', /"asc" or "desc"/, 3);
    fails('{{ map(methods, m => m.weight) }}', 'REHEARSE_UNKNOWN_NAME', /has no "weight"/, 23);
    fails('{{ map(methods, m => m.price * "x") }}', 'REHEARSE_EXPR_TYPE', /"\*" needs numbers/, 29);
    const none = fails('{{ find(methods, m => m.code == "drone").price }}', 'REHEARSE_UNKNOWN_NAME', /it is null/, 41);
    assert.match(none.hint ?? '', /\?\?/);
  });

  it('a lambda over a huge list stops at LIMITS.lambdaCalls with REHEARSE_EXPR_LIMIT', () => {
    const side = Math.ceil(Math.sqrt(LIMITS.lambdaCalls)) + 1;
    const big = scopeWith({ xs: Array.from({ length: side }, (_, i) => i) });
    const error = renderError('{{ count(xs, x => some(xs, y => y < 0)) }}', big);
    assert.equal(error.code, 'REHEARSE_EXPR_LIMIT');
    assert.equal(error.offset, 27, 'at the inner lambda');
    assert.equal(render('{{ count(xs, x => x >= 0) }}', big), side, 'one pass over the list is well within');
  });

  it('data never passes for a lambda', () => {
    const forged = scopeWith({ xs: [1], f: { lambda: true, call: 'x' } });
    assert.equal(renderError('{{ filter(xs, f) }}', forged).code, 'REHEARSE_EXPR_ARGUMENTS');
  });
});

describe('load-time analysis of lambdas', () => {
  it('a lambda parameter is not a root name; every other name in the body is', () => {
    const refs = referencedNames(parseTemplate('{{ find(methods, m => m.code == wanted && tenant.x) }}'));
    assert.deepEqual(
      refs.map((r) => `${r.name}@${r.offset}`),
      ['find@3', 'methods@8', 'wanted@32', 'tenant@42'],
    );
  });

  it('callProblems finds arity and lambda misuse with offsets in the template', () => {
    const problems = callProblems(
      parseTemplate('SO-{{ filter(xs) }}-{{ len(x => 1) }}-{{ map(xs, x => x) }}-{{ fake.pick(x => 1) }}'),
    );
    assert.deepEqual(
      problems.map((p) => `${p.offset} ${p.message}`),
      [
        '6 filter() takes 2 arguments, got 1.',
        '27 len() takes a value as its first argument, not a lambda.',
        '73 fake.pick() takes values, not a lambda.',
      ],
    );
  });
});
