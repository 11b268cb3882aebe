import type { Segment } from './check-context.js';

/** A `ui:` step somewhere in a step list. */
export interface UiStepPlace {
  /** Path of the step (not of its `ui` key). */
  path: Segment[];
  step: Record<string, unknown>;
}

/**
 * Every `ui:` step of a step list, nested blocks (`eventually`, `repeat`, `parallel`, `as`)
 * included, in order. Steps reached through `do` and `include` are not followed: their
 * definitions are checked where they are written (see `checkDrivers`).
 */
export function uiStepPlaces(steps: unknown, path: readonly Segment[]): UiStepPlace[] {
  const out: UiStepPlace[] = [];
  const pending: Array<{ steps: unknown[]; path: readonly Segment[] }> = [];
  if (Array.isArray(steps)) pending.push({ steps, path });
  while (pending.length > 0) {
    const list = pending.shift()!;
    list.steps.forEach((step, i) => {
      if (!step || typeof step !== 'object' || Array.isArray(step)) return;
      const record = step as Record<string, unknown>;
      const at = [...list.path, i];
      if (Object.hasOwn(record, 'ui')) out.push({ path: at, step: record });
      if (Array.isArray(record.steps)) pending.push({ steps: record.steps, path: [...at, 'steps'] });
    });
  }
  return out;
}
