import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { check } from './helpers.js';

describe('in', () => {
  it('passes when the value equals one of the list', () => {
    const result = check('status', { in: ['open', 'allocated'] });
    assert.equal(result.passed, true);
    assert.equal(result.message, 'status: expected one of ["open","allocated"], got "open"');
  });

  it('fails otherwise, listing the allowed values', () => {
    const result = check('status', { in: ['shipped', 'invoiced'] });
    assert.equal(result.passed, false);
    assert.equal(result.message, 'status: expected one of ["shipped","invoiced"], got "open"');
  });

  it('compares strictly and deeply', () => {
    assert.equal(check('qty', { in: ['3'] }).passed, false);
    assert.equal(check('tags', { in: [['rush', 'b2b']] }).passed, true);
  });

  it('fails when its argument is not a list', () => {
    assert.equal(check('status', { in: 'open' }).passed, false);
  });
});

describe('contains', () => {
  it('finds a substring of a string', () => {
    assert.equal(check('id', { contains: 'O-12' }).passed, true);
    const miss = check('id', { contains: 'PO' });
    assert.equal(miss.passed, false);
    assert.equal(miss.message, 'id: expected to contain "PO", got "SO-123"');
  });

  it('finds an element of a list', () => {
    assert.equal(check('tags', { contains: 'b2b' }).passed, true);
    assert.equal(check('tags', { contains: 'retail' }).passed, false);
  });

  it('finds a list element that matches an object as a subset', () => {
    assert.equal(check('lines', { contains: { sku: 'B-2' } }).passed, true);
    assert.equal(check('lines', { contains: { sku: 'B-2', qty: 1 } }).passed, false);
  });

  it('matches an object against a nested subset', () => {
    assert.equal(check('customer', { contains: { address: { city: 'Lyon' } } }).passed, true);
    assert.equal(check('customer', { contains: { address: { city: 'Paris' } } }).passed, false);
  });

  it('fails on a number or null', () => {
    assert.equal(check('qty', { contains: 3 }).passed, false);
    assert.equal(check('note', { contains: '' }).passed, false);
  });
});

describe('matches', () => {
  it('passes when the regular expression finds a match (unanchored unless you anchor it)', () => {
    assert.equal(check('id', { matches: '^SO-\\d+$' }).passed, true);
    assert.equal(check('id', { matches: '12' }).passed, true);
  });

  it('fails otherwise, showing the pattern and the value', () => {
    const result = check('id', { matches: '^PO-' });
    assert.equal(result.passed, false);
    assert.equal(result.message, 'id: expected to match /^PO-/, got "SO-123"');
  });

  it('tests a number as its decimal text, and fails on lists and objects', () => {
    assert.equal(check('qty', { matches: '^3$' }).passed, true);
    assert.equal(check('tags', { matches: 'rush' }).passed, false);
    assert.equal(check('customer', { matches: 'Acme' }).passed, false);
  });

  it('fails, without throwing, on an invalid pattern and says so once', () => {
    const result = check('id', { matches: '(' });
    assert.equal(result.passed, false);
    assert.equal(result.message, 'id: expected to match /(/ (not a valid regular expression), got "SO-123"');
  });
});
