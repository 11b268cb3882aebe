import type { BusinessSummary, SummaryVerdict } from '../schema/index.js';

/** The quality gates a run is judged with (`rehearse run --fail-on-slo`, `--fail-on-flaky`). */
export interface QualityGateFlags {
  failOnSlo: boolean;
  failOnFlaky: boolean;
}

/** No gate: flaky passes and SLO breaches are warnings. */
export const NO_GATES: QualityGateFlags = { failOnSlo: false, failOnFlaky: false };

/**
 * What a run came to, from its summary's own facts — the same rules as `rehearse run`'s exit code
 * (src/cli/verdict.ts), so a page never says "passed" where the pipeline went red:
 * - failed: a test failed, timed out or was interrupted; the run did not end `passed` (a global
 *   setup, a reporter or a shard's interruption); an SLO breach with `failOnSlo`; a flaky pass
 *   with `failOnFlaky`;
 * - else incomplete: shards are missing from a merge;
 * - else nothing-tested: no test executed (none selected, every one skipped);
 * - else passed, with warnings for flaky passes and SLO breaches the gates let through.
 * Only `rehearse run` knows that the target went down during the run (exit 3): here that is failed.
 */
export function judgeSummary(
  summary: Pick<BusinessSummary, 'run' | 'totals' | 'tests' | 'sloBreaches'>,
  gates: QualityGateFlags = NO_GATES,
): SummaryVerdict {
  const { totals, run } = summary;
  const reasons: string[] = [];
  const warnings: string[] = [];
  let failed = false;
  if (totals.failed > 0) {
    failed = true;
    reasons.push(`${totals.failed} test(s) failed`);
  }
  if (run.status !== 'passed') {
    failed = true;
    // A failed test already says why a run ended `failed`; an interruption or a timeout is said besides.
    if (run.status !== 'failed' || totals.failed === 0) reasons.push(runStatusReason(run.status));
  }
  if (totals.flaky > 0) {
    const text = `${totals.flaky} test(s) passed only after a retry (flaky)`;
    if (gates.failOnFlaky) {
      failed = true;
      reasons.push(`${text}, and --fail-on-flaky fails the run`);
    } else warnings.push(text);
  }
  if (summary.sloBreaches.length > 0) {
    const text = `${summary.sloBreaches.length} SLO breach(es)`;
    if (gates.failOnSlo) {
      failed = true;
      reasons.push(`${text}, and --fail-on-slo fails the run`);
    } else warnings.push(text);
  }
  const missing = run.missingShards ?? [];
  if (missing.length)
    reasons.push(
      `shard(s) ${missing.join(', ')} of ${run.shards ?? '?'} missing from the merge: their tests were not seen`,
    );
  const nothingRan = totals.tests - totals.skipped === 0;
  if (nothingRan)
    reasons.push(
      totals.tests === 0
        ? 'no test was selected or run'
        : `no test executed: ${totals.skipped} of ${totals.tests} skipped`,
    );
  const result: SummaryVerdict['result'] = failed
    ? 'failed'
    : missing.length
      ? 'incomplete'
      : nothingRan
        ? 'nothing-tested'
        : 'passed';
  return { result, reasons: result === 'passed' ? [] : reasons, warnings, gates: { ...gates } };
}

function runStatusReason(status: string): string {
  switch (status) {
    case 'interrupted':
      return 'the run was interrupted before it finished';
    case 'timedout':
      return 'the run hit its global timeout';
    default:
      return `the run ended ${status} outside the tests (a global setup or teardown, a reporter)`;
  }
}
