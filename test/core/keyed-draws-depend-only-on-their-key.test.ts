import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { keyedRng } from '../../src/core/rng.js';

const take = (rng: { next(): number }, n: number) => Array.from({ length: n }, () => rng.next());

describe('keyed draws (fault injection) depend only on their seed and key', () => {
  it('gives the same numbers for the same seed and parts, whatever was drawn before elsewhere', () => {
    const first = take(keyedRng('7', ['run', 'b-flaky', 'carrier', 'GET /t', 3]), 10);
    take(keyedRng('7', ['run', 'b-flaky', 'carrier', 'GET /t', 2]), 1000);
    assert.deepEqual(take(keyedRng('7', ['run', 'b-flaky', 'carrier', 'GET /t', 3]), 10), first);
  });

  it('is HMAC-SHA256 of the JSON of the parts and a block number, four 53-bit draws per block', () => {
    const digest = createHmac('sha256', 'seed')
      .update(JSON.stringify(['a', 1, 0]))
      .digest();
    const expected = [0, 1, 2, 3].map((i) => Number(digest.readBigUInt64BE(8 * i) >> 11n) / 2 ** 53);
    const next = createHmac('sha256', 'seed')
      .update(JSON.stringify(['a', 1, 1]))
      .digest();
    expected.push(Number(next.readBigUInt64BE(0) >> 11n) / 2 ** 53);
    assert.deepEqual(take(keyedRng('seed', ['a', 1]), 5), expected);
  });

  it('names streams unambiguously: another seed, another part, or parts split differently differ', () => {
    const base = take(keyedRng('7', ['a/b']), 4);
    assert.notDeepEqual(take(keyedRng('7', ['a', 'b']), 4), base);
    assert.notDeepEqual(take(keyedRng('8', ['a/b']), 4), base);
    assert.deepEqual(take(keyedRng('7', ['a/b']).fork('x'), 4), take(keyedRng('7', ['a/b', 'x']), 4));
  });

  it('draws uniformly in [0, 1): 20,000 draws fill ten bins evenly', () => {
    const bins = new Array<number>(10).fill(0);
    for (let call = 1; call <= 5000; call++)
      for (const u of take(keyedRng('42', ['tenant', 'acme', 'tax', 'POST /quotes', call]), 4)) {
        assert.ok(u >= 0 && u < 1, String(u));
        bins[Math.floor(u * 10)]! += 1;
      }
    // Expected 2,000 each; 4 standard deviations (about 170) of a fair binomial either way.
    for (const count of bins) assert.ok(Math.abs(count - 2000) < 170, bins.join(' '));
  });
});
