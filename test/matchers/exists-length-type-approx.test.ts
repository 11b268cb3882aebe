import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { check } from './helpers.js';

describe('exists', () => {
  it('exists: true passes on a present value, null included', () => {
    assert.equal(check('qty', { exists: true }).passed, true);
    assert.equal(check('note', { exists: true }).passed, true);
  });

  it('exists: true fails on a missing path', () => {
    const result = check('customer.vat', { exists: true });
    assert.equal(result.passed, false);
    assert.equal(result.message, 'customer.vat: expected to exist, got nothing (the path does not exist)');
  });

  it('exists: false passes on a missing path and fails on a present one', () => {
    assert.equal(check('customer.vat', { exists: false }).passed, true);
    const present = check('qty', { exists: false });
    assert.equal(present.passed, false);
    assert.equal(present.message, 'qty: expected not to exist, got 3');
  });
});

describe('length', () => {
  it('compares the length of a list or a string with a number', () => {
    assert.equal(check('tags', { length: 2 }).passed, true);
    assert.equal(check('id', { length: 6 }).passed, true);
    const result = check('lines', { length: 3 });
    assert.equal(result.passed, false);
    assert.equal(result.message, 'lines: expected length 3, got length 2');
  });

  it('takes matchers for the length, all of which must hold', () => {
    assert.equal(check('tags', { length: { gte: 1, lt: 5 } }).passed, true);
    const result = check('id', { length: { gte: 1, lt: 5 } });
    assert.equal(result.passed, false);
    assert.equal(result.message, 'id: expected length >= 1 and < 5, got length 6');
  });

  it('fails on a value without a length', () => {
    const result = check('qty', { length: 1 });
    assert.equal(result.passed, false);
    assert.equal(result.message, 'qty: expected a string or list with length 1, got 3');
  });
});

describe('type', () => {
  it('names string, integer, number, boolean, object, array and null', () => {
    const subject = { s: 'x', i: 3, f: 1.5, b: false, o: {}, a: [], n: null };
    const passes = (path: string, type: string) => check(path, { type }, subject).passed;
    for (const [path, type] of [
      ['s', 'string'],
      ['i', 'integer'],
      ['f', 'number'],
      ['b', 'boolean'],
      ['o', 'object'],
      ['a', 'array'],
      ['n', 'null'],
    ]) {
      assert.equal(passes(path!, type!), true, `${path} is ${type}`);
    }
    assert.equal(passes('a', 'object'), false, 'an array is not an object');
    assert.equal(passes('n', 'object'), false, 'null is not an object');
  });

  it('number accepts integers; integer refuses fractions', () => {
    assert.equal(check('qty', { type: 'number' }).passed, true);
    const result = check('price', { type: 'integer' });
    assert.equal(result.passed, false);
    assert.equal(result.message, 'price: expected type integer, got 10.49');
  });

  it('fails on a missing path and on a numeric string', () => {
    assert.equal(check('nothing', { type: 'null' }).passed, false);
    assert.equal(check('total', { type: 'number' }).passed, false);
  });
});

describe('approx', () => {
  it('passes within an absolute tolerance, bounds included', () => {
    assert.equal(check('price', { approx: { value: 10.5, tolerance: 0.01 } }).passed, true);
    assert.equal(check('qty', { approx: { value: 3.5, tolerance: 0.5 } }).passed, true);
  });

  it('fails outside it, showing value ± tolerance', () => {
    const result = check('price', { approx: { value: 10.6, tolerance: 0.1 } });
    assert.equal(result.passed, false);
    assert.equal(result.message, 'price: expected 10.6 ± 0.1, got 10.49');
  });

  it('takes a tolerance in percent of the value', () => {
    assert.equal(check('qty', { approx: { value: 3.1, percent: 5 } }).passed, true);
    const result = check('qty', { approx: { value: 3.2, percent: 5 } });
    assert.equal(result.passed, false);
    assert.equal(result.message, 'qty: expected 3.2 ± 0.16, got 3');
  });

  it('fails on a numeric string: the value must be a number', () => {
    assert.equal(check('total', { approx: { value: 42, tolerance: 1 } }).passed, false);
  });
});
