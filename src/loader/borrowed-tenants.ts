import { AS_TENANT_STEP_KINDS, type Scenario } from '../schema/index.js';
import { stepKindOf } from './step-checks.js';

/**
 * The tenant profiles a scenario acts as with `as:` (on a step or a block, at any depth of
 * its own steps and cleanup), sorted. Steps inside the actions and fragments it calls are not
 * followed: a tenant borrowed there is met at run time (its credentials resolved on first use).
 *
 * @example
 * borrowedTenants({ name: 'x', steps: [{ as: 'regulated', steps: [{ do: 'order.create' }] }] }) // ['regulated']
 */
export function borrowedTenants(scenario: Scenario): string[] {
  const found = new Set<string>();
  const pending: unknown[] = [...(scenario.steps ?? []), ...(scenario.cleanup ?? [])];
  for (let step = pending.pop(); step !== undefined; step = pending.pop()) {
    if (!step || typeof step !== 'object') continue;
    const record = step as Record<string, unknown>;
    const { kind } = stepKindOf(record);
    if (typeof record.as === 'string' && kind && (kind === 'as' || AS_TENANT_STEP_KINDS.has(kind)))
      found.add(record.as);
    if (Array.isArray(record.steps)) pending.push(...(record.steps as unknown[]));
  }
  return [...found].sort();
}
