import type {
  BusinessSummary,
  DrillResults,
  SummaryDrill,
  SummaryDrillTenant,
  TenantFigures,
} from '../schema/index.js';
import { BUSINESS_SUMMARY_VERSION } from '../schema/index.js';
import { standaloneSummary, type StandaloneRun } from './standalone-summary.js';
import { judgeSummary } from './summary-verdict.js';

/**
 * What the business summary keeps of a drill's results (see `SummaryDrill`): per tenant the
 * downtime, RTO, recovery point, record and job counts and each operation's failures and latency
 * shift, and the thresholds' verdicts — not the transactions, records or jobs one by one, which
 * stay in `drill-results.json` (`resultsFile`, as the summary's folder reaches it). Durations ms.
 */
export function drillSummaryOf(results: DrillResults, resultsFile: string): SummaryDrill {
  return {
    drill: results.drill,
    file: results.file,
    environment: results.environment,
    startedAt: results.startedAt,
    durationMs: results.durationMs,
    status: results.status,
    results: resultsFile,
    tenants: results.tenants.map(tenantFigures),
    verdicts: results.verdicts.map((v) => ({ ...v })),
  };
}

function tenantFigures(t: TenantFigures): SummaryDrillTenant {
  const { confirmed, presentSame, lost, changed, duplicated, unreadable, rpoMs } = t.reconciliation;
  const { inFlight, completedOnce, unfinished, gone, unavailable } = t.jobs;
  return {
    tenant: t.tenant,
    transactions: { ...t.transactions },
    downtimeMs: t.downtime.totalMs,
    longestDowntimeMs: t.downtime.longestMs,
    ...(t.rtoMs !== undefined ? { rtoMs: t.rtoMs } : {}),
    ...(rpoMs !== undefined ? { rpoMs } : {}),
    records: { confirmed, presentSame, lost, changed, duplicated, unreadable },
    jobs: {
      inFlight,
      completedOnce,
      unfinished,
      duplicated: t.jobs.duplicated,
      gone,
      ...(unavailable ? { unavailable } : {}),
    },
    operations: t.operations.map((o) => ({
      phase: o.phase,
      name: o.name,
      kind: o.kind,
      transactions: o.transactions,
      failed: o.failed,
      errorRate: o.errorRate,
      latencyShift: { ...o.latencyShift },
      ...(o.rtoMs !== undefined ? { rtoMs: o.rtoMs } : {}),
    })),
  };
}

/** The run a summary of drills alone stands for, when no `rehearse run` left a summary to merge into. */
export type DrillRun = StandaloneRun;

/**
 * The business summary with `drill` merged in: into `existing` (a run's summary, or one earlier
 * drills or loads wrote) it replaces the earlier entry of the same drill and keeps everything else;
 * without one it is a summary of drills alone (`standaloneSummary`: no tests; its run is the
 * drill's, `status` `passed` when the drill ran to its end, `interrupted` when a signal ended it).
 * Either way the verdict is judged again with the drills (`judgeSummary`), with the gates the
 * summary was judged with before.
 */
export function mergeDrillSummary(input: {
  existing?: BusinessSummary;
  drill: SummaryDrill;
  run: DrillRun;
  deployment: Record<string, unknown>;
}): BusinessSummary {
  const { drill } = input;
  const base: BusinessSummary = input.existing
    ? { ...input.existing, schemaVersion: BUSINESS_SUMMARY_VERSION }
    : standaloneSummary({
        run: input.run,
        startedAt: drill.startedAt,
        durationMs: drill.durationMs,
        interrupted: drill.status === 'interrupted',
        deployment: input.deployment,
      });
  const drills = [...(base.drills ?? []).filter((d) => d.drill !== drill.drill), drill].sort((a, b) =>
    a.drill.localeCompare(b.drill),
  );
  const merged: BusinessSummary = { ...base, drills };
  merged.verdict = judgeSummary(merged, merged.verdict.gates);
  return merged;
}
