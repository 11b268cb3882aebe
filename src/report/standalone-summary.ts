import { BUSINESS_SUMMARY_VERSION, type BusinessSummary } from '../schema/index.js';
import { NO_GATES } from './summary-verdict.js';

/** The run a summary stands for when no `rehearse run` left one to merge a drill or a load into. */
export interface StandaloneRun {
  id: string;
  environment: string;
  targetUrl?: string;
  seed: string;
}

/**
 * A business summary with no test in it, for a drill or a load that found no summary to join: its
 * run is the drill's or the load's (`status` `passed` when it ran to its end, `interrupted` when a
 * signal ended it — what it measured is judged from `drills` and `loads`, not from this). Its
 * verdict is a placeholder: the caller judges it again once the drill or load is in.
 */
export function standaloneSummary(input: {
  run: StandaloneRun;
  startedAt: string;
  durationMs: number;
  interrupted: boolean;
  deployment: Record<string, unknown>;
}): BusinessSummary {
  return {
    schemaVersion: BUSINESS_SUMMARY_VERSION,
    run: {
      ...input.run,
      startedAt: input.startedAt,
      durationMs: input.durationMs,
      status: input.interrupted ? 'interrupted' : 'passed',
    },
    deployment: input.deployment,
    verdict: { result: 'passed', reasons: [], warnings: [], gates: { ...NO_GATES } },
    totals: { tests: 0, passed: 0, failed: 0, flaky: 0, skipped: 0 },
    successRate: null,
    matrix: { workflows: [], tenants: [], cells: [] },
    tests: [],
    latency: [],
    sloBreaches: [],
    faultsInjected: {},
  };
}
