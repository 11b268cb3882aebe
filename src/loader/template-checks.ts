import type { StepKindName } from '../schema/index.js';
import type { CheckContext, Segment } from './check-context.js';
import type { Scope } from './step-checks.js';

/** Roots every expression may use without defining them. */
export const BUILTIN_NAMES = ['tenant', 'env', 'run', 'vars'];

/** Checks every `{{ }}` in `value` parses and names only things in scope. */
export function checkTemplates(_value: unknown, _path: readonly Segment[], _scope: Scope, _ctx: CheckContext): void {}

/** Checks an `expect` spec: matcher names and shapes, and templates in expected values. */
export function checkExpectSpec(
  _spec: unknown,
  _path: readonly Segment[],
  _scope: Scope,
  _ctx: CheckContext,
  _kind: StepKindName,
): void {}
