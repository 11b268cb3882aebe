import type { Scenario } from '../schema/index.js';
import { report, type CheckContext } from './check-context.js';

/** Where a tenant's setup or teardown scenario was declared. */
export interface PhaseOwner {
  name: string;
  file: string;
  line: number;
}

/** Per tenant: its setup and teardown scenario, and the variables its setup hands on. */
export class TenantPhases {
  readonly setups = new Map<string, PhaseOwner>();
  readonly teardowns = new Map<string, PhaseOwner>();
  /** Names defined when the setup's steps end (vars, save, set): what the tenant's other scenarios may read. */
  readonly exports = new Map<string, Set<string>>();

  /** The names the setups of `tenants` hand on, together. */
  exportsFor(tenants: readonly string[]): Set<string> {
    return new Set(tenants.flatMap((t) => [...(this.exports.get(t) ?? [])]));
  }
}

/**
 * Checks a `kind: setup | teardown` scenario against the others (scenarios are checked setups
 * first, then teardowns, then the rest):
 * - `REHEARSE_DUPLICATE_SETUP` / `REHEARSE_DUPLICATE_TEARDOWN`: a second one for a tenant (each
 *   runs once per tenant; the message names the first);
 * - `REHEARSE_TEARDOWN_WITHOUT_SETUP`: a teardown for a tenant with no setup (Playwright runs a
 *   teardown after the setup it belongs to, once the tenant's scenarios are done);
 * - `REHEARSE_SETUP_CLEANUP`: a setup with `cleanup:` (it would undo the setup before the
 *   tenant's scenarios run; that work belongs in the teardown).
 * Positions: the `kind` value, or `cleanup`. Records the scenario in `phases`.
 */
export function checkTenantPhase(
  scenario: Scenario,
  file: string,
  tenants: readonly string[],
  phases: TenantPhases,
  ctx: CheckContext,
): void {
  const kind = scenario.kind;
  if (!kind) return;
  const owners = kind === 'setup' ? phases.setups : phases.teardowns;
  const at: PhaseOwner = { name: scenario.name, file, line: ctx.source.locate(['kind']).line };
  for (const tenant of tenants) {
    const first = owners.get(tenant);
    if (first) {
      report(ctx, ['kind'], {
        code: kind === 'setup' ? 'REHEARSE_DUPLICATE_SETUP' : 'REHEARSE_DUPLICATE_TEARDOWN',
        message: `Scenario "${scenario.name}" is a second ${kind} for tenant ${tenant}: "${first.name}" (${first.file}:${first.line}) already is.`,
        expected: `one ${kind} scenario per tenant`,
        hint: `Merge the two into one ${kind} scenario, or narrow their tenants: so that each tenant has one.`,
      });
      return;
    }
    if (kind === 'teardown' && !phases.setups.has(tenant)) {
      report(ctx, ['kind'], {
        code: 'REHEARSE_TEARDOWN_WITHOUT_SETUP',
        message: `Scenario "${scenario.name}" is a teardown for tenant ${tenant}, which has no setup scenario.`,
        expected: 'a setup scenario (kind: setup) for every tenant a teardown runs for',
        hint: 'Add a setup scenario for the tenant, or leave kind out to make this an ordinary scenario.',
      });
      return;
    }
  }
  if (kind === 'setup' && scenario.cleanup?.length) {
    report(
      ctx,
      ['cleanup'],
      {
        code: 'REHEARSE_SETUP_CLEANUP',
        message: `Setup scenario "${scenario.name}" has cleanup steps: they would undo the setup before the tenant's scenarios run.`,
        hint: "Move them into the tenant's teardown scenario (kind: teardown), which runs after the tenant's scenarios.",
      },
      { key: true },
    );
  }
  for (const tenant of tenants) owners.set(tenant, at);
}
