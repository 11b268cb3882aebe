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
 * - a drill merged in (`drills`) fails it when `rehearse drill` exited other than 0 for it: a
 *   threshold or a phase that did not hold (named), the target down before it, an interruption;
 *   a drill that judged no threshold is a warning;
 * - a load merged in (`loads`) does the same by `rehearse load`'s exit code: a threshold or
 *   `--max-shift` that did not hold (named), no iteration ended, an interruption fail it; a merge
 *   with segments missing makes it incomplete; a load that judged no threshold is a warning;
 * - else passed, with warnings for flaky passes and SLO breaches the gates let through.
 * A summary with drills or loads and no test is not "nothing tested": they tested the release.
 * Only `rehearse run` knows that the target went down during the run (exit 3): here that is failed.
 */
export function judgeSummary(
  summary: Pick<BusinessSummary, 'run' | 'totals' | 'tests' | 'sloBreaches'> &
    Pick<Partial<BusinessSummary>, 'drills' | 'loads'>,
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
  for (const drill of summary.drills ?? []) {
    const reason = drillReason(drill);
    if (reason) {
      failed = true;
      reasons.push(reason);
    } else if (!drill.verdicts.length) warnings.push(`drill ${drill.drill} judged no threshold`);
  }
  let incomplete = false;
  for (const load of summary.loads ?? []) {
    const reason = loadReason(load);
    if (load.status === 'incomplete') {
      incomplete = true;
      reasons.push(reason!);
    } else if (reason) {
      failed = true;
      reasons.push(reason);
    } else if (!load.thresholds.length && !load.neighbour?.shifts.length)
      warnings.push(`load ${load.scenario} × ${load.tenant} judged no threshold`);
  }
  const missing = run.missingShards ?? [];
  if (missing.length)
    reasons.push(
      `shard(s) ${missing.join(', ')} of ${run.shards ?? '?'} missing from the merge: their tests were not seen`,
    );
  const nothingRan = totals.tests - totals.skipped === 0 && !summary.drills?.length && !summary.loads?.length;
  if (nothingRan)
    reasons.push(
      totals.tests === 0
        ? 'no test was selected or run'
        : `no test executed: ${totals.skipped} of ${totals.tests} skipped`,
    );
  const result: SummaryVerdict['result'] = failed
    ? 'failed'
    : missing.length || incomplete
      ? 'incomplete'
      : nothingRan
        ? 'nothing-tested'
        : 'passed';
  return { result, reasons: result === 'passed' ? [] : reasons, warnings, gates: { ...gates } };
}

/** Why a drill fails the summary, as `rehearse drill`'s exit code says; undefined when it passed. */
function drillReason(drill: NonNullable<BusinessSummary['drills']>[number]): string | undefined {
  switch (drill.status) {
    case 'passed':
      return undefined;
    case 'target-down':
      return `drill ${drill.drill}: the target had no good transaction in the baseline, no phase ran`;
    case 'interrupted':
      return `drill ${drill.drill} was interrupted before it finished`;
    case 'failed': {
      const failed = drill.verdicts.filter((v) => !v.passed).map((v) => v.threshold);
      return `drill ${drill.drill}: ${failed.length ? `${failed.join(', ')} did not hold` : 'failed'}`;
    }
  }
}

/** Why a load fails (or leaves incomplete) the summary, as `rehearse load`'s exit code says; undefined when it passed. */
function loadReason(load: NonNullable<BusinessSummary['loads']>[number]): string | undefined {
  const name = `load ${load.scenario} × ${load.tenant}`;
  switch (load.status) {
    case 'passed':
      return undefined;
    case 'interrupted':
      return `${name} was interrupted before it finished`;
    case 'incomplete':
      return `${name}: segment(s) ${load.segments.missing.join(', ')} of ${load.segments.count} missing from the merge, so no verdict`;
    case 'nothing-measured':
      return `${name}: no iteration ended, nothing was measured`;
    case 'failed': {
      const failed = [
        ...load.thresholds.filter((v) => !v.passed).map((v) => v.threshold),
        ...(load.neighbour?.shifts ?? [])
          .filter((v) => !v.passed)
          .map((v) => `${load.neighbour!.tenant} ${v.threshold}`),
      ];
      return `${name}: ${failed.length ? `${failed.join(', ')} did not hold` : 'failed'}`;
    }
  }
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
