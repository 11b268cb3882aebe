/**
 * Timers the hub owns (injected latency, hang bounds), all released at once
 * when the services close so no request keeps the process alive.
 *
 * @example
 * const waits = new Waits();
 * await waits.sleep(200);
 * waits.releaseAll(); // pending sleeps resolve now
 */
export class Waits {
  private readonly pending = new Set<() => void>();
  private closed = false;

  sleep(ms: number): Promise<void> {
    if (this.closed || ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.pending.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.pending.add(done);
    });
  }

  releaseAll(): void {
    this.closed = true;
    for (const done of [...this.pending]) done();
  }
}
