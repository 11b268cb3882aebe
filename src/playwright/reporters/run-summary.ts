import type { ScenarioResult, StepResult } from '../../engine/results.js';

export { RESULT_ATTACHMENT, scenarioResultOf } from '../../report/result-attachment.js';

/** What one scenario test came to, as the CLI needs it for its verdict. */
export interface TestSummary {
  title: string;
  /** Tenant profile (the Playwright project). */
  tenant: string;
  /** Playwright's status of the last attempt. */
  status: 'passed' | 'failed' | 'timedOut' | 'skipped' | 'interrupted';
  /** Passed only after a retry (Playwright's `flaky` outcome). */
  flaky?: boolean;
  /** Steps (at any depth) that ran: passed, failed or errored. */
  executedSteps: number;
  /** Error codes of the failing leaf steps (`REHEARSE_CONNECTION_REFUSED`, ...); empty for a failed check. */
  failureCodes: string[];
  /** When the first failing leaf step started (ISO, UTC). */
  failedAt?: string;
  /** Cleanup steps that failed or errored: "title: message". */
  cleanupProblems: string[];
}

/**
 * What the run-summary reporter writes for the CLI (`<outputDir>/.rehearse/run-summary.json`):
 * the test count after every filter (grep, shard, projects) and one entry per test. The CLI
 * turns it into the exit code; see `src/cli/verdict.ts`.
 */
export interface RunSummary {
  /** Tests Playwright selected after --grep, --shard and the project filter. */
  total: number;
  /** Playwright's overall status. */
  status: 'passed' | 'failed' | 'timedout' | 'interrupted';
  tests: TestSummary[];
}

/** Counts steps that ran and collects the codes of failing leaves. */
export function summarizeSteps(result: ScenarioResult | undefined): {
  executedSteps: number;
  failureCodes: string[];
  failedAt?: string;
  cleanupProblems: string[];
} {
  if (!result) return { executedSteps: 0, failureCodes: [], cleanupProblems: [] };
  let executedSteps = 0;
  const failureCodes: string[] = [];
  let failedAt: string | undefined;
  const visit = (steps: readonly StepResult[]) => {
    for (const step of steps) {
      // Folded iterations count as each one and every step it ran; their failures are those of an iteration shown.
      if (step.summary) {
        executedSteps += step.summary.iterations + step.summary.steps.reduce((sum, s) => sum + s.runs, 0);
        continue;
      }
      if (step.status !== 'skipped') executedSteps += 1;
      if (step.children?.length) visit(step.children);
      else if (step.status === 'failed' || step.status === 'errored') {
        failureCodes.push(step.error?.code ?? `check:${step.checks.find((c) => !c.passed)?.matcher ?? 'unknown'}`);
        failedAt ??= step.startedAt;
      }
    }
  };
  visit(result.steps);
  const cleanupProblems = result.cleanup
    .filter((s) => s.status === 'failed' || s.status === 'errored')
    .map((s) => `${s.title}: ${cleanupMessage(s)}`);
  return { executedSteps, failureCodes, ...(failedAt ? { failedAt } : {}), cleanupProblems };
}

function cleanupMessage(step: StepResult): string {
  const leaf = (s: StepResult): StepResult => {
    const failing = s.children?.find((c) => c.status === 'failed' || c.status === 'errored');
    return failing ? leaf(failing) : s;
  };
  const cause = leaf(step);
  const check = cause.checks.find((c) => !c.passed);
  return check?.message ?? cause.error?.message ?? `${cause.title} ${cause.status}`;
}
