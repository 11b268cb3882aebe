import type { CheckOutcome, StepResult } from './results.js';

/** The deepest first failing check or error in a tree of results, and the step (`step`) it is in. */
export function firstProblem(
  results: readonly StepResult[],
): { title: string; message: string; check?: CheckOutcome; step: StepResult } | undefined {
  for (const result of results) {
    if (result.status !== 'failed' && result.status !== 'errored') continue;
    const nested = result.children ? firstProblem(result.children) : undefined;
    if (nested) return nested;
    const check = result.checks.find((c) => !c.passed);
    if (check) return { title: result.title, message: check.message, check, step: result };
    if (result.error)
      return {
        title: result.title,
        message: `${result.error.message}${result.error.hint ? ` ${result.error.hint}` : ''}`,
        step: result,
      };
    return { title: result.title, message: `${result.title} ${result.status}`, step: result };
  }
  return undefined;
}
