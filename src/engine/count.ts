import type { StepContext } from './context.js';
import { renderValue } from './evaluate.js';
import { stepAbort } from './step-failure.js';

/** Renders a count or concurrency (`5` or `"{{ tenant.volume.orders }}"`) and checks it is a whole number ≥ min. */
export function renderCount(value: unknown, what: string, min: number, ctx: StepContext): number {
  const rendered = renderValue(value, ctx);
  const n = typeof rendered === 'string' && rendered.trim() !== '' ? Number(rendered) : rendered;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min) {
    throw stepAbort(
      'REHEARSE_INVALID_COUNT',
      `Failed to evaluate ${what}: expected a whole number >= ${min}, got ${JSON.stringify(rendered)}.`,
      'Check the expression, e.g. "{{ tenant.volume.orders }}", and that the tenant profile defines it.',
    );
  }
  return n;
}
