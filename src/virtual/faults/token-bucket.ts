/**
 * A token bucket: `capacity` tokens, refilled continuously at
 * `refillPerSecond`. `take()` spends one token and returns 0, or returns how
 * many milliseconds until a token is available (the request is refused).
 *
 * @example
 * const bucket = new TokenBucket({ capacity: 2, refillPerSecond: 1 });
 * bucket.take(0); bucket.take(0); // 0, 0
 * bucket.take(0); // 1000: refused, retry after a second
 */
export class TokenBucket {
  private tokens: number;
  private last: number | undefined;
  private readonly capacity: number;
  private readonly perMs: number;

  constructor(options: { capacity: number; refillPerSecond: number }) {
    this.capacity = options.capacity;
    this.tokens = options.capacity;
    this.perMs = options.refillPerSecond / 1000;
  }

  take(now: number): number {
    if (this.last !== undefined) this.tokens = Math.min(this.capacity, this.tokens + (now - this.last) * this.perMs);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - this.tokens) / this.perMs);
  }
}
