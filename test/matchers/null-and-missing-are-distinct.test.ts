// A present null and a missing key are different answers, and every matcher tells them apart:
// null is matched by `null`, `eq: null` and `type: null` (YAML's null value or the text "null"),
// a missing key only by `exists: false`. `$` is the whole subject. Checked on specs read from YAML,
// as a scenario writes them.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { checkExpectations, lintExpectation } from '../../src/matchers/index.js';

const SUBJECT = { voidedAt: null, body: { coupon: null, lines: [{ lot: null }, {}] } };

/** Each path of a YAML `expect` spec → whether it passed. */
function verdicts(yaml: string, subject: unknown = SUBJECT): Record<string, boolean> {
  const spec = parse(yaml) as Record<string, unknown>;
  assert.deepEqual(lintExpectation(spec), [], 'the spec is valid');
  return Object.fromEntries(checkExpectations(subject, spec).map((r) => [r.path, r.passed]));
}

describe('null and missing', () => {
  test('null passes null, eq: null and type: null; missing fails each of them', () => {
    assert.deepEqual(
      verdicts(`
voidedAt: null
body.coupon: { eq: null }
'body["coupon"]': { type: null }
body.lines[0].lot: { type: 'null' }
cancelledAt: null
body.discount: { eq: null }
body.lines[1].lot: { type: null }
`),
      {
        voidedAt: true,
        'body.coupon': true,
        'body["coupon"]': true,
        'body.lines[0].lot': true,
        cancelledAt: false,
        'body.discount': false,
        'body.lines[1].lot': false,
      },
    );
  });

  test('exists: false passes only on missing; exists: true passes on null too', () => {
    assert.deepEqual(
      verdicts(`
cancelledAt: { exists: false }
voidedAt: { exists: false }
body.coupon: { exists: true }
body.discount: { exists: true }
`),
      { cancelledAt: true, voidedAt: false, 'body.coupon': true, 'body.discount': false },
    );
  });

  test('inside a literal, a null key and a missing key are also told apart', () => {
    assert.deepEqual(verdicts('body: { coupon: null, lines: [{ lot: null }, { lot: { exists: false } }] }'), {
      body: true,
    });
    assert.deepEqual(verdicts('body: { lines: [{ lot: null }, { lot: null }] }'), { body: false });
    assert.deepEqual(verdicts('body: { lines: [{ lot: { exists: false } }, {}] }'), { body: false });
    const [miss] = checkExpectations(SUBJECT, parse('body: { lines: [{}, { lot: null }] }') as Record<string, unknown>);
    assert.equal(miss!.message, 'body.lines[1].lot: expected null, got nothing (the path does not exist)');
  });

  test('a present non-null value is { exists: true, ne: null }', () => {
    const results = checkExpectations(
      SUBJECT,
      parse('voidedAt: { exists: true, ne: null }') as Record<string, unknown>,
    );
    assert.deepEqual(
      results.map((r) => `${r.matcher} ${r.passed}`),
      ['exists true', 'ne false'],
    );
  });

  test('$ is the whole subject: a result that is null, a list, or an object', () => {
    assert.deepEqual(verdicts('$: null', null), { $: true });
    assert.deepEqual(verdicts('$: { exists: true }', null), { $: true });
    assert.deepEqual(verdicts('$: null', {}), { $: false });
    assert.deepEqual(verdicts('{ "$": { length: 2 }, "$[1].sku": B }', [{ sku: 'A' }, { sku: 'B' }]), {
      $: true,
      '$[1].sku': true,
    });
    assert.deepEqual(verdicts('{ "$": { voidedAt: null }, "$.body.coupon": null }'), {
      $: true,
      '$.body.coupon': true,
    });
    assert.deepEqual(verdicts('{ "[\\"$\\"]": 1 }', { $: 1 }), { '["$"]': true }, 'a key named $ is ["$"]');
  });

  test('a type that is not a name is refused at load time', () => {
    assert.deepEqual(
      lintExpectation({ x: { type: 5 } }).map((i) => i.message),
      ['"type" needs a type name, got 5.'],
    );
  });
});
