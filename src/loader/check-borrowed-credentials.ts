import type { Diagnostic } from '../core/diagnostic.js';
import { borrowedTenants } from './borrowed-tenants.js';
import { checkSelectedEnvironment, type SelectedEnvironmentOptions } from './check-selected-environment.js';
import { tenantsFor } from './matrix.js';
import type { LoadedScenario, LoadedTenant } from './project.js';

/**
 * A run limited to some tenants (`--tenant standard`) still needs the credentials of every
 * tenant a selected scenario acts as (`as: regulated`) in the selected environment: each of
 * their secret references must resolve, or the run stops on load (`REHEARSE_SECRET_MISSING`,
 * at the reference, with a hint naming the scenario that borrows the tenant) — it is never
 * left to a half-run scenario. Without a tenant filter every tenant is checked already.
 */
export function checkBorrowedCredentials(
  scenarios: readonly LoadedScenario[],
  tenants: ReadonlyMap<string, LoadedTenant>,
  environment: SelectedEnvironmentOptions,
): Diagnostic[] {
  const selected = environment.tenants;
  if (!selected?.length) return [];
  const borrowers = new Map<string, string>();
  for (const { scenario } of scenarios) {
    if (!tenantsFor(scenario, tenants).some((t) => selected.includes(t))) continue;
    for (const tenant of borrowedTenants(scenario))
      if (!selected.includes(tenant) && tenants.has(tenant) && !borrowers.has(tenant))
        borrowers.set(tenant, scenario.name);
  }
  if (borrowers.size === 0) return [];
  return checkSelectedEnvironment({ ...environment, tenants: [...borrowers.keys()] })
    .filter((d) => d.code === 'REHEARSE_SECRET_MISSING')
    .map((d) => {
      const tenant = [...borrowers.keys()].find((t) => d.message.includes(`of tenant "${t}"`));
      if (!tenant) return d;
      const why = `Scenario "${borrowers.get(tenant)}" acts as "${tenant}" (as:), so the run needs its credentials.`;
      return { ...d, hint: d.hint ? `${why} ${d.hint}` : why };
    });
}
