import { createHmac } from 'node:crypto';

/**
 * A small, fast, seeded pseudo-random generator (sfc32). Every random choice
 * in Rehearse — fake data, fault injection — comes from one of these, so a
 * run replays exactly with the same `--seed`. Fault injection uses
 * `keyedRng`: a stream named by its key parts, not a position in a shared one.
 *
 * @example
 * const rng = createRng('run-42/carrier');
 * rng.next(); // in [0, 1)
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max]. */
  int(min: number, max: number): number;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** Standard normal deviate (Box–Muller). */
  normal(): number;
  /** A child generator whose sequence depends only on this seed and `label`. */
  fork(label: string): Rng;
}

/** Hashes any string into four 32-bit words (cyrb128). */
function hashSeed(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  return [(h1 ^ h2 ^ h3 ^ h4) >>> 0, (h2 ^ h1) >>> 0, (h3 ^ h1) >>> 0, (h4 ^ h1) >>> 0];
}

/** A sequential generator seeded by any string (fake data: a position in one stream per scenario run). */
export function createRng(seed: string | number): Rng {
  const seedText = String(seed);
  let [a, b, c, d] = hashSeed(seedText);
  return rngOf(
    () => {
      a >>>= 0;
      b >>>= 0;
      c >>>= 0;
      d >>>= 0;
      let t = (a + b) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (c << 21) | (c >>> 11);
      d = (d + 1) | 0;
      t = (t + d) | 0;
      c = (c + t) | 0;
      return (t >>> 0) / 4294967296;
    },
    (label) => createRng(`${seedText}/${label}`),
  );
}

/**
 * A generator whose whole sequence is named by `parts` under the secret
 * `seed`: draw i is the i-th 53-bit slice of HMAC-SHA256(seed, JSON of
 * [...parts, block]) (four draws per block, counter mode), so it depends on
 * nothing else — no earlier draw elsewhere, no shared position. Parts are
 * JSON-encoded, so `['a/b']` and `['a', 'b']` name different streams.
 * `fork(label)` is the stream of `[...parts, label]`.
 *
 * @example
 * const call = keyedRng('7', ['b-flaky/standard/api/0', 'carrier', 'GET /tracking/:n', 3]);
 * call.next(); // in [0, 1), the same for these parts and seed on any machine
 */
export function keyedRng(seed: string | number, parts: readonly (string | number)[]): Rng {
  const secret = String(seed);
  let block = 0;
  let words: Buffer | undefined;
  let slot = 4;
  return rngOf(
    () => {
      if (slot === 4) {
        words = createHmac('sha256', secret)
          .update(JSON.stringify([...parts, block++]))
          .digest();
        slot = 0;
      }
      // The top 53 bits of a 64-bit slice: every double in [0, 1) with that spacing, equally likely.
      return Number(words!.readBigUInt64BE(8 * slot++) >> 11n) / 2 ** 53;
    },
    (label) => keyedRng(secret, [...parts, label]),
  );
}

/** The derived draws (int, pick, normal) over a source of uniforms in [0, 1). */
function rngOf(next: () => number, fork: (label: string) => Rng): Rng {
  const rng: Rng = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => {
      if (items.length === 0) throw new RangeError('pick() needs a non-empty list');
      return items[Math.floor(next() * items.length)]!;
    },
    normal: () => {
      const u = 1 - next();
      const v = next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    fork,
  };
  return rng;
}
