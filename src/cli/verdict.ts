import type { RunSummary } from '../playwright/reporters/run-summary.js';
import type { SloBreach } from '../schema/index.js';
import { EXIT } from './exit-codes.js';

/**
 * Error codes of a target that refuses or drops connections (the API driver's
 * `classifyNetworkError`). When these are the only causes of every failure,
 * the target went down during the run: "staging down" (exit 3), not "release broken".
 */
export const TARGET_UNREACHABLE_CODES: ReadonlySet<string> = new Set([
  'REHEARSE_CONNECTION_REFUSED',
  'REHEARSE_CONNECTION_RESET',
  'REHEARSE_CONNECT_TIMEOUT',
]);

export interface VerdictInput {
  /** What the run-summary reporter wrote; undefined when Playwright ended before writing it. */
  summary: RunSummary | undefined;
  /** Playwright's own exit code. */
  playwrightCode: number;
  /** `--shard` as given, e.g. `3/4`. */
  shard?: string;
  /** `--pass-with-no-tests`: a run that tested nothing exits 0 instead of 2. */
  passWithNoTests: boolean;
  /** The project's files differ now from those the CLI validated and selected tests from. */
  projectChanged?: boolean;
}

/** What `--fail-on-slo` and `--fail-on-flaky` judge besides the tests' own outcome. */
export interface QualityGates {
  /** `--fail-on-slo`: an SLO breach fails the run (exit 1). */
  failOnSlo: boolean;
  /** `--fail-on-flaky`: a test that passed only after a retry fails the run (exit 1). */
  failOnFlaky: boolean;
  /** The business summary's breaches; undefined when no summary was written. */
  sloBreaches: readonly SloBreach[] | undefined;
}

export interface Verdict {
  code: number;
  /** Printed on stderr before the reports line; undefined when the test output says it all. */
  message?: string;
}

/**
 * The exit code of `rehearse run` from what Playwright ran. The gate never lies:
 * nothing executed is never 0 (unless `--pass-with-no-tests`), a run whose every
 * failure is the target refusing connections is 3, any other failure is 1.
 */
export function decideVerdict(input: VerdictInput): Verdict {
  const { summary, passWithNoTests } = input;
  const nothing = (message: string): Verdict =>
    passWithNoTests
      ? { code: EXIT.passed, message: `${message} Exit 0 because of --pass-with-no-tests.` }
      : { code: EXIT.invalid, message: `✗ ${message} Nothing was tested, so this is not a pass.` };
  if (!summary) {
    if (input.playwrightCode !== 0 && input.projectChanged)
      return {
        code: EXIT.invalid,
        message: `✗ Playwright ended with code ${input.playwrightCode} before any result was recorded, and the project's files changed while the run was starting: run again once the files are saved.`,
      };
    return input.playwrightCode === 0
      ? { code: EXIT.passed }
      : {
          code: EXIT.failed,
          message: `✗ Playwright ended with code ${input.playwrightCode} before any result was recorded.`,
        };
  }
  if (summary.total === 0) {
    // Playwright loads the files again: an edit after the CLI's check changes what it finds.
    if (input.projectChanged)
      return {
        code: EXIT.invalid,
        message:
          "✗ The project's files changed while the run was starting (after Rehearse checked them), so Playwright did not find the tests Rehearse selected: nothing was tested. Run again once the files are saved.",
      };
    return input.shard
      ? nothing(`Shard ${input.shard} holds no test: the selected tests all fall into other shards.`)
      : nothing('No test was selected (the filters and --grep leave nothing).');
  }
  const failed = summary.tests.filter((t) => t.status === 'failed' || t.status === 'timedOut');
  if (failed.length === 0 && input.playwrightCode === 0) {
    const ran = summary.tests.filter((t) => t.status === 'passed' && t.executedSteps > 0);
    if (ran.length === 0) {
      const skipped = summary.tests.filter((t) => t.status === 'skipped').length;
      return nothing(`No scenario executed a step: ${skipped} of ${summary.total} test(s) were skipped.`);
    }
    return { code: EXIT.passed };
  }
  const unreachable =
    failed.length > 0 &&
    failed.every((t) => t.failureCodes.length > 0 && t.failureCodes.every((c) => TARGET_UNREACHABLE_CODES.has(c)));
  if (unreachable) {
    const at = failed
      .map((t) => t.failedAt)
      .filter((t): t is string => Boolean(t))
      .sort()[0];
    return {
      code: EXIT.targetDown,
      message:
        `✗ The target became unreachable${at ? ` at ${at}` : ''}: every failure (${failed.length} test(s)) is the target refusing or dropping connections, and it fails its health check now.\n` +
        '  This is "staging down", not "release broken": the release was not fully tested. Check the deployment and retry.',
    };
  }
  if (failed.length === 0)
    return {
      code: EXIT.failed,
      message: `✗ No test failed, but Playwright ended with code ${input.playwrightCode}: an error outside the tests (a reporter that threw, a global setup or teardown) — see above. The gate does not pass what it could not finish.`,
    };
  return { code: EXIT.failed };
}

/**
 * A run whose failures are all dropped connections is "staging down" only if
 * the target is down: when it answers its health check after the run, the
 * drops came from particular requests (an endpoint that crashes, a proxy that
 * resets one route) — a defect of the release, exit 1.
 */
export function confirmTargetDown(verdict: Verdict, healthyNow: boolean): Verdict {
  if (verdict.code !== EXIT.targetDown || !healthyNow) return verdict;
  return {
    code: EXIT.failed,
    message:
      '✗ Every failure is the target refusing or dropping a connection, but it answers its health check now: ' +
      'particular requests brought the connection down, which is a defect of the release, not staging being down.',
  };
}

/**
 * The verdict after the quality gates: an SLO breach (`--fail-on-slo`) or a flaky pass
 * (`--fail-on-flaky`) turns a passing run into exit 1 (the release is not good enough), with a
 * message naming each; without the flag each is a warning and the exit code stays. A run that
 * already failed keeps its code and gains the lines. With `--fail-on-slo` and no summary to
 * judge (the summary reporter did not write one), the run fails: an unjudged SLO is not a pass.
 */
export function applyQualityGates(verdict: Verdict, summary: RunSummary | undefined, gates: QualityGates): Verdict {
  if (verdict.code !== EXIT.passed && verdict.code !== EXIT.failed) return verdict;
  const lines: string[] = [];
  let failed = false;
  const flaky = (summary?.tests ?? []).filter((t) => t.flaky);
  if (flaky.length) {
    failed ||= gates.failOnFlaky;
    lines.push(
      `${gates.failOnFlaky ? '✗' : '⚠'} ${flaky.length} test(s) passed only after a retry (flaky)${gates.failOnFlaky ? ', and --fail-on-flaky fails the run' : ''}:`,
      ...flaky.map((t) => `  ${t.title}`),
    );
  }
  if (gates.sloBreaches === undefined) {
    if (gates.failOnSlo) {
      failed = true;
      lines.push('✗ --fail-on-slo: no business summary was written, so the SLOs could not be judged.');
    }
  } else if (gates.sloBreaches.length) {
    failed ||= gates.failOnSlo;
    lines.push(
      `${gates.failOnSlo ? '✗' : '⚠'} ${gates.sloBreaches.length} SLO breach(es)${gates.failOnSlo ? ', and --fail-on-slo fails the run' : ''}:`,
      ...gates.sloBreaches.map((b) =>
        b.objective === 'p95'
          ? `  ${b.tenant} · ${b.action}: p95 ${Math.round(b.actual)} ms > ${Math.round(b.target)} ms (${b.samples} run(s))`
          : `  ${b.tenant} · ${b.action}: success rate ${(b.actual * 100).toFixed(1)} % < ${(b.target * 100).toFixed(1)} % (${b.samples} run(s))`,
      ),
    );
  }
  if (!lines.length) return verdict;
  const message = [verdict.message, ...lines].filter(Boolean).join('\n');
  return { code: failed ? EXIT.failed : verdict.code, message };
}
