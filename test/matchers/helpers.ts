import assert from 'node:assert/strict';
import { checkExpectations, type CheckResult } from '../../src/matchers/index.js';

/** The subject the matcher tests check: an order as an API would return it. */
export const ORDER = {
  id: 'SO-123',
  status: 'open',
  qty: 3,
  price: 10.49,
  total: '42',
  createdAt: '2026-03-01T10:20:30Z',
  note: null,
  tags: ['rush', 'b2b'],
  customer: { id: 'C-1', name: 'Acme', address: { city: 'Lyon', country: 'FR' } },
  lines: [
    { sku: 'A-1', qty: 2, meta: { lot: 'L1' } },
    { sku: 'B-2', qty: 0 },
  ],
};

/** Checks one path with one expectation and returns the single result. */
export function check(path: string, expected: unknown, subject: unknown = ORDER): CheckResult {
  const results = checkExpectations(subject, { [path]: expected });
  assert.equal(results.length, 1, `one result for ${path}`);
  return results[0]!;
}
