import type { TenantProfile } from '../schema/index.js';
import type { CheckContext } from './check-context.js';
import { checkPartnerName, checkProfileName } from './check-virtual.js';

/**
 * A tenant profile's `faults: { partner: profile }` names a virtual partner the run starts
 * and one of its fault profiles (the embedded target applies them for the tenant's id).
 */
export function checkTenantFaults(profile: TenantProfile, ctx: CheckContext): void {
  for (const [partner, name] of Object.entries(profile.faults ?? {})) {
    const profiles = checkPartnerName(partner, ['faults', partner], ctx, { key: true });
    if (profiles) checkProfileName(partner, profiles, name, ['faults', partner], ctx);
  }
}
