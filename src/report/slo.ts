import type { ActionLatency, SloBreach } from '../schema/index.js';

/** A tenant's objectives for one action: p95 in ms, success rate as a ratio (0..1). */
export interface ActionSlo {
  p95Ms?: number;
  successRate?: number;
}

/** Objectives by tenant, then action (from the tenant profiles' `slos:`, durations in ms). */
export type TenantSlos = Record<string, Record<string, ActionSlo>>;

/**
 * Puts each tenant's SLO next to its measured latency and lists the breaches: a p95 above the
 * objective, a success rate below it. Only the API driver is judged: an SLO is the platform's
 * objective for a business call, and a UI driver's action time includes the browser (typing,
 * rendering) — it is reported, not judged. Actions the profile names but the run never did are
 * not breaches (nothing was measured).
 */
export function judgeSlos(
  latency: readonly ActionLatency[],
  slos: TenantSlos,
): { latency: ActionLatency[]; breaches: SloBreach[] } {
  const breaches: SloBreach[] = [];
  const judged = latency.map((entry) => {
    const slo = entry.driver === 'api' ? slos[entry.tenant]?.[entry.action] : undefined;
    if (!slo) return entry;
    const base = { tenant: entry.tenant, action: entry.action, samples: entry.samples };
    if (slo.p95Ms !== undefined && entry.p95Ms > slo.p95Ms)
      breaches.push({ ...base, objective: 'p95', target: slo.p95Ms, actual: entry.p95Ms });
    if (slo.successRate !== undefined && entry.successRate < slo.successRate)
      breaches.push({ ...base, objective: 'successRate', target: slo.successRate, actual: entry.successRate });
    return { ...entry, slo: { ...slo } };
  });
  return { latency: judged, breaches };
}
