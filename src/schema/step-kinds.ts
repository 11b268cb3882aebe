// The step kinds as the engine needs them at run time, kept apart from the TypeBox schemas in
// steps.ts: a Playwright worker imports this without TypeBox's 247 modules. steps.ts checks at
// compile time that these names are exactly its schemas' keys, in the same order.
import type { StepKindName } from './steps.js';

/**
 * Every step kind, in the order a step's keys are looked up (`stepKindOf`) and listed in
 * messages: the keys of `SHALLOW_STEP_SCHEMAS` in steps.ts.
 */
export const STEP_KIND_NAMES = [
  'http',
  'graphql',
  'do',
  'expect',
  'set',
  'wait',
  'eventually',
  'include',
  'repeat',
  'parallel',
  'virtual',
  'virtual.expect',
  'edi.send',
  'edi.expect',
  'ui',
  'as',
] as const satisfies readonly StepKindName[];

/**
 * Step kinds that take `as: <tenant>` beside their own key. On `repeat` and `parallel`, `as`
 * names the loop variable instead; an `as` block around them runs them as another tenant.
 */
export const AS_TENANT_STEP_KINDS: ReadonlySet<StepKindName> = new Set([
  'http',
  'graphql',
  'do',
  'include',
  'edi.send',
  'edi.expect',
]);

/**
 * The kind of a step from its discriminating key. `expect` and `as` are kinds only alone:
 * beside another kind's key they are that step's assertions and tenant (or loop variable).
 */
export function stepKindOf(step: Record<string, unknown>): { kind?: StepKindName; ambiguous?: StepKindName[] } {
  const present: StepKindName[] = STEP_KIND_NAMES.filter((kind) => kind in step);
  const others = present.filter((kind) => kind !== 'expect' && kind !== 'as');
  const primary = others.length ? others : present.filter((kind) => kind === 'as');
  if (primary.length > 1) return { ambiguous: primary };
  if (primary.length === 1) return { kind: primary[0] };
  return present.includes('expect') ? { kind: 'expect' } : {};
}
