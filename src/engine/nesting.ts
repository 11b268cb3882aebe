import type { StepContext } from './context.js';
import { stepAbort } from './step-failure.js';

/**
 * How deep `include` and `do` may nest at run time. The loader refuses cycles
 * (`REHEARSE_INCLUDE_CYCLE`); this is the second line, so that a cycle it could not see ends
 * as an errored step instead of a worker that runs out of memory.
 */
export const MAX_NESTING = 64;

/**
 * The depth of the step list `what` (an action or a fragment) runs at, one below `ctx`'s.
 * Throws a `StepAbort` (`REHEARSE_NESTING_TOO_DEEP`) past `MAX_NESTING`.
 */
export function nestedDepth(ctx: StepContext, what: string): number {
  const depth = (ctx.depth ?? 0) + 1;
  if (depth > MAX_NESTING) {
    throw stepAbort(
      'REHEARSE_NESTING_TOO_DEEP',
      `Failed to run ${what}: include and do are nested more than ${MAX_NESTING} deep, which only a cycle does.`,
      'Check the includes and actions this step reaches for one that leads back to itself (rehearse validate names cycles).',
    );
  }
  return depth;
}
