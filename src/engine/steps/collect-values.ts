import type { StepContext } from '../context.js';
import { renderValue } from '../evaluate.js';
import type { StepResult } from '../results.js';
import type { Scope } from '../scope.js';

/**
 * `collect: { latencies: '{{ durationMs }}', orderIds: '{{ orderId }}' }` on a repeat or parallel
 * block. Each value is rendered as soon as a copy ends, if it passed — in the copy's scope (what
 * it saved, its index) plus `durationMs`, the copy's own time in ms; a repeat's later copies
 * overwrite what an earlier one saved, so later would be too late. `finish` assigns each name, in
 * the block's outer scope, the list of the values in copy order (copy 0 first, whatever order
 * parallel copies ended in). Copies that failed give no value: the block has failed anyway.
 * Errors: an expression error in a value (thrown from `finish`, after every copy ended: the step
 * errors, as a `set:` does).
 */
export class Collector {
  private readonly values = new Map<number, Record<string, unknown>>();
  private failure: unknown;

  constructor(
    private readonly collect: Readonly<Record<string, unknown>> | undefined,
    private readonly ctx: StepContext,
  ) {}

  /** Renders the values of copy `index` (0-based) that ran in `scope` and ended with `result`. */
  copyEnded(index: number, scope: Scope, result: StepResult): void {
    if (!this.collect || result.status !== 'passed') return;
    const inner = scope.child();
    inner.define('durationMs', result.durationMs);
    const rendered: Record<string, unknown> = {};
    try {
      for (const [name, template] of Object.entries(this.collect))
        rendered[name] = renderValue(template, { ...this.ctx, scope: inner });
    } catch (error) {
      // Thrown from finish: parallel copies still running end first.
      this.failure ??= error;
      return;
    }
    this.values.set(index, rendered);
  }

  /** Assigns every list in the outer scope; returns them for the report (undefined without `collect:`). */
  finish(): Record<string, unknown[]> | undefined {
    if (!this.collect) return undefined;
    if (this.failure !== undefined) throw this.failure;
    const order = [...this.values.keys()].sort((a, b) => a - b);
    const lists: Record<string, unknown[]> = {};
    for (const name of Object.keys(this.collect)) {
      lists[name] = order.map((index) => this.values.get(index)![name]);
      this.ctx.scope.assign(name, lists[name]);
    }
    return lists;
  }
}
