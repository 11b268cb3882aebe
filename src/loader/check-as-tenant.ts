import { suggestionHint } from '../core/did-you-mean.js';
import { AS_TENANT_STEP_KINDS, type StepKindName } from '../schema/index.js';
import { report, type CheckContext, type Segment } from './check-context.js';

/**
 * `as: <tenant>` on a request step or an `as` block names a tenant profile of the project
 * (`REHEARSE_UNKNOWN_TENANT`, at the name, with a did-you-mean). The name is a literal (the
 * schema's pattern refuses `{{ }}`), so a typo is found on load, not half-way through a run.
 * Returns the context the step's own checks (and its block's steps) run in: the named tenant
 * is then the one whose profile they are checked against (its trading partners, say).
 * On `repeat` and `parallel`, `as` names the loop variable: the context is returned as it is.
 */
export function checkAsTenant(
  record: Record<string, unknown>,
  path: readonly Segment[],
  kind: StepKindName,
  ctx: CheckContext,
): CheckContext {
  const name = record.as;
  if (typeof name !== 'string' || !(kind === 'as' || AS_TENANT_STEP_KINDS.has(kind))) return ctx;
  if (!ctx.index.tenantsComplete) return ctx;
  if (!ctx.index.tenants.has(name)) {
    const names = [...ctx.index.tenants.keys()].sort();
    report(ctx, [...path, 'as'], {
      code: 'REHEARSE_UNKNOWN_TENANT',
      message: `Failed to act as tenant "${name}": no tenant profile has that name.`,
      expected: `one of ${names.join(', ')}`,
      hint: suggestionHint(name, names, 'tenant profile'),
    });
    return ctx;
  }
  return { ...ctx, scenarioTenants: [name] };
}
