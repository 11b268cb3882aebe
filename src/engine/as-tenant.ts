import type { Step } from '../schema/index.js';
import { AS_TENANT_STEP_KINDS } from '../schema/step-kinds.js';
import type { StepKindName } from '../schema/index.js';
import type { StepContext } from './context.js';
import { StepAbort } from './step-failure.js';

/**
 * The context a step runs in: its `as: <tenant>` (on a request step or an `as` block) switches
 * the engine to that tenant's (see `EngineContext.forTenant`); the variable scope stays the
 * scenario's, so a value saved as one tenant can be used as another. On `repeat` and
 * `parallel`, `as` names the loop variable and changes nothing here.
 *
 * Returns the context, or the error the step ends with: `REHEARSE_UNKNOWN_TENANT`, or
 * `REHEARSE_AS_UNSUPPORTED` when the host cannot act as another tenant.
 */
export function contextForStep(
  step: Step,
  kind: StepKindName | 'unknown',
  ctx: StepContext,
): { ctx: StepContext; error?: StepAbort } {
  const name = (step as { as?: unknown }).as;
  if (typeof name !== 'string' || kind === 'unknown' || !(kind === 'as' || AS_TENANT_STEP_KINDS.has(kind)))
    return { ctx };
  const { engine } = ctx;
  // Already that tenant: keep this session (a `parallel` copy's own cookie jar, say).
  if (engine.tenant.name === name) return { ctx };
  if (!engine.forTenant)
    return {
      ctx,
      error: new StepAbort({
        code: 'REHEARSE_AS_UNSUPPORTED',
        message: `Failed to act as tenant "${name}": this run cannot switch tenants.`,
        hint: 'Run the scenario with `rehearse run` or `npx playwright test`.',
      }),
    };
  try {
    // The host stays this step's: a block's folded iterations are not shown step by step, as whoever they act as.
    return { ctx: { ...ctx, engine: { ...engine.forTenant(name), host: engine.host } } };
  } catch (error) {
    const code = error && typeof error === 'object' && 'code' in error ? String(error.code) : 'REHEARSE_UNKNOWN_TENANT';
    const message = error instanceof Error ? error.message : String(error);
    const hint = error && typeof error === 'object' && 'hint' in error ? String(error.hint) : undefined;
    return { ctx, error: new StepAbort({ code, message, ...(hint ? { hint } : {}) }) };
  }
}
