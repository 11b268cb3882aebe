import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintExpectation } from '../../src/matchers/index.js';

describe('lintExpectation (load-time checks of expect)', () => {
  it('flags a mistyped matcher with a did-you-mean', () => {
    const [issue, ...rest] = lintExpectation({ qty: { gtee: 5 } });
    assert.equal(rest.length, 0);
    assert.deepEqual(issue, {
      path: ['qty', 'gtee'],
      code: 'REHEARSE_UNKNOWN_MATCHER',
      message: 'Unknown matcher "gtee".',
      expected:
        'one of eq, ne, gt, gte, lt, lte, before, after, in, contains, matches, exists, length, type, approx, schema',
      hint: 'Did you mean "gte"?',
    });
  });

  it('flags matcher arguments of the wrong shape', () => {
    const codes = lintExpectation({
      a: { in: 'open' },
      b: { exists: 'yes' },
      c: { matches: '(' },
      d: { approx: { value: 1 } },
      e: { length: 'three' },
      f: { gt: [1] },
    }).map((i) => [i.path.join('.'), i.code]);
    assert.deepEqual(codes, [
      ['a.in', 'REHEARSE_INVALID_MATCHER'],
      ['b.exists', 'REHEARSE_INVALID_MATCHER'],
      ['c.matches', 'REHEARSE_INVALID_MATCHER'],
      ['d.approx', 'REHEARSE_INVALID_MATCHER'],
      ['e.length', 'REHEARSE_INVALID_MATCHER'],
      ['f.gt', 'REHEARSE_INVALID_MATCHER'],
    ]);
  });

  it('suggests a type name for an unknown type', () => {
    const [issue] = lintExpectation({ qty: { type: 'bool' } });
    assert.equal(issue!.message, 'Unknown type "bool".');
    assert.equal(issue!.hint, 'Did you mean "boolean"?');
  });

  it('leaves literal objects, valid matchers and templated arguments alone', () => {
    assert.deepEqual(
      lintExpectation({
        customer: { name: 'Acme', city: 'Lyon' },
        qty: { gte: 1, lte: '{{ max }}' },
        tags: { length: { gte: 1 } },
        status: { in: '{{ allowed }}' },
      }),
      [],
    );
  });
});
