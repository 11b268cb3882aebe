import type { Segment } from './check-context.js';

/** A `do: action` or `include: fragment` somewhere in a step list. */
export interface StepReference {
  kind: 'do' | 'include';
  name: string;
  /** Path of the step (not of its `do`/`include` key). */
  path: Segment[];
}

/**
 * Calls `visit` for every step object of a step list, nested blocks (`eventually`, `repeat`,
 * `parallel`, `as`) included, breadth-first in order, with the step's path. Steps reached
 * through `do` and `include` are not followed.
 */
export function forEachStep(
  steps: unknown,
  path: readonly Segment[],
  visit: (step: Record<string, unknown>, at: Segment[]) => void,
): void {
  const pending: Array<{ steps: unknown[]; path: readonly Segment[] }> = [];
  if (Array.isArray(steps)) pending.push({ steps, path });
  while (pending.length > 0) {
    const list = pending.shift()!;
    list.steps.forEach((step, i) => {
      if (!step || typeof step !== 'object' || Array.isArray(step)) return;
      const record = step as Record<string, unknown>;
      const at = [...list.path, i];
      visit(record, at);
      if (Array.isArray(record.steps)) pending.push({ steps: record.steps, path: [...at, 'steps'] });
    });
  }
}

/**
 * Every `do` and `include` of a step list, nested blocks (`eventually`, `repeat`,
 * `parallel`) included, in order. Only literal names count.
 */
export function stepReferences(steps: unknown, path: readonly Segment[]): StepReference[] {
  const out: StepReference[] = [];
  forEachStep(steps, path, (record, at) => {
    if (typeof record.do === 'string') out.push({ kind: 'do', name: record.do, path: at });
    if (typeof record.include === 'string') out.push({ kind: 'include', name: record.include, path: at });
  });
  return out;
}
