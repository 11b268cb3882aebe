import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkExpectations } from '../../src/matchers/index.js';
import { check, ORDER } from './helpers.js';

describe('eq and ne', () => {
  it('eq passes on an equal value and reports matcher, expected and actual', () => {
    assert.deepEqual(check('status', { eq: 'open' }), {
      path: 'status',
      matcher: 'eq',
      expected: 'open',
      actual: 'open',
      passed: true,
      message: 'status: expected "open", got "open"',
    });
  });

  it('eq fails on another value, saying what it expected and what it got', () => {
    const result = check('qty', { eq: 4 });
    assert.equal(result.passed, false);
    assert.equal(result.expected, 4);
    assert.equal(result.actual, 3);
    assert.equal(result.message, 'qty: expected 4, got 3');
  });

  it('eq is strict about types: "42" is not 42', () => {
    assert.equal(check('total', { eq: 42 }).passed, false);
    assert.equal(check('total', { eq: '42' }).passed, true);
  });

  it('eq compares objects and lists exactly (extra keys fail)', () => {
    assert.equal(check('customer.address', { eq: { country: 'FR', city: 'Lyon' } }).passed, true, 'key order is free');
    assert.equal(check('customer.address', { eq: { city: 'Lyon' } }).passed, false);
    assert.equal(check('tags', { eq: ['rush', 'b2b'] }).passed, true);
    assert.equal(check('tags', { eq: ['b2b', 'rush'] }).passed, false);
  });

  it('eq null passes on a present null but fails on a missing path', () => {
    assert.equal(check('note', { eq: null }).passed, true);
    const missing = check('nothing', { eq: null });
    assert.equal(missing.passed, false);
    assert.equal(missing.message, 'nothing: expected null, got nothing (the path does not exist)');
  });

  it('ne passes on another value (or a missing path) and fails on an equal one', () => {
    assert.equal(check('status', { ne: 'cancelled' }).passed, true);
    assert.equal(check('nothing', { ne: 1 }).passed, true);
    const result = check('qty', { ne: 3 });
    assert.equal(result.passed, false);
    assert.equal(result.message, 'qty: expected not 3, got 3');
  });
});

describe('gt, gte, lt, lte', () => {
  it('hold at and around the boundary as their names say', () => {
    const at3 = (expected: Record<string, number>) => check('qty', expected).passed;
    assert.deepEqual([at3({ gt: 2 }), at3({ gt: 3 }), at3({ gte: 3 }), at3({ gte: 4 })], [true, false, true, false]);
    assert.deepEqual([at3({ lt: 4 }), at3({ lt: 3 }), at3({ lte: 3 }), at3({ lte: 2 })], [true, false, true, false]);
  });

  it('say the bound and the actual value when they fail', () => {
    assert.equal(check('qty', { gt: 3 }).message, 'qty: expected > 3, got 3');
    assert.equal(check('qty', { gte: 5 }).message, 'qty: expected >= 5, got 3');
    assert.equal(check('qty', { lt: 1 }).message, 'qty: expected < 1, got 3');
    assert.equal(check('qty', { lte: 2 }).message, 'qty: expected <= 2, got 3');
  });

  it('compare a numeric string with a number as numbers', () => {
    assert.equal(check('total', { gt: 41 }).passed, true);
    assert.equal(check('qty', { lt: '10' }).passed, true, 'as numbers 3 < 10 (as text "3" > "10")');
  });

  it('compare two strings as text, so ISO dates order correctly', () => {
    assert.equal(check('createdAt', { gte: '2026-03-01' }).passed, true);
    assert.equal(check('createdAt', { lt: '2026-02-28' }).passed, false);
  });

  it('fail on values that are not numbers, and on a missing path', () => {
    assert.equal(check('status', { gt: 1 }).passed, false);
    assert.equal(check('note', { gte: 0 }).passed, false);
    assert.equal(check('nothing', { lt: 5 }).message, 'nothing: expected < 5, got nothing (the path does not exist)');
  });

  it('several matchers on one path give one result each', () => {
    const results = checkExpectations(ORDER, { qty: { gte: 1, lte: 2 } });
    assert.deepEqual(
      results.map((r) => [r.matcher, r.passed]),
      [
        ['gte', true],
        ['lte', false],
      ],
    );
  });
});
