import type { Segment } from './check-context.js';
import { forEachStep } from './step-references.js';

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
  forEachStep(steps, path, (step, at) => {
    if (Object.hasOwn(step, 'ui')) out.push({ path: at, step });
  });
  return out;
}
