import { parseDuration } from '../core/duration.js';
import type { Project } from '../loader/project.js';
import type { TenantSlos } from './slo.js';

/** Every tenant profile's `slos:` with durations in ms (`p95: 800ms` → `p95Ms: 800`). */
export function tenantSlos(project: Pick<Project, 'tenants'>): TenantSlos {
  const out: TenantSlos = {};
  for (const [name, { profile }] of project.tenants) {
    if (!profile.slos) continue;
    out[name] = {};
    for (const [action, slo] of Object.entries(profile.slos)) {
      const p95Ms = slo.p95 === undefined ? undefined : parseDuration(slo.p95);
      out[name][action] = {
        ...(p95Ms !== undefined ? { p95Ms } : {}),
        ...(slo.successRate !== undefined ? { successRate: slo.successRate } : {}),
      };
    }
  }
  return out;
}
