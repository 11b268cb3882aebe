import { BUSINESS_SUMMARY_VERSION, type BusinessSummary, type SummaryLoad } from '../schema/index.js';
import { standaloneSummary, type StandaloneRun } from './standalone-summary.js';
import { judgeSummary } from './summary-verdict.js';

/** The run a summary of loads alone stands for, when no `rehearse run` left a summary to merge into. */
export type LoadRun = StandaloneRun;

/** What identifies a load in a summary: a later load of the same scenario × tenant replaces it. */
export function loadKey(load: Pick<SummaryLoad, 'scenario' | 'tenant'>): string {
  return `${load.scenario}|${load.tenant}`;
}

/**
 * The business summary with `load` merged in: into `existing` (a run's summary, or one drills or
 * earlier loads wrote) it replaces the earlier entry of the same scenario × tenant and keeps
 * everything else; without one it is a summary of loads alone (`standaloneSummary`: no tests; its
 * run is the load's, `interrupted` when a signal ended it). Either way the verdict is judged again
 * (`judgeSummary`) with the gates the summary was judged with before, so a load that did not pass
 * fails the summary as it failed its exit code.
 *
 * @example
 * mergeLoadSummary({ load, run: { id, environment: 'sandbox', seed: '7' }, deployment: {} }).verdict.result; // 'passed'
 */
export function mergeLoadSummary(input: {
  existing?: BusinessSummary;
  load: SummaryLoad;
  run: LoadRun;
  deployment: Record<string, unknown>;
}): BusinessSummary {
  const { load } = input;
  const base: BusinessSummary = input.existing
    ? { ...input.existing, schemaVersion: BUSINESS_SUMMARY_VERSION }
    : standaloneSummary({
        run: input.run,
        startedAt: load.startedAt,
        durationMs: load.durationMs,
        interrupted: load.status === 'interrupted',
        deployment: input.deployment,
      });
  const loads = [...(base.loads ?? []).filter((l) => loadKey(l) !== loadKey(load)), load].sort((a, b) =>
    loadKey(a).localeCompare(loadKey(b)),
  );
  const merged: BusinessSummary = { ...base, loads };
  merged.verdict = judgeSummary(merged, merged.verdict.gates);
  return merged;
}
