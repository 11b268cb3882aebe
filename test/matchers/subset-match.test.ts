import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkExpectations, deepEqual, subsetMismatch } from '../../src/matchers/index.js';
import { check, ORDER } from './helpers.js';

describe('a literal expected value is a JSON subset', () => {
  it('a scalar is compared exactly, as matcher "eq"', () => {
    assert.deepEqual(check('status', 'open'), {
      path: 'status',
      matcher: 'eq',
      expected: 'open',
      actual: 'open',
      passed: true,
      message: 'status: matches',
    });
    assert.equal(check('status', 'closed').message, 'status: expected "closed", got "open"');
  });

  it('an object needs only the keys it lists, at any depth', () => {
    const result = check('customer', { name: 'Acme', address: { city: 'Lyon' } });
    assert.equal(result.matcher, 'subset');
    assert.equal(result.passed, true);
  });

  it('a difference is reported at its full path, with expected and actual there', () => {
    const result = check('customer', { address: { city: 'Paris' } });
    assert.equal(result.passed, false);
    assert.equal(result.message, 'customer.address.city: expected "Paris", got "Lyon"');
    assert.deepEqual(result.expected, { address: { city: 'Paris' } });
  });

  it('a key the actual value lacks is reported as missing, as a missing path is', () => {
    assert.equal(
      check('customer', { vat: 'FR1' }).message,
      'customer.vat: expected "FR1", got nothing (the path does not exist)',
    );
  });

  it('lists match element by element, each element as a subset', () => {
    assert.equal(check('lines', [{ sku: 'A-1' }, { qty: 0 }]).passed, true);
    assert.equal(
      check('lines', [{ sku: 'A-1', meta: { lot: 'L2' } }, {}]).message,
      'lines[0].meta.lot: expected "L2", got "L1"',
    );
  });

  it('lists must have the same length', () => {
    const result = check('tags', ['rush']);
    assert.equal(result.passed, false);
    assert.equal(result.message, 'tags.length: expected 1, got 2');
  });

  it('an object where a list is expected (or the reverse) fails at that path', () => {
    assert.equal(check('customer', []).passed, false);
    assert.equal(check('tags', { 0: 'rush' }).passed, false);
  });

  it('a missing path fails with "nothing"', () => {
    assert.equal(
      check('invoice', { total: 1 }).message,
      'invoice: expected {"total":1}, got nothing (the path does not exist)',
    );
  });
});

describe('matchers nested in a literal', () => {
  it('decide the value at their place', () => {
    const spec = {
      customer: { id: { matches: '^C-' }, vat: { exists: false } },
      lines: [{ qty: { gt: 1 } }, { qty: { lte: 0 } }],
    };
    assert.deepEqual(
      checkExpectations(ORDER, spec).map((r) => r.passed),
      [true, true],
    );
  });

  it('report the matcher object and the actual value when they fail', () => {
    const result = check('lines', [{ qty: { gt: 5 } }, {}]);
    assert.equal(result.passed, false);
    assert.equal(result.message, 'lines[0].qty: expected {"gt":5}, got 2');
  });

  it('exists: false fails on a key that is present', () => {
    assert.equal(
      check('customer', { name: { exists: false } }).message,
      'customer.name: expected {"exists":false}, got "Acme"',
    );
  });
});

describe('deepEqual and subsetMismatch', () => {
  it('deepEqual compares JSON values structurally', () => {
    assert.equal(deepEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }), true);
    assert.equal(deepEqual({ a: 1 }, { a: 1, b: 2 }), false);
    assert.equal(deepEqual([1, 2], { 0: 1, 1: 2 }), false);
    assert.equal(deepEqual(null, {}), false);
    assert.equal(deepEqual(Number.NaN, Number.NaN), true);
  });

  it('subsetMismatch returns undefined on a match and the first difference otherwise', () => {
    assert.equal(subsetMismatch({ a: 1, b: 2 }, { a: 1 }), undefined);
    assert.deepEqual(subsetMismatch({ a: [{ b: 1 }] }, { a: [{ b: 2 }] }), { path: 'a[0].b', expected: 2, actual: 1 });
    assert.deepEqual(subsetMismatch([1, 2], [1]), { path: 'length', expected: 1, actual: 2 });
  });
});

describe('the schema key', () => {
  it('validates with the configured schema checker', () => {
    const schemaCheck = (name: string, value: unknown) =>
      name === 'Order' && typeof value === 'object'
        ? { ok: true, errors: [] }
        : { ok: false, errors: ['/id must be string'] };
    const [ok] = checkExpectations(ORDER, { schema: 'Order' }, { schemaCheck });
    assert.equal(ok!.message, '(result): matches schema Order');
    const [bad] = checkExpectations(ORDER, { customer: { schema: 'Invoice' } }, { schemaCheck });
    assert.equal(bad!.passed, false);
    assert.equal(bad!.message, 'customer: does not match schema Invoice: /id must be string');
  });

  it('fails when no validator is configured', () => {
    const [result] = checkExpectations(ORDER, { schema: 'Order' });
    assert.equal(result!.passed, false);
    assert.match(result!.message, /no schema validator configured/);
  });
});
